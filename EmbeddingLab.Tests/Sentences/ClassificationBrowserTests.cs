using Deque.AxeCore.Playwright;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Sentences;

[Collection(BrowserCollection.Name)]
public class ClassificationBrowserTests(AppServerFixture app)
{
    // Both themes in one page (the theme toggle after the light check), not the whole flow per theme: browser tests are
    // the suite's critical path.
    [Fact]
    public async Task Demo_topics_compare_encoders_and_classify_with_a_confusion_matrix_axe_clean_in_light_and_dark()
    {
        const string theme = "light";
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/sentences");
            await AppServerFixture.WaitForInteractiveAsync(page);
            var panel = page.Locator("[data-testid=classification-panel]");
            await panel.ScrollIntoViewIfNeededAsync();

            // Compare encoders: bag-of-words, TF-IDF and LSA always, mean and SIF of the demo words (a word set is in every
            // workspace); one row each. The tiny transformer adds a row once another test has downloaded it from the hub.
            await page.ClickAsync("[data-testid=classify-compare]");
            // Five or six encodes and 5-fold fits: allow for a loaded machine.
            await page.WaitForFunctionAsync("() => ['Succeeded', 'Failed', 'Cancelled'].includes(document.querySelector('[data-testid=compare-job] [data-testid=job-panel]')?.dataset.state)",
                null, new() { Timeout = 300_000 });
            var status = await page.TextContentAsync("[data-testid=compare-job]");
            Assert.True(await page.GetAttributeAsync("[data-testid=compare-job] [data-testid=job-panel]", "data-state") == "Succeeded", status);
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=compare-table] tbody tr.mud-table-row').length >= 5", null, new() { Timeout = 30_000 });
            var table = await page.TextContentAsync("[data-testid=compare-table]");
            foreach (var encoder in new[] { "bag-of-words", "TF-IDF", "TF-IDF + LSA", "mean of Words (demo)", "SIF of Words (demo)" })
                Assert.Contains(encoder, table);

            // Classify (logistic regression): accuracy, the per-class table and plotly's confusion matrix with the ten topics.
            await page.ClickAsync("[data-testid=classify-run]");
            await page.Locator("[data-testid=classify-confusion] .js-plotly-plot").WaitForAsync(new() { Timeout = 300_000 });
            Assert.EndsWith("%", (await page.TextContentAsync("[data-testid=classify-accuracy]"))!.Trim());
            Assert.Equal(10, await page.Locator("[data-testid=classify-classes] tbody tr").CountAsync());
            await page.Locator("[data-testid=classify-confusion] .heatmaplayer image").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var ticks = await page.Locator("[data-testid=classify-confusion] .xtick text").AllTextContentsAsync();
            Assert.Contains("astronomy", ticks);

            // Sorting the per-class table by recall (MudDataGrid header click).
            await page.Locator("[data-testid=classify-classes] th:has-text('Recall') .sort-direction-icon, [data-testid=classify-classes] th:has-text('Recall') .column-header").First.ClickAsync();
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            foreach (var shown in new[] { theme, "dark" })
            {
                if (shown == "dark")
                {
                    await page.ClickAsync("[data-testid=theme-toggle]");
                    await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
                    await page.WaitForTimeoutAsync(500); // the confusion matrix follows the theme after the re-render
                    await page.Locator("[data-testid=classify-confusion] .js-plotly-plot").WaitForAsync();
                }
                if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } folder)
                    await panel.ScreenshotAsync(new() { Path = Path.Combine(folder, $"classification-{shown}.png") });

                var result = await page.Locator("#main").RunAxe();
                var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}").ToList();
                Assert.True(bad.Count == 0, $"{shown}: " + string.Join("\n", bad));
            }
        }
        finally { await page.Context.CloseAsync(); }
    }
}
