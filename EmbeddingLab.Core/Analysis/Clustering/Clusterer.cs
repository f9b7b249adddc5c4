using EmbeddingLab.Core.Reporting;
using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Clustering;

public enum ClusteringMethod { KMeans, Hdbscan }

/// <summary>What is clustered: the set's own vectors, or coordinates of a map of it (Embedding Atlas clusters the map's density).</summary>
public enum ClusteringSpace { Vectors, Map }

/// <summary>
/// One clustering of a set: the method and its options, the space, where names come from (a text column, else the
/// keys nearest each centre; see <see cref="ClusterNameColumns"/>) and an optional categorical column to score against (ARI, NMI).
/// </summary>
public sealed record ClusteringRequest
{
    public ClusteringMethod Method { get; init; } = ClusteringMethod.KMeans;
    public KMeansOptions KMeans { get; init; } = new();
    public HdbscanOptions Hdbscan { get; init; } = new();

    public ClusteringSpace Space { get; init; } = ClusteringSpace.Vectors;

    /// <summary>With <see cref="ClusteringSpace.Map"/>: row-major coordinates, one row per vector of the set.</summary>
    public float[]? MapCoordinates { get; init; }

    /// <summary>Dimensions of <see cref="MapCoordinates"/> (2 or 3).</summary>
    public int MapDimensions { get; init; } = 2;

    /// <summary>Metadata column whose text names the clusters (c-TF-IDF); null = the columns <see cref="ClusterNameColumns"/> chooses, else keys.</summary>
    public string? TextColumn { get; init; }

    /// <summary>Terms per cluster name (3–5 read well).</summary>
    public int TermCount { get; init; } = 4;

    /// <summary>Categorical metadata column for the adjusted Rand index and NMI; null = none.</summary>
    public string? CompareWith { get; init; }

    /// <summary>Rows the silhouette is computed on when there are more (a seeded uniform sample).</summary>
    public int SilhouetteSampleSize { get; init; } = 4000;

    public int Seed { get; init; }

    /// <summary>Stop words removed before c-TF-IDF; null = the English list (<see cref="StopWords"/>).</summary>
    public IReadOnlySet<string>? StopWords { get; init; }
}

/// <summary>Stage and fraction done, for a progress bar.</summary>
public sealed record ClusteringProgress(string Stage, double Fraction);

/// <summary>
/// One cluster: id (0..; −1 is noise and is not listed), size, its name terms (c-TF-IDF terms, or the keys nearest
/// its centre when the set has no text) and their weights (c-TF-IDF; for keys, the distance to the centre).
/// </summary>
public sealed record ClusterSummary(int Id, int Size, IReadOnlyList<string> Terms, IReadOnlyList<double> Weights)
{
    /// <summary>A short display name: the terms joined.</summary>
    public string Name => string.Join(" · ", Terms);
}

/// <summary>
/// The result shown with every clustering: labels (−1 noise), clusters with names, noise count, silhouette (on the
/// clustered space; sample size said), inertia (k-means), ARI and NMI against <see cref="ComparedWith"/> (noise
/// counts as one more cluster there, as sklearn would score the labels), and where the names came from.
/// </summary>
public sealed record ClusteringResult(
    ClusteringMethod Method,
    ClusteringSpace Space,
    int[] Labels,
    IReadOnlyList<ClusterSummary> Clusters,
    int Noise,
    SilhouetteScore? Silhouette,
    double? Inertia,
    string? ComparedWith,
    double? AdjustedRandIndex,
    double? NormalizedMutualInformation,
    string NamesFrom,
    TimeSpan Elapsed)
{
    /// <summary>The metadata columns whose text named the clusters (empty: the keys nearest each centre did).</summary>
    public IReadOnlyList<string> NameColumns { get; init; } = [];

    /// <summary>The set with the labels as a metadata column (default "cluster"; "-1" for noise), replacing one of that name.</summary>
    public EmbeddingSet AddTo(EmbeddingSet set, string columnName = "cluster")
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count != Labels.Length) throw new ArgumentException($"The clustering has {Labels.Length} labels but the set {set.Count} rows.");
        var values = new string[Labels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Labels[i].ToString(CultureInfo.InvariantCulture);
        return set.WithColumn(new MetadataColumn(columnName, values));
    }
}

/// <summary>Runs a <see cref="ClusteringRequest"/> on a set: cluster, name, score.</summary>
public static class Clusterer
{
    public static ClusteringResult Run(EmbeddingSet set, ClusteringRequest request, IProgress<ClusteringProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        int n = set.Count;
        float[] data;
        int d;
        if (request.Space == ClusteringSpace.Map)
        {
            data = request.MapCoordinates ?? throw new ArgumentException("Clustering the map needs its coordinates.");
            d = request.MapDimensions;
            if (d < 1 || data.Length != (long)n * d)
                throw new ArgumentException($"The map holds {data.Length} numbers; {n} points × {d} dimensions need {(long)n * d}.");
        }
        else
        {
            data = set.MatrixArray;
            d = set.Dimensions;
        }
        MetadataColumn? compare = null;
        if (request.CompareWith is { } compareName)
            compare = set.Column(compareName) ?? throw new ArgumentException($"The set has no metadata column \"{compareName}\"" + ColumnList(set));
        // A column the user names is used as it is (even a category); otherwise the free-text columns, or keys.
        IReadOnlyList<MetadataColumn> textColumns = request.TextColumn is { } textName
            ? [set.Column(textName) ?? throw new ArgumentException($"The set has no metadata column \"{textName}\"" + ColumnList(set))]
            : ClusterNameColumns.Choose(set);

        int[] labels;
        double? inertia = null;
        int clusterCount;
        if (request.Method == ClusteringMethod.KMeans)
        {
            var p = progress is null ? null : new InlineProgress<KMeansProgress>(x =>
                progress.Report(new ClusteringProgress($"k-means run {x.Run}/{x.Runs}, iteration {x.Iteration}", (x.Run - 1.0) / x.Runs)));
            var fit = KMeans.Fit(data, n, d, request.KMeans, p, cancellationToken);
            labels = fit.Labels;
            inertia = fit.Inertia;
            clusterCount = fit.K;
        }
        else
        {
            var p = progress is null ? null : new InlineProgress<HdbscanProgress>(x =>
                progress.Report(new ClusteringProgress("HDBSCAN: " + x.Stage, x.Total == 0 ? 0 : (double)x.Done / x.Total)));
            var fit = Hdbscan.Fit(data, n, d, request.Hdbscan, p, cancellationToken);
            labels = fit.Labels;
            clusterCount = fit.ClusterCount;
        }

        progress?.Report(new ClusteringProgress("names", 1));
        var sizes = new int[clusterCount];
        int noise = 0;
        foreach (var l in labels) if (l >= 0) sizes[l]++; else noise++;
        string namesFrom;
        var clusters = new List<ClusterSummary>(clusterCount);
        if (textColumns.Count > 0)
        {
            // Noise is a class of its own (BERTopic's topic −1): its words count in f(t) and A but it gets no name.
            int classes = clusterCount + (noise > 0 ? 1 : 0);
            var classOf = new int[n];
            for (int i = 0; i < n; i++) classOf[i] = labels[i] >= 0 ? labels[i] : clusterCount;
            var tfidf = ClassTfidf.Fit(ClusterNameColumns.RowTexts(textColumns, n), classOf, classes, request.StopWords ?? StopWords.EnglishWords);
            for (int c = 0; c < clusterCount; c++)
            {
                var top = tfidf.TopTerms(c, request.TermCount);
                if (top.Count == 0)
                {
                    // No words in this cluster's text (empty cells, symbols only): its keys name it rather than nothing.
                    var (keys, distances) = NearestToCentre(set, data, d, labels, c, request.TermCount);
                    clusters.Add(new ClusterSummary(c, sizes[c], keys, distances));
                    continue;
                }
                clusters.Add(new ClusterSummary(c, sizes[c], top.Select(t => t.Term).ToArray(), top.Select(t => t.Weight).ToArray()));
            }
            namesFrom = "c-TF-IDF of " + ClusterNameColumns.Describe(textColumns);
        }
        else
        {
            for (int c = 0; c < clusterCount; c++)
            {
                var (keys, distances) = NearestToCentre(set, data, d, labels, c, request.TermCount);
                clusters.Add(new ClusterSummary(c, sizes[c], keys, distances));
            }
            namesFrom = request.Space == ClusteringSpace.Map ? "keys nearest each centre on the map" : "keys nearest each centre";
        }

        progress?.Report(new ClusteringProgress("silhouette", 1));
        var silhouette = ClusterQuality.Silhouette(data, n, d, labels, request.SilhouetteSampleSize, request.Seed,
            request.Method == ClusteringMethod.KMeans ? request.KMeans.Threads : request.Hdbscan.Threads, cancellationToken);
        double? ari = null, nmi = null;
        if (compare is not null)
        {
            var truth = ClusterQuality.Codes(compare.Values);
            ari = ClusterQuality.AdjustedRandIndex(truth, labels);
            nmi = ClusterQuality.NormalizedMutualInformation(truth, labels);
        }
        return new ClusteringResult(request.Method, request.Space, labels, clusters, noise, silhouette, inertia, compare?.Name, ari, nmi,
            namesFrom, clock.Elapsed) { NameColumns = textColumns.Select(c => c.Name).ToArray() };
    }

    private static string ColumnList(EmbeddingSet set) =>
        set.Metadata.Count == 0 ? " (it has no metadata columns)." : $"; columns are {string.Join(", ", set.Metadata.Select(c => c.Name))}.";

    /// <summary>The keys of the <paramref name="count"/> members closest to the mean of cluster <paramref name="cluster"/>.</summary>
    private static (string[] Keys, double[] Distances) NearestToCentre(EmbeddingSet set, float[] data, int d, int[] labels, int cluster, int count)
    {
        var centre = new double[d];
        int members = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != cluster) continue;
            members++;
            var row = data.AsSpan(i * d, d);
            for (int f = 0; f < d; f++) centre[f] += row[f];
        }
        if (members == 0) return ([], []);
        var c = new float[d];
        for (int f = 0; f < d; f++) c[f] = (float)(centre[f] / members);
        var best = new List<(float Dist, int Row)>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != cluster) continue;
            best.Add((KMeans.SquaredDistance(data.AsSpan(i * d, d), c), i));
        }
        best.Sort((a, b) => a.Dist != b.Dist ? a.Dist.CompareTo(b.Dist) : a.Row.CompareTo(b.Row));
        int take = Math.Min(count, best.Count);
        var keys = new string[take];
        var distances = new double[take];
        for (int t = 0; t < take; t++) { keys[t] = set.Keys[best[t].Row]; distances[t] = Math.Sqrt(best[t].Dist); }
        return (keys, distances);
    }
}
