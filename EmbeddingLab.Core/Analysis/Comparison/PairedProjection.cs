using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>How the two maps of a comparison are drawn.</summary>
/// <param name="Aligned">When true, B's map is made comparable with A's: PCA of B is Procrustes-aligned onto A's PCA;
/// t-SNE and UMAP of B start from A's finished layout. When false, each set is projected on its own.</param>
public sealed record PairedProjectionOptions
{
    public ProjectionMethod Method { get; init; } = ProjectionMethod.Pca;
    public bool Aligned { get; init; } = true;
    /// <summary>t-SNE settings (2-D; Init and the seed are set here).</summary>
    public TsneOptions Tsne { get; init; } = new();
    /// <summary>UMAP settings (2-D; the init and the seed are set here).</summary>
    public UmapOptions Umap { get; init; } = new();
    public int Seed { get; init; }
    public int Threads { get; init; }
    /// <summary>The memory bound of the job: the maps are sized first (<see cref="PairedProjection.EnsureFits"/>) and refused when over it.</summary>
    public Limits.MemoryBudget? Budget { get; init; }
}

/// <summary>Two 2-D maps (row-major n × 2) of the same keys, A's and B's, and how B's was placed.</summary>
/// <param name="Alignment">One sentence saying how B's map relates to A's (which alignment was used).</param>
/// <param name="Disparity">Aligned maps: the Procrustes disparity of the two 2-D maps (0 = the same picture).</param>
public sealed record PairedProjectionResult(ProjectionMethod Method, bool Aligned, int Count, float[] A, float[] B, string Alignment, double? Disparity);

/// <summary>
/// Projects two paired sets (the same keys in the same order, as <see cref="SpaceComparer.Pair"/> gives them) to 2-D
/// side by side. Independently projected maps of two similar spaces can still look unrelated (PCA axes flip sign,
/// t-SNE and UMAP land in arbitrary orientations), so the aligned mode ties B's picture to A's.
/// </summary>
public static class PairedProjection
{
    public static PairedProjectionResult Run(EmbeddingSet a, EmbeddingSet b, PairedProjectionOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PairedProjectionOptions();
        if (a.Count != b.Count) throw new ArgumentException($"The two sets must be paired on the same keys ({a.Count} and {b.Count} rows).");
        for (int i = 0; i < a.Count; i++)
            if (!string.Equals(a.Keys[i], b.Keys[i], StringComparison.Ordinal))
                throw new ArgumentException($"The two sets must hold the same keys in the same order; row {i} is \"{a.Keys[i]}\" in A and \"{b.Keys[i]}\" in B.");
        if (a.Count < 3) throw new ArgumentException($"Side-by-side maps need at least 3 shared keys; there are {a.Count}.");
        int n = a.Count;
        EnsureFits(n, a.Dimensions, b.Dimensions, options);
        string name = Name(options.Method);
        progress?.Report($"{name} of A");
        var mapA = Project(a, options, null, cancellationToken);
        progress?.Report($"{name} of B");
        if (options.Method == ProjectionMethod.Pca)
        {
            var mapB = Project(b, options, null, cancellationToken);
            if (!options.Aligned)
                return new(options.Method, false, n, mapA, mapB, "Each set's own PCA (axes may be flipped or rotated between the two maps).", null);
            var (aligned, disparity) = AlignOnto(mapA, mapB, n, 2);
            return new(options.Method, true, n, mapA, aligned,
                "B's PCA rotated (or reflected), scaled and shifted onto A's PCA by orthogonal Procrustes.", disparity);
        }
        if (!options.Aligned)
        {
            var own = Project(b, options, null, cancellationToken);
            return new(options.Method, false, n, mapA, own, $"Each set's own {name}, from its own starting layout (orientation is arbitrary).", null);
        }
        var fromA = Project(b, options, mapA, cancellationToken);
        // Started from A's layout, B keeps A's arrangement of groups; a final Procrustes fit removes what rotation or
        // reflection the optimisation still added, so the two pictures line up.
        var (alignedB, fit) = AlignOnto(mapA, fromA, n, 2);
        return new(options.Method, true, n, mapA, alignedB,
            $"B's {name} started from A's finished {name} layout, then rotated onto A's map by orthogonal Procrustes.", fit);
    }

    /// <summary>
    /// Memory the two maps of <paramref name="shared"/> keys take: the paired copies of both sets (made just before, and
    /// alive throughout), the larger of the two projections (they run one after the other, each sized as the Projector
    /// sizes it; B's start from A's layout is counted as its own start, an upper bound) and the two maps.
    /// </summary>
    public static long EstimateBytes(int shared, int dimsA, int dimsB, PairedProjectionOptions? options = null)
    {
        options ??= new PairedProjectionOptions();
        long paired = Limits.MemoryBudget.FloatMatrixBytes(shared, (long)dimsA + dimsB);
        long maps = Limits.MemoryBudget.FloatMatrixBytes(shared, 2 * 2);
        long projection = Math.Max(ProjectionBytes(shared, dimsA, options), ProjectionBytes(shared, dimsB, options));
        return Sum(Sum(paired, maps), projection);
    }

    /// <summary>
    /// Sizes the maps from the shapes before any work (before pairing, when <paramref name="shared"/> is counted):
    /// throws <see cref="Limits.MemoryBudgetException"/>, saying how big the work is and the bound, when it would take
    /// more than <see cref="PairedProjectionOptions.Budget"/>, or more than .NET arrays hold whatever the budget.
    /// </summary>
    public static void EnsureFits(int shared, int dimsA, int dimsB, PairedProjectionOptions options)
    {
        if (shared < 3) return; // too few keys is Run's own, clearer error
        string what = $"side-by-side {Name(options.Method)} maps of {shared:N0} shared keys ({dimsA:N0} and {dimsB:N0} dimensions)";
        long bytes = EstimateBytes(shared, dimsA, dimsB, options);
        bool fits = options.Method switch
        {
            ProjectionMethod.Tsne => Tsne.FitsInArrays(TsneSettings(options), shared),
            ProjectionMethod.Umap => Umap.FitsInArrays(UmapSettings(options), shared),
            _ => true,
        };
        if (!fits) throw new Limits.MemoryBudgetException(what, bytes, long.MaxValue);
        options.Budget?.Ensure(bytes, what);
    }

    private static long ProjectionBytes(int n, int d, PairedProjectionOptions options) => options.Method switch
    {
        ProjectionMethod.Tsne => Tsne.EstimateBytes(n, d, TsneSettings(options)),
        ProjectionMethod.Umap => Umap.EstimateBytes(n, d, UmapSettings(options)),
        _ => Pca.EstimateBytes(n, d, new PcaOptions { NComponents = 2 }),
    };

    private static TsneOptions TsneSettings(PairedProjectionOptions options) => options.Tsne with { NComponents = 2 };
    private static UmapOptions UmapSettings(PairedProjectionOptions options) => options.Umap with { NComponents = 2, InitLayout = null };

    private static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static string Name(ProjectionMethod method) => method switch
    {
        ProjectionMethod.Tsne => "t-SNE",
        ProjectionMethod.Umap => "UMAP",
        _ => "PCA",
    };

    /// <summary>2-D coordinates of a set; <paramref name="start"/> (n × 2) is the starting layout for t-SNE or UMAP.</summary>
    private static float[] Project(EmbeddingSet set, PairedProjectionOptions options, float[]? start, CancellationToken cancellationToken)
    {
        int n = set.Count, d = set.Dimensions;
        switch (options.Method)
        {
            case ProjectionMethod.Pca:
                if (d < 2) throw new ArgumentException("PCA to 2 dimensions needs vectors of at least 2 dimensions.");
                return Pca.Fit(set, new PcaOptions { NComponents = 2, Seed = options.Seed, Threads = options.Threads }, cancellationToken).Coordinates;
            case ProjectionMethod.Umap:
                var umap = options.Umap with { NComponents = 2, RandomState = options.Seed, Threads = options.Threads, InitLayout = start, SnapshotEvery = 0 };
                return Umap.Run(set, umap, null, cancellationToken).Coordinates;
            default:
                var tsne = options.Tsne with { NComponents = 2, Seed = options.Seed, Threads = options.Threads, SnapshotEvery = 0 };
                if (start is null) return Tsne.Run(set, tsne, null, cancellationToken).Coordinates;
                tsne.Validate(n);
                int threads = ParallelRanges.ResolveThreads(tsne.Threads);
                var p = Affinities.Compute(set.MatrixArray, n, d, tsne.Perplexity, Tsne.IsExact(tsne, n), threads, tsne.Seed, null, cancellationToken, tsne.Neighbors);
                return Tsne.Optimize(p, StartLayout(start, n), tsne, null, cancellationToken).Coordinates;
        }
    }

    /// <summary>
    /// A finished t-SNE layout as a starting one: centred and scaled so the first axis has standard deviation 10⁻⁴, as
    /// scikit-learn scales its PCA start (and openTSNE recommends for any given start): early exaggeration then
    /// works as it does from PCA, while the arrangement of A is kept.
    /// </summary>
    private static double[] StartLayout(float[] layout, int n)
    {
        var y = new double[n * 2];
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += layout[i * 2]; my += layout[i * 2 + 1]; }
        mx /= n; my /= n;
        double sq = 0;
        for (int i = 0; i < n; i++) { double v = layout[i * 2] - mx; sq += v * v; }
        double std = Math.Sqrt(sq / n);
        double scale = std > 0 ? 1e-4 / std : 1e-4;
        for (int i = 0; i < n; i++)
        {
            y[i * 2] = (layout[i * 2] - mx) * scale;
            y[i * 2 + 1] = (layout[i * 2 + 1] - my) * scale;
        }
        return y;
    }

    /// <summary>
    /// <paramref name="source"/> (n × dims) rotated or reflected (orthogonal Procrustes as <c>scipy.spatial.procrustes</c>)
    /// onto <paramref name="target"/>, centred on target's centre and scaled to target's size (the same Frobenius norm
    /// about the centre), with the disparity of the fit. A rotated, scaled, shifted copy lands exactly on the target.
    /// </summary>
    public static (float[] Aligned, double Disparity) AlignOnto(float[] target, float[] source, int n, int dims)
    {
        var fit = Procrustes.Fit(target, source, n, dims, threads: 1);
        var mean = CrossProduct.ColumnMeans(target, n, dims);
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dims; j++) { double v = target[i * dims + j] - mean[j]; sumSquares += v * v; }
        // Procrustes' least-squares scale shrinks B when the maps match poorly; for a picture beside A's, B keeps A's
        // overall size (the same Frobenius norm) and only the rotation or reflection comes from the fit.
        float norm = (float)(Math.Sqrt(sumSquares) / (fit.Scale > 0 ? fit.Scale : 1));
        var aligned = new float[n * dims];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dims; j++) aligned[i * dims + j] = fit.AlignedB[i * dims + j] * norm + mean[j];
        return (aligned, fit.Disparity);
    }
}
