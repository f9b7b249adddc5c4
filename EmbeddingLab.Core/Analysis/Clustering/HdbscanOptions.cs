namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// HDBSCAN settings with scikit-learn's names and defaults (sklearn.cluster.HDBSCAN, 1.3+): Euclidean distance,
/// excess-of-mass selection, <c>allow_single_cluster=False</c>, no epsilon.
/// </summary>
public sealed record HdbscanOptions
{
    /// <summary><c>min_cluster_size</c>: the smallest group that counts as a cluster (smaller splits fall out as noise).</summary>
    public int MinClusterSize { get; init; } = 5;

    /// <summary><c>min_samples</c>: neighbours, the point itself included, that define the core distance; null = MinClusterSize.</summary>
    public int? MinSamples { get; init; }

    /// <summary><c>allow_single_cluster</c>: let the root be selected (one cluster plus noise).</summary>
    public bool AllowSingleCluster { get; init; }

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// In the original space the minimum spanning tree is Prim's algorithm on the dense mutual-reachability graph,
    /// computed on the fly (O(n) memory, O(n² d) time). Beyond this size it would take minutes, so the call is
    /// refused with a message.
    /// </summary>
    public const int MaxPoints = 50_000;

    /// <summary>The limit for 2-D input (a map), where an exact Borůvka/kd-tree spanning tree replaces Prim.</summary>
    public const int MaxPoints2D = 1_000_000;
}

/// <summary>What HDBSCAN is doing (for a progress bar): "core distances", "spanning tree" (done/total points), "tree".</summary>
public sealed record HdbscanProgress(string Stage, int Done, int Total);

/// <summary>
/// A fitted HDBSCAN: <see cref="Labels"/> (cluster per row, −1 noise, clusters numbered 0.. in condensed-tree order
/// as sklearn), <see cref="Probabilities"/> (sklearn's <c>probabilities_</c>: λ at which the point left its cluster
/// over the cluster's largest λ; 0 for noise), the per-cluster stabilities (<c>cluster_persistence_</c> before
/// normalising), and the condensed tree for drawing.
/// </summary>
public sealed record HdbscanResult(int[] Labels, double[] Probabilities, int ClusterCount, double[] Stabilities, CondensedTree Tree,
    float[] CoreDistances, TimeSpan Elapsed)
{
    public int NoiseCount => Labels.Count(l => l < 0);
}
