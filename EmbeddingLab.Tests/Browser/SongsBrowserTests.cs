using EmbeddingLab.Core.Data;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SongsBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task Trains_on_the_demo_playlists_and_recommends_songs()
    {
        var page = await app.OpenAsync("/songs");
        try
        {
            await page.FillAsync("[data-testid=p-epochs]", "2");
            await page.ClickAsync("[data-testid=train]");
            // The loss curve is drawn while training runs, before the job ends.
            await page.WaitForSelectorAsync("[data-testid=loss-chart] .main-svg", new PageWaitForSelectorOptions { Timeout = 180_000 });
            await page.WaitForSelectorAsync("[data-testid=job-panel][data-state=Succeeded]", new PageWaitForSelectorOptions { Timeout = 180_000 });
            Assert.Contains("trained on demo", await page.InnerTextAsync("[data-testid=model-name]"));
            Assert.Contains("words/s", await page.InnerTextAsync("[data-testid=train-note]"));
            // The finished job re-renders the page: Train is enabled again without any other event.
            await Assertions.Expect(page.Locator("[data-testid=train]")).ToBeEnabledAsync();

            // The demo catalogue is deterministic: search for the first song's artist and pick a match.
            var song = DemoPlaylists.Generate().Catalog.Find(0)!;
            await page.FillAsync("[data-testid=song-search]", song.Artist);
            await page.ClickAsync("[data-testid=song-match] >> nth=0");
            var rows = page.Locator("[data-testid=recommendations] tbody tr");
            await rows.First.WaitForAsync();
            Assert.Equal(10, await rows.CountAsync());
            var score = await rows.First.Locator("td").Nth(3).InnerTextAsync();
            Assert.InRange(double.Parse(score, System.Globalization.CultureInfo.InvariantCulture), -1.0, 1.0);
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
            await AxeAssert.NoSeriousViolationsAsync(page, "Songs after training");
            // README's Songs screenshot (docs/screenshots/songs-light.png): EL_SCREENSHOTS=folder writes it there.
            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } shots)
            {
                // A viewport as tall as the page rather than FullPage: the drawer is viewport-high and would stop midway.
                var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                await page.SetViewportSizeAsync(1400, height);
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "songs-light.png") });
                await page.SetViewportSizeAsync(1400, 1000);
            }
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task Invalid_parameters_get_a_clear_message()
    {
        var page = await app.OpenAsync("/songs");
        try
        {
            await page.FillAsync("[data-testid=p-window]", "0");
            await page.ClickAsync("[data-testid=train]");
            var error = await page.WaitForSelectorAsync("[data-testid=songs-error]");
            Assert.Contains("window", await error!.InnerTextAsync());
            await AxeAssert.NoSeriousViolationsAsync(page, "Songs with an error message");
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task A_bad_download_address_is_answered_in_the_job_panel()
    {
        var page = await app.OpenAsync("/songs");
        try
        {
            await page.ClickAsync("[data-testid=source-download]");
            await page.FillAsync("[data-testid=download-url]", "ftp://example.org/dataset.tar.gz");
            await page.ClickAsync("[data-testid=download]");
            var error = await page.WaitForSelectorAsync("[data-testid=job-panel][data-state=Failed] [data-testid=job-error]");
            Assert.Contains("http", await error!.InnerTextAsync());
            await Assertions.Expect(page.Locator("[data-testid=download]")).ToBeEnabledAsync();
        }
        finally { await page.Context.CloseAsync(); }
    }

    // One page for both paths and both themes: the theme toggle (which also sets the cookie) is cheaper than a new
    // page per case, and the second path opens in the theme the cookie now holds.
    [Fact]
    public async Task Songs_and_words_pages_have_no_serious_accessibility_violations_in_light_and_dark()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = "light", Url = app.BaseUrl }]);
            var theme = "light";
            foreach (var path in new[] { "/songs", "/words" })
            {
                await page.GotoAsync(app.BaseUrl + path);
                await AppServerFixture.WaitForInteractiveAsync(page);
                Assert.Equal(theme == "dark" ? "el-dark" : "el-light", await page.GetAttributeAsync("body", "class"));
                await AxeAssert.NoSeriousViolationsAsync(page, $"{path} ({theme})");
                theme = theme == "dark" ? "light" : "dark";
                await page.ClickAsync("[data-testid=theme-toggle]");
                await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", theme == "dark" ? "el-dark" : "el-light");
                await page.WaitForTimeoutAsync(300); // MudBlazor's palette swap ends after the body class
                await AxeAssert.NoSeriousViolationsAsync(page, $"{path} ({theme})");
            }
        }
        finally { await page.Context.CloseAsync(); }
    }
}
