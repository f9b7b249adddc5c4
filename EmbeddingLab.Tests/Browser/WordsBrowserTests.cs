using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class WordsBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task Demo_words_answer_king_minus_man_plus_woman_with_queen_and_show_it_in_the_projector()
    {
        var page = await app.OpenAsync("/words");
        try
        {
            await page.SelectOptionAsync("[data-testid=word-set-select]", "Words (demo)");
            await page.FillAsync("[data-testid=analogy-a]", "man");
            await page.FillAsync("[data-testid=analogy-b]", "woman");
            await page.FillAsync("[data-testid=analogy-c]", "king");
            await page.ClickAsync("label[for=method-cosmul]");
            await page.ClickAsync("[data-testid=analogy-solve]");
            await page.WaitForSelectorAsync("[data-testid=analogy-results]");
            Assert.Contains("3CosMul", await page.InnerTextAsync("[data-testid=analogy-panel]"));
            Assert.Equal("queen", (await page.InnerTextAsync("[data-testid=analogy-word] >> nth=0")).Trim());

            // An unknown word is a message in the page, not an error screen.
            await page.FillAsync("[data-testid=analogy-c]", "emperor");
            await page.ClickAsync("[data-testid=analogy-solve]");
            Assert.Contains("\"emperor\" is not in this word set", await page.InnerTextAsync("[data-testid=analogy-error]"));
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));

            // The teaching questions evaluate as a background job into a per-section table.
            await page.ClickAsync("[data-testid=evaluation-teaching]");
            await page.WaitForSelectorAsync("[data-testid=evaluation-total]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Equal(6, await page.Locator("[data-testid=evaluation-section]").CountAsync());
            Assert.Contains("Total accuracy", await page.InnerTextAsync("[data-testid=evaluation-total]"));

            await page.FillAsync("[data-testid=analogy-c]", "king");
            await page.ClickAsync("[data-testid=analogy-solve]");
            await page.WaitForSelectorAsync("[data-testid=analogy-projector]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            Assert.Equal("queen", (await page.InnerTextAsync("[data-testid=analogy-word] >> nth=0")).Trim());
            await page.ClickAsync("[data-testid=analogy-projector]");
            // Client-side navigation (no page load): wait for the projector to show the analogy overlay.
            await page.WaitForSelectorAsync("h1:has-text('Projector')");
            await page.Locator("[data-testid=overlay-note]", new() { HasTextString = "man → woman as king → queen" }).WaitForAsync();
            Assert.EndsWith("/projector", page.Url);
        }
        finally { await page.Context.CloseAsync(); }
    }
}
