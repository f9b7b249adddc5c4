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

public class SentencesPageTests
{
    private static void Services(IServiceCollection services)
    {
        services.AddSingleton(new DemoLibrary([], NullLogger<DemoLibrary>.Instance));
        services.AddScoped<SessionWorkspace>();
        services.AddScoped(_ => new JobRunner(NullLogger<JobRunner>.Instance));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:ModelsPath"] = "/srv/models" }).Build());
        services.AddSingleton<IJSRuntime, NoJsRuntime>();
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
        Assert.Contains("/srv/models", doc.Body!.TextContent); // says where transformer models go
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
