using System.Globalization;
using System.Text;
using EmbeddingLab.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Projection;

[Collection(BrowserCollection.Name)]
public class ProjectorBrowserTests(AppServerFixture app)
{
    private static async Task<(float X, float Y)> PixelOf(IPage page, int row)
    {
        var p = await page.EvaluateAsync<float[]>($"() => {{ const p = window.embeddingLabPlot.pixelOf('projector-plot', {row}); return [p.x, p.y]; }}");
        return (p[0], p[1]);
    }

    private static async Task<string> HoverText(IPage page, int row)
    {
        var (x, y) = await PixelOf(page, row);
        await page.Mouse.MoveAsync(x - 30, y - 30);
        await page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 3 });
        var hover = page.Locator(".hoverlayer .hovertext").First;
        await hover.WaitForAsync();
        return await hover.TextContentAsync() ?? "";
    }

    [Fact]
    public async Task Projects_a_set_hovers_and_clicks_a_point_and_shows_escaped_neighbours()
    {
        var page = await app.OpenAsync("/projector");
        var dialogs = new List<string>();
        page.Dialog += (_, d) => { dialogs.Add(d.Message); _ = d.DismissAsync(); };
        var scriptErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") scriptErrors.Add(m.Text); };
        page.PageError += (_, e) => scriptErrors.Add(e);
        var file = Path.Combine(Path.GetTempPath(), $"projector-e2e-{Guid.NewGuid():N}.txt");
        try
        {
            // 1. The demo set the workspace starts with: PCA, quality shown, hover and click a point.
            // The state chooses the first workspace set: Project enables once it is there.
            await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForSelectorAsync("#projector-plot[data-points]", new() { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync("[data-testid=trustworthiness]");
            double trust = double.Parse(await page.TextContentAsync("[data-testid=trustworthiness]") ?? "", CultureInfo.InvariantCulture);
            Assert.InRange(trust, 0.5, 1.0);

            int row = await page.EvaluateAsync<int>("() => window.embeddingLabPlot.isolatedRow('projector-plot')");
            var hover = await HoverText(page, row);
            Assert.False(string.IsNullOrWhiteSpace(hover));
            var (x, y) = await PixelOf(page, row);
            await page.Mouse.ClickAsync(x, y);
            var panel = page.Locator("[data-testid=neighbor-panel]");
            await panel.WaitForAsync();
            var key = await panel.GetAttributeAsync("data-key");
            Assert.Contains(key!, hover);
            Assert.Equal(10, await page.Locator("[data-testid=neighbor]").CountAsync());

            // Clicking a neighbour moves the panel to it.
            var neighbour = page.Locator("[data-testid=neighbor]").First;
            var neighbourKey = await neighbour.GetAttributeAsync("data-key");
            await neighbour.Locator("button").ClickAsync();
            await page.WaitForFunctionAsync($"k => document.querySelector('[data-testid=neighbor-panel]')?.dataset.key === k", neighbourKey);

            // Box selection over the whole plot area lists every point (once the job's snackbar, which may cover the
            // plot's corner, has gone).
            await Snackbars.DismissAsync(page);
            await page.EvaluateAsync("() => Plotly.relayout('projector-plot', { dragmode: 'select' })");
            var area = await page.Locator("#projector-plot .nsewdrag").First.BoundingBoxAsync();
            await page.Mouse.MoveAsync(area!.X + 2, area.Y + 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(area.X + area.Width - 2, area.Y + area.Height - 2, new MouseMoveOptions { Steps = 8 });
            await page.Mouse.UpAsync();
            var points = await page.GetAttributeAsync("#projector-plot", "data-points");
            await page.WaitForFunctionAsync("n => document.querySelector('[data-testid=selection-count]')?.textContent.replace(/,/g, '') === n", points);
            await page.EvaluateAsync("() => Plotly.relayout('projector-plot', { dragmode: 'pan' })");

            // The search box highlights matching labels.
            await page.FillAsync("[data-testid=plot-search]", neighbourKey!.Length > 12 ? neighbourKey[..12] : neighbourKey);
            await page.ClickAsync("[data-testid=plot-search-go]");
            await page.WaitForSelectorAsync("[data-testid=search-note]:has-text('highlighted')");

            // 2. Open a word2vec file whose key is markup: it is shown as text, never run.
            const string evil = "<script>alert(1)</script>";
            var sb = new StringBuilder("40 5\n");
            var random = new Random(1);
            for (int i = 0; i < 40; i++)
            {
                sb.Append(i == 39 ? evil : $"w{i}");
                int cluster = i % 2;
                double offset = i == 39 ? 12 : cluster * 4; // the markup key sits apart, so hovering it is unambiguous
                for (int j = 0; j < 5; j++) sb.Append(' ').Append((offset + (i == 39 && j > 0 ? -offset : 0) + random.NextDouble()).ToString("F4", CultureInfo.InvariantCulture));
                sb.Append('\n');
            }
            await File.WriteAllTextAsync(file, sb.ToString());
            await page.SetInputFilesAsync("[data-testid=projector-upload]", file);
            await page.WaitForSelectorAsync("[data-testid=project]:has-text('Project 40 vectors')");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForFunctionAsync("() => document.querySelector('#projector-plot')?.dataset.points === '40'");
            var evilHover = await HoverText(page, 39);
            Assert.Contains(evil, evilHover);
            (x, y) = await PixelOf(page, 39);
            await page.Mouse.ClickAsync(x, y);
            await page.WaitForFunctionAsync("k => document.querySelector('[data-testid=neighbor-panel]')?.dataset.key === k", evil);
            Assert.Equal(evil, await page.TextContentAsync("[data-testid=neighbor-title]"));
            Assert.Equal(0, await page.Locator("script:text('alert(1)')").CountAsync());

            // 3. t-SNE on the same set runs as a job and reports its quality.
            await page.ClickAsync("[data-testid=method-tsne]");
            await page.FillAsync("[data-testid=perplexity]", "5");
            await page.FillAsync("[data-testid=iterations]", "300");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForSelectorAsync("[data-testid=job-panel][data-state=Succeeded]");
            await page.WaitForSelectorAsync("[data-testid=projection-quality]:has-text('t-SNE')");

            // 4. 3-D (scatter3d) draws too.
            await page.ClickAsync("[data-testid=method-pca]");
            await page.ClickAsync("[data-testid=dims-3]");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForFunctionAsync("() => document.querySelector('#projector-plot')?.dataset.dims === '3'");
            await page.WaitForSelectorAsync("[data-testid=projection-quality]:has-text('3-D')");
            Assert.Empty(dialogs);
            Assert.Empty(scriptErrors);
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
            if (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT") is { Length: > 0 } shot)
                await page.ScreenshotAsync(new() { Path = shot });
        }
        catch when (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT") is { Length: > 0 } failShot)
        {
            await page.ScreenshotAsync(new() { Path = failShot + ".failed.png" });
            throw;
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Titles_with_quotes_ampersands_and_markup_show_exactly_as_written_in_hover_and_legend()
    {
        var page = await app.OpenAsync("/projector");
        try
        {
            const string title = "Say \"Hello\" & Don't Stop";
            const string markup = "<img src=x onerror=alert(1)>";
            // plot.js is what turns labels into plotly's HTML-like text: draw three points through it, coloured by title.
            var shown = await page.EvaluateAsync<string[]>(@"async ([title, markup]) => {
                const m = await import('/js/plot.js');
                const div = document.createElement('div');
                div.id = 'escape-test';
                div.style.cssText = 'position: fixed; left: 80px; top: 120px; width: 600px; height: 400px; z-index: 5000; background: white';
                document.body.prepend(div);
                const coords = new Uint8Array(new Float32Array([0, 0, 5, 5, 10, 0]).buffer);
                const codes = new Uint8Array(new Int32Array([0, 1, 0]).buffer);
                await m.render('escape-test', null, { dims: 2, coords, labels: [title, markup, 'c'],
                    hover: [title + '\n' + markup, 'b', 'c'], arrows: [], highlight: [0],
                    color: { kind: 'category', name: 'title', codes, categories: [title, markup] } });
                return [...div.querySelectorAll('.legendtext')].map(t => t.textContent)
                    .concat([...div.querySelectorAll('.textpoint text, .scatterlayer text')].map(t => t.textContent));
            }", new[] { title, markup });
            Assert.Contains(title, shown);
            Assert.Contains(markup, shown);
            Assert.DoesNotContain(shown, s => s.Contains("&quot;") || s.Contains("&#39;") || s.Contains("&amp;"));

            var p = await page.EvaluateAsync<float[]>("() => { const p = window.embeddingLabPlot.pixelOf('escape-test', 0); return [p.x, p.y]; }");
            await page.Mouse.MoveAsync(p[0] - 30, p[1] - 30);
            await page.Mouse.MoveAsync(p[0], p[1], new MouseMoveOptions { Steps = 3 });
            var hover = page.Locator("#escape-test .hoverlayer .hovertext").First;
            await hover.WaitForAsync();
            var text = await hover.TextContentAsync() ?? "";
            Assert.Contains(title, text);
            Assert.Contains(markup, text);
            Assert.Equal(0, await page.Locator("#escape-test img").CountAsync());
        }
        finally { await page.Context.CloseAsync(); }
    }

    private static async Task AssertNoSeriousViolations(IPage page, string what)
    {
        // A snackbar fading in is half transparent, and axe measures its blended contrast: check it once it is opaque.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(s => getComputedStyle(s).opacity === '1')");
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }

    // One flow for the projection that outlives a page change and the accessibility check of the projector with a
    // projection and a neighbour panel, in light and dark (they shared one set-up).
    [Fact]
    public async Task The_projection_is_still_there_after_navigating_away_and_back_and_is_axe_clean_in_light_and_dark()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = "light", Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/projector");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForSelectorAsync("[data-testid=explained-variance-chart] .main-svg", new() { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync("#projector-plot[data-points]", new() { State = WaitForSelectorState.Attached });
            var points = await page.GetAttributeAsync("#projector-plot", "data-points");
            await page.ClickAsync("nav >> text=Words");
            await page.Locator("h1", new() { HasTextString = "Words" }).WaitForAsync();
            await page.ClickAsync("nav >> text=Projector");
            await page.Locator("h1", new() { HasTextString = "Projector" }).WaitForAsync();
            // Drawn again from the session's state, without pressing Project.
            await page.WaitForFunctionAsync("n => document.querySelector('#projector-plot')?.dataset.points === n", points);
            await page.WaitForSelectorAsync("[data-testid=trustworthiness]");

            // Accessibility with the projection and a neighbour panel open, light then dark.
            int row = await page.EvaluateAsync<int>("() => window.embeddingLabPlot.isolatedRow('projector-plot')");
            var (x, y) = await PixelOf(page, row);
            await page.Mouse.ClickAsync(x, y);
            await page.Locator("[data-testid=neighbor-panel]").WaitForAsync();
            await page.Mouse.MoveAsync(5, 5);
            Assert.Equal("el-light", await page.GetAttributeAsync("body", "class"));
            await AssertNoSeriousViolations(page, "Projector (light)");
            await ScreenshotIfAsked(page, "light");
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
            await page.Locator("[data-testid=neighbor-panel]").WaitForAsync();
            await page.WaitForTimeoutAsync(500); // the plots' axes and labels follow the theme after the re-render
            await AssertNoSeriousViolations(page, "Projector (dark)");
            await ScreenshotIfAsked(page, "dark");
        }
        finally { await page.Context.CloseAsync(); }
    }

    private static async Task ScreenshotIfAsked(IPage page, string theme)
    {
        if (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT_DIR") is { Length: > 0 } dir)
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"projector-{theme}.png"), FullPage = true });
    }
}
