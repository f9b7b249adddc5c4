namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// k-means settings with scikit-learn's names and defaults (sklearn.cluster.KMeans, Lloyd's algorithm).
/// <see cref="NInit"/> 1 is sklearn's <c>n_init="auto"</c> with k-means++ (1.4 and later); 1.2 used 10.
/// </summary>
public sealed record KMeansOptions
{
    /// <summary><c>n_clusters</c>.</summary>
    public int NClusters { get; init; } = 8;

    /// <summary><c>n_init</c>: independent k-means++ starts; the run with the lowest inertia wins.</summary>
    public int NInit { get; init; } = 1;

    /// <summary><c>max_iter</c>: Lloyd iterations per run.</summary>
    public int MaxIter { get; init; } = 300;

    /// <summary>
    /// <c>tol</c>, relative: a run stops when the summed squared centre shift is at most tol × the mean per-feature
    /// variance of the data (sklearn's <c>_tolerance</c>), or as soon as no label changes.
    /// </summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary><c>random_state</c> for k-means++ (our generator, so the same seed does not give sklearn's centres).</summary>
    public int Seed { get; init; }

    /// <summary>k-means++ candidates per centre; null is sklearn's 2 + ⌊ln k⌋.</summary>
    public int? NLocalTrials { get; init; }

    /// <summary>
    /// <c>init</c> as an array: NClusters × dimensions centres, row-major. When given, k-means++ is skipped and
    /// one run starts from these centres (sklearn runs once with an explicit init).
    /// </summary>
    public float[]? InitialCenters { get; init; }

    /// <summary>Worker threads; 0 = all cores. Results do not depend on it (fixed ranges, ordered reductions).</summary>
    public int Threads { get; init; }
}

/// <summary>Where a k-means fit is: run (1-based) of <see cref="KMeansOptions.NInit"/>, Lloyd iteration, current inertia.</summary>
public sealed record KMeansProgress(int Run, int Runs, int Iteration, double Inertia);

/// <summary>
/// A fitted k-means: <see cref="Labels"/> (cluster of every row), <see cref="Centers"/> (k × d, row-major),
/// <see cref="Inertia"/> (sum of squared distances to the assigned centre, sklearn's <c>inertia_</c>),
/// <see cref="NIter"/> of the winning run (<c>n_iter_</c>).
/// </summary>
public sealed record KMeansResult(int[] Labels, float[] Centers, int K, int Dimensions, double Inertia, int NIter, TimeSpan Elapsed)
{
    /// <summary>The centre of cluster <paramref name="cluster"/>.</summary>
    public ReadOnlySpan<float> Center(int cluster) => Centers.AsSpan(cluster * Dimensions, Dimensions);
}
