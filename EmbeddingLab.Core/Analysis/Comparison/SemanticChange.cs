using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;
using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>A word whose meaning moved between two eras.</summary>
/// <param name="Change">Cosine distance between the word's vector in era A and its aligned vector from era B.</param>
public sealed record MovedWord(string Word, double Change, IReadOnlyList<string> NeighborsA, IReadOnlyList<string> NeighborsB);

public sealed record SemanticChangeResult(int SharedVocabulary, IReadOnlyList<MovedWord> MostChanged, IReadOnlyList<MovedWord> LeastChanged,
    IReadOnlyDictionary<string, double> ChangeByWord);

/// <summary>
/// Diachronic word change as Hamilton, Leskovec and Jurafsky (2016) measure it: two word2vec spaces (one per era) are
/// aligned by orthogonal Procrustes on their shared vocabulary (unit-length vectors, words frequent enough in both),
/// and a word's change is the cosine distance between its vector in era A and its rotated vector from era B.
/// </summary>
public static class SemanticChange
{
    /// <param name="minCount">Words need at least this count (metadata column <c>count</c> or <c>frequency</c>) in both eras.</param>
    public static SemanticChangeResult Compute(EmbeddingSet eraA, EmbeddingSet eraB, int minCount = 50, int top = 20, int neighbors = 8,
        IReadOnlySet<string>? exclude = null, CancellationToken cancellationToken = default)
    {
        var countA = Counts(eraA);
        var countB = Counts(eraB);
        var words = new List<string>();
        foreach (var w in eraA.Keys)
        {
            if (!eraB.Contains(w) || (exclude?.Contains(w) ?? false)) continue;
            if (countA is not null && countA.GetValueOrDefault(w) < minCount) continue;
            if (countB is not null && countB.GetValueOrDefault(w) < minCount) continue;
            words.Add(w);
        }
        if (words.Count < 10) throw new ArgumentException($"Only {words.Count} words are shared by both eras with count ≥ {minCount}; lower the minimum count or widen the eras.");
        if (eraA.Dimensions != eraB.Dimensions) throw new ArgumentException("Both eras must be trained with the same number of dimensions.");
        int d = eraA.Dimensions, n = words.Count;
        var a = new float[n * d];
        var b = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            eraA.UnitVector(eraA.IndexOf(words[i])).CopyTo(a.AsSpan(i * d, d));
            eraB.UnitVector(eraB.IndexOf(words[i])).CopyTo(b.AsSpan(i * d, d));
        }
        // R = U Vᵀ from the SVD of Aᵀ B: the rotation taking era B's space onto era A's.
        var m = CrossProduct.Compute(a, n, d, null, b, d, null, 0, cancellationToken);
        var svd = Matrix<double>.Build.Dense(d, d, (i, j) => m[i * d + j]).Svd(computeVectors: true);
        var r = svd.U * svd.VT;
        var rf = new float[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) rf[i * d + j] = (float)r[i, j];
        var change = new Dictionary<string, double>(StringComparer.Ordinal);
        var rotated = new float[d];
        for (int i = 0; i < n; i++)
        {
            var bi = b.AsSpan(i * d, d);
            for (int p = 0; p < d; p++) rotated[p] = TensorPrimitives.Dot(rf.AsSpan(p * d, d), bi);
            change[words[i]] = 1 - TensorPrimitives.CosineSimilarity(a.AsSpan(i * d, d), rotated);
        }
        var ordered = change.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        MovedWord Describe(KeyValuePair<string, double> kv) => new(kv.Key, kv.Value,
            eraA.MostSimilar(kv.Key, neighbors).Select(x => x.Key).ToList(), eraB.MostSimilar(kv.Key, neighbors).Select(x => x.Key).ToList());
        return new SemanticChangeResult(n, ordered.Take(top).Select(Describe).ToList(),
            ordered.AsEnumerable().Reverse().Take(top).Select(Describe).ToList(), change);
    }

    private static Dictionary<string, long>? Counts(EmbeddingSet set)
    {
        var column = set.Column("count") ?? set.Column("frequency");
        if (column is null) return null;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < set.Count; i++)
            counts[set.Keys[i]] = long.TryParse(column.Values[i], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : 0;
        return counts;
    }
}
