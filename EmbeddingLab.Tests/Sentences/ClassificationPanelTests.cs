using Bunit;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Sentences;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>The Sentences page's Classification panel in bUnit, on the demo sentences (300 sentences, 10 topics in "label").</summary>
public sealed class ClassificationPanelTests : MudTestContext
{
    private readonly string _models = Directory.CreateTempSubdirectory("el-classify-models-").FullName;

    public ClassificationPanelTests()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmbeddingLab:ModelsPath"] = _models,
        }).Build();
        Services.AddSingleton<IConfiguration>(config);
        AddSentencesServices();
        Services.AddScoped<ClassificationState>();
        Render<MudBlazor.MudPopoverProvider>();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Directory.Delete(_models, recursive: true);
    }

    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private ClassificationState Classify => Services.GetRequiredService<ClassificationState>();
    private SentencesState Sentences => Services.GetRequiredService<SentencesState>();

    private static async Task WaitAsync(BackgroundJob? job)
    {
        Assert.NotNull(job);
        await job.WaitAsync().WaitAsync(TimeSpan.FromSeconds(600)); // generous: the suite shares two cores
    }

    [Fact]
    public async Task Logistic_regression_on_the_demo_topics_shows_scores_classes_and_the_confusion_matrix()
    {
        var panel = Render<ClassificationPanel>();
        Assert.Equal("label", Classify.EffectiveColumn);
        panel.Find("[data-testid=classify-run]").Click();
        await WaitAsync(Classify.Job);
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=classify-result]")), Slow);

        // The same cross-validation run directly on the page's vectors.
        var expected = Classifier.Run(Sentences.Set!, new ClassificationRequest { Column = "label" });
        Assert.Equal(expected.Metrics.Accuracy.ToString("P1", System.Globalization.CultureInfo.InvariantCulture),
            panel.Find("[data-testid=classify-accuracy]").TextContent.Trim());
        Assert.Equal(expected.Metrics.MacroF1.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
            panel.Find("[data-testid=classify-macro-f1]").TextContent.Trim());
        Assert.True(expected.Metrics.Accuracy > 0.3, $"TF-IDF on 10 written topics should be far above chance (0.1), was {expected.Metrics.Accuracy}"); // sklearn: 0.44
        var rows = panel.FindAll("[data-testid=classify-classes] tbody tr");
        Assert.Equal(DemoSentences.Topics.Count, rows.Count);
        Assert.Equal("10", panel.Find("[data-testid=classify-confusion]").GetAttribute("data-classes"));
        Assert.Contains("logistic regression", panel.Find("[data-testid=classify-caption]").TextContent);
        Assert.Contains("300 sentences", panel.Find("[data-testid=classify-caption]").TextContent);
    }

    [Fact]
    public async Task Knn_with_k_and_folds_runs_as_chosen()
    {
        var panel = Render<ClassificationPanel>();
        Classify.Method = ClassificationMethod.KNeighbors;
        Classify.K = 3;
        Classify.Folds = 4;
        Classify.Seed = 9;
        panel.Render();
        panel.Find("[data-testid=classify-run]").Click();
        await WaitAsync(Classify.Job);
        panel.WaitForAssertion(() => Assert.Contains("k-NN, k = 3, cosine; 4-fold stratified CV, seed 9", panel.Find("[data-testid=classify-caption]").TextContent), Slow);
        Assert.Equal(4, Classify.Outcome!.Result.FoldAccuracies.Count);
        var expected = Classifier.Run(Sentences.Set!, new ClassificationRequest
        {
            Column = "label",
            Method = ClassificationMethod.KNeighbors,
            KNeighbors = new KNeighborsOptions { NNeighbors = 3 },
            Folds = new StratifiedKFoldOptions { NSplits = 4, RandomState = 9 },
        });
        Assert.Equal(expected.Predicted, Classify.Outcome.Result.Predicted);
    }

    [Fact]
    public async Task Compare_encoders_fills_one_row_per_encoder_with_its_scores()
    {
        var panel = Render<ClassificationPanel>();
        panel.Find("[data-testid=classify-compare]").Click();
        await WaitAsync(Classify.CompareJob);
        panel.WaitForAssertion(() => Assert.Equal(3, panel.FindAll("[data-testid=compare-table] tbody tr").Count), Slow);
        var text = panel.Find("[data-testid=compare-table]").TextContent;
        Assert.Contains("bag-of-words", text);
        Assert.Contains("TF-IDF + LSA (50)", text);
        // No word set or model in this workspace: those encoders are not offered.
        Assert.DoesNotContain("SIF", text);
        var tfidf = Classify.Comparison!.Single(r => r.Encoder == "TF-IDF");
        var texts = DemoSentences.All.Select(s => s.Text).ToArray();
        var set = SentenceSets.Encode(TfidfEncoder.Fit(texts, null, null), texts,
            [new Core.Vectors.MetadataColumn("label", DemoSentences.All.Select(s => s.Label).ToArray())]);
        var expected = Classifier.Run(set, new ClassificationRequest { Column = "label" });
        Assert.Equal(expected.Metrics.Accuracy, tfidf.Accuracy!.Value, 12);
        Assert.Equal(expected.Metrics.MacroF1, tfidf.MacroF1!.Value, 12);
        Assert.All(Classify.Comparison!, r => Assert.True(r.Seconds > 0));
    }

    [Fact]
    public async Task Cancel_stops_the_comparison()
    {
        var panel = Render<ClassificationPanel>();
        panel.Find("[data-testid=classify-compare]").Click();
        var job = Classify.CompareJob!;
        panel.WaitForAssertion(() => panel.Find("[data-testid=compare-job] [data-testid=job-cancel]").Click(), Slow);
        await job.WaitAsync().WaitAsync(TimeSpan.FromSeconds(600));
        Assert.True(job.State is JobState.Cancelled or JobState.Succeeded, job.State.ToString());
        if (job.State == JobState.Cancelled)
            panel.WaitForAssertion(() => Assert.Contains("Cancelled", panel.Find("[data-testid=compare-job]").TextContent), Slow);
    }

    [Fact]
    public async Task Sentences_without_a_categorical_column_say_so()
    {
        Sentences.EnsureStarted();
        Sentences.Pasted = "the cat sat\nthe dog ran\na star in the sky";
        Sentences.UsePasted();
        await WaitAsync(Sentences.EncodeJob);
        var panel = Render<ClassificationPanel>();
        panel.WaitForAssertion(() => Assert.Contains("no categorical column", panel.Find("[data-testid=classify-none]").TextContent), Slow);
        Assert.Empty(panel.FindAll("[data-testid=classify-run]"));
    }

    [Fact]
    public void Bad_settings_are_refused_with_a_message_and_no_job()
    {
        var panel = Render<ClassificationPanel>();
        Classify.Folds = 1;
        panel.Find("[data-testid=classify-run]").Click();
        panel.WaitForAssertion(() => Assert.Equal("Folds must be between 2 and 20.", panel.Find("[data-testid=classify-error]").TextContent.Trim()), Slow);
        Assert.Null(Classify.Job);
    }
}
