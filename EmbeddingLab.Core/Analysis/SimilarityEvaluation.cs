using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Analysis;

/// <summary>Pearson and Spearman correlation between gold scores and one kind of embedding score.</summary>
public sealed record SimilarityCorrelation(string Score, double Pearson, double Spearman);

/// <summary>The result of an STS evaluation: one row per score kind (cosine, euclidean, manhattan, dot).</summary>
public sealed record SimilarityEvaluationResult(int Pairs, IReadOnlyList<SimilarityCorrelation> Scores)
{
    public SimilarityCorrelation this[string score] =>
        Scores.FirstOrDefault(s => s.Score == score) ?? throw new KeyNotFoundException($"No score \"{score}\"; scores are {string.Join(", ", Scores.Select(s => s.Score))}.");
}

/// <summary>
/// Semantic textual similarity evaluation as sentence-transformers' EmbeddingSimilarityEvaluator: for each pair,
/// cosine similarity (1 − cosine distance), negative euclidean and negative manhattan distance (higher = more
/// similar) and the dot product; each is correlated with the gold scores by Pearson and Spearman (average ranks).
/// </summary>
public static class SimilarityEvaluation
{
    public static readonly IReadOnlyList<string> ScoreNames = ["cosine", "euclidean", "manhattan", "dot"];

    /// <param name="first">Row-major embeddings of the first sentence of each pair (pairs × dimensions).</param>
    /// <param name="second">Row-major embeddings of the second sentence of each pair.</param>
    /// <param name="gold">Gold similarity of each pair (any scale).</param>
    public static SimilarityEvaluationResult Evaluate(ReadOnlySpan<float> first, ReadOnlySpan<float> second, int dimensions, IReadOnlyList<double> gold)
    {
        if (dimensions <= 0) throw new ArgumentOutOfRangeException(nameof(dimensions));
        int n = gold.Count;
        if (first.Length != n * dimensions || second.Length != n * dimensions)
            throw new ArgumentException($"Expected {n} embeddings of {dimensions} dimensions on each side of the pairs.");
        if (n < 2) throw new ArgumentException("An STS evaluation needs at least two pairs.");
        var cosine = new double[n];
        var euclidean = new double[n];
        var manhattan = new double[n];
        var dot = new double[n];
        for (int i = 0; i < n; i++)
        {
            var a = first.Slice(i * dimensions, dimensions);
            var b = second.Slice(i * dimensions, dimensions);
            cosine[i] = Vectors.Similarity.Cosine(a, b);
            euclidean[i] = -TensorPrimitives.Distance(a, b);
            manhattan[i] = -Vectors.Similarity.Manhattan(a, b);
            dot[i] = TensorPrimitives.Dot(a, b);
        }
        var g = gold.ToArray();
        return new SimilarityEvaluationResult(n,
        [
            new("cosine", Correlation.Pearson(cosine, g), Correlation.Spearman(cosine, g)),
            new("euclidean", Correlation.Pearson(euclidean, g), Correlation.Spearman(euclidean, g)),
            new("manhattan", Correlation.Pearson(manhattan, g), Correlation.Spearman(manhattan, g)),
            new("dot", Correlation.Pearson(dot, g), Correlation.Spearman(dot, g)),
        ]);
    }

    /// <summary>Encodes both sides of the pairs with <paramref name="encoder"/> and evaluates.</summary>
    public static SimilarityEvaluationResult Evaluate(Encoding.ISentenceEncoder encoder, IReadOnlyList<SentencePair> pairs,
        IProgress<Encoding.EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (first, second) = EncodePairs(encoder, pairs, progress, cancellationToken);
        return Evaluate(first, second, encoder.Dimensions, pairs.Select(p => p.Score).ToArray());
    }

    /// <summary>
    /// Row-major embeddings of the first and of the second sentence of each pair (pairs × encoder.Dimensions), each
    /// distinct sentence encoded once; progress counts distinct sentences.
    /// </summary>
    public static (float[] First, float[] Second) EncodePairs(Encoding.ISentenceEncoder encoder, IReadOnlyList<SentencePair> pairs,
        IProgress<Encoding.EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var distinct = pairs.SelectMany(p => new[] { p.Sentence1, p.Sentence2 }).Distinct(StringComparer.Ordinal).ToList();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < distinct.Count; i++) rowOf[distinct[i]] = i;
        var matrix = encoder.Encode(distinct, progress, cancellationToken);
        int d = encoder.Dimensions;
        var first = new float[pairs.Count * d];
        var second = new float[pairs.Count * d];
        for (int i = 0; i < pairs.Count; i++)
        {
            matrix.AsSpan(rowOf[pairs[i].Sentence1] * d, d).CopyTo(first.AsSpan(i * d, d));
            matrix.AsSpan(rowOf[pairs[i].Sentence2] * d, d).CopyTo(second.AsSpan(i * d, d));
        }
        return (first, second);
    }
}

/// <summary>Two sentences and their gold similarity.</summary>
public sealed record SentencePair(string Sentence1, string Sentence2, double Score);
