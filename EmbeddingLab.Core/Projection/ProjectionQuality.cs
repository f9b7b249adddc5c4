using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Projection;

/// <summary>How faithful a projection is to the original neighbourhoods, measured on SampleSize points.</summary>
/// <param name="Trustworthiness">sklearn.manifold.trustworthiness (Euclidean): 1 − penalty for projected neighbours that are far in the original space.</param>
/// <param name="KnnPreservation">Share of each point's K original nearest neighbours that are also among its K projected nearest.</param>
public sealed record ProjectionQuality(int K, int SampleSize, double Trustworthiness, double KnnPreservation)
{
    /// <summary>
    /// Scores a projection. For each sampled point the ranks of its projected neighbours are taken among ALL points
    /// of the original space, so the sampled trustworthiness is an unbiased estimate of sklearn's full-set value
    /// (equal to it when every point is sampled) at O(sample · N · d) instead of O(N² log N) time and N² memory.
    /// </summary>
    /// <param name="sampleSize">Points to score; 0 = all.</param>
    public static ProjectionQuality Evaluate(float[] original, int n, int d, float[] embedded, int dims, int k = 10,
        int sampleSize = 1000, int seed = 0, int threads = 0, CancellationToken cancellationToken = default)
    {
        if (n < 3) throw new ArgumentException("Quality needs at least three points.");
        if (k < 1 || k >= n / 2.0) throw new ArgumentException($"k ({k}) must be at least 1 and less than half the number of points ({n}).");
        threads = ParallelRanges.ResolveThreads(threads);
        int m = sampleSize <= 0 || sampleSize >= n ? n : sampleSize;
        var sample = new int[m];
        if (m == n) for (int i = 0; i < n; i++) sample[i] = i;
        else
        {
            // Partial Fisher-Yates: m distinct rows, deterministic per seed.
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            var random = new Random(seed);
            for (int i = 0; i < m; i++) { int j = i + random.Next(n - i); (all[i], all[j]) = (all[j], all[i]); sample[i] = all[i]; }
        }
        var penalty = new long[m];
        var kept = new int[m];
        ParallelRanges.For(m, 8, threads, (_, start, end) =>
        {
            var distOrig = new float[n];
            var embNeighbors = new int[k];
            var embDist = new float[k];
            var origNeighbors = new int[k];
            var origDist = new float[k];
            var thresholds = new float[k];
            Span<int> below = stackalloc int[k + 1];
            for (int s = start; s < end; s++)
            {
                int i = sample[s];
                var xi = original.AsSpan(i * d, d);
                for (int j = 0; j < n; j++) distOrig[j] = j == i ? float.PositiveInfinity : TensorPrimitives.Distance(xi, original.AsSpan(j * d, d));
                NearestK(embedded, n, dims, i, k, embNeighbors, embDist);
                // Original rank of each projected neighbour j = 1 + #{l : dist(i,l) < dist(i,j)} (self at +∞).
                for (int a = 0; a < k; a++) thresholds[a] = distOrig[embNeighbors[a]];
                Array.Sort(thresholds);
                below.Clear();
                for (int l = 0; l < n; l++)
                {
                    float v = distOrig[l];
                    if (v >= thresholds[k - 1]) continue;
                    int pos = 0;
                    while (pos < k && thresholds[pos] <= v) pos++;
                    below[pos]++; // v is below thresholds[pos..]
                }
                long pen = 0;
                int cumulative = 0;
                for (int a = 0; a < k; a++)
                {
                    cumulative += below[a];
                    long rank = 1 + cumulative;
                    if (rank > k) pen += rank - k;
                }
                penalty[s] = pen;
                // kNN preservation: the k original nearest vs the k projected nearest.
                TopSmallest(distOrig, k, origNeighbors, origDist);
                int common = 0;
                for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) if (origNeighbors[a] == embNeighbors[b]) { common++; break; }
                kept[s] = common;
            }
        }, cancellationToken);
        double total = 0, keptTotal = 0;
        for (int s = 0; s < m; s++) { total += penalty[s]; keptTotal += kept[s]; }
        double t = 1.0 - total * (2.0 / ((double)m * k * (2.0 * n - 3.0 * k - 1.0)));
        return new ProjectionQuality(k, m, t, keptTotal / ((double)m * k));
    }

    /// <summary>The k rows nearest to row i in a small-dimensional embedding (brute force), nearest first.</summary>
    internal static void NearestK(float[] y, int n, int dims, int i, int k, int[] rows, float[] dist)
    {
        var yi = y.AsSpan(i * dims, dims);
        int count = 0;
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            float s = 0;
            for (int a = 0; a < dims; a++) { float v = yi[a] - y[j * dims + a]; s += v * v; }
            InsertSorted(rows, dist, ref count, k, j, s);
        }
    }

    private static void TopSmallest(float[] values, int k, int[] rows, float[] dist)
    {
        int count = 0;
        for (int j = 0; j < values.Length; j++)
            if (count < k || values[j] < dist[count - 1]) InsertSorted(rows, dist, ref count, k, j, values[j]);
    }

    private static void InsertSorted(int[] rows, float[] dist, ref int count, int k, int row, float value)
    {
        if (count == k && value >= dist[k - 1]) return;
        int pos = count < k ? count++ : k - 1;
        while (pos > 0 && dist[pos - 1] > value) { dist[pos] = dist[pos - 1]; rows[pos] = rows[pos - 1]; pos--; }
        dist[pos] = value; rows[pos] = row;
    }
}
