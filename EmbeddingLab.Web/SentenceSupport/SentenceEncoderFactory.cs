using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Core.Encoding.WordVectors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>What the user picked on the Sentences page.</summary>
public sealed record EncoderChoice(string Kind, int LsaComponents = 50, string? WordSet = null, string? ModelFolder = null)
{
    public static readonly IReadOnlyList<(string Kind, string Title)> Kinds =
    [
        ("tfidf", "TF-IDF (full vocabulary)"),
        ("lsa", "TF-IDF + LSA (k dimensions)"),
        ("bow", "Bag-of-words counts"),
        ("mean", "Mean of word vectors"),
        ("sif", "SIF-weighted word vectors"),
        ("transformer", "Transformer model (ONNX)"),
    ];

    public bool NeedsWords => Kind is "mean" or "sif";
    public bool NeedsModel => Kind == "transformer";
}

/// <summary>
/// Builds (fits) the chosen encoder on the page's sentences. A transformer encoder runs on the app's shared session
/// for its model when <c>sessions</c> is given (the web states pass the DI singleton); the caller still disposes the encoder.
/// </summary>
public static class SentenceEncoderFactory
{
    /// <param name="budget">The job's memory bound: full-vocabulary encodes (sentences × terms, dense), SIF and transformer encodes are sized against it first.</param>
    public static ISentenceEncoder Build(EncoderChoice choice, IReadOnlyList<string> corpus, Func<string, EmbeddingSet?> findSet,
        IProgress<EncodingProgress>? progress, CancellationToken cancellationToken, Core.Limits.MemoryBudget? budget = null,
        Core.Encoding.Onnx.OnnxSessionCache? sessions = null)
    {
        budget ??= Core.Limits.MemoryBudget.Default;
        switch (choice.Kind)
        {
            case "tfidf": return TfidfEncoder.Fit(corpus, null, null, progress, cancellationToken).WithBudget(budget);
            case "bow": return TfidfEncoder.FitCounts(corpus, null, progress, cancellationToken).WithBudget(budget);
            case "lsa":
                if (choice.LsaComponents < 1) throw new ArgumentException("LSA needs at least 1 dimension.");
                return TfidfEncoder.Fit(corpus, null, new TruncatedSvdOptions { NComponents = choice.LsaComponents }, progress, cancellationToken);
            case "mean":
            case "sif":
                if (string.IsNullOrEmpty(choice.WordSet)) throw new ArgumentException("Choose a word vector set for the averaged word vectors.");
                var words = findSet(choice.WordSet) ?? throw new ArgumentException($"The workspace has no set \"{choice.WordSet}\" any more.");
                return choice.Kind == "mean"
                    ? new MeanWordVectorEncoder(words)
                    : SifEncoder.Fit(words, corpus, new SifOptions { FrequencyColumn = words.Column("count") is { IsNumeric: true } ? "count" : null, Budget = budget }, progress, cancellationToken);
            case "transformer":
                if (string.IsNullOrEmpty(choice.ModelFolder)) throw new ArgumentException("Choose a transformer model folder.");
                cancellationToken.ThrowIfCancellationRequested();
                return TransformerEncoder.Load(choice.ModelFolder, new TransformerEncoderOptions(Budget: budget), sessions);
            default: throw new ArgumentException($"Unknown encoder \"{choice.Kind}\".");
        }
    }
}
