using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>Two eras of the State of the Union (years inclusive), as Hamilton, Leskovec and Jurafsky compare decades.</summary>
public sealed record SotuEraSplit(int FromA, int ToA, int FromB, int ToB)
{
    /// <summary>The 19th century against the post-war addresses.</summary>
    public static SotuEraSplit Default { get; } = new(1790, 1900, 1945, 2021);

    public string NameA => $"{FromA}–{ToA}";
    public string NameB => $"{FromB}–{ToB}";

    /// <summary>The problem with the split, or null when it is usable.</summary>
    public string? Problem()
    {
        if (FromA > ToA) return $"Era A starts after it ends ({FromA} > {ToA}).";
        if (FromB > ToB) return $"Era B starts after it ends ({FromB} > {ToB}).";
        if (FromA <= ToB && FromB <= ToA) return $"The eras overlap ({NameA} and {NameB}); choose years that do not.";
        return null;
    }
}

/// <summary>What a semantic-change run found, with the two eras' vectors (frequency column included).</summary>
public sealed record SotuEraChange(SotuEraSplit Split, EmbeddingSet EraA, EmbeddingSet EraB, SemanticChangeResult Change, int MinCount, TimeSpan Elapsed);

/// <summary>Progress of a semantic-change run: which era trains (A, B) or "aligning", with word2vec's own progress.</summary>
public sealed record SotuEraProgress(string Stage, double Fraction, Word2VecProgress? Training);

/// <summary>
/// The classic semantic-change demonstration on the State of the Union: word2vec (the <see cref="SotuWords"/> recipe:
/// running-text tokens, phrases, skip-gram) trained separately on two eras, the eras aligned by orthogonal Procrustes
/// on the words frequent enough in both (stop words left out), and the words ranked by how far they moved.
/// </summary>
public static class SotuEras
{
    /// <summary>Trains one era (or takes it from <paramref name="cached"/>), as <see cref="SotuWords.Train"/> does.</summary>
    public static EmbeddingSet TrainEra(IReadOnlyList<SotuAddress> addresses, WordLexicons? lexicons, int from, int to, SotuWordsOptions options,
        IProgress<Word2VecProgress>? progress, CancellationToken cancellationToken) =>
        SotuWords.Train(addresses, lexicons, options with { FromYear = from, ToYear = to }, progress, cancellationToken).Vectors;

    /// <param name="eraCache">Looks up an era already trained with these settings (key: years and settings), or null.</param>
    /// <param name="eraTrained">Called with each newly trained era and its key (to cache it).</param>
    public static SotuEraChange Run(IReadOnlyList<SotuAddress> addresses, WordLexicons? lexicons, SotuEraSplit split, int minCount = 50,
        SotuWordsOptions? options = null, int top = 20, int neighbors = 8, Func<string, EmbeddingSet?>? eraCache = null,
        Action<string, EmbeddingSet>? eraTrained = null, IProgress<SotuEraProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SotuWordsOptions();
        if (split.Problem() is { } problem) throw new ArgumentException(problem);
        if (minCount < 1) throw new ArgumentException($"The minimum count must be at least 1 (it is {minCount}).");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        EmbeddingSet Era(string stage, int from, int to, double start)
        {
            var key = CacheKey(from, to, options);
            if (eraCache?.Invoke(key) is { } cached)
            {
                progress?.Report(new SotuEraProgress($"Era {stage} ({from}–{to}) from the cache", start + 0.45, null));
                return cached;
            }
            progress?.Report(new SotuEraProgress($"Era {stage} ({from}–{to}): tokens and phrases", start, null));
            var inner = progress is null ? null : new Reporting.InlineProgress<Word2VecProgress>(p =>
                progress.Report(new SotuEraProgress($"Era {stage} ({from}–{to}): word2vec epoch {p.Epoch}/{p.Epochs}", start + 0.45 * p.Fraction, p)));
            var set = TrainEra(addresses, lexicons, from, to, options, inner, cancellationToken);
            eraTrained?.Invoke(key, set);
            return set;
        }
        var a = Era("A", split.FromA, split.ToA, 0);
        var b = Era("B", split.FromB, split.ToB, 0.45);
        progress?.Report(new SotuEraProgress("Aligning the eras (orthogonal Procrustes) and ranking the words", 0.92, null));
        var change = SemanticChange.Compute(a, b, minCount, top, neighbors, lexicons?.Stopwords, cancellationToken);
        return new SotuEraChange(split, a, b, change, minCount, clock.Elapsed);
    }

    /// <summary>Names one era's training (years and every setting that changes the vectors).</summary>
    public static string CacheKey(int from, int to, SotuWordsOptions options)
    {
        var w = options.Word2Vec;
        var phrases = options.Phrases is { } p ? $"phrases {p.MinCount}/{p.Threshold}" : "no phrases";
        return $"sotu-era {from}-{to} sg{(w.Sg ? 1 : 0)} d{w.VectorSize} w{w.Window} n{w.Negative} mc{w.MinCount} e{w.Epochs} seed{w.Seed} {phrases}";
    }
}
