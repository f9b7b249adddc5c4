using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Images;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

/// <summary>The Images page in Chromium on the (narrowed) Emoji demo: thumbnails load, a click lists nearest images; axe clean.</summary>
[Collection(BrowserCollection.Name)]
public class ImagesBrowserTests(AppServerFixture app)
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_emoji_gallery_shows_pictures_and_a_click_shows_the_nearest_images(string theme)
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/images");
            await AppServerFixture.WaitForInteractiveAsync(page);
            var thumbs = page.Locator("[data-testid=gallery-image]");
            await thumbs.First.WaitForAsync();
            Assert.Contains(EmojiImagesDemoSource.SetName, await page.InputValueAsync("[data-testid=images-gallery] input"));
            Assert.Equal(24, await thumbs.CountAsync());
            // The thumbnail is a real picture served by /thumbs (decoded by the browser).
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=gallery-image] img'); return i && i.complete && i.naturalWidth > 0; }");
            var key = await thumbs.Nth(3).GetAttributeAsync("data-key");
            await thumbs.Nth(3).ClickAsync();
            var neighbours = page.Locator("[data-testid=image-neighbor]");
            await neighbours.First.WaitForAsync();
            Assert.Equal(12, await neighbours.CountAsync());
            Assert.Contains(key!, await page.InnerTextAsync("[data-testid=images-selected]"));
            var score = float.Parse(await page.Locator("[data-testid=image-neighbor-score]").First.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(score, 0.3f, 1f);
            if (Environment.GetEnvironmentVariable("EL_SCREENSHOTS") is { Length: > 0 } shots)
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"images-{theme}.png"), FullPage = true });
            await AxeAssert.NoSeriousViolationsAsync(page, $"Images ({theme})");
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally { await page.Context.CloseAsync(); }
    }
}
