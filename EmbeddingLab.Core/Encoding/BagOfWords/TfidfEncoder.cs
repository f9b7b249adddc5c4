using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Limits;

namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// TF-IDF (or plain counts) of a fitted vocabulary as a sentence encoder; optionally reduced to k dimensions by a
/// fitted truncated SVD (LSA), which makes the vectors dense and short enough to compare and project well.
/// Fit once on a corpus, then encode any sentences against that vocabulary (unknown words are ignored).
/// </summary>
public sealed class TfidfEncoder : ISentenceEncoder
{
    private TfidfEncoder(TfidfVectorizer vectorizer, TruncatedSvd? svd, bool countsOnly)
    {
        Vectorizer = vectorizer;
        Svd = svd;
        CountsOnly = countsOnly;
    }

    public TfidfVectorizer Vectorizer { get; }

    /// <summary>The LSA projection, or null for full-vocabulary vectors.</summary>
    public TruncatedSvd? Svd { get; }

    /// <summary>Raw term counts (CountVectorizer) instead of TF-IDF.</summary>
    public bool CountsOnly { get; }

    /// <summary>Memory an encode may take; full-vocabulary vectors are dense sentences × terms, sized before they are made.</summary>
    public MemoryBudget Budget { get; private init; } = MemoryBudget.Unlimited;

    /// <summary>The same fitted encoder with a memory bound on its encodes.</summary>
    public TfidfEncoder WithBudget(MemoryBudget budget) => new(Vectorizer, Svd, CountsOnly) { Budget = budget };

    public string Name => (CountsOnly ? "bow" : "tfidf") + (Svd is null ? "" : $"+lsa{Svd.NComponents}");

    public int Dimensions => Svd?.NComponents ?? Vectorizer.Vocabulary.Count;

    /// <summary>Fits TF-IDF on <paramref name="corpus"/>, and an LSA projection to <paramref name="lsa"/>.NComponents dimensions when given.</summary>
    public static TfidfEncoder Fit(IReadOnlyList<string> corpus, TfidfOptions? options = null, TruncatedSvdOptions? lsa = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var vectorizer = TfidfVectorizer.Fit(corpus, options, progress, cancellationToken);
        TruncatedSvd? svd = null;
        if (lsa is not null)
        {
            if (lsa.NComponents > vectorizer.Vocabulary.Count || lsa.NComponents > corpus.Count)
                lsa = lsa with { NComponents = Math.Min(vectorizer.Vocabulary.Count, corpus.Count) };
            svd = TruncatedSvd.Fit(vectorizer.Transform(corpus, null, cancellationToken), lsa, cancellationToken);
        }
        return new TfidfEncoder(vectorizer, svd, countsOnly: false);
    }

    /// <summary>Bag-of-words term counts (sklearn CountVectorizer) fitted on <paramref name="corpus"/>.</summary>
    public static TfidfEncoder FitCounts(IReadOnlyList<string> corpus, BagOfWordsOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var o = options is null ? new TfidfOptions() : new TfidfOptions
        {
            Lowercase = options.Lowercase, MinDf = options.MinDf, MaxDf = options.MaxDf, MaxFeatures = options.MaxFeatures, Binary = options.Binary,
        };
        var vectorizer = TfidfVectorizer.Fit(corpus, o with { UseIdf = false, Norm = TfidfNorm.None }, progress, cancellationToken);
        return new TfidfEncoder(vectorizer, null, countsOnly: true);
    }

    public float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Svd is null)
            Budget.Ensure(MemoryBudget.FloatMatrixBytes(sentences.Count, Vectorizer.Vocabulary.Count),
                $"encoding {sentences.Count:N0} sentences over a vocabulary of {Vectorizer.Vocabulary.Count:N0} terms (a dense {sentences.Count:N0} × {Vectorizer.Vocabulary.Count:N0} matrix)");
        var rows = Vectorizer.Transform(sentences, progress, cancellationToken);
        if (Svd is null) return rows.ToDense(Budget);
        var reduced = Svd.Transform(rows);
        var result = new float[reduced.Length];
        for (int i = 0; i < reduced.Length; i++) result[i] = (float)reduced[i];
        return result;
    }
}
