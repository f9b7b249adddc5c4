using System.Diagnostics;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// t-SNE as scikit-learn runs it (1.2): affinities from perplexity-calibrated neighbours, PCA or random
/// initialisation, then gradient descent with gains and momentum — ExplorationNIter iterations with P multiplied by
/// EarlyExaggeration and momentum 0.5, the rest with momentum 0.8 (update and gains restart between the stages,
/// as sklearn's two _gradient_descent calls do). The three pieces are separate public steps (openTSNE-style).
/// </summary>
public static class Tsne
{
    public static TsneResult Run(EmbeddingSet set, TsneOptions? options = null, IProgress<TsneProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(set.MatrixArray, set.Count, set.Dimensions, options, progress, cancellationToken);

    public static TsneResult Run(float[] data, int n, int d, TsneOptions? options = null, IProgress<TsneProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TsneOptions();
        options.Validate(n);
        var clock = Stopwatch.StartNew();
        bool exact = IsExact(options, n);
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        var p = Affinities.Compute(data, n, d, options.Perplexity, exact, threads, options.Seed, progress, cancellationToken, options.Neighbors);
        var y = Initialize(data, n, d, options, cancellationToken);
        var result = Optimize(p, y, options, progress, cancellationToken);
        return result with { Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// Memory a run takes beyond the input matrix, from its sizes alone (checked before any work starts). The
    /// affinities dominate: k neighbours a point (3·perplexity + 1, or every other point for the exact gradient) as
    /// index + squared distance + conditional probability (16 bytes), then P symmetrised (up to 2k entries a row of
    /// column + value, 12 bytes each) while the unsymmetrised arrays still live and, once the layout is renumbered, a
    /// second copy of P: about 64 bytes a neighbour pair at the peak. Then the brute-force neighbour search's two
    /// copies of the data (centred and packed), the optimiser's arrays (layout, its copy, gradient, update, gains,
    /// repulsion and the renumbered layout: 7 × n × dims doubles) and, for the FFT gradient, the interpolation weights.
    /// </summary>
    public static long EstimateBytes(int n, int d, TsneOptions options)
    {
        if (n < 2) return 0;
        var method = ResolveMethod(options, n);
        long k = NeighborCount(options, n);
        long dims = options.NComponents;
        long bytes = Pca.Saturate(Pca.Saturate(n, k), 64);
        if (method != TsneMethod.Exact && Affinities.ResolveNeighbors(options.Neighbors, n, d) == TsneNeighbors.BruteForce)
            bytes = Add(bytes, Pca.Saturate(n, 8L * d + 64));
        bytes = Add(bytes, Pca.Saturate(n, 7 * 8 * dims + 4 * 4));
        if (method == TsneMethod.Fft) bytes = Add(bytes, Pca.Saturate(n, 2 * 8 * 3 + 4));
        if (options.Init == TsneInit.Pca && d >= dims) bytes = Add(bytes, Pca.EstimateBytes(n, d, new PcaOptions { NComponents = options.NComponents }));
        return bytes;
    }

    /// <summary>Neighbours a point has in P: every other point for the exact gradient, else 3·perplexity + 1 (sklearn).</summary>
    public static int NeighborCount(TsneOptions options, int n) =>
        IsExact(options, n) ? n - 1 : (int)Math.Min(n - 1, 3.0 * options.Perplexity + 1);

    /// <summary>True when the run's arrays (n × k neighbour pairs, twice over once symmetrised) fit in .NET arrays at all.</summary>
    public static bool FitsInArrays(TsneOptions options, int n) => 2L * n * NeighborCount(options, n) <= Array.MaxLength;

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private const int FftMinPoints = 20_000;

    public static bool IsExact(TsneOptions options, int n) => ResolveMethod(options, n) == TsneMethod.Exact;

    /// <summary>
    /// The gradient a run will use. Auto: exact up to 1,000 points, Barnes-Hut above, FFT beyond 20,000 in 2-D
    /// (measured on 2 cores, 32-D clusters, 1,000 iterations: at 20,000 points Barnes-Hut took 30 s and FFT 32 s;
    /// at 100,000 FFT took 58 s of optimisation, Barnes-Hut 63 s for the first 300 iterations). FFT is 2-D only.
    /// </summary>
    public static TsneMethod ResolveMethod(TsneOptions options, int n) => options.Method switch
    {
        TsneMethod.Auto => n <= 1000 ? TsneMethod.Exact
            : n > FftMinPoints && options.NComponents == 2 ? TsneMethod.Fft : TsneMethod.BarnesHut,
        TsneMethod.Fft when options.NComponents != 2 => TsneMethod.BarnesHut,
        var m => m,
    };

    /// <summary>sklearn's initial layout: PCA scaled so the first axis has standard deviation 1e-4, or N(0, 1e-4²).</summary>
    public static double[] Initialize(float[] data, int n, int d, TsneOptions options, CancellationToken cancellationToken = default)
    {
        int dims = options.NComponents;
        var y = new double[n * dims];
        if (options.Init == TsneInit.Pca && d >= dims)
        {
            var pca = Pca.Fit(data, n, d, new PcaOptions { NComponents = dims, Seed = options.Seed, Threads = options.Threads }, cancellationToken);
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += pca.Coordinates[i * dims];
            mean /= n;
            for (int i = 0; i < n; i++) { double v = pca.Coordinates[i * dims] - mean; sq += v * v; }
            double std = Math.Sqrt(sq / n);
            double scale = std > 0 ? 1e-4 / std : 1e-4;
            for (int i = 0; i < y.Length; i++) y[i] = pca.Coordinates[i] * scale;
        }
        else
        {
            var random = new Random(options.Seed);
            for (int i = 0; i < y.Length; i++) y[i] = 1e-4 * Data.SyntheticClusters.Gaussian(random);
        }
        return y;
    }

    /// <summary>Runs sklearn's optimiser from the layout <paramref name="y"/> (row-major, modified in place).</summary>
    public static TsneResult Optimize(Affinities p, double[] y, TsneOptions options, IProgress<TsneProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        int n = p.Count, dims = options.NComponents;
        if (y.Length != n * dims) throw new ArgumentException("Initial layout has the wrong size.");
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        double learningRate = options.ResolveLearningRate(n);
        var method = ResolveMethod(options, n);
        // Work on a copy renumbered along a space-filling curve of the layout, so the points a row of P touches sit
        // close together in memory (the attractive term is a sparse gather; in input order it misses cache at 100k).
        var callerY = y;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        y = (double[])y.Clone();
        var grad = new double[y.Length];
        var update = new double[y.Length];
        var gains = new double[y.Length];
        double kl = double.NaN;
        int exploration = Math.Min(options.ExplorationNIter, options.NIter);
        int it = 0;
        TsneGradient gradient = null!;
        for (int stage = 0; stage < 2; stage++)
        {
            int stageEnd = stage == 0 ? exploration : options.NIter;
            double momentum = stage == 0 ? 0.5 : 0.8;
            double exaggeration = stage == 0 ? options.EarlyExaggeration : 1.0;
            Array.Clear(update);
            Array.Fill(gains, 1.0);
            if (stage == 0 || (n >= ReorderMinPoints && it < stageEnd))
            {
                if (n >= ReorderMinPoints) (p, y) = Reorder(p, y, dims, order, threads);
                gradient = new TsneGradient(p, dims, method, options.Angle, threads, options.MinNumIntervals, options.IntsInInterval);
            }
            for (; it < stageEnd; it++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool check = (it + 1) % 50 == 0 || it == options.NIter - 1;
                double error = gradient.Compute(y, grad, exaggeration, check, cancellationToken);
                double gradNorm2 = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    double g = grad[i];
                    gradNorm2 += g * g;
                    // sklearn: gains grow where the update and gradient disagree in sign, shrink otherwise; min 0.01.
                    double gain = update[i] * g < 0 ? gains[i] + 0.2 : gains[i] * 0.8;
                    if (gain < 0.01) gain = 0.01;
                    gains[i] = gain;
                    update[i] = momentum * update[i] - learningRate * gain * g;
                    y[i] += update[i];
                }
                if (check)
                {
                    // The error is computed from the un-exaggerated P: the true KL(P‖Q) even during exploration
                    // (sklearn prints the exaggerated one there).
                    kl = error;
                    progress?.Report(new TsneProgress(stage == 0 ? "early exaggeration" : "optimising", it + 1, options.NIter, kl, null));
                }
                if (options.SnapshotEvery > 0 && progress is not null && ((it + 1) % options.SnapshotEvery == 0))
                    progress.Report(new TsneProgress(stage == 0 ? "early exaggeration" : "optimising", it + 1, options.NIter, null, ToFloat(y, order, dims)));
                if (check && Math.Sqrt(gradNorm2) < options.MinGradNorm) { it++; goto done; }
            }
        }
    done:
        if (double.IsNaN(kl)) kl = gradient.Compute(y, grad, 1.0, true, cancellationToken);
        for (int r = 0; r < n; r++)
            for (int a = 0; a < dims; a++) callerY[order[r] * dims + a] = y[r * dims + a];
        var coordinates = ToFloat(y, order, dims);
        progress?.Report(new TsneProgress("done", it, options.NIter, kl, coordinates));
        return new TsneResult(coordinates, n, dims, kl, it, clock.Elapsed);
    }

    // Below this the whole layout stays in cache and renumbering buys nothing.
    private const int ReorderMinPoints = 5_000;

    /// <summary>
    /// Renumbers the points in Z-order (Morton) of their current layout; <paramref name="order"/> (working row →
    /// caller's index) is updated in place. Runs at the start of each stage, when momentum and gains restart anyway.
    /// </summary>
    private static (Affinities, double[]) Reorder(Affinities p, double[] y, int dims, int[] order, int threads)
    {
        int n = p.Count;
        Span<double> lo = stackalloc double[3], scale = stackalloc double[3];
        for (int a = 0; a < dims; a++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < n; i++) { double v = y[i * dims + a]; min = Math.Min(min, v); max = Math.Max(max, v); }
            lo[a] = min;
            scale[a] = max > min ? (dims == 2 ? 65535.0 : 1023.0) / (max - min) : 0;
        }
        var codes = new ulong[n];
        var perm = new int[n];
        for (int i = 0; i < n; i++)
        {
            ulong code = 0;
            int bits = dims == 2 ? 16 : 10;
            for (int a = 0; a < dims; a++)
            {
                ulong cell = (ulong)((y[i * dims + a] - lo[a]) * scale[a]);
                for (int b = 0; b < bits; b++) code |= ((cell >> b) & 1UL) << (b * dims + a);
            }
            codes[i] = code;
            perm[i] = i;
        }
        Array.Sort(codes, perm);
        var newY = new double[y.Length];
        var newOrder = new int[n];
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < dims; a++) newY[r * dims + a] = y[perm[r] * dims + a];
            newOrder[r] = order[perm[r]];
        }
        newOrder.CopyTo(order, 0);
        return (p.Permute(perm, threads), newY);
    }

    private static float[] ToFloat(double[] y, int[] order, int dims)
    {
        var f = new float[y.Length];
        for (int r = 0; r < order.Length; r++)
            for (int a = 0; a < dims; a++) f[order[r] * dims + a] = (float)y[r * dims + a];
        return f;
    }
}
