using EmbeddingLab.Tests.Browser;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Documents;

/// <summary>
/// The built-in State of the Union set on the Sentences page in a real browser (the test server narrows it to
/// 2000–2021, see <see cref="AppServerFixture"/>): open it, search the speeches, read years beside the results; axe in
/// light and dark.
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
}
