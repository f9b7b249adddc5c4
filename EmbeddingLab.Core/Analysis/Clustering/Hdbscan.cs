using System.Diagnostics;
using System.Numerics.Tensors;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// HDBSCAN (Campello, Moulavi, Sander 2013) with scikit-learn's semantics: core distance = distance to the
/// min_samples-th nearest point counting the point itself; mutual reachability max(core(a), core(b), d(a, b));
/// its minimum spanning tree by Prim's algorithm on the dense graph (distances computed on the fly, O(n) memory), or
/// for 2-D maps by Borůvka over a kd-tree (<see cref="BoruvkaMst2D"/>, exact, about n log n);
/// the single-linkage hierarchy of that tree, condensed with min_cluster_size; excess-of-mass selection; noise −1.
/// Everything works on squared distances until the tree weights (max and min commute with the square root).
/// </summary>
public static class Hdbscan
{
    private const int ParallelMinRemaining = 2048;

    /// <param name="data">Row-major n × d (the original vectors, or 2-D map coordinates: d = 2 takes a SIMD fast path).</param>
    public static HdbscanResult Fit(float[] data, int n, int d, HdbscanOptions options, IProgress<HdbscanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        int minClusterSize = options.MinClusterSize;
        int minSamples = options.MinSamples ?? minClusterSize;
        if (minClusterSize < 2) throw new ArgumentException($"min_cluster_size must be at least 2 (got {minClusterSize}).");
        if (minSamples < 1) throw new ArgumentException($"min_samples must be at least 1 (got {minSamples}).");
        if (n < 2) throw new ArgumentException($"HDBSCAN needs at least 2 vectors (got {n}).");
        if (minSamples > n) throw new ArgumentException($"min_samples ({minSamples}) must be at most the number of vectors ({n}).");
        int limit = d == 2 ? HdbscanOptions.MaxPoints2D : HdbscanOptions.MaxPoints;
        if (n > limit)
            throw new ArgumentException($"HDBSCAN here builds an exact spanning tree (O(n²) pairs off 2-D maps) and is limited to {limit:N0} points {(d == 2 ? "on a 2-D map" : $"in {d} dimensions")} ({n:N0} given); " +
                (d == 2 ? "use k-means, or a sample." : "cluster the 2-D map instead, use k-means, or a sample."));
        var clock = Stopwatch.StartNew();
        int threads = ParallelRanges.ResolveThreads(options.Threads);

        progress?.Report(new HdbscanProgress("core distances", 0, n));
        float[] coreSq;
        int[] from, to;
        double[] weight;
        if (d == 2)
        {
            // One kd-tree serves the core distances and the Borůvka spanning tree.
            var map = new BoruvkaMst2D(data, n);
            coreSq = map.CoreDistancesSquared(minSamples, threads, cancellationToken);
            (from, to, weight) = map.Run(threads, progress, cancellationToken);
        }
        else
        {
            coreSq = CoreDistancesSquared(data, n, d, minSamples, threads, cancellationToken);
            (from, to, weight) = PrimMst(data, n, d, coreSq, threads, progress, cancellationToken);
        }

        progress?.Report(new HdbscanProgress("tree", 0, n));
        var (left, right, distance, size) = SingleLinkage(n, from, to, weight);
        var tree = CondensedTree.Build(n, left, right, distance, size, minClusterSize);
        var selected = tree.SelectExcessOfMass(options.AllowSingleCluster, out var stabilities);
        var (labels, probabilities) = tree.Label(selected);
        var selectedStability = new double[selected.Length];
        for (int i = 0; i < selected.Length; i++) selectedStability[i] = stabilities[selected[i] - tree.Root];
        var core = new float[n];
        for (int i = 0; i < n; i++) core[i] = MathF.Sqrt(coreSq[i]);
        return new HdbscanResult(labels, probabilities, selected.Length, selectedStability, tree, core, clock.Elapsed);
    }

    /// <summary>Squared distance to the (min_samples − 1)-th nearest other point (0 when min_samples is 1).</summary>
    internal static float[] CoreDistancesSquared(float[] data, int n, int d, int minSamples, int threads, CancellationToken ct)
    {
        var core = new float[n];
        int k = minSamples - 1;
        if (k == 0) return core;
        var neighbors = new int[n * k];
        var sq = new float[n * k];
        if (Affinities.ResolveNeighbors(TsneNeighbors.Auto, n, d) == TsneNeighbors.BruteForce && n > k + 1)
        {
            BruteForceKnn.Search(data, n, d, k, neighbors, sq, threads, ct);
        }
        else
        {
            var tree = new VpTree(data, n, d, seed: 0);
            ParallelRanges.For(n, 256, threads, (_, start, end) =>
            {
                var stack = new int[VpTree.StackSize];
                for (int i = start; i < end; i++)
                {
                    var dist = sq.AsSpan(i * k, k);
                    tree.Search(i, k, neighbors.AsSpan(i * k, k), dist, stack);
                    TensorPrimitives.Multiply(dist, dist, dist);
                }
            }, ct);
        }
        for (int i = 0; i < n; i++) core[i] = TensorPrimitives.Max(sq.AsSpan(i * k, k));
        return core;
    }

    /// <summary>
    /// Prim on the implicit complete graph: the points not yet in the tree are kept packed at the front of the arrays
    /// (the one just added is swapped to the end), so each step is one branch-free pass over a prefix.
    /// </summary>
    internal static (int[] From, int[] To, double[] Weight) PrimMst(float[] data, int n, int d, float[] coreSq, int threads,
        IProgress<HdbscanProgress>? progress, CancellationToken ct)
    {
        var idx = new int[n - 1];
        var best = new float[n - 1];
        var src = new int[n - 1];
        for (int p = 0; p < n - 1; p++) { idx[p] = p + 1; best[p] = float.PositiveInfinity; }
        var edgeFrom = new int[n - 1];
        var edgeTo = new int[n - 1];
        var edgeWeight = new double[n - 1];
        int parts = Math.Max(1, threads);
        var partMin = new float[parts];
        var partArg = new int[parts];
        int current = 0;
        int m = n - 1;
        int reportEvery = Math.Max(1, n / 100);
        int cur = 0;
        // One delegate for all steps (it reads cur): no allocation per step.
        Action<int, int, int> pass = Pass;
        void Pass(int part, int start, int end)
        {
            var x = data.AsSpan(cur * d, d);
            float cc = coreSq[cur];
            for (int p = start; p < end; p++)
            {
                int j = idx[p];
                float mr = Math.Max(Math.Max(KMeans.SquaredDistance(x, data.AsSpan(j * d, d)), cc), coreSq[j]);
                if (mr < best[p]) { best[p] = mr; src[p] = cur; }
            }
            int arg = start + TensorPrimitives.IndexOfMin(best.AsSpan(start, end - start));
            partMin[part] = best[arg];
            partArg[part] = arg;
        }
        for (int e = 0; e < n - 1; e++)
        {
            if ((e & 255) == 0) ct.ThrowIfCancellationRequested();
            cur = current;
            int used = RunParts(m, parts, pass);
            int bestP = partArg[0];
            for (int t = 1; t < used; t++) if (partMin[t] < best[bestP]) bestP = partArg[t];
            edgeFrom[e] = src[bestP];
            edgeTo[e] = idx[bestP];
            edgeWeight[e] = Math.Sqrt(best[bestP]);
            current = idx[bestP];
            m--;
            idx[bestP] = idx[m]; best[bestP] = best[m]; src[bestP] = src[m];
            if (progress is not null && e % reportEvery == 0) progress.Report(new HdbscanProgress("spanning tree", e, n - 1));
        }
        return (edgeFrom, edgeTo, edgeWeight);
    }

    /// <summary>Splits [0, count) into contiguous parts (one per thread when the prefix is large); returns how many ran.</summary>
    private static int RunParts(int count, int parts, Action<int, int, int> pass)
    {
        if (parts == 1 || count < ParallelMinRemaining)
        {
            pass(0, 0, count);
            return 1;
        }
        int per = (count + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, t => pass(t, t * per, Math.Min(count, (t + 1) * per)));
        return parts;
    }

    /// <summary>
    /// Kruskal over the tree's edges sorted by weight (ties in edge order): each union makes node n + i with its
    /// two sides, distance and size (scipy/sklearn's single-linkage layout).
    /// </summary>
    internal static (int[] Left, int[] Right, double[] Distance, int[] Size) SingleLinkage(int n, int[] from, int[] to, double[] weight)
    {
        int edges = from.Length;
        var order = new int[edges];
        for (int i = 0; i < edges; i++) order[i] = i;
        Array.Sort(order, (a, b) => weight[a] != weight[b] ? weight[a].CompareTo(weight[b]) : a.CompareTo(b));
        var parent = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        var sizeOf = new int[2 * n - 1];
        for (int i = 0; i < n; i++) sizeOf[i] = 1;
        var left = new int[edges];
        var right = new int[edges];
        var distance = new double[edges];
        var size = new int[edges];
        int Find(int x)
        {
            int root = x;
            while (parent[root] != root) root = parent[root];
            while (parent[x] != root) { int next = parent[x]; parent[x] = root; x = next; }
            return root;
        }
        for (int i = 0; i < edges; i++)
        {
            int e = order[i];
            int a = Find(from[e]), b = Find(to[e]);
            int node = n + i;
            left[i] = a; right[i] = b; distance[i] = weight[e]; size[i] = sizeOf[a] + sizeOf[b];
            parent[a] = node; parent[b] = node; sizeOf[node] = size[i];
        }
        return (left, right, distance, size);
    }
}
