using EmbeddingLab.Tests.Encoding;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Sentences;

[Collection(BrowserCollection.Name)]
public class SentencesTransformerBrowserTests(AppServerFixture app)
{
    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Chooses an option of a MudSelect (its data-testid is on the combobox showing the chosen text): opens the list and clicks the item.</summary>
    internal static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("([id, text]) => document.querySelector(`[data-testid=${id}]`)?.textContent.trim() === text", new[] { testId, option });
    }

    private static async Task EncodeAndWaitAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=encode]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=encode-job] [data-testid=job-panel]')?.dataset.state === 'Succeeded'");
    }

    [Fact]
    public async Task A_model_folder_in_the_models_path_is_offered_and_encodes_the_demo_for_search()
    {
        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(app.ModelsPath, "tiny-bert"));
        var page = await app.OpenAsync("/sentences");
        try
        {
            await ChooseAsync(page, "encoder-select", "Transformer model (ONNX)");
            await ChooseAsync(page, "model-select", "tiny-bert");
            await EncodeAndWaitAsync(page);
            var summary = await page.TextContentAsync("[data-testid=encoded-summary]");
            Assert.Contains("Encoded with transformer:tiny-bert: 300 ×", summary);

            // Searching with a demo sentence's own text ranks that sentence first with cosine 1.
            const string sentence = "Our goalkeeper saved a penalty in the last minute of the game.";
            await page.FillAsync("[data-testid=search-query]", sentence);
            await page.ClickAsync("[data-testid=search]");
            var first = page.Locator("[data-testid=search-result]").First;
            await first.WaitForAsync();
            Assert.Equal(5, await page.Locator("[data-testid=search-result]").CountAsync());
            Assert.Equal(sentence, await first.TextContentAsync());
            Assert.Equal("1.000", await page.Locator("[data-testid=search-results] tbody tr").First.Locator("td.el-score").TextContentAsync());
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task Downloading_from_the_hub_offers_the_model_and_a_missing_model_fails_readably()
    {
        var page = await app.OpenAsync("/sentences");
        try
        {
            await page.FillAsync("[data-testid=hub-id]", "embeddinglab-test/no-such-model");
            await page.ClickAsync("[data-testid=download]");
            var error = page.Locator("[data-testid=transformer-models] [data-testid=job-error]");
            await error.WaitForAsync();
            Assert.Contains("has no ONNX weights", await error.TextContentAsync());

            await page.FillAsync("[data-testid=hub-id]", AppServerFixture.HubModelId);
            await page.ClickAsync("[data-testid=download]");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=transformer-models] [data-testid=job-panel]')?.dataset.state === 'Succeeded'");
            // The downloaded model becomes the chosen encoder.
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=encoder-select]')?.textContent.trim() === 'Transformer model (ONNX)'");
            Assert.Equal(AppServerFixture.HubModelId, (await page.TextContentAsync("[data-testid=model-select]"))!.Trim());
            Assert.True(File.Exists(Path.Combine(app.ModelsPath, "embeddinglab-test--tiny-bert", "main", "onnx", "model.onnx")));

            await EncodeAndWaitAsync(page);
            Assert.Contains($"Encoded with transformer:{AppServerFixture.HubModelId}: 300 ×", await page.TextContentAsync("[data-testid=encoded-summary]"));
        }
        finally { await page.Context.CloseAsync(); }
    }
}
