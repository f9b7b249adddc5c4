using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class CompareBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task The_ready_made_songs_comparison_shows_the_summary_changed_keys_and_a_key_search()
    {
        var page = await app.OpenAsync("/compare");
        try
        {
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare before a comparison");
            await page.FillAsync("[data-testid=compare-k]", "5");
            await page.ClickAsync("[data-testid=compare-ready-songs]");
            await page.WaitForSelectorAsync("[data-testid=job-panel][data-state=Succeeded]", new PageWaitForSelectorOptions { Timeout = 180_000 });
            var shared = int.Parse((await page.InnerTextAsync("[data-testid=compare-shared]")).Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(shared > 100, $"the two songs models share {shared} songs");
            Assert.Contains("CBOW", await page.InnerTextAsync("[data-testid=compare-name-a]"));
            Assert.Contains("skip-gram", await page.InnerTextAsync("[data-testid=compare-name-b]"));
            var cka = double.Parse(await page.InnerTextAsync("[data-testid=compare-cka]"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(cka, 0.0, 1.0);
            Assert.Contains("chance", await page.InnerTextAsync("[data-testid=compare-mean-overlap]"));
            Assert.Equal(20, await page.Locator("[data-testid=changed-table] tbody tr").CountAsync());
            await Assertions.Expect(page.Locator("[data-testid=compare-run]")).ToBeEnabledAsync();

            // Search the most changed song: both neighbourhoods, 5 neighbours each.
            var key = await page.Locator("[data-testid=changed-key]").First.InnerTextAsync();
            await page.FillAsync("[data-testid=search-key]", key);
            // Wait for the filtered list (it holds the typed key) before clicking, so the click lands on a settled item.
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = key }).First.ClickAsync();
            await page.WaitForSelectorAsync("[data-testid=search-in-a] tbody tr", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Equal(5, await page.Locator("[data-testid=search-in-a] tbody tr").CountAsync());
            Assert.Equal(5, await page.Locator("[data-testid=search-in-b] tbody tr").CountAsync());
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare with a result");
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Compare_page_has_no_serious_accessibility_violations(string theme)
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/compare");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await AxeAssert.NoSeriousViolationsAsync(page, $"/compare ({theme})");
        }
        finally { await page.Context.CloseAsync(); }
    }
}
