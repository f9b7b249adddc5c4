using EmbeddingLab.Tests.Browser;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.ProjectorViews;

/// <summary>Views a teacher can prepare: the projector's state in its URL, bookmarks that reopen it, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class ProjectorViewsBrowserTests(AppServerFixture app)
{
    private static Task<string> Query(IPage page) => page.EvaluateAsync<string>("() => location.search");

    // What identifies the view on screen: points, set, traces (colour), selection count.
    private static async Task<(string? Points, string Set, int Traces, string? FirstTrace, string Selected)> Shown(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('projector-plot')?._fullData?.length > 0");
        return (
            await page.GetAttributeAsync("#projector-plot", "data-points"),
            (await page.Locator("[data-testid=projector-set]").TextContentAsync()) ?? "",
            await page.EvaluateAsync<int>("() => document.getElementById('projector-plot')._fullData.length"),
            await page.EvaluateAsync<string?>("() => document.getElementById('projector-plot')._fullData[0].name ?? null"),
            (await page.Locator("[data-testid=selection-count]").TextContentAsync()) ?? "");
    }

    private static Task WaitForTraces(IPage page, int traces) =>
        page.WaitForFunctionAsync("t => document.getElementById('projector-plot')?._fullData?.length === t", traces);

    [Fact]
    public async Task A_bookmarked_view_reopens_with_its_set_colour_and_selection_in_a_new_page()
    {
        var page = await app.OpenAsync("/projector");
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
        await page.ClickAsync("[data-testid=project]");
        await page.WaitForSelectorAsync("#projector-plot[data-points]", new() { State = WaitForSelectorState.Attached });
        // The URL follows the state: the set is in it as soon as it is chosen.
        await page.WaitForFunctionAsync("() => location.search.startsWith('?set=')");

        // Colour: none (the default colours by a category), then select the left half of the map with a box.
        await page.ClickAsync("[data-testid=color-by]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "(none)" }).ClickAsync();
        await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('c') === ''");
        await Snackbars.DismissAsync(page);
        // The redraw without colour is done (one trace of points and the highlight trace) before the drag mode changes.
        await page.WaitForFunctionAsync("() => document.getElementById('projector-plot')._fullData.length === 2");
        await page.EvaluateAsync("() => Plotly.relayout('projector-plot', { dragmode: 'select' })");
        var area = await page.Locator("#projector-plot .nsewdrag").First.BoundingBoxAsync();
        await page.Mouse.MoveAsync(area!.X + 2, area.Y + 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(area.X + area.Width / 2, area.Y + area.Height - 2, new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('sel')");
        var before = await Shown(page);
        Assert.NotEqual("0", before.Selected);
        Assert.Equal(2, before.Traces); // one trace of points (no colour) and the highlight trace

        // Save it under a name that is markup: listed as text.
        const string name = "Lesson 1: <b>songs</b> & \"genres\"";
        await page.FillAsync("input[data-testid=bookmark-name]", name);
        await page.ClickAsync("[data-testid=bookmark-save]");
        var link = page.Locator("[data-testid=bookmark-link]", new() { HasTextString = name });
        await link.WaitForAsync();
        var href = await link.GetAttributeAsync("href");
        Assert.StartsWith("projector?set=", href);

        // A fresh page of the same browser (same workspace cookie) opens the link: the same view, the saved projection reused.
        var second = await page.Context.NewPageAsync();
        second.PageError += (_, e) => errors.Add(e);
        await second.GotoAsync(app.BaseUrl + "/" + href);
        await AppServerFixture.WaitForInteractiveAsync(second);
        await second.WaitForFunctionAsync("n => document.getElementById('projector-plot')?.dataset.points === n", before.Points);
        try { await second.WaitForFunctionAsync("s => document.querySelector('[data-testid=selection-count]')?.textContent === s", before.Selected, new() { Timeout = 20_000 }); }
        catch (TimeoutException)
        {
            var seen = await second.EvaluateAsync<string>("() => location.search + ' | ' + (document.querySelector('[data-testid=view-error]')?.textContent ?? 'no error') + ' | ' + (document.querySelector('[data-testid=selection-count]')?.textContent ?? 'no selection')");
            Assert.Fail($"The bookmark {href} did not restore the selection {before.Selected}: {seen}");
        }
        await WaitForTraces(second, before.Traces);
        Assert.Equal(before, await Shown(second));
        Assert.Equal(0, await second.Locator("[data-testid=job-panel]").CountAsync());
        Assert.Equal(0, await second.Locator("[data-testid=view-error]").CountAsync());

        // The Home page lists it; one click opens the projector on it.
        await second.GotoAsync(app.BaseUrl + "/");
        await AppServerFixture.WaitForInteractiveAsync(second);
        await second.Locator("[data-testid=home-bookmark] a", new() { HasTextString = name }).ClickAsync();
        await second.WaitForFunctionAsync("s => document.querySelector('[data-testid=selection-count]')?.textContent === s", before.Selected);
        await WaitForTraces(second, before.Traces);
        Assert.Equal(before, await Shown(second));

        // A link to a set this workspace does not have says so (no exception, the page keeps working).
        await second.GotoAsync(app.BaseUrl + "/projector?set=" + Uri.EscapeDataString("nobody's <set>") + "&m=tsne");
        await AppServerFixture.WaitForInteractiveAsync(second);
        var warning = second.Locator("[data-testid=view-error]");
        await warning.WaitForAsync();
        Assert.Contains("no set called \"nobody's <set>\"", await warning.TextContentAsync());
        await second.GotoAsync(app.BaseUrl + "/projector?set=x&perp=lots");
        await AppServerFixture.WaitForInteractiveAsync(second);
        await second.Locator("[data-testid=view-error]", new() { HasTextString = "perplexity" }).WaitForAsync();

        // Delete: gone from the list.
        await page.Locator("[data-testid=bookmark]", new() { Has = page.Locator("[data-testid=bookmark-link]", new() { HasTextString = name }) })
            .Locator("[data-testid=bookmark-delete]").ClickAsync();
        await page.Locator("[data-testid=bookmark-empty]").WaitForAsync();
        Assert.Empty(errors);
        await second.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_projector_with_its_bookmark_panel_is_axe_clean_in_light_and_dark()
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            var page = await app.NewPageAsync();
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/projector");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.WaitForSelectorAsync("button[data-testid=project]:not([disabled])");
            await page.ClickAsync("[data-testid=project]");
            await page.WaitForSelectorAsync("#projector-plot[data-points]", new() { State = WaitForSelectorState.Attached });
            await page.FillAsync("input[data-testid=bookmark-name]", $"A {theme} view");
            await page.ClickAsync("[data-testid=bookmark-save]");
            await page.Locator("[data-testid=bookmark-link]").WaitForAsync();
            await Snackbars.DismissAsync(page);
            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } shots)
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"projector-views-{theme}.png"), FullPage = true });
            await AxeAssert.NoSeriousViolationsAsync(page, $"projector with bookmarks ({theme})");
            await page.GotoAsync(app.BaseUrl + "/");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.Locator("[data-testid=home-bookmark]").First.WaitForAsync();
            await AxeAssert.NoSeriousViolationsAsync(page, $"home with bookmarks ({theme})");
            await page.Context.CloseAsync();
        }
    }
}
