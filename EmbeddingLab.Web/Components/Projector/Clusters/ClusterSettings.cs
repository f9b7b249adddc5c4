using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Web.Components.ProjectorViews;

namespace EmbeddingLab.Web.Components.Projector.Clusters;

/// <summary>
/// The Clusters panel's inputs, with scikit-learn's names: k-means (<c>n_clusters</c>, <c>n_init</c>, seed) or HDBSCAN
/// (<c>min_cluster_size</c>, <c>min_samples</c>), on the set's vectors or on the 2-D map, names from a text column.
/// Defaults match the <c>cluster</c> command.
/// </summary>
public sealed class ClusterSettings
{
    public ClusteringMethod Method { get; set; } = ClusteringMethod.KMeans;
    public ClusteringSpace Space { get; set; } = ClusteringSpace.Vectors;
    public int K { get; set; } = 10;
    public int NInit { get; set; } = 1;
    public int Seed { get; set; }
    public int MinClusterSize { get; set; } = 15;

    /// <summary>Null = min_cluster_size (as sklearn's HDBSCAN does).</summary>
    public int? MinSamples { get; set; }

    /// <summary>Column whose text names the clusters; "" = automatic (<see cref="ClusterNameColumns"/>: the free-text columns, else keys).</summary>
    public string TextColumn { get; set; } = "";

    /// <summary>What "(automatic)" names clusters by in <paramref name="set"/>: its free-text columns, or the keys when it has none.</summary>
    public static string AutomaticNames(EmbeddingLab.Core.Vectors.EmbeddingSet? set)
    {
        if (set is null) return "automatic";
        var columns = ClusterNameColumns.Choose(set);
        return columns.Count == 0 ? "automatic: keys nearest each centre" : "automatic: " + string.Join(" + ", columns.Select(c => c.Name));
    }

    /// <summary>Categorical column to score against (ARI, NMI); "" = none.</summary>
    public string CompareWith { get; set; } = "";

    /// <summary>These settings as a view's clustering (what a link says about how its clusters were made).</summary>
    public ClusterView ToView() => new ClusterView
    {
        Method = Method == ClusteringMethod.Hdbscan ? "hdbscan" : "kmeans",
        Space = Space == ClusteringSpace.Map ? "map" : "vectors",
        K = K, NInit = NInit, MinClusterSize = MinClusterSize, MinSamples = MinSamples, Seed = Seed, NamesFrom = TextColumn,
    }.Normalized();

    /// <summary>Takes a view's clustering into the settings (the inverse of <see cref="ToView"/>; the other method's settings stay).</summary>
    public void Apply(ClusterView view)
    {
        Method = view.Method == "hdbscan" ? ClusteringMethod.Hdbscan : ClusteringMethod.KMeans;
        Space = view.Space == "map" ? ClusteringSpace.Map : ClusteringSpace.Vectors;
        if (Method == ClusteringMethod.KMeans) (K, NInit) = (view.K, view.NInit);
        else (MinClusterSize, MinSamples) = (view.MinClusterSize, view.MinSamples);
        Seed = view.Seed;
        TextColumn = view.NamesFrom;
    }

    /// <summary>The request for <paramref name="count"/> points, or the one sentence saying which setting is wrong.</summary>
    public (ClusteringRequest? Request, string? Error) ToRequest(int count, float[]? map, int mapDims)
    {
        if (Method == ClusteringMethod.KMeans)
        {
            if (K < 1) return (null, "k must be at least 1.");
            if (K > count) return (null, $"k ({K}) cannot exceed the number of points ({count}).");
            if (NInit < 1) return (null, "n_init must be at least 1.");
        }
        else
        {
            if (MinClusterSize < 2) return (null, "min_cluster_size must be at least 2.");
            if (MinClusterSize > count) return (null, $"min_cluster_size ({MinClusterSize}) cannot exceed the number of points ({count}).");
            if (MinSamples is < 1) return (null, "min_samples must be at least 1 (or empty for min_cluster_size).");
            int limit = Space == ClusteringSpace.Map && mapDims == 2 ? HdbscanOptions.MaxPoints2D : HdbscanOptions.MaxPoints;
            if (count > limit)
                return (null, $"HDBSCAN takes at most {limit:N0} points {(Space == ClusteringSpace.Map ? "on the map" : "in the original space")}; this set has {count:N0}. Try the map or k-means.");
        }
        if (Space == ClusteringSpace.Map && map is null) return (null, "Project the set first: clustering the map needs its coordinates.");
        return (new ClusteringRequest
        {
            Method = Method,
            KMeans = new KMeansOptions { NClusters = K, NInit = NInit, Seed = Seed },
            Hdbscan = new HdbscanOptions { MinClusterSize = MinClusterSize, MinSamples = MinSamples },
            Space = Space,
            MapCoordinates = Space == ClusteringSpace.Map ? map : null,
            MapDimensions = mapDims,
            TextColumn = TextColumn.Length == 0 ? null : TextColumn,
            CompareWith = CompareWith.Length == 0 ? null : CompareWith,
            Seed = Seed,
        }, null);
    }
}
