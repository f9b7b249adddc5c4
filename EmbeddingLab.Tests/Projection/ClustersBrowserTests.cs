using EmbeddingLab.Tests.Browser;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Projection;

/// <summary>The projector's clusters in Chromium: cluster the demo songs, names on the map, a name selects its cluster.</summary>
[Collection(BrowserCollection.Name)]
public class ClustersBrowserTests(AppServerFixture app)
{
    // Jobs on the shared CI machine can take a while (a PCA of the songs took 15 s under load).
    private const float Slow = 180_000;

    private sealed record Label(int Id, float X, float Y);

    private static string? Shots => Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT") is { Length: > 0 } s ? Path.GetDirectoryName(Path.GetFullPath(s)) : null;

    // Cluster names shown on the map now: id and the page position of each (flattened: id, x, y, id, x, y, …).
    private static async Task<Label[]> ShownLabels(IPage page)
    {
        var flat = await page.EvaluateAsync<float[]>("() => window.embeddingLabClusters.shownLabels('projector-plot').flatMap(l => [l.id, l.x, l.y])");
        return Enumerable.Range(0, flat.Length / 3).Select(i => new Label((int)flat[i * 3], flat[i * 3 + 1], flat[i * 3 + 2])).ToArray();
    }

    // The overlay has chosen the names for the view on screen (it replaced the 'stale' marker the test set before
    // zooming), says how many it shows, and each one shown lies inside the plot area.
    private const string LabelsChosenForThisView = """
        () => {
            const e = document.getElementById('projector-plot'), n = e?.dataset.clusterLabels;
            if (!n || n === 'stale') return false;
            const box = e.getBoundingClientRect(), size = e._fullLayout._size;
            const shown = window.embeddingLabClusters.shownLabels('projector-plot');
            return shown.length === Number(n) && shown.every(l => l.x >= box.left + size.l - 1 && l.x <= box.left + size.l + size.w + 1
                && l.y >= box.top + size.t - 1 && l.y <= box.top + size.t + size.h + 1);
        }
        """;

    // The demo songs (built at start-up; wait until the workspace lists them).
    private static async Task ChooseSongs(IPage page)
    {
        // Wait on /health until the songs are built (no menu opened and closed meanwhile), then pick them.
        await page.WaitForFunctionAsync("async () => (await (await fetch('/health')).json()).demos_ready.includes('Songs (demo)')",
            null, new() { Timeout = Slow, PollingInterval = 1000 });
        await MudPicker.SelectAsync(page, "[data-testid=projector-set]", "Songs (demo)",
            "() => { const e = document.querySelector('[data-testid=projector-set]'); const c = e?.closest('.mud-input-control') ?? e; return [...(c?.querySelectorAll('input') ?? [])].some(i => i.value.includes('Songs')) || (c?.innerText ?? '').includes('Songs'); }");
    }

    [Fact]
    public async Task Clusters_the_demo_songs_draws_their_names_and_a_name_selects_its_cluster()
    {
        var page = await app.OpenAsync("/projector");
        IPage? second = null;
        var scriptErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") scriptErrors.Add(m.Text); };
        page.PageError += (_, e) => scriptErrors.Add(e);
        try
        {
            // The demo songs (built at start-up; wait until the workspace lists them).
            await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
            await ChooseSongs(page);
            await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForSelectorAsync("#projector-plot[data-points]", new() { State = WaitForSelectorState.Attached, Timeout = Slow });
            int points = int.Parse((await page.GetAttributeAsync("#projector-plot", "data-points"))!);

            // k-means with k = 6 on the song vectors, names from the titles, scored against the genre column.
            await page.FillAsync("input[data-testid=cluster-k]", "6");
            await page.ClickAsync("button[data-testid=cluster-run]:not([disabled])");
            await page.WaitForSelectorAsync("[data-testid=cluster-result][data-clusters='6']", new() { Timeout = Slow });
            Assert.Contains("genre", await page.TextContentAsync("[data-testid=cluster-result]"));
            await page.WaitForSelectorAsync("[data-testid=cluster-ari]");
            // The page's URL (a link to this view) now says the cluster names are on the map.
            await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('cl') === 'cluster'");

            // Names on the map: at least one shown, none overlapping (greedy by size).
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#projector-plot')?.dataset.clusterLabels) > 0");
            var labels = await ShownLabels(page);
            Assert.NotEmpty(labels);
            Assert.Equal(labels.Length, await page.Locator("#projector-plot g.annotation:visible").CountAsync());

            // Clicking a name selects that cluster's points; the selection panel counts them.
            await Snackbars.DismissAsync(page);
            // (Find clusters sits below the fold: bring the plot back into view before taking positions.)
            await page.Locator("#projector-plot").ScrollIntoViewIfNeededAsync();
            labels = await ShownLabels(page);
            var label = labels[0];
            var size = (await page.Locator($"[data-testid=cluster-row][data-id='{label.Id}'] .el-num").TextContentAsync())!.Trim().Replace(",", "");
            await page.Locator("#projector-plot g.annotation").Filter(new() { Visible = true }).First.WaitForAsync();
            await page.Mouse.ClickAsync(label.X, label.Y);
            await page.WaitForFunctionAsync("n => document.querySelector('[data-testid=selection-count]')?.textContent.replace(/,/g, '') === n", size);

            // Zooming in keeps names readable (same pixel size) and shows or hides them again: after the zoom the overlay
            // has chosen its names anew (the marker set here is replaced) and every name shown sits inside the plot.
            await page.EvaluateAsync("() => { const e = document.getElementById('projector-plot'), l = e._fullLayout; const x = l.xaxis.range, y = l.yaxis.range; e.dataset.clusterLabels = 'stale'; return Plotly.relayout(e, { 'xaxis.range': [x[0] / 4, x[1] / 4], 'yaxis.range': [y[0] / 4, y[1] / 4] }); }");
            await page.WaitForFunctionAsync(LabelsChosenForThisView);
            await page.EvaluateAsync("() => { const e = document.getElementById('projector-plot'); e.dataset.clusterLabels = 'stale'; return Plotly.relayout(e, { 'xaxis.autorange': true, 'yaxis.autorange': true }); }");
            await page.WaitForFunctionAsync(LabelsChosenForThisView);
            Assert.NotEmpty(await ShownLabels(page));

            // Density contours toggle on and off.
            await page.Locator("input[data-testid=density-toggle], [data-testid=density-toggle] input").First.ClickAsync(new() { Force = true });
            await page.WaitForSelectorAsync("#projector-plot[data-density=on]", new() { State = WaitForSelectorState.Attached });
            Assert.True(await page.Locator("#projector-plot .contourlayer path").CountAsync() > 0);
            if (Shots is { } dir) await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "clusters-light.png"), FullPage = true });
            await AxeAssert.NoSeriousViolationsAsync(page, "Projector with clusters (light)");

            // Isolate the selected cluster, then back to the whole set.
            await page.ClickAsync("button[data-testid=isolate]:not([disabled])");
            await page.WaitForSelectorAsync("[data-testid=isolate-back]", new() { Timeout = Slow });
            // (Isolating projects the cluster again as a job: on a busy CI machine that can take longer than the default wait.)
            await page.WaitForFunctionAsync("n => document.querySelector('#projector-plot')?.dataset.points === n", size, new() { Timeout = Slow });
            await page.ClickAsync("[data-testid=isolate-back]");
            await page.WaitForFunctionAsync("n => document.querySelector('#projector-plot')?.dataset.points === n", points.ToString(), new() { Timeout = Slow });

            // Bookmark this view and open its link in a new browser context that shares only the workspace cookie (a
            // teacher's link opened elsewhere on the same workspace), in dark mode: the clustering comes back from the
            // workspace and its names are drawn again.
            // (The way back from isolating shows the whole set unselected: select a cluster by its name again, so the
            // view carries a selection too.)
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#projector-plot')?.dataset.clusterLabels) > 0");
            await page.Locator("#projector-plot").ScrollIntoViewIfNeededAsync();
            var again = (await ShownLabels(page))[0];
            var selected = (await page.Locator($"[data-testid=cluster-row][data-id='{again.Id}'] .el-num").TextContentAsync())!.Trim();
            await page.Mouse.ClickAsync(again.X, again.Y);
            await page.WaitForFunctionAsync("n => document.querySelector('[data-testid=selection-count]')?.textContent === n", selected);
            await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('sel')");
            await page.FillAsync("input[data-testid=bookmark-name]", "Song clusters");
            await page.ClickAsync("[data-testid=bookmark-save]");
            var link = page.Locator("[data-testid=bookmark-link]", new() { HasTextString = "Song clusters" });
            await link.WaitForAsync();
            var href = (await link.GetAttributeAsync("href"))!;
            Assert.Contains("cl=cluster", href);
            var workspace = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "el-workspace");
            second = await app.NewPageAsync();
            second.Console += (_, m) => { if (m.Type == "error") scriptErrors.Add(m.Text); };
            second.PageError += (_, e) => scriptErrors.Add(e);
            await second.Context.AddCookiesAsync([
                new Cookie { Name = workspace.Name, Value = workspace.Value, Url = app.BaseUrl },
                new Cookie { Name = "el-theme", Value = "dark", Url = app.BaseUrl }]);
            await second.GotoAsync(app.BaseUrl + "/" + href);
            await AppServerFixture.WaitForInteractiveAsync(second);
            await second.WaitForSelectorAsync("[data-testid=cluster-result][data-clusters='6']:has-text('restored')", new() { Timeout = Slow });
            await second.WaitForFunctionAsync("n => document.querySelector('#projector-plot')?.dataset.points === n", points.ToString(), new() { Timeout = Slow });
            await second.WaitForFunctionAsync("() => Number(document.querySelector('#projector-plot')?.dataset.clusterLabels) > 0");
            await second.WaitForFunctionAsync("s => document.querySelector('[data-testid=selection-count]')?.textContent === s", selected);
            Assert.Equal(0, await second.Locator("[data-testid=view-error]").CountAsync());
            if (Shots is { } dark) await second.ScreenshotAsync(new() { Path = Path.Combine(dark, "clusters-dark.png"), FullPage = true });
            await AxeAssert.NoSeriousViolationsAsync(second, "Projector with clusters (dark)");

            // A 3-D map of the same songs keeps the clustering: its names stand at the clusters' centres in the scene.
            await second.ClickAsync("[data-testid=dims-3]");
            await second.ClickAsync("button[data-testid=project]:not([disabled])");
            await second.WaitForFunctionAsync("() => document.getElementById('projector-plot')?.layout?.scene?.annotations?.length === 6", null, new() { Timeout = Slow });
            Assert.Equal(6, await second.Locator("#projector-plot .annotation-text-g").CountAsync());
            await second.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('cl') === 'cluster'");
            if (Shots is { } three) await second.ScreenshotAsync(new() { Path = Path.Combine(three, "clusters-3d-dark.png"), FullPage = true });
            Assert.Empty(scriptErrors);
        }
        catch when (Shots is { } dir)
        {
            await (second ?? page).ScreenshotAsync(new() { Path = Path.Combine(dir, "clusters.failed.png"), FullPage = true });
            throw;
        }
        finally
        {
            if (second is not null) await second.Context.CloseAsync();
            await page.Context.CloseAsync();
        }
    }
}
