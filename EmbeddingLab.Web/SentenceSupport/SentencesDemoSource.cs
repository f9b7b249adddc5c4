using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>The built-in sentences (10 topics × 30) encoded with TF-IDF reduced to 50 dimensions by LSA.</summary>
public sealed class SentencesDemoSource : IDemoSetSource
{
    public const string SetName = "Sentences (demo, TF-IDF+LSA)";
    public const int Components = 50;

    public string Name => SetName;
    public string Kind => "Sentences";
    public string Description => $"{DemoSentences.All.Count} sentences written for EmbeddingLab on {DemoSentences.Topics.Count} topics, TF-IDF (sklearn defaults) + LSA to {Components} dimensions; metadata text and label.";
    public int Order => 5;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => BuildAsync(new Core.Reporting.InlineProgress<DemoBuildProgress>(_ => { }), cancellationToken);

    public Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken)
    {
        var texts = DemoSentences.All.Select(s => s.Text).ToArray();
        progress.Report(new DemoBuildProgress(0, "fitting TF-IDF and LSA"));
        var encoder = TfidfEncoder.Fit(texts, lsa: new TruncatedSvdOptions { NComponents = Components }, cancellationToken: cancellationToken);
        var labels = new MetadataColumn("label", DemoSentences.All.Select(s => s.Label).ToArray());
        var encoding = new Core.Reporting.InlineProgress<EncodingProgress>(p =>
            progress.Report(new DemoBuildProgress(p.Total == 0 ? null : (double)p.Done / p.Total, $"encoding {p.Done:N0} of {p.Total:N0} sentences")));
        return Task.FromResult(SentenceSets.Encode(encoder, texts, [labels], encoding, cancellationToken));
    }
}
