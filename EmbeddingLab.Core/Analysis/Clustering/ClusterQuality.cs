using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>Silhouette on the rows it was computed on (all, or a seeded sample), and how many those were.</summary>
public sealed record SilhouetteScore(double Value, int SampleSize, bool Sampled);

/// <summary>
/// Clustering quality with scikit-learn's definitions: <c>silhouette_score</c> (Euclidean), <c>adjusted_rand_score</c>,
/// <c>normalized_mutual_info_score</c> (arithmetic mean of the two entropies).
/// </summary>
public static class ClusterQuality
{
    /// <summary>
    /// Mean silhouette (b − a) / max(a, b) over the rows with a label ≥ 0 (noise is left out), or over a seeded
    /// uniform sample of them of <paramref name="sampleSize"/> rows when there are more (sklearn's <c>sample_size</c>:
    /// distances only among the sampled rows). Null when fewer than 2 or as many clusters as rows remain.
    /// A row alone in its cluster scores 0.
    /// </summary>
    public static SilhouetteScore? Silhouette(float[] data, int n, int d, IReadOnlyList<int> labels, int sampleSize = 4000, int seed = 0,
        int threads = 0, CancellationToken cancellationToken = default)
    {
        var rows = new List<int>(n);
        for (int i = 0; i < n; i++) if (labels[i] >= 0) rows.Add(i);
        bool sampled = false;
        if (sampleSize > 0 && rows.Count > sampleSize)
        {
            var random = new Random(seed);
            var all = rows.ToArray();
            for (int i = 0; i < sampleSize; i++)
            {
                int j = random.Next(i, all.Length);
                (all[i], all[j]) = (all[j], all[i]);
            }
            rows = all[..sampleSize].ToList();
            sampled = true;
        }
        int s = rows.Count;
        // Dense cluster ids among the chosen rows.
        var ids = new Dictionary<int, int>();
        var local = new int[s];
        for (int i = 0; i < s; i++)
        {
            int l = labels[rows[i]];
            if (!ids.TryGetValue(l, out int id)) { id = ids.Count; ids[l] = id; }
            local[i] = id;
        }
        int k = ids.Count;
        if (k < 2 || k > s - 1) return null;
        var sizes = new int[k];
        foreach (var l in local) sizes[l]++;
        var packed = new float[s * d];
        for (int i = 0; i < s; i++) data.AsSpan(rows[i] * d, d).CopyTo(packed.AsSpan(i * d, d));
        var scores = new double[s];
        ParallelRanges.For(s, 64, ParallelRanges.ResolveThreads(threads), (_, start, end) =>
        {
            var sums = new double[k];
            for (int i = start; i < end; i++)
            {
                Array.Clear(sums);
                var x = packed.AsSpan(i * d, d);
                for (int j = 0; j < s; j++)
                    if (j != i) sums[local[j]] += Math.Sqrt(KMeans.SquaredDistance(x, packed.AsSpan(j * d, d)));
                int own = local[i];
                if (sizes[own] == 1) { scores[i] = 0; continue; }
                double a = sums[own] / (sizes[own] - 1);
                double b = double.PositiveInfinity;
                for (int c = 0; c < k; c++) if (c != own) b = Math.Min(b, sums[c] / sizes[c]);
                double m = Math.Max(a, b);
                scores[i] = m > 0 ? (b - a) / m : 0;
            }
        }, cancellationToken);
        double total = 0;
        foreach (var v in scores) total += v;
        return new SilhouetteScore(total / s, s, sampled);
    }

    /// <summary>sklearn <c>adjusted_rand_score</c> via the pair confusion matrix (1 when the two partitions are identical).</summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        var (table, rowSums, colSums, n) = Contingency(truth, predicted);
        // Pairs in the same cluster in both (tp), etc., as sklearn's pair_confusion_matrix (ordered pairs).
        double sumSquares = 0;
        foreach (var v in table.Values) sumSquares += (double)v * v;
        double rows2 = 0, cols2 = 0;
        foreach (var v in rowSums.Values) rows2 += (double)v * v;
        foreach (var v in colSums.Values) cols2 += (double)v * v;
        double nn = n;
        double tp = sumSquares - nn;
        double fp = cols2 - sumSquares;   // same predicted cluster, different true class
        double fn = rows2 - sumSquares;   // same true class, different predicted cluster
        double tn = nn * nn - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) return 1.0;
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    /// <summary>sklearn <c>normalized_mutual_info_score(average_method="arithmetic")</c>.</summary>
    public static double NormalizedMutualInformation(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        var (table, rowSums, colSums, n) = Contingency(truth, predicted);
        if (rowSums.Count == colSums.Count && rowSums.Count <= 1) return 1.0;
        double nn = n;
        double mi = 0;
        foreach (var ((a, b), count) in table)
            mi += count / nn * (Math.Log(count) - Math.Log(rowSums[a]) - Math.Log(colSums[b]) + Math.Log(nn));
        mi = Math.Max(mi, 0);
        if (mi == 0) return 0.0;
        double hTrue = Entropy(rowSums.Values, nn), hPred = Entropy(colSums.Values, nn);
        double normalizer = Math.Max((hTrue + hPred) / 2, MachineEpsilon); // numpy finfo(float64).eps, as sklearn
        return mi / normalizer;
    }

    private const double MachineEpsilon = 2.220446049250313e-16;

    private static double Entropy(IEnumerable<int> counts, double n)
    {
        double h = 0;
        int nonEmpty = 0;
        foreach (var c in counts)
        {
            if (c == 0) continue;
            nonEmpty++;
            h -= c / n * (Math.Log(c) - Math.Log(n));
        }
        return nonEmpty <= 1 ? 0 : h;
    }

    private static (Dictionary<(int, int), int> Table, Dictionary<int, int> RowSums, Dictionary<int, int> ColSums, int N) Contingency(
        IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count) throw new ArgumentException($"The two labellings differ in length ({truth.Count} and {predicted.Count}).");
        var table = new Dictionary<(int, int), int>();
        var rows = new Dictionary<int, int>();
        var cols = new Dictionary<int, int>();
        for (int i = 0; i < truth.Count; i++)
        {
            var key = (truth[i], predicted[i]);
            table[key] = table.GetValueOrDefault(key) + 1;
            rows[truth[i]] = rows.GetValueOrDefault(truth[i]) + 1;
            cols[predicted[i]] = cols.GetValueOrDefault(predicted[i]) + 1;
        }
        return (table, rows, cols, truth.Count);
    }

    /// <summary>Codes for a categorical column: equal strings get equal codes (in order of first appearance).</summary>
    public static int[] Codes(IReadOnlyList<string> values)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[values.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            var v = values[i] ?? "";
            if (!ids.TryGetValue(v, out int id)) { id = ids.Count; ids[v] = id; }
            codes[i] = id;
        }
        return codes;
    }
}
