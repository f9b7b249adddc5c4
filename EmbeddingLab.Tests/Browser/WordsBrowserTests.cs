using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class WordsBrowserTests(AppServerFixture app)
{
    /// <summary>Types a word into a word field and picks it from the suggestions (exact match listed first).</summary>
    private static async Task PickWordAsync(IPage page, string testId, string word)
    {
        await MudPicker.AutocompleteAsync(page, $"[data-testid={testId}]", word, MudPicker.Exactly(word),
            $"() => [...document.querySelectorAll('[data-testid={testId}]')].some(i => i.value === '{word}')");
    }

    [Fact]
    public async Task Demo_words_answer_king_minus_man_plus_woman_with_queen_and_show_it_in_the_projector()
    {
        var page = await app.OpenAsync("/words");
        try
        {
            await page.ClickAsync("[data-testid=word-set-select]");
            await page.ClickAsync("[data-testid=word-set-option][data-name='Words (demo)']");
            await page.Locator("[data-testid=first-words]").WaitForAsync();
            await PickWordAsync(page, "analogy-a", "man");
            await PickWordAsync(page, "analogy-b", "woman");
            await PickWordAsync(page, "analogy-c", "king");
            await page.ClickAsync("[data-testid=method-cosmul]");
            await page.ClickAsync("[data-testid=analogy-solve]");
            await page.Locator("[data-testid=analogy-panel]", new() { HasTextString = "3CosMul, the three" }).WaitForAsync();
            Assert.Equal("queen", (await page.InnerTextAsync("[data-testid=analogy-word] >> nth=0")).Trim());

            // An unknown word is a message in the page, not an error screen.
            await page.FillAsync("[data-testid=analogy-c]", "emperor"); // no suggestions: the typed text is the word
            await page.ClickAsync("[data-testid=analogy-solve]");
            Assert.Contains("\"emperor\" is not in this word set", await page.InnerTextAsync("[data-testid=analogy-error]"));
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            // The teaching questions evaluate as a background job into a per-section table and a bar chart.
            await page.ClickAsync("[data-testid=evaluation-teaching]");
            await page.WaitForSelectorAsync("[data-testid=evaluation-total]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Equal(6, await page.Locator("[data-testid=evaluation-section]").CountAsync());
            Assert.Contains("Total accuracy", await page.InnerTextAsync("[data-testid=evaluation-total]"));
            await page.WaitForSelectorAsync("[data-testid=evaluation-chart] .main-svg");
            await AxeAssert.NoSeriousViolationsAsync(page, "Words with answers and an evaluation");

            await PickWordAsync(page, "analogy-c", "king");
            await page.ClickAsync("[data-testid=analogy-solve]");
            await page.WaitForSelectorAsync("[data-testid=analogy-projector]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Equal("queen", (await page.InnerTextAsync("[data-testid=analogy-word] >> nth=0")).Trim());
            // README's Words screenshot (docs/screenshots/words-dark.png) in the dark theme: EL_SCREENSHOTS=folder writes it there.
            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } shots)
            {
                bool light = await page.GetAttributeAsync("body", "class") == "el-light";
                if (light) await page.ClickAsync("[data-testid=theme-toggle]");
                await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("class", "el-dark");
                await page.Mouse.MoveAsync(700, 80); // off the toggle, so its tooltip closes
                await page.WaitForTimeoutAsync(800); // the charts redraw in the new theme, the tooltip fades
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "words-dark.png") });
                if (light) await page.ClickAsync("[data-testid=theme-toggle]");
            }

            // Leaving the page and coming back keeps the answer.
            await page.ClickAsync("nav >> text=Songs");
            await page.Locator("h1", new() { HasTextString = "Songs" }).WaitForAsync();
            await page.ClickAsync("nav >> text=Words");
            await page.Locator("[data-testid=evaluation-total]").WaitForAsync();
            Assert.Equal("queen", (await page.InnerTextAsync("[data-testid=analogy-word] >> nth=0")).Trim());

            await page.ClickAsync("[data-testid=analogy-projector]");
            // Client-side navigation (no page load): wait for the projector to show the analogy overlay.
            await page.WaitForSelectorAsync("h1:has-text('Projector')");
            await page.Locator("[data-testid=overlay-note]", new() { HasTextString = "man → woman as king → queen" }).WaitForAsync();
            Assert.Contains("/projector", page.Url); // the projector keeps its view in the query (set, colour…)
        }
        finally { await page.Context.CloseAsync(); }
    }
}
