namespace EmbeddingLab.Web.Components.ProjectorViews;

/// <summary>
/// How a view's clusters were made, written beside its <c>cl</c>: <c>cm</c> (kmeans or hdbscan, always written),
/// <c>csp</c> (vectors or map), k-means' <c>ck</c> and <c>cn</c> (n_clusters, n_init), HDBSCAN's <c>cmcs</c> and
/// <c>cms</c> (min_cluster_size, min_samples), <c>cseed</c> and <c>cnames</c> (the names column, empty = automatic);
/// defaults are left out. Opening the link shows the set's saved clustering only when it was made this way, else
/// clusters again with these settings, so a bookmark keeps its clusters after the set is clustered differently.
/// Defaults are the Clusters panel's (and the <c>cluster</c> command's).
/// </summary>
public sealed record ClusterView
{
    /// <summary>kmeans or hdbscan.</summary>
    public string Method { get; init; } = "kmeans";
    /// <summary>vectors (the set's own vectors) or map (the map's coordinates).</summary>
    public string Space { get; init; } = "vectors";
    public int K { get; init; } = 10;
    public int NInit { get; init; } = 1;
    public int MinClusterSize { get; init; } = 15;
    /// <summary>Null = min_cluster_size.</summary>
    public int? MinSamples { get; init; }
    public int Seed { get; init; }
    /// <summary>The column whose text names the clusters; "" = automatic.</summary>
    public string NamesFrom { get; init; } = "";

    /// <summary>Only the chosen method's settings count: the other method's go back to their defaults, so equal clusterings compare equal.</summary>
    public ClusterView Normalized() => Method == "hdbscan"
        ? this with { K = 10, NInit = 1 }
        : this with { MinClusterSize = 15, MinSamples = null };
}
