using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Sentences;

[Collection(BrowserCollection.Name)]
public class SentencesBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task Semantic_search_on_the_demo_finds_the_topic_and_sends_to_the_projector()
    {
        var page = await app.OpenAsync("/sentences");
        try
        {
            await page.FillAsync("[data-testid=search-query]", "the goalkeeper and the striker in the stadium");
            await page.ClickAsync("[data-testid=search]");
            var first = page.Locator("[data-testid=search-result]").First;
            await first.WaitForAsync();
            Assert.Equal("football", await first.GetAttributeAsync("data-label"));

            await page.FillAsync("[data-testid=search-query]", "planets and stars seen through a telescope");
            await page.ClickAsync("[data-testid=search]");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=search-result]')?.dataset.label === 'astronomy'");

            await page.ClickAsync("[data-testid=send-to-projector]");
            await page.WaitForFunctionAsync("() => location.pathname === '/projector'");
            await page.WaitForSelectorAsync("h1:has-text('Projector')");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally { await page.Context.CloseAsync(); }
    }
}
