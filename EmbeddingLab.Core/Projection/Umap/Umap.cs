using System.Diagnostics;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Projection;

/// <summary>The input side of UMAP: the kNN arrays (self in column 0), σ and ρ per point, and the symmetric fuzzy graph.</summary>
public sealed record UmapGraphResult(UmapGraph Graph, float[] Sigmas, float[] Rhos, int[] KnnIndices, float[] KnnDistances, int K);

/// <summary>
/// UMAP (McInnes, Healy, Melville 2018) with umap-learn's semantics: kNN (exact, or NN-descent beyond
/// <see cref="UmapOptions.ExactMaxPoints"/> points), the fuzzy simplicial set, a and b fitted from min_dist and spread,
/// spectral / PCA / random initialisation scaled into [0, 10], then SGD with negative sampling.
/// </summary>
public static class Umap
{
    public static UmapResult Run(EmbeddingSet set, UmapOptions? options = null, IProgress<UmapProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(set.MatrixArray, set.Count, set.Dimensions, options, progress, cancellationToken);

    public static UmapResult Run(float[] data, int n, int d, UmapOptions? options = null, IProgress<UmapProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new UmapOptions();
        options.Validate(n);
        if ((long)n * d != data.LongLength) throw new ArgumentException("Matrix size does not match n × d.");
        var clock = Stopwatch.StartNew();
        int seed = options.RandomState ?? Random.Shared.Next();
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        var graph = BuildGraph(data, n, d, options with { RandomState = seed }, progress, cancellationToken);
        int nEpochs = options.ResolveNEpochs(n);
        // umap-learn prunes with the requested epochs when there are more than 10, else with the default.
        var pruned = graph.Graph.Prune(nEpochs > 10 ? nEpochs : (n <= 10_000 ? 500 : 200));
        var (a, b) = CurveFit.FindAbParams(options.Spread, options.MinDist);
        progress?.Report(new UmapProgress("init", 0, nEpochs, null));
        var random = new Random(seed);
        var (y, initUsed) = Initialize(data, n, d, pruned, options, random, threads, cancellationToken);
        progress?.Report(new UmapProgress("optimising", 0, nEpochs, (float[])y.Clone()));
        UmapLayout.Optimize(y, options.NComponents, pruned, a, b, options.RepulsionStrength, options.LearningRate,
            options.NegativeSampleRate, nEpochs, seed, threads, progress, options.SnapshotEvery, cancellationToken);
        progress?.Report(new UmapProgress("done", nEpochs, nEpochs, (float[])y.Clone()));
        return new UmapResult(y, n, options.NComponents, a, b, nEpochs, initUsed, clock.Elapsed);
    }

    /// <summary>
    /// Memory a run takes, sized from the shape before any work (phases added up, as the arrays of one phase are still
    /// referenced in the next): the input copies (unit-length rows for cosine; the exact search's centred and packed
    /// copies), the kNN search (its n × (k − 1) output, NN-descent's heaps and candidate lists) and the n × k indices
    /// and distances, the fuzzy graph (directed memberships, their compacted copy and transpose, the union of at most
    /// 2·n·k edges: a column and a weight each), the layout (the pruned graph and four per-edge sampling arrays), the
    /// initialisation (spectral: the Lanczos basis of doubles and the normalised Laplacian; PCA: its own estimate) and
    /// the embedding with one snapshot copy.
    /// </summary>
    public static long EstimateBytes(int n, int d, UmapOptions options)
    {
        if (n < 3) return 0;
        long k = Math.Min(options.NNeighbors, n - 1), dims = options.NComponents;
        long edges = Pca.Saturate(2 * n, k);
        bool exact = ResolveNeighbors(options.Neighbors, n) == UmapNeighbors.Exact;
        long copies = (options.Metric == UmapMetric.Cosine ? 1 : 0) + (exact ? 2 : 0);
        long bytes = Pca.Saturate(Pca.Saturate(n, d), 4 * copies);
        bytes = Add(bytes, Pca.Saturate(n, 8 * (k - 1) + 8 * k));
        if (!exact) bytes = Add(bytes, NearestNeighborDescent.EstimateBytes(n, (int)k - 1));
        bytes = Add(bytes, Pca.Saturate(Pca.Saturate(n, k), 3 * 8));
        bytes = Add(bytes, Pca.Saturate(edges, 8));
        bytes = Add(bytes, Pca.Saturate(edges, 8 + 4 * 4));
        if (options.InitLayout is null && options.Init == UmapInit.Spectral)
        {
            long basis = Math.Max(2 * (dims + 1) + 1, 40), carry = dims + 4;
            bytes = Add(bytes, Pca.Saturate(n, 8 * (2 * basis + 2 * carry + dims + 1)));
            bytes = Add(bytes, Pca.Saturate(edges, 12));
        }
        else if (options.InitLayout is null && options.Init == UmapInit.Pca)
            bytes = Add(bytes, Pca.EstimateBytes(n, d, new PcaOptions { NComponents = options.NComponents }));
        return Add(bytes, Pca.Saturate(n, 2 * 4 * dims));
    }

    /// <summary>True when the graph's arrays (at most 2·n·k edges) fit in .NET arrays at all.</summary>
    public static bool FitsInArrays(UmapOptions options, int n) => 2L * n * Math.Min(options.NNeighbors, n - 1) <= Array.MaxLength;

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>
    /// kNN and the fuzzy simplicial set. k is n_neighbors (the point itself included), or n − 1 on a smaller set
    /// (umap-learn truncates the same way). Cosine distances are 1 − cos, Euclidean ones are not squared.
    /// </summary>
    public static UmapGraphResult BuildGraph(float[] data, int n, int d, UmapOptions options, IProgress<UmapProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        int k = Math.Min(options.NNeighbors, n - 1);
        progress?.Report(new UmapProgress("neighbours", 0, 0, null));
        var (indices, distances) = NearestNeighbors(data, n, d, k, options.Metric, ResolveNeighbors(options.Neighbors, n),
            options.RandomState ?? 0, threads, cancellationToken);
        progress?.Report(new UmapProgress("graph", 0, 0, null));
        var (sigmas, rhos) = FuzzySimplicialSet.SmoothKnnDist(distances, n, k, options.LocalConnectivity, threads);
        var graph = FuzzySimplicialSet.Build(indices, distances, n, k, sigmas, rhos, options.SetOpMixRatio, threads);
        return new UmapGraphResult(graph, sigmas, rhos, indices, distances, k);
    }

    public static UmapNeighbors ResolveNeighbors(UmapNeighbors requested, int n) =>
        requested != UmapNeighbors.Auto ? requested : n <= UmapOptions.ExactMaxPoints ? UmapNeighbors.Exact : UmapNeighbors.NnDescent;

    /// <summary>
    /// The k nearest points of every point, itself first at distance 0 (n × k, ascending), in the metric's distance:
    /// Euclidean, or 1 − cos for cosine (computed as |u − v|²/2 on unit vectors).
    /// </summary>
    public static (int[] Indices, float[] Distances) NearestNeighbors(float[] data, int n, int d, int k, UmapMetric metric,
        UmapNeighbors method, int seed, int threads, CancellationToken cancellationToken = default)
    {
        var points = data;
        if (metric == UmapMetric.Cosine)
        {
            points = new float[data.Length];
            for (int i = 0; i < n; i++)
            {
                var row = data.AsSpan(i * d, d);
                float norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
                if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1 / norm, points.AsSpan(i * d, d));
            }
        }
        int others = k - 1;
        var neighbors = new int[n * others];
        var sq = new float[n * others];
        if (others > 0)
        {
            if (method == UmapNeighbors.NnDescent)
                NearestNeighborDescent.Search(points, n, d, others, neighbors, sq, seed, threads, cancellationToken);
            else
                BruteForceKnn.Search(points, n, d, others, neighbors, sq, threads, cancellationToken);
        }
        var indices = new int[n * k];
        var distances = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            indices[i * k] = i;
            for (int j = 0; j < others; j++)
            {
                indices[i * k + 1 + j] = neighbors[i * others + j];
                float s = Math.Max(0, sq[i * others + j]);
                distances[i * k + 1 + j] = metric == UmapMetric.Cosine ? s / 2 : MathF.Sqrt(s);
            }
        }
        return (indices, distances);
    }

    /// <summary>
    /// The starting layout, scaled as umap-learn does before optimising: spectral or PCA coordinates scaled to a
    /// largest magnitude of 10 plus N(0, 10⁻⁴) noise, or uniform in [−10, 10]; then every axis mapped onto [0, 10].
    /// </summary>
    internal static (float[] Layout, string InitUsed) Initialize(float[] data, int n, int d, UmapGraph graph, UmapOptions options,
        Random random, int threads, CancellationToken cancellationToken)
    {
        int dims = options.NComponents;
        double[]? init = null;
        string used = options.Init switch { UmapInit.Pca => "pca", UmapInit.Random => "random", _ => "spectral" };
        if (options.InitLayout is { } given)
        {
            if (given.Length != n * dims) throw new ArgumentException($"The starting layout has {given.Length} values; {n} points × {dims} dimensions need {n * dims}.");
            init = Array.ConvertAll(given, v => (double)v);
            used = "given layout";
        }
        else if (options.Init == UmapInit.Spectral)
        {
            init = SpectralLayout.Layout(graph, data, d, dims, options.Metric, random, threads, cancellationToken);
            if (init is null) used = "random (spectral initialisation failed)";
        }
        else if (options.Init == UmapInit.Pca)
        {
            if (d >= dims)
            {
                var pca = Pca.Fit(data, n, d, new PcaOptions { NComponents = dims, Seed = options.RandomState ?? 0, Threads = threads }, cancellationToken);
                init = Array.ConvertAll(pca.Coordinates, v => (double)v);
            }
            else used = "random (PCA needs more input dimensions)";
        }
        var y = new float[n * dims];
        if (init is null)
        {
            for (int i = 0; i < y.Length; i++) y[i] = (float)(random.NextDouble() * 20 - 10);
        }
        else
        {
            double maxAbs = 0;
            foreach (var v in init) maxAbs = Math.Max(maxAbs, Math.Abs(v));
            double expansion = maxAbs > 0 ? 10.0 / maxAbs : 1.0;
            for (int i = 0; i < y.Length; i++) y[i] = (float)(init[i] * expansion) + (float)(1e-4 * Data.SyntheticClusters.Gaussian(random));
        }
        for (int a = 0; a < dims; a++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < n; i++) { min = Math.Min(min, y[i * dims + a]); max = Math.Max(max, y[i * dims + a]); }
            float scale = max > min ? 10f / (max - min) : 0f;
            for (int i = 0; i < n; i++) y[i * dims + a] = (y[i * dims + a] - min) * scale;
        }
        return (y, used);
    }
}
