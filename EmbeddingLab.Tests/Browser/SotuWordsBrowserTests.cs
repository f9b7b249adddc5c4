using System.Globalization;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

/// <summary>The State of the Union words (the fixture's 2000–2021, 2-epoch variant): neighbours, a direction and a WEAT preset.</summary>
[Collection(BrowserCollection.Name)]
public class SotuWordsBrowserTests(AppServerFixture app)
{
    // One run of the flow, then its page checked with axe in light and, after the theme toggle, in dark (the flow itself
    // does not depend on the theme; it ran twice before).
    [Fact]
    public async Task State_of_the_union_words_answer_neighbours_and_a_weat_preset_with_d_and_p_axe_clean_in_light_and_dark()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = "light", Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/words");
            await AppServerFixture.WaitForInteractiveAsync(page);
            await page.ClickAsync("[data-testid=word-set-select]");
            await page.ClickAsync("[data-testid=word-set-option][data-name='Words (State of the Union)']");
            await page.Locator("[data-testid=first-words]").WaitForAsync();

            await page.FillAsync("[data-testid=neighbors-positive]", "war");
            await page.ClickAsync("[data-testid=neighbors-search]");
            await page.Locator("[data-testid=neighbor-word]").First.WaitForAsync();
            Assert.Equal(10, await page.Locator("[data-testid=neighbor-word]").CountAsync());
            Assert.DoesNotContain("war", (await page.Locator("[data-testid=neighbor-word]").AllInnerTextsAsync()).Select(w => w.Trim()));

            await page.ClickAsync("[data-testid=direction-rank]");
            await page.Locator("[data-testid=direction-summary]").WaitForAsync();
            Assert.Contains("words of the vocabulary ranked", await page.InnerTextAsync("[data-testid=direction-summary]"));

            await page.ClickAsync("[data-testid=weat-preset]");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "WEAT 7" }).First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=weat-x]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^math, algebra"));
            // 2000–2021 alone lacks the paper's arts words (the error lists them); the lists are editable, so add two it has.
            await page.FillAsync("[data-testid=weat-y]", await page.InputValueAsync("[data-testid=weat-y]") + ", history, culture");
            await page.ClickAsync("[data-testid=weat-run]");
            await page.Locator("[data-testid=weat-result], [data-testid=weat-error]").First.WaitForAsync(new() { Timeout = 60_000 });
            Assert.False(await page.IsVisibleAsync("[data-testid=weat-error]"), await page.InnerTextAsync("[data-testid=weat-panel]"));
            double d = double.Parse(await page.InnerTextAsync("[data-testid=weat-d]"), CultureInfo.InvariantCulture);
            Assert.True(double.IsFinite(d) && d != 0, $"d = {d}");
            Assert.InRange(double.Parse(await page.InnerTextAsync("[data-testid=weat-p]"), CultureInfo.InvariantCulture), 0, 1);
            Assert.Matches(@"X \d+, Y \d+, A \d+, B \d+", await page.InnerTextAsync("[data-testid=weat-sizes]"));
            await page.WaitForSelectorAsync("[data-testid=weat-chart] .main-svg");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
            await AxeAssert.NoSeriousViolationsAsync(page, "Words with a direction and a WEAT (light)");
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
            await page.WaitForTimeoutAsync(500); // the WEAT chart follows the theme after the re-render
            await page.WaitForSelectorAsync("[data-testid=weat-chart] .main-svg");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
            await AxeAssert.NoSeriousViolationsAsync(page, "Words with a direction and a WEAT (dark)");
        }
        finally { await page.Context.CloseAsync(); }
    }
}
