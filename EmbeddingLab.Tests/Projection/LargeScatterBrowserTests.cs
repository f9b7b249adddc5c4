using System.Globalization;
using System.Text;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Projection;

/// <summary>
/// Large maps in Chromium: the coordinates sent as binary arrive as the server computed them (below and above the
/// 50,000-point line where per-point text stops), hover and click find the right point through the grid index above
/// it, and a large 3-D map says that it has no hover.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LargeScatterBrowserTests(AppServerFixture app)
{
    // A PCA of 60,000 points reads, projects and draws in seconds alone; the shared CI machine can be much slower.
    private const float Slow = 180_000;

    private const int Probes = 10;

    /// <summary>
    /// A word2vec text file of <paramref name="n"/> 3-D vectors: a dense disc of radius 1 (z nearly 0) and ten "probe"
    /// points on a circle of radius 2, far from the disc and from each other on any 2-D map PCA draws (a rotation of the
    /// disc's plane), so hovering one is unambiguous. Probe j is row j·n/10, key "probe-j".
    /// </summary>
    private static (string Path, string[] Keys) VectorFile(int n)
    {
        var random = new Random(n);
        var keys = new string[n];
        var sb = new StringBuilder().Append(n).Append(" 3\n");
        int probe = 0;
        for (int i = 0; i < n; i++)
        {
            double x, y;
            if (i % (n / Probes) == 0 && probe < Probes)
            {
                double a = 2 * Math.PI * probe / Probes;
                (x, y) = (2 * Math.Cos(a), 2 * Math.Sin(a));
                keys[i] = $"probe-{probe++}";
            }
            else
            {
                double r = Math.Sqrt(random.NextDouble()), a = 2 * Math.PI * random.NextDouble();
                (x, y) = (r * Math.Cos(a), r * Math.Sin(a));
                keys[i] = $"p{i}";
            }
            sb.Append(keys[i]).Append(' ').Append(x.ToString("F5", CultureInfo.InvariantCulture)).Append(' ')
                .Append(y.ToString("F5", CultureInfo.InvariantCulture)).Append(' ')
                .Append((0.01 * (random.NextDouble() - 0.5)).ToString("F5", CultureInfo.InvariantCulture)).Append('\n');
        }
        var path = Path.Combine(Path.GetTempPath(), $"large-scatter-{n}-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, sb.ToString());
        return (path, keys);
    }

    private static async Task UploadAndProjectAsync(IPage page, string file, int n, int dims)
    {
        await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])", new() { Timeout = Slow });
        await page.SetInputFilesAsync("[data-testid=projector-upload]", file);
        await page.WaitForSelectorAsync($"[data-testid=project]:has-text('Project {n:N0} vectors'):not([disabled])", new() { Timeout = Slow });
        await Project(page, n, dims);
    }

    private static async Task Project(IPage page, int n, int dims)
    {
        await page.ClickAsync("[data-testid=method-pca]");
        await page.ClickAsync($"[data-testid=dims-{dims}]");
        await page.ClickAsync("button[data-testid=project]:not([disabled])");
        await page.WaitForFunctionAsync("([n, d]) => { const p = document.getElementById('projector-plot'); return p?.dataset.points === n && p.dataset.dims === d; }",
            new object[] { n.ToString(CultureInfo.InvariantCulture), dims.ToString(CultureInfo.InvariantCulture) }, new() { Timeout = Slow });
    }

    // The server's coordinates as its TSV export writes them ("R": every float exactly), keys in row order.
    private static async Task<(string[] Keys, float[] Coords)> ExportedAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-tsv]"), new() { Timeout = Slow });
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Skip(1).Where(l => l.Length > 0).ToArray();
        var keys = new string[lines.Length];
        var coords = new float[lines.Length * 2];
        for (int i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split('\t');
            keys[i] = f[0];
            coords[i * 2] = float.Parse(f[1], CultureInfo.InvariantCulture);
            coords[i * 2 + 1] = float.Parse(f[2], CultureInfo.InvariantCulture);
        }
        return (keys, coords);
    }

    // A row's marker once the map has stopped moving: the same pixel at two polls in a row (a late resize or
    // re-render above the plot moves the markers after they are first drawn).
    private static async Task<(float X, float Y)> SettledPixelAsync(IPage page, int row)
    {
        var handle = await page.WaitForFunctionAsync(
            "row => { const p = window.embeddingLabPlot.pixelOf('projector-plot', row); if (!p) return false; const k = p.x.toFixed(1) + ',' + p.y.toFixed(1);"
            + " const same = window.__elSettled === k; window.__elSettled = k; return same ? [p.x, p.y] : false; }",
            row, new() { PollingInterval = 200, Timeout = 30_000 });
        var xy = await handle.JsonValueAsync<float[]>();
        return (xy[0], xy[1]);
    }

    /// <summary>
    /// Moves onto a row's marker once the map has settled, and again from outside if the hover did not reach it (a layout
    /// change between reading the pixel and moving, such as a notice appearing above the plot); the caller still asserts
    /// the tooltip and the click.
    /// </summary>
    private static async Task<(float X, float Y)> HoverAsync(IPage page, int row)
    {
        var rowText = row.ToString(CultureInfo.InvariantCulture);
        for (int attempt = 0; ; attempt++)
        {
            var (x, y) = await SettledPixelAsync(page, row);
            await page.Mouse.MoveAsync(5, 5);
            await page.Mouse.MoveAsync(x + 2, y + 1, new() { Steps = 3 });
            try
            {
                await page.WaitForFunctionAsync("r => document.getElementById('projector-plot').dataset.hoverRow === r", rowText, new() { Timeout = attempt < 3 ? 5_000 : 30_000 });
                return (x, y);
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
    }

    // Below the 50,000-point line; above it, the hover test checks the same on its own 60,000-point upload.
    [Fact]
    public async Task The_coordinates_the_browser_holds_equal_the_servers()
    {
        const int n = 1_000;
        var (file, keys) = VectorFile(n);
        var page = await app.OpenAsync("/projector");
        try
        {
            await UploadAndProjectAsync(page, file, n, 2);
            await AssertBrowserHoldsServerCoordinatesAsync(page, keys, n);
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertBrowserHoldsServerCoordinatesAsync(IPage page, string[] keys, int n)
    {
        {
            var (exportedKeys, server) = await ExportedAsync(page);
            Assert.Equal(keys, exportedKeys);
            // What plot.js decoded from the binary argument (a Float32Array), as doubles: every float is exact in one.
            var browser = await page.EvaluateAsync<double[]>("() => Array.from(window.embeddingLabPlot.coordinates('projector-plot'))");
            Assert.Equal(n * 2, browser.Length);
            int differing = 0, first = -1;
            for (int i = 0; i < browser.Length; i++)
                if ((float)browser[i] != server[i]) { differing++; if (first < 0) first = i; }
            Assert.True(differing == 0, $"{differing} of {browser.Length} coordinates differ; the first at row {first / 2}: browser {(first < 0 ? 0 : browser[first])}, server {(first < 0 ? 0 : server[first])}");
            // The drawn traces (all but the last, the highlight) hold every point too: none left out above 50,000.
            Assert.Equal(n, await page.EvaluateAsync<int>("() => document.getElementById('projector-plot')._fullData.slice(0, -1).reduce((s, t) => s + t.x.length, 0)"));
        }
    }

    [Fact]
    public async Task Above_50000_points_hover_and_click_find_the_right_point_and_a_3d_map_says_it_has_no_hover()
    {
        const int n = 60_000;
        var (file, keys) = VectorFile(n);
        var page = await app.OpenAsync("/projector");
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        try
        {
            await UploadAndProjectAsync(page, file, n, 2);
            // Above the 50,000 line the coordinates still arrive exactly as the server computed them.
            await AssertBrowserHoldsServerCoordinatesAsync(page, keys, n);
            Assert.Equal(0, await page.Locator("[data-testid=large-3d-note]").CountAsync());
            await page.Locator("#projector-plot").ScrollIntoViewIfNeededAsync();
            foreach (int probe in new[] { 3, 8 })
            {
                int row = probe * (n / Probes);
                Assert.Equal($"probe-{probe}", keys[row]);
                // Hover: the grid index finds the probe and the tooltip shows its key (text from the server).
                var (x, y) = await HoverAsync(page, row);
                await page.WaitForFunctionAsync("k => document.querySelector('[data-testid=plot-tip]')?.textContent.startsWith(k)", keys[row]);
                // Click: the same point, and the neighbour panel opens on it.
                await page.Mouse.ClickAsync(x, y);
                await page.WaitForFunctionAsync("r => document.getElementById('projector-plot').dataset.clickedRow === r", row.ToString(CultureInfo.InvariantCulture));
                await page.WaitForFunctionAsync("k => document.querySelector('[data-testid=neighbor-panel]')?.dataset.key === k", keys[row]);
            }
            // Off every point (the empty ring between the disc and the probes): nothing is hovered or picked.
            var probe0 = await SettledPixelAsync(page, 0);
            var centre = await SettledPixelAsync(page, 5 * (n / Probes)); // probe 5 is opposite probe 0
            float gx = probe0.X + (centre.X - probe0.X) * 0.12f, gy = probe0.Y + (centre.Y - probe0.Y) * 0.12f;
            await page.Mouse.ClickAsync(gx, gy);
            await page.WaitForFunctionAsync("() => document.getElementById('projector-plot').dataset.clickedRow === '-1'");

            // 3-D at this size: drawn, and the page says hover and click find nothing there.
            await Project(page, n, 3);
            var note = page.Locator("[data-testid=large-3d-note]");
            await note.WaitForAsync();
            Assert.Contains("3-D", await note.TextContentAsync());
            Assert.Empty(scriptErrors);
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }
}
