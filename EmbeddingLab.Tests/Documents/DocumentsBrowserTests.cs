using EmbeddingLab.Tests.Browser;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Documents;

/// <summary>
/// The built-in State of the Union set on the Sentences page in a real browser (the test server narrows it to
/// 2000–2021, see <see cref="AppServerFixture"/>): open it, search the speeches, read years beside the results; axe in
/// light and dark. And the Spam Assassin set (narrowed to 20 e-mails per group): compare the encoders on <c>label</c>,
/// classify, and see the comparison table and the confusion matrix.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DocumentsBrowserTests(AppServerFixture app)
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Searching_the_state_of_the_union_shows_paragraphs_with_their_years(string theme)
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/sentences");
            await AppServerFixture.WaitForInteractiveAsync(page);
            Assert.Equal("Spam Assassin e-mails", (await page.TextContentAsync("[data-testid=use-builtin-spam]"))!.Trim());
            Assert.Equal("100 e-mails", (await page.TextContentAsync("[data-testid=builtin-status-spam]"))!.Trim()); // 20 of each of the 5 groups

            await page.ClickAsync("[data-testid=use-builtin-sotu]");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=sentence-source]')?.textContent.includes('State of the Union, 2000–2021')",
                null, new() { Timeout = 90_000 });
            Assert.Contains("labels: year, decade, president, party", await page.TextContentAsync("[data-testid=sentence-source]"));

            await page.FillAsync("[data-testid=search-query]", "railroads");
            await page.ClickAsync("[data-testid=search]");
            await page.Locator("[data-testid=search-result]").First.WaitForAsync();
            var years = await page.Locator("[data-testid=search-result-meta][data-column=year]").AllTextContentsAsync();
            Assert.NotEmpty(years);
            Assert.All(years, y => Assert.InRange(int.Parse(y.Trim()), 2000, 2021));
            Assert.NotEmpty(await page.Locator("[data-testid=search-result-meta][data-column=president]").AllTextContentsAsync());
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } folder)
            {
                await page.EvaluateAsync("() => document.querySelector('[data-testid=search-panel]').scrollIntoView()");
                await page.WaitForTimeoutAsync(300);
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"sentences-sotu-{theme}.png") });
                await page.Locator("[data-testid=sentence-input]").ScreenshotAsync(new() { Path = Path.Combine(folder, $"sentences-builtin-{theme}.png") });
            }
            await AxeAssert.NoSeriousViolationsAsync(page, $"Sentences with the State of the Union ({theme})");
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task Spam_assassin_compares_encoders_on_label_and_shows_a_confusion_matrix_axe_clean_in_both_themes()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = "light", Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/sentences");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.ClickAsync("[data-testid=use-builtin-spam]");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=sentence-source]')?.textContent.includes('Spam Assassin')",
                null, new() { Timeout = 90_000 });
            var panel = page.Locator("[data-testid=classification-panel]");
            await panel.ScrollIntoViewIfNeededAsync();
            Assert.Equal("label", (await page.TextContentAsync("[data-testid=classify-column]"))!.Trim()); // label is chosen first

            // One row per encoder with its scores: bag-of-words, TF-IDF, LSA, and mean/SIF of the demo words.
            await page.ClickAsync("[data-testid=classify-compare]");
            await page.WaitForFunctionAsync("() => ['Succeeded', 'Failed', 'Cancelled'].includes(document.querySelector('[data-testid=compare-job] [data-testid=job-panel]')?.dataset.state)",
                null, new() { Timeout = 300_000 });
            Assert.True(await page.GetAttributeAsync("[data-testid=compare-job] [data-testid=job-panel]", "data-state") == "Succeeded",
                await page.TextContentAsync("[data-testid=compare-job]"));
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=compare-table] tbody tr.mud-table-row').length >= 3", null, new() { Timeout = 30_000 });
            var table = await page.TextContentAsync("[data-testid=compare-table]");
            foreach (var encoder in new[] { "bag-of-words", "TF-IDF", "TF-IDF + LSA" }) Assert.Contains(encoder, table);
            var caption = await page.TextContentAsync("[data-testid=compare-caption]");
            Assert.StartsWith("100 sentences", caption!.Trim()); // 20 e-mails of each of the five groups
            Assert.Contains("by label", caption);

            // Classify: the two-class confusion matrix (plotly heatmap with spam and ham on its axes).
            await page.ClickAsync("[data-testid=classify-run]");
            await page.Locator("[data-testid=classify-confusion] .js-plotly-plot").WaitForAsync(new() { Timeout = 300_000 });
            Assert.Equal("2", await page.GetAttributeAsync("[data-testid=classify-confusion]", "data-classes"));
            await page.Locator("[data-testid=classify-confusion] .heatmaplayer image").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var ticks = await page.Locator("[data-testid=classify-confusion] .xtick text").AllTextContentsAsync();
            Assert.Contains("spam", ticks);
            Assert.Contains("ham", ticks);
            Assert.EndsWith("%", (await page.TextContentAsync("[data-testid=classify-accuracy]"))!.Trim());
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } folder)
                await panel.ScreenshotAsync(new() { Path = Path.Combine(folder, "classification-spam-light.png") });
            await AxeAssert.NoSeriousViolationsAsync(page, "Spam Assassin classification (light)");
            // The same results in the dark theme, without computing them again.
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
            await page.Locator("[data-testid=compare-table]").WaitForAsync();
            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } darkFolder)
                await panel.ScreenshotAsync(new() { Path = Path.Combine(darkFolder, "classification-spam-dark.png") });
            await AxeAssert.NoSeriousViolationsAsync(page, "Spam Assassin classification (dark)");
        }
        finally { await page.Context.CloseAsync(); }
    }
}
