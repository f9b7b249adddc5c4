using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class CompareBrowserTests(AppServerFixture app)
{
    // One test for the songs comparison: its two word2vec trainings are the slowest step of the browser suite.
    [Fact]
    public async Task The_songs_comparison_shows_summary_changed_keys_and_key_search_and_its_linked_maps_highlight_a_hovered_song_in_both()
    {
        var page = await app.OpenAsync("/compare");
        try
        {
            // The empty page in both themes (light first, then dark: the comparison below runs in dark).
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare before a comparison (light)");
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare before a comparison (dark)");
            await page.FillAsync("[data-testid=compare-k]", "5");
            await page.ClickAsync("[data-testid=compare-ready-songs]");
            // Two word2vec trainings: wait for the job to end (generously: the test machine may be shared), then say why if it failed.
            var panel = page.Locator("[data-testid=compare-setup] [data-testid=job-panel]");
            await page.WaitForSelectorAsync("[data-testid=compare-setup] [data-testid=job-panel]:is([data-state=Succeeded],[data-state=Failed],[data-state=Cancelled])",
                new PageWaitForSelectorOptions { Timeout = 420_000 });
            if (await panel.GetAttributeAsync("data-state") != "Succeeded")
                Assert.Fail("The songs comparison did not succeed: " + await page.Locator("[data-testid=compare-setup]").InnerTextAsync());
            var sharedCount = int.Parse((await page.InnerTextAsync("[data-testid=compare-shared]")).Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(sharedCount > 100, $"the two songs models share {sharedCount} songs");
            Assert.Contains("CBOW", await page.InnerTextAsync("[data-testid=compare-name-a]"));
            Assert.Contains("skip-gram", await page.InnerTextAsync("[data-testid=compare-name-b]"));
            var cka = double.Parse(await page.InnerTextAsync("[data-testid=compare-cka]"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(cka, 0.0, 1.0);
            Assert.Contains("chance", await page.InnerTextAsync("[data-testid=compare-mean-overlap]"));
            Assert.Equal(20, await page.Locator("[data-testid=changed-table] tbody tr").CountAsync());
            await Assertions.Expect(page.Locator("[data-testid=compare-run]")).ToBeEnabledAsync();

            // Search the most changed song: both neighbourhoods, 5 neighbours each.
            var changed = await page.Locator("[data-testid=changed-key]").First.InnerTextAsync();
            await MudPicker.AutocompleteAsync(page, "[data-testid=search-key]", changed, MudPicker.Exactly(changed), "[data-testid=search-in-a] tbody tr");
            Assert.Equal(5, await page.Locator("[data-testid=search-in-a] tbody tr").CountAsync());
            Assert.Equal(5, await page.Locator("[data-testid=search-in-b] tbody tr").CountAsync());

            // Both maps drawn (compare-plot.js sets data-points when plotly has drawn them).
            await page.WaitForSelectorAsync("#compare-map-a[data-points]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            await page.WaitForSelectorAsync("#compare-map-b[data-points]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var shared = await page.InnerTextAsync("[data-testid=compare-shared]");
            Assert.Equal(shared.Replace(",", ""), await page.GetAttributeAsync("#compare-map-a", "data-points"));
            Assert.Contains("Procrustes", await page.InnerTextAsync("[data-testid=maps-alignment]"));

            // Hover a well-separated song in A's map: the same key is ringed in B's map.
            await page.Locator("#compare-map-a").ScrollIntoViewIfNeededAsync();
            // A song well separated in both maps: it is hovered in A's, then in B's (isolated in A alone, it may sit on another song in B).
            int row = await page.EvaluateAsync<int>("() => window.embeddingLabCompare.isolatedRowInBoth('compare-map-a', 'compare-map-b')");
            var key = await page.EvaluateAsync<string>($"() => window.embeddingLabCompare.key('compare-map-a', {row})");
            await HoverAsync(page, "compare-map-a", row, key);
            await Assertions.Expect(page.Locator("#compare-map-b")).ToHaveAttributeAsync("data-hover-key", key, new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#compare-map-a")).ToHaveAttributeAsync("data-hover-key", key);
            // B's ring trace holds exactly that key as its label.
            var ringInB = await page.EvaluateAsync<string[]>("() => Array.from(document.getElementById('compare-map-b').data[1].text)");
            Assert.Single(ringInB);
            Assert.Contains(key, await page.InnerTextAsync("[data-testid=maps-status]"));

            // The other way round: hover the same song in B's map, A lights up; then click it to pin it in both.
            var inB = await HoverAsync(page, "compare-map-b", row, key);
            await Assertions.Expect(page.Locator("#compare-map-a")).ToHaveAttributeAsync("data-hover-key", key, new() { Timeout = 10_000 });
            await page.Mouse.ClickAsync(inB.X, inB.Y);
            await Assertions.Expect(page.Locator("#compare-map-a")).ToHaveAttributeAsync("data-selected-key", key, new() { Timeout = 10_000 });
            // The click shows the song's two neighbourhoods.
            await page.WaitForSelectorAsync("[data-testid=search-in-a] tbody tr", new PageWaitForSelectorOptions { Timeout = 30_000 });

            // Linked selection: a box drawn around the song in A's map (plotly's Box Select tool) selects the same keys in B's.
            var inA = await SettledPixelAsync(page, "compare-map-a", row);
            await page.Mouse.MoveAsync(inA.X, inA.Y);
            await page.ClickAsync("#compare-map-a .modebar-btn[data-attr=dragmode][data-val=select]");
            await page.Mouse.MoveAsync(inA.X - 40, inA.Y - 40);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(inA.X + 40, inA.Y + 40, new() { Steps = 6 });
            await page.Mouse.UpAsync();
            await Assertions.Expect(page.Locator("#compare-map-a")).Not.ToHaveAttributeAsync("data-selected-count", "0", new() { Timeout = 10_000 });
            var selectedInA = await page.GetAttributeAsync("#compare-map-a", "data-selected-count");
            await Assertions.Expect(page.Locator("#compare-map-b")).ToHaveAttributeAsync("data-selected-count", selectedInA!);
            var selectedRowsInB = await page.EvaluateAsync<int[]>("() => Array.from(document.getElementById('compare-map-b').data[0].selectedpoints ?? [])");
            Assert.Contains(row, selectedRowsInB);
            Assert.Equal(int.Parse(selectedInA!, System.Globalization.CultureInfo.InvariantCulture), selectedRowsInB.Length);

            await page.Mouse.MoveAsync(5, 5);
            await page.Locator("[data-testid=compare-maps]").ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "compare-maps-dark.png") });
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare with maps (dark)");
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to dark theme");
            await page.WaitForTimeoutAsync(500); // the maps' axes and labels follow the theme after the re-render
            await page.Locator("[data-testid=compare-maps]").ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "compare-maps-light.png") });
            await AxeAssert.NoSeriousViolationsAsync(page, "Compare with maps (light)");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally { await page.Context.CloseAsync(); }
    }

    /// <summary>
    /// Moves the mouse onto a row's marker once the map's layout has settled (the same pixel twice in a row: a late
    /// re-render above the maps or plotly's responsive resize moves the markers after they are first drawn), and moves
    /// again from outside if the hover landed on another key (the pixel was read just before such a move). The caller
    /// still asserts what both maps show.
    /// </summary>
    private static async Task<PointXY> HoverAsync(IPage page, string mapId, int row, string key)
    {
        PointXY at = new();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            at = await SettledPixelAsync(page, mapId, row);
            await page.Mouse.MoveAsync(5, 5);
            await page.Mouse.MoveAsync(at.X, at.Y, new() { Steps = 3 });
            try
            {
                await Assertions.Expect(page.Locator("#" + mapId)).ToHaveAttributeAsync("data-hover-key", key, new() { Timeout = 3_000 });
                return at;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
        return at;
    }

    private static async Task<PointXY> SettledPixelAsync(IPage page, string mapId, int row)
    {
        var last = await page.EvaluateAsync<PointXY>($"() => window.embeddingLabCompare.pixelOf('{mapId}', {row})");
        for (var i = 0; i < 20; i++)
        {
            await page.WaitForTimeoutAsync(250);
            var now = await page.EvaluateAsync<PointXY>($"() => window.embeddingLabCompare.pixelOf('{mapId}', {row})");
            if (Math.Abs(now.X - last.X) < 0.5f && Math.Abs(now.Y - last.Y) < 0.5f) return now;
            last = now;
        }
        return last;
    }

    private sealed class PointXY
    {
        public float X { get; set; }
        public float Y { get; set; }
    }
}
