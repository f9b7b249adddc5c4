using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// k-means as scikit-learn's <c>KMeans(algorithm="lloyd")</c>: greedy k-means++ starts (2 + ⌊ln k⌋ candidates per
/// centre, the one that lowers the potential most wins), Lloyd iterations until no label changes or the summed
/// squared centre shift falls to tol × mean feature variance, empty clusters moved to the points farthest from their
/// centres, a final assignment when stopped by tol, and the run with the lowest inertia of <c>n_init</c>.
/// Distances are computed directly as Σ(x − c)² (no |x|² − 2x·c cancellation), four centres per Vector256 pass;
/// sums are in double. Rows are split into fixed ranges and reduced in order, so the thread count never changes a result.
/// </summary>
public static class KMeans
{
    private const int ChunkRows = 2048;

    public static KMeansResult Fit(EmbeddingSet set, KMeansOptions options, IProgress<KMeansProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Fit(set.MatrixArray, set.Count, set.Dimensions, options, progress, cancellationToken);
    }

    /// <param name="data">Row-major n × d matrix (not modified).</param>
    public static KMeansResult Fit(float[] data, int n, int d, KMeansOptions options, IProgress<KMeansProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        int k = options.NClusters;
        if (k < 1) throw new ArgumentException($"n_clusters must be at least 1 (got {k}).");
        if (n < k) throw new ArgumentException($"k-means needs at least as many vectors as clusters: {n} vectors, n_clusters={k}.");
        if (options.MaxIter < 1) throw new ArgumentException($"max_iter must be at least 1 (got {options.MaxIter}).");
        if (options.NInit < 1) throw new ArgumentException($"n_init must be at least 1 (got {options.NInit}).");
        if (options.Tol < 0) throw new ArgumentException($"tol must be non-negative (got {options.Tol}).");
        if (options.InitialCenters is { } given && given.Length != k * d)
            throw new ArgumentException($"The initial centres hold {given.Length} floats; n_clusters={k} × {d} dimensions need {k * d}.");

        var clock = Stopwatch.StartNew();
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        double tolAbs = options.Tol * MeanVariance(data, n, d);
        var work = new Workspace(n, d, k);
        int runs = options.InitialCenters is null ? options.NInit : 1;
        var random = new Random(options.Seed);
        int[]? bestLabels = null;
        float[]? bestCenters = null;
        double bestInertia = double.PositiveInfinity;
        int bestIter = 0;
        for (int run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var centers = options.InitialCenters is { } init ? (float[])init.Clone()
                : KMeansPlusPlus(data, n, d, k, options.NLocalTrials ?? 2 + (int)Math.Log(k), random, threads, cancellationToken);
            var (labels, inertia, iterations) = Lloyd(data, n, d, k, centers, options.MaxIter, tolAbs, work, threads, run, runs, progress, cancellationToken);
            // sklearn keeps the first of equal-inertia runs (strictly lower inertia wins).
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestLabels = labels;
                bestCenters = centers;
                bestIter = iterations;
            }
        }
        return new KMeansResult(bestLabels!, bestCenters!, k, d, bestInertia, bestIter, clock.Elapsed);
    }

    /// <summary>Buffers reused across runs and iterations (no allocation per iteration).</summary>
    private sealed class Workspace(int n, int d, int k)
    {
        public readonly float[] MinDist = new float[n];
        public readonly int[] Order = new int[n];
        public readonly int[] Counts = new int[k];
        public readonly int[] Starts = new int[k + 1];
        public readonly double[] Sums = new double[k * d];
        public readonly double[] Weights = new double[k];
        public readonly int[] Fill = new int[k];
        public readonly float[] NextCenters = new float[k * d];
        public readonly double[] ChunkSums = new double[ParallelRanges.ChunkCount(n, ChunkRows)];
    }

    private static (int[] Labels, double Inertia, int Iterations) Lloyd(float[] data, int n, int d, int k, float[] centers, int maxIter,
        double tolAbs, Workspace work, int threads, int run, int runs, IProgress<KMeansProgress>? progress, CancellationToken ct)
    {
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        bool strict = false;
        int iteration = 0;
        var next = work.NextCenters;
        while (iteration < maxIter)
        {
            ct.ThrowIfCancellationRequested();
            double inertia = Assign(data, n, d, centers, k, labels, work.MinDist, work.ChunkSums, threads, ct);
            UpdateCenters(data, n, d, k, labels, work, next, threads);
            double shift = 0;
            for (int i = 0; i < centers.Length; i++) { double t = next[i] - centers[i]; shift += t * t; }
            next.AsSpan().CopyTo(centers);
            iteration++;
            progress?.Report(new KMeansProgress(run + 1, runs, iteration, inertia));
            if (labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            if (shift <= tolAbs) break;
            labels.AsSpan().CopyTo(labelsOld);
        }
        // Stopped by tol or max_iter: labels must match the final centres (sklearn's last E-step).
        if (!strict) Assign(data, n, d, centers, k, labels, work.MinDist, work.ChunkSums, threads, ct);
        return (labels, Inertia(data, n, d, centers, labels, work.ChunkSums, threads, ct), iteration);
    }

    private static double MeanVariance(float[] data, int n, int d)
    {
        var mean = new double[d];
        var sq = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * d, d);
            for (int f = 0; f < d; f++) { double v = row[f]; mean[f] += v; sq[f] += v * v; }
        }
        double total = 0;
        for (int f = 0; f < d; f++)
        {
            double m = mean[f] / n;
            total += Math.Max(0, sq[f] / n - m * m);
        }
        return total / d;
    }

    /// <summary>Labels every row with its nearest centre (first on ties); returns the summed squared distances.</summary>
    internal static double Assign(float[] data, int n, int d, float[] centers, int k, int[] labels, float[] minDist, double[] chunkSums,
        int threads, CancellationToken ct)
    {
        ParallelRanges.For(n, ChunkRows, threads, (chunk, start, end) =>
        {
            Span<float> four = stackalloc float[4];
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                var x = data.AsSpan(i * d, d);
                float best = float.PositiveInfinity;
                int bestJ = 0;
                int j = 0;
                for (; j + 4 <= k; j += 4)
                {
                    SquaredDistances4(x, centers.AsSpan(j * d, 4 * d), d, four);
                    for (int t = 0; t < 4; t++) if (four[t] < best) { best = four[t]; bestJ = j + t; }
                }
                for (; j < k; j++)
                {
                    float s = SquaredDistance(x, centers.AsSpan(j * d, d));
                    if (s < best) { best = s; bestJ = j; }
                }
                labels[i] = bestJ;
                minDist[i] = best;
                sum += best;
            }
            chunkSums[chunk] = sum;
        }, ct);
        double total = 0;
        for (int c = 0; c < ParallelRanges.ChunkCount(n, ChunkRows); c++) total += chunkSums[c];
        return total;
    }

    private static double Inertia(float[] data, int n, int d, float[] centers, int[] labels, double[] chunkSums, int threads, CancellationToken ct)
    {
        ParallelRanges.For(n, ChunkRows, threads, (chunk, start, end) =>
        {
            double sum = 0;
            for (int i = start; i < end; i++) sum += SquaredDistance(data.AsSpan(i * d, d), centers.AsSpan(labels[i] * d, d));
            chunkSums[chunk] = sum;
        }, ct);
        double total = 0;
        for (int c = 0; c < ParallelRanges.ChunkCount(n, ChunkRows); c++) total += chunkSums[c];
        return total;
    }

    /// <summary>Means of the members of each cluster (double sums, rows in order); empty clusters relocated as sklearn does.</summary>
    private static void UpdateCenters(float[] data, int n, int d, int k, int[] labels, Workspace work, float[] next, int threads)
    {
        var counts = work.Counts;
        var starts = work.Starts;
        var order = work.Order;
        Array.Clear(counts);
        for (int i = 0; i < n; i++) counts[labels[i]]++;
        starts[0] = 0;
        for (int j = 0; j < k; j++) starts[j + 1] = starts[j] + counts[j];
        // Counting sort of rows by label: each centre then sums its own members, in row order.
        var fill = work.Fill;
        starts.AsSpan(0, k).CopyTo(fill);
        for (int i = 0; i < n; i++) order[fill[labels[i]]++] = i;
        var sums = work.Sums;
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = threads }, j =>
        {
            var sum = sums.AsSpan(j * d, d);
            sum.Clear();
            for (int m = starts[j]; m < starts[j + 1]; m++) AddWidened(data.AsSpan(order[m] * d, d), sum);
        });
        var weights = work.Weights;
        for (int j = 0; j < k; j++) weights[j] = counts[j];
        int empty = 0;
        for (int j = 0; j < k; j++) if (counts[j] == 0) empty++;
        if (empty > 0)
        {
            // sklearn's _relocate_empty_clusters: the points farthest from their (old) centres become the empty
            // clusters' centres and leave the sums of the clusters they were in.
            var far = FarthestRows(work.MinDist, n, empty);
            int e = 0;
            for (int j = 0; j < k; j++)
            {
                if (counts[j] != 0) continue;
                int row = far[e++];
                int old = labels[row];
                var x = data.AsSpan(row * d, d);
                var oldSum = sums.AsSpan(old * d, d);
                var newSum = sums.AsSpan(j * d, d);
                for (int f = 0; f < d; f++) { oldSum[f] -= x[f]; newSum[f] = x[f]; }
                weights[old] -= 1;
                weights[j] = 1;
            }
        }
        for (int j = 0; j < k; j++)
        {
            var sum = sums.AsSpan(j * d, d);
            var dst = next.AsSpan(j * d, d);
            if (weights[j] > 0) for (int f = 0; f < d; f++) dst[f] = (float)(sum[f] / weights[j]);
            else for (int f = 0; f < d; f++) dst[f] = (float)sum[f];
        }
    }

    private static int[] FarthestRows(float[] minDist, int n, int count)
    {
        var rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        var keys = new float[n];
        for (int i = 0; i < n; i++) keys[i] = -minDist[i];
        Array.Sort(keys, rows); // descending distance; ties by the sort's order (sklearn's argpartition leaves them unspecified too)
        return rows[..count];
    }

    /// <summary>k-means++ centres alone (sklearn's <c>kmeans_plusplus</c>): k × d, row-major, each a row of the data.</summary>
    public static float[] PlusPlus(float[] data, int n, int d, int k, int seed = 0, int? nLocalTrials = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (k < 1 || k > n) throw new ArgumentException($"k-means++ needs 1 ≤ n_clusters ≤ {n} vectors (got {k}).");
        return KMeansPlusPlus(data, n, d, k, nLocalTrials ?? 2 + (int)Math.Log(k), new Random(seed), ParallelRanges.ResolveThreads(threads), CancellationToken.None);
    }

    /// <summary>
    /// sklearn's greedy k-means++: the first centre uniformly at random; every next one the best (lowest summed
    /// min squared distance) of <paramref name="trials"/> candidates drawn with probability ∝ D(x)².
    /// </summary>
    internal static float[] KMeansPlusPlus(float[] data, int n, int d, int k, int trials, Random random, int threads, CancellationToken ct)
    {
        var centers = new float[k * d];
        int first = random.Next(n);
        data.AsSpan(first * d, d).CopyTo(centers);
        var closest = new float[n];
        var chunkSums = new double[ParallelRanges.ChunkCount(n, ChunkRows)];
        double potential = DistancesTo(data, n, d, first, closest, null, chunkSums, threads, ct);
        var cumulative = new double[n];
        var candidates = new int[trials];
        var candidateDist = new float[trials][];
        for (int t = 0; t < trials; t++) candidateDist[t] = new float[n];
        var candidateRows = new float[trials * d];
        var trialSums = new double[ParallelRanges.ChunkCount(n, ChunkRows) * trials];
        for (int c = 1; c < k; c++)
        {
            ct.ThrowIfCancellationRequested();
            double running = 0;
            for (int i = 0; i < n; i++) { running += closest[i]; cumulative[i] = running; }
            for (int t = 0; t < trials; t++)
            {
                double r = random.NextDouble() * potential;
                int index = Array.BinarySearch(cumulative, r);
                if (index < 0) index = ~index;
                else while (index > 0 && cumulative[index - 1] == r) index--; // numpy searchsorted side="left"
                candidates[t] = Math.Min(index, n - 1);
            }
            for (int t = 0; t < trials; t++) data.AsSpan(candidates[t] * d, d).CopyTo(candidateRows.AsSpan(t * d, d));
            CandidateDistances(data, n, d, candidateRows, trials, candidateDist, closest, trialSums, threads, ct);
            int bestTrial = 0;
            double bestPotential = double.PositiveInfinity;
            int chunks = ParallelRanges.ChunkCount(n, ChunkRows);
            for (int t = 0; t < trials; t++)
            {
                double pot = 0;
                for (int ch = 0; ch < chunks; ch++) pot += trialSums[ch * trials + t];
                if (pot < bestPotential) { bestPotential = pot; bestTrial = t; }
            }
            potential = bestPotential;
            candidateDist[bestTrial].AsSpan().CopyTo(closest);
            data.AsSpan(candidates[bestTrial] * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    /// <summary>
    /// For every candidate t: min(closest, squared distance of every row to candidate t) into result[t], and its
    /// per-chunk sums into sums[chunk × trials + t]. One pass over the data for all candidates, four at a time.
    /// </summary>
    private static void CandidateDistances(float[] data, int n, int d, float[] candidateRows, int trials, float[][] result, float[] closest,
        double[] sums, int threads, CancellationToken ct)
    {
        ParallelRanges.For(n, ChunkRows, threads, (chunk, start, end) =>
        {
            Span<float> four = stackalloc float[4];
            Span<double> local = stackalloc double[trials];
            local.Clear();
            for (int i = start; i < end; i++)
            {
                var x = data.AsSpan(i * d, d);
                float cap = closest[i];
                int t = 0;
                for (; t + 4 <= trials; t += 4)
                {
                    SquaredDistances4(x, candidateRows.AsSpan(t * d, 4 * d), d, four);
                    for (int u = 0; u < 4; u++)
                    {
                        float s = Math.Min(four[u], cap);
                        result[t + u][i] = s;
                        local[t + u] += s;
                    }
                }
                for (; t < trials; t++)
                {
                    float s = Math.Min(SquaredDistance(x, candidateRows.AsSpan(t * d, d)), cap);
                    result[t][i] = s;
                    local[t] += s;
                }
            }
            local.CopyTo(sums.AsSpan(chunk * trials, trials));
        }, ct);
    }

    /// <summary>Squared distance of every row to row <paramref name="center"/>, capped by <paramref name="cap"/>; returns the sum.</summary>
    private static double DistancesTo(float[] data, int n, int d, int center, float[] result, float[]? cap, double[] chunkSums, int threads, CancellationToken ct)
    {
        ParallelRanges.For(n, ChunkRows, threads, (chunk, start, end) =>
        {
            var c = data.AsSpan(center * d, d);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                float s = SquaredDistance(data.AsSpan(i * d, d), c);
                if (cap is not null && cap[i] < s) s = cap[i];
                result[i] = s;
                sum += s;
            }
            chunkSums[chunk] = sum;
        }, ct);
        double total = 0;
        for (int c = 0; c < ParallelRanges.ChunkCount(n, ChunkRows); c++) total += chunkSums[c];
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<float>.Zero;
        int f = 0;
        for (; f + 8 <= x.Length; f += 8)
        {
            var t = Vector256.LoadUnsafe(ref xr, (nuint)f) - Vector256.LoadUnsafe(ref yr, (nuint)f);
            acc = Vector256.FusedMultiplyAdd(t, t, acc);
        }
        float s = Vector256.Sum(acc);
        for (; f < x.Length; f++) { float t = Unsafe.Add(ref xr, f) - Unsafe.Add(ref yr, f); s += t * t; }
        return s;
    }

    /// <summary>Σ(x − c)² for four consecutive centres at once: x is loaded once per 8 floats for all four.</summary>
    private static void SquaredDistances4(ReadOnlySpan<float> x, ReadOnlySpan<float> centers4, int d, Span<float> result)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float c0 = ref MemoryMarshal.GetReference(centers4);
        ref float c1 = ref Unsafe.Add(ref c0, d);
        ref float c2 = ref Unsafe.Add(ref c0, 2 * d);
        ref float c3 = ref Unsafe.Add(ref c0, 3 * d);
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        int f = 0;
        for (; f + 8 <= d; f += 8)
        {
            var xv = Vector256.LoadUnsafe(ref xr, (nuint)f);
            var t0 = xv - Vector256.LoadUnsafe(ref c0, (nuint)f);
            var t1 = xv - Vector256.LoadUnsafe(ref c1, (nuint)f);
            var t2 = xv - Vector256.LoadUnsafe(ref c2, (nuint)f);
            var t3 = xv - Vector256.LoadUnsafe(ref c3, (nuint)f);
            a0 = Vector256.FusedMultiplyAdd(t0, t0, a0);
            a1 = Vector256.FusedMultiplyAdd(t1, t1, a1);
            a2 = Vector256.FusedMultiplyAdd(t2, t2, a2);
            a3 = Vector256.FusedMultiplyAdd(t3, t3, a3);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
        for (; f < d; f++)
        {
            float xv = Unsafe.Add(ref xr, f);
            float t0 = xv - Unsafe.Add(ref c0, f), t1 = xv - Unsafe.Add(ref c1, f), t2 = xv - Unsafe.Add(ref c2, f), t3 = xv - Unsafe.Add(ref c3, f);
            s0 += t0 * t0; s1 += t1 * t1; s2 += t2 * t2; s3 += t3 * t3;
        }
        result[0] = s0; result[1] = s1; result[2] = s2; result[3] = s3;
    }

    /// <summary>sum += x, widening float to double eight lanes at a time.</summary>
    private static void AddWidened(ReadOnlySpan<float> x, Span<double> sum)
    {
        int f = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double sr = ref MemoryMarshal.GetReference(sum);
        for (; f + 8 <= x.Length; f += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, (nuint)f));
            (Vector256.LoadUnsafe(ref sr, (nuint)f) + lo).StoreUnsafe(ref sr, (nuint)f);
            (Vector256.LoadUnsafe(ref sr, (nuint)(f + 4)) + hi).StoreUnsafe(ref sr, (nuint)(f + 4));
        }
        for (; f < x.Length; f++) sum[f] += x[f];
    }
}
