using Deque.AxeCore.Playwright;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Sentences;

[Collection(BrowserCollection.Name)]
public class SentencesBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task Semantic_search_on_the_demo_finds_the_topic_and_sends_to_the_projector()
    {
        var page = await app.OpenAsync("/sentences");
        try
        {
            await page.FillAsync("[data-testid=search-query]", "the goalkeeper and the striker in the stadium");
            await page.ClickAsync("[data-testid=search]");
            var first = page.Locator("[data-testid=search-result]").First;
            await first.WaitForAsync();
            Assert.Equal("football", await first.GetAttributeAsync("data-label"));

            await page.FillAsync("[data-testid=search-query]", "planets and stars seen through a telescope");
            await page.ClickAsync("[data-testid=search]");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=search-result]')?.dataset.label === 'astronomy'");

            await page.ClickAsync("[data-testid=send-to-projector]");
            await page.WaitForFunctionAsync("() => location.pathname === '/projector'");
            await page.WaitForSelectorAsync("h1:has-text('Projector')");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            // Back on Sentences (in-app navigation, same session): the query and its results are still there.
            await page.ClickAsync("a.mud-nav-link[href='sentences']");
            await page.WaitForSelectorAsync("h1:has-text('Sentences')");
            Assert.Equal("planets and stars seen through a telescope", await page.InputValueAsync("[data-testid=search-query]"));
            Assert.Equal("astronomy", await page.Locator("[data-testid=search-result]").First.GetAttributeAsync("data-label"));
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task The_heatmap_is_drawn_by_plotly_and_its_hover_names_both_sentences()
    {
        var page = await app.OpenAsync("/sentences");
        try
        {
            var heatmap = page.Locator("[data-testid=heatmap] .js-plotly-plot");
            await heatmap.WaitForAsync();
            await page.Locator("[data-testid=heatmap] .heatmaplayer image").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // Hover the cell in row 15, column 16: the label names both sentences (the last music and the first weather one).
            await page.EvalOnSelectorAsync("[data-testid=heatmap]", "e => e.scrollIntoView({ block: 'center' })");
            var box = (await page.Locator("[data-testid=heatmap] .nsewdrag").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width * 15.5f / 30, box.Y + box.Height * 14.5f / 30);
            var hover = page.Locator("[data-testid=heatmap] .hoverlayer .hovertext");
            await hover.WaitForAsync();
            var text = await hover.TextContentAsync();
            Assert.Contains("#15 [music]: ", text);
            Assert.Contains("#16 [weather]: ", text);
            Assert.Contains("cosine", text);
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task A_binary_upload_is_refused_with_the_users_file_name_and_the_page_keeps_its_sentences()
    {
        var page = await app.OpenAsync("/sentences");
        var file = Path.Combine(Path.GetTempPath(), $"el-rand-{Guid.NewGuid():N}.bin");
        try
        {
            var bytes = new byte[5000];
            new Random(5).NextBytes(bytes);
            await File.WriteAllBytesAsync(file, bytes);
            var header = await page.TextContentAsync("[data-testid=sentence-source]");
            await page.SetInputFilesAsync("[data-testid=sentence-file]", new FilePayload { Name = "rand5m.bin", MimeType = "application/octet-stream", Buffer = bytes });
            var error = page.Locator("[data-testid=sentences-error]");
            await error.WaitForAsync();
            Assert.StartsWith("rand5m.bin is not", (await error.TextContentAsync())!.Trim());
            Assert.Equal(header, await page.TextContentAsync("[data-testid=sentence-source]"));
            Assert.Contains("Encoded with tfidf: 300 ×", await page.TextContentAsync("[data-testid=encoded-summary]"));
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    // One set-up (demo pairs, a search, the heatmap), checked in light and then, after the theme toggle, in dark.
    [Fact]
    public async Task The_page_has_no_serious_or_critical_accessibility_violations_in_light_and_dark()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = "light", Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/sentences");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.ClickAsync("[data-testid=demo-pairs]");
            await page.Locator("[data-testid=sts-scatter] .js-plotly-plot").WaitForAsync();
            await page.FillAsync("[data-testid=search-query]", "telescope");
            await page.ClickAsync("[data-testid=search]");
            await page.Locator("[data-testid=search-result]").First.WaitForAsync();
            await page.Locator("[data-testid=heatmap] .js-plotly-plot").WaitForAsync();
            await CheckAsync(page, "light");

            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
            await page.WaitForTimeoutAsync(500); // the plots follow the theme after the re-render
            await page.Locator("[data-testid=heatmap] .js-plotly-plot").WaitForAsync();
            await page.Locator("[data-testid=search-result]").First.WaitForAsync();
            await CheckAsync(page, "dark");
        }
        finally { await page.Context.CloseAsync(); }
    }

    private static async Task CheckAsync(IPage page, string theme)
    {
        if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            // The whole page in one viewport, so the fixed app bar stays at the top of the picture.
            int height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            await page.SetViewportSizeAsync(1400, height);
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"sentences-{theme}.png") });
            await page.SetViewportSizeAsync(1400, 1000);
        }

        // The page's own content (the layout's app bar and drawer are checked with the shell).
        var result = await page.Locator("#main").RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}").ToList();
        Assert.True(bad.Count == 0, $"{theme}: " + string.Join("\n", bad));
    }
}
