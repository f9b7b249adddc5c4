using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Encoding;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Pages;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace EmbeddingLab.Tests.Sentences;

public sealed class SentencesPageTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("el-page-models-").FullName;

    public void Dispose() => Directory.Delete(_models, recursive: true);

    private void Services(IServiceCollection services)
    {
        services.AddSingleton(new DemoLibrary([], NullLogger<DemoLibrary>.Instance));
        services.AddScoped<SessionWorkspace>();
        services.AddScoped(_ => new JobRunner(NullLogger<JobRunner>.Instance));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:ModelsPath"] = _models }).Build();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(new TransformerModels(config, new EmbeddingLab.Web.Downloads.DownloadSettings(config)));
        services.AddSingleton<IJSRuntime, NoJsRuntime>();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string[] EncoderOptions(AngleSharp.Dom.IDocument doc) =>
        doc.QuerySelectorAll("[data-testid=encoder-select] option").Select(o => o.GetAttribute("value")!).ToArray();

    [Fact]
    public async Task Without_a_model_folder_the_transformer_is_not_offered_and_the_page_says_how_to_add_one()
    {
        var doc = await ComponentHarness.RenderAsync<EmbeddingLab.Web.Components.Pages.Sentences>(null, Services);
        Assert.DoesNotContain("transformer", EncoderOptions(doc));
        Assert.Contains("tfidf", EncoderOptions(doc));
        var help = doc.QuerySelector("[data-testid=no-models]")!.TextContent;
        Assert.Contains("download it by id", help);
        Assert.Contains("onnx/model.onnx", help);
        Assert.Equal(_models, doc.QuerySelector("[data-testid=models-path]")!.TextContent);
        Assert.NotNull(doc.QuerySelector("[data-testid=hub-id]"));
        Assert.NotNull(doc.QuerySelector("[data-testid=download]"));
    }

    [Fact]
    public async Task A_model_folder_and_a_finished_hub_download_are_offered_but_an_unfinished_download_is_not()
    {
        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(_models, "tiny-bert"));
        // A finished hub download (marker written by ModelHub) and one that stopped before its marker.
        var hubDir = Path.Combine(_models, "test-org--done", "main");
        CopyDirectory(EncodingTestPaths.TinyBert, hubDir);
        File.WriteAllText(Path.Combine(hubDir, ".embeddinglab-complete"), "onnx/model.onnx\n");
        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(_models, "test-org--partial", "main"));
        Directory.CreateDirectory(Path.Combine(_models, "not-a-model"));

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:ModelsPath"] = _models }).Build();
        Assert.Equal(["test-org/done", "tiny-bert"], new TransformerModels(config, new EmbeddingLab.Web.Downloads.DownloadSettings(config)).List().Select(m => m.Label).ToArray());

        var doc = await ComponentHarness.RenderAsync<EmbeddingLab.Web.Components.Pages.Sentences>(null, Services);
        Assert.Contains("transformer", EncoderOptions(doc));
        Assert.Null(doc.QuerySelector("[data-testid=no-models]"));
        Assert.Contains("2 models found: test-org/done, tiny-bert", doc.QuerySelector("[data-testid=models-found]")!.TextContent);
    }

    [Fact]
    public void The_transformer_choice_encodes_the_demo_sentences_and_search_finds_them()
    {
        var texts = DemoSentences.All.Select(s => s.Text).ToArray();
        using var encoder = (IDisposable)SentenceEncoderFactory.Build(new EncoderChoice("transformer", ModelFolder: EncodingTestPaths.TinyBert), texts, _ => null, null, default);
        var sentenceEncoder = (EmbeddingLab.Core.Encoding.ISentenceEncoder)encoder;
        var set = EmbeddingLab.Core.Encoding.SentenceSets.Encode(sentenceEncoder, texts);
        Assert.Equal(texts.Length, set.Count);
        // A sentence's own text is its nearest neighbour (random weights still map identical input to identical vectors).
        var hits = set.MostSimilarToVector(sentenceEncoder.Encode([texts[42]]), 3);
        Assert.Equal(42, hits[0].Index);
        Assert.Equal(1.0, hits[0].Score, 4);

        var e = Assert.Throws<ArgumentException>(() => SentenceEncoderFactory.Build(new EncoderChoice("transformer"), texts, _ => null, null, default));
        Assert.Contains("transformer model", e.Message);
    }

    [Fact]
    public async Task Opens_with_the_demo_sentences_encoded_and_a_labelled_heatmap()
    {
        var doc = await ComponentHarness.RenderAsync<EmbeddingLab.Web.Components.Pages.Sentences>(null, Services);
        Assert.Contains("300 sentences", doc.QuerySelector("[data-testid=sentence-source]")!.TextContent);
        var summary = doc.QuerySelector("[data-testid=encoded-summary]")!.TextContent;
        Assert.Contains("Encoded with tfidf: 300 ×", summary);
        var heatmap = doc.QuerySelector("[data-testid=heatmap]")!;
        var rows = heatmap.QuerySelectorAll("tbody tr");
        Assert.Equal(30, rows.Length); // 3 per label × 10 topics
        Assert.StartsWith("1. [cooking]", rows[0].QuerySelector("th")!.TextContent);
        Assert.Equal("1.00", rows[0].QuerySelectorAll("td")[0].TextContent); // a sentence is identical to itself
        Assert.Contains(_models, doc.Body!.TextContent); // says where transformer models go
        Assert.Null(doc.QuerySelector("[data-testid=sentences-error]"));
    }

    [Fact]
    public void Factory_requires_a_word_set_for_averaged_vectors()
    {
        var e = Assert.Throws<ArgumentException>(() => SentenceEncoderFactory.Build(new EncoderChoice("mean"), ["a b"], _ => null, null, default));
        Assert.Contains("word vector set", e.Message);
    }

    private sealed class NoJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => throw new InvalidOperationException("No JS in component tests.");
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => throw new InvalidOperationException("No JS in component tests.");
    }
}
