using System.Net;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Tests.Browser;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;
using SkiaSharp;

namespace EmbeddingLab.Tests.Sprites;

/// <summary>
/// Thumbnails in the running app: the built-in Emoji set (narrowed to 24 emoji by the fixture) opened in the projector
/// shows the hovered emoji's picture and its neighbours' pictures; a workspace set of 500 pictured swatches (stored as
/// the app stores sets, its images in the app's folder of uploaded images) shows that "Draw points as images" draws the
/// points in view once few enough are; the atlas endpoint serves only the caller's own sets.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ProjectorThumbnailBrowserTests(AppServerFixture app)
{
    private const string SetName = "Swatches (pictures)";
    private const int Count = 500;
    private const string EmojiSet = "Emoji (images, ResNet-18)";
    private const int EmojiCount = 24; // EmbeddingLab__Demos__EmojiLimit in AppServerFixture

    /// <summary>A new workspace id with the swatch set saved in it (the app reads a workspace from disk on first use).</summary>
    private string WorkspaceWithSwatches()
    {
        var id = WorkspaceStore.NewWorkspaceId();
        var set = SpriteTestImages.Swatches(Path.Combine(app.DataPath, "images", Guid.NewGuid().ToString("N")), Count);
        new WorkspaceStore(new WorkspaceStoreOptions(app.DataPath)).SaveSet(id, SetName, "Images", "Generated swatches", set);
        return id;
    }

    private async Task<IPage> OpenProjectorAsync(string workspace, string theme = "light")
    {
        var page = await app.NewPageAsync();
        await page.Context.AddCookiesAsync([
            new Microsoft.Playwright.Cookie { Name = "el-workspace", Value = workspace, Url = app.BaseUrl },
            new Microsoft.Playwright.Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl },
        ]);
        await page.GotoAsync(app.BaseUrl + "/projector");
        await AppServerFixture.WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>Chooses the set in the projector, projects it with PCA and waits for the plot and the thumbnails.</summary>
    private static async Task ProjectAsync(IPage page, string setName, int count)
    {
        await MudPicker.SelectAsync(page, "[data-testid=projector-set]", setName, $"[data-testid=project]:has-text('Project {count:N0} vectors')");
        await page.ClickAsync("[data-testid=project]");
        await page.WaitForFunctionAsync($"() => document.querySelector('#projector-plot')?.dataset.points === '{count}'");
        await page.WaitForSelectorAsync("input[data-testid=sprite-toggle]:not([disabled]), [data-testid=sprite-toggle] input:not([disabled])");
    }

    private static async Task<(float X, float Y)> PixelOf(IPage page, int row)
    {
        var p = await page.EvaluateAsync<float[]>($"() => {{ const p = window.embeddingLabPlot.pixelOf('projector-plot', {row}); return [p.x, p.y]; }}");
        return (p[0], p[1]);
    }

    /// <summary>Hovers a point until its thumbnail shows (a loaded machine may drop the first mouse moves plotly needs).</summary>
    private static async Task<ILocator> HoverAsync(IPage page, int row)
    {
        var thumb = page.Locator("[data-testid=hover-thumbnail]");
        for (int attempt = 1; ; attempt++)
        {
            var (x, y) = await PixelOf(page, row);
            await page.Mouse.MoveAsync(x - 30, y - 30);
            await page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 3 });
            try
            {
                // The mouse passes other points on its way: wait for this row's picture, not the first shown.
                await page.WaitForFunctionAsync("r => { const t = document.querySelector('[data-testid=hover-thumbnail]'); return !t.hidden && t.dataset.row === r; }",
                    row.ToString(), new() { Timeout = 5_000 });
                return thumb;
            }
            catch (TimeoutException) when (attempt < 3) { }
            catch (TimeoutException)
            {
                var label = await page.Locator(".hoverlayer .hovertext").AllTextContentsAsync();
                var state = await thumb.EvaluateAsync<string>("t => `hidden=${t.hidden} row=${t.dataset.row} hovered=${t.dataset.hovered} missing=${t.dataset.missing}`");
                Assert.Fail($"no thumbnail on hovering row {row}; plotly's hover label: '{string.Join(" | ", label)}'; thumbnail: {state}");
            }
        }
    }

    /// <summary>
    /// How far (mean absolute difference of RGB, 0–255, over a 16 × 16 reduction on white) the picture an element shows
    /// as a crop of its background atlas is from the row's own /thumbs picture; also checks that the atlas loaded.
    /// </summary>
    private static Task<double> DistanceToThumbAsync(ILocator element, string setName, int row) =>
        element.EvaluateAsync<double>(@"async (el, [set, row]) => {
            const load = src => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = () => fail(new Error('could not load ' + src)); i.src = src; });
            const style = getComputedStyle(el);
            const atlas = await load(style.backgroundImage.slice(5, -2));
            if (!(atlas.naturalWidth > 0)) throw new Error('the atlas did not load');
            const shown = parseFloat(style.width);
            const [sw] = style.backgroundSize.split(' ').map(parseFloat);
            const scale = atlas.naturalWidth / sw;
            const [px, py] = style.backgroundPosition.split(' ').map(parseFloat);
            const thumb = await load('/thumbs?set=' + encodeURIComponent(set) + '&row=' + row + '&size=64');
            if (!(thumb.naturalWidth > 0)) throw new Error('the thumbnail of the row did not load');
            const reduce = draw => { const c = document.createElement('canvas'); c.width = c.height = 16; const g = c.getContext('2d');
                g.fillStyle = '#fff'; g.fillRect(0, 0, 16, 16); draw(g); return g.getImageData(0, 0, 16, 16).data; };
            const a = reduce(g => g.drawImage(atlas, -px * scale, -py * scale, shown * scale, shown * scale, 0, 0, 16, 16));
            const b = reduce(g => g.drawImage(thumb, 0, 0, 16, 16));
            let sum = 0;
            for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
            return sum / (16 * 16 * 3);
        }", new object[] { setName, row });

    [Fact]
    public async Task Hovering_an_emoji_shows_its_picture_and_zooming_in_draws_the_points_as_pictures()
    {
        var page = await OpenProjectorAsync(WorkspaceWithSwatches());
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var atlasRequests = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/sprites?")) Interlocked.Increment(ref atlasRequests); };
        try
        {
            // The Emoji set: hover shows the point's own emoji beside it, the neighbour panel its neighbours' emoji.
            await ProjectAsync(page, EmojiSet, EmojiCount);
            Assert.Contains($"{EmojiCount} thumbnails", await page.TextContentAsync("[data-testid=sprite-status]"));
            int row = await page.EvaluateAsync<int>("() => window.embeddingLabPlot.isolatedRow('projector-plot')");
            var thumb = await HoverAsync(page, row);
            Assert.Equal(row.ToString(), await thumb.GetAttributeAsync("data-row"));
            Assert.Contains("/sprites?set=" + Uri.EscapeDataString(EmojiSet), await thumb.EvaluateAsync<string>("e => e.style.backgroundImage"));
            // The crop shown is this emoji's picture: close to the row's own thumbnail, far from another emoji's.
            int other = (row + EmojiCount / 2) % EmojiCount;
            double own = await DistanceToThumbAsync(thumb, EmojiSet, row), foreign = await DistanceToThumbAsync(thumb, EmojiSet, other);
            Assert.True(own < 12 && foreign > 2 * own, $"hover picture vs row {row}'s thumbnail: {own:F1}; vs row {other}'s: {foreign:F1}");
            Assert.Equal(0, await page.Locator(".hoverlayer", new() { HasTextString = "node_modules" }).CountAsync()); // no server path in hover
            if (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT_DIR") is { Length: > 0 } dir)
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "thumbnails-hover.png") });

            // Click: the neighbour panel shows the emoji's picture and each neighbour's.
            var (x, y) = await PixelOf(page, row);
            await page.Mouse.ClickAsync(x, y);
            var ownThumb = page.Locator("[data-testid=neighbor-own-thumb]");
            await ownThumb.WaitForAsync();
            Assert.True(await DistanceToThumbAsync(ownThumb, EmojiSet, row) < 12, "the neighbour panel's own picture is not the emoji's");
            var neighbours = page.Locator("[data-testid=neighbor-thumb]");
            Assert.Equal(10, await neighbours.CountAsync());
            int neighbourRow = int.Parse((await neighbours.Nth(3).GetAttributeAsync("data-row"))!);
            Assert.True(await DistanceToThumbAsync(neighbours.Nth(3), EmojiSet, neighbourRow) < 12, $"neighbour row {neighbourRow} shows another picture");
            await page.Mouse.MoveAsync(5, 5);
            await thumb.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
            Assert.Equal(1, atlasRequests); // one atlas for every thumbnail of the set

            // The swatches (500 points): images on, too many are in view, so dots stay and a note says to zoom in.
            await ProjectAsync(page, SetName, Count);
            await page.Locator("[data-testid=sprite-status]", new() { HasTextString = $"{Count} thumbnails" }).WaitForAsync();
            row = await page.EvaluateAsync<int>("() => window.embeddingLabPlot.isolatedRow('projector-plot')");
            await page.ClickAsync("input[data-testid=sprite-toggle], [data-testid=sprite-toggle] input");
            await page.Locator("[data-testid=sprite-note]", new() { HasTextString = "zoom in" }).WaitForAsync();
            Assert.Equal("0", await page.GetAttributeAsync("[data-testid=sprite-layer]", "data-drawn"));

            // Zoomed in around the point: the points in view are drawn as their pictures, the point's own among them.
            await page.EvaluateAsync($@"() => {{
                const el = document.getElementById('projector-plot'), full = el._fullLayout;
                const p = window.embeddingLabPlot.pixelOf('projector-plot', {row});
                const box = el.getBoundingClientRect();
                const cx = full.xaxis.p2l(p.x - box.left - full._size.l), cy = full.yaxis.p2l(p.y - box.top - full._size.t);
                const w = (full.xaxis.range[1] - full.xaxis.range[0]) / 8, h = (full.yaxis.range[1] - full.yaxis.range[0]) / 8;
                return Plotly.relayout(el, {{ 'xaxis.range': [cx - w, cx + w], 'yaxis.range': [cy - h, cy + h] }});
            }}");
            await page.WaitForFunctionAsync("() => +document.querySelector('[data-testid=sprite-layer]').dataset.drawn > 0");
            int drawn = int.Parse((await page.GetAttributeAsync("[data-testid=sprite-layer]", "data-drawn"))!);
            Assert.InRange(drawn, 1, 400);
            Assert.Contains("drawn", await page.TextContentAsync("[data-testid=sprite-note]"));
            // The canvas holds a picture at the point (a swatch is an opaque disc centred on it).
            var alpha = await page.EvaluateAsync<int>($@"() => {{
                const canvas = document.querySelector('[data-testid=sprite-layer]'), box = canvas.getBoundingClientRect();
                const p = window.embeddingLabPlot.pixelOf('projector-plot', {row}), r = canvas.width / box.width;
                return canvas.getContext('2d').getImageData(Math.round((p.x - box.left) * r), Math.round((p.y - box.top) * r), 1, 1).data[3];
            }}");
            Assert.True(alpha > 200, $"no picture drawn at the point (alpha {alpha})");
            if (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT_DIR") is { Length: > 0 } dir2)
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir2, "thumbnails-zoomed.png") });

            // Off again: dots only.
            await page.ClickAsync("input[data-testid=sprite-toggle], [data-testid=sprite-toggle] input");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=sprite-layer]').dataset.drawn === '0'");
            Assert.Equal(2, atlasRequests); // one atlas per set
            Assert.Empty(errors);
        }
        finally { await page.Context.CloseAsync(); }
    }

    // Both themes in one page (the theme toggle), not a page and a projection per theme: browser tests are the suite's critical path.
    [Fact]
    public async Task Thumbnails_have_no_serious_accessibility_violations_in_light_and_dark()
    {
        var page = await OpenProjectorAsync(WorkspaceWithSwatches(), "light");
        try
        {
            await ProjectAsync(page, SetName, Count);
            int row = await page.EvaluateAsync<int>("() => window.embeddingLabPlot.isolatedRow('projector-plot')");
            var (x, y) = await PixelOf(page, row);
            await page.Mouse.ClickAsync(x, y);
            await page.Locator("[data-testid=neighbor-thumb]").First.WaitForAsync();
            await page.ClickAsync("input[data-testid=sprite-toggle], [data-testid=sprite-toggle] input");
            foreach (var theme in new[] { "light", "dark" })
            {
                if (theme == "dark")
                {
                    await page.ClickAsync("[data-testid=theme-toggle]");
                    await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
                }
                await HoverAsync(page, row);
                await AxeAssert.NoSeriousViolationsAsync(page, $"Projector thumbnails ({theme})");
                if (Environment.GetEnvironmentVariable("PROJECTOR_SCREENSHOT_DIR") is { Length: > 0 } dir)
                    await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"thumbnails-{theme}.png"), FullPage = true });
            }
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task The_atlas_endpoint_serves_only_the_caller_s_own_sets()
    {
        var owner = WorkspaceWithSwatches();
        // Saved before the app first reads this workspace (it caches a workspace's catalogue from then on).
        new WorkspaceStore(new WorkspaceStoreOptions(app.DataPath)).SaveSet(owner, "plain", "Other", "no pictures",
            new Core.Vectors.EmbeddingSet(["a", "b"], [1, 0, 0, 1], 2));
        async Task<HttpResponseMessage> Get(string? workspace, string query)
        {
            using var handler = new HttpClientHandler { UseCookies = false };
            using var http = new HttpClient(handler);
            var request = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + "/sprites?" + query);
            if (workspace is not null) request.Headers.Add("Cookie", "el-workspace=" + workspace);
            return await http.SendAsync(request);
        }
        var set = "set=" + Uri.EscapeDataString(SetName);

        var own = await Get(owner, set);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/png", own.Content.Headers.ContentType?.MediaType);
        using (var atlas = SKBitmap.Decode(await own.Content.ReadAsByteArrayAsync()))
        {
            Assert.NotNull(atlas);
            Assert.Equal(23 * 48, atlas.Width); // 500 pictures: 23 columns of 48-px cells, 22 rows
            Assert.Equal(22 * 48, atlas.Height);
        }

        // Another browser (its own workspace, or none yet) cannot read it, by name or with the key.
        Assert.Equal(HttpStatusCode.NotFound, (await Get(WorkspaceStore.NewWorkspaceId(), set)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(null, set)).StatusCode);
        // Unknown sets, sets without pictures, a stale key and no set at all are refused; a path is just an unknown name.
        Assert.Equal(HttpStatusCode.NotFound, (await Get(owner, "set=No%20such%20set")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(owner, "set=" + Uri.EscapeDataString("/etc/passwd"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(owner, set + "&v=0123456789abcdef0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(owner, "")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(owner, "set=plain")).StatusCode);
    }
}
