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
            await page.WaitForSelectorAsync("[data-testid=job-panel][data-state=Succeeded]", new PageWaitForSelectorOptions { Timeout = 180_000 });
            Assert.Contains("trained on demo", await page.InnerTextAsync("[data-testid=model-name]"));
            Assert.Contains("words/s", await page.InnerTextAsync("[data-testid=train-note]"));

            // The demo catalogue is deterministic: search for the first song's artist and pick a match.
            var song = DemoPlaylists.Generate().Catalog.Find(0)!;
            await page.FillAsync("[data-testid=song-search]", song.Artist);
            await page.ClickAsync("[data-testid=song-matches] button >> nth=0");
            var rows = page.Locator("[data-testid=recommendations] tbody tr");
            await rows.First.WaitForAsync();
            Assert.Equal(10, await rows.CountAsync());
            var score = await rows.First.Locator("td").Nth(3).InnerTextAsync();
            Assert.InRange(double.Parse(score, System.Globalization.CultureInfo.InvariantCulture), -1.0, 1.0);
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
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
        }
        finally { await page.Context.CloseAsync(); }
    }
}
