using System.CommandLine;
using System.Globalization;
using System.Text;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>cluster --vectors FILE --method kmeans|hdbscan [--k 10 | --min-cluster-size 15] [--seed 0] [--labels-from COLUMN] --out FILE [--json]</c>:
/// clusters every vector (or, with --coords, a 2-D/3-D map of them) and writes "key, cluster" rows (−1 = noise).
/// Metadata columns (for --labels-from and --compare-with) come from the ".metadata.tsv" saved beside the vectors by train.
/// </summary>
public sealed class ClusterCommand() : CliCommand("cluster", "k-means or HDBSCAN clusters of every vector (or of a map of them), as TSV (key, cluster; −1 noise), named by c-TF-IDF.")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe (metadata from FILE.metadata.tsv beside it)", required: true);
    private readonly Option<string> _method = CliOptions.Choice("--method", "clustering method", "kmeans", "kmeans", "hdbscan");
    private readonly Option<int> _k = CliOptions.Int("--k", "k-means: number of clusters (sklearn n_clusters)", 10, min: 1, max: 100_000);
    private readonly Option<int> _nInit = CliOptions.Int("--n-init", "k-means: k-means++ starts, the lowest inertia wins (sklearn n_init)", 1, min: 1, max: 1000);
    private readonly Option<int> _maxIter = CliOptions.Int("--max-iter", "k-means: Lloyd iterations per start (sklearn max_iter)", 300, min: 1, max: 1_000_000);
    private readonly Option<int> _minClusterSize = CliOptions.Int("--min-cluster-size", "HDBSCAN: smallest cluster (sklearn min_cluster_size)", 15, min: 2, max: int.MaxValue);
    private readonly Option<int?> _minSamples = CliOptions.OptionalInt("--min-samples", "HDBSCAN: neighbours incl. the point for the core distance (default: min cluster size)", min: 1, max: int.MaxValue);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "random seed (k-means++, silhouette sample)", 0);
    private readonly Option<string> _labelsFrom = CliOptions.Text("--labels-from", "metadata column whose text names the clusters (default: every free-text column, leaving out categories such as genre and mostly empty columns; with none, the keys nearest each centre)", valueName: "COLUMN");
    private readonly Option<string> _compareWith = CliOptions.Text("--compare-with", "categorical metadata column to score against (adjusted Rand index, NMI)", valueName: "COLUMN");
    private readonly Option<string> _coords = CliOptions.ExistingFile("--coords", "cluster this map instead of the vectors: a TSV of key then 2 or 3 coordinates, as project writes");
    private readonly Option<int> _threads = CliOptions.Int("--threads", "worker threads (0 = all cores)", 0, min: 0, max: 1024);
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "where to write the clusters (TSV: key, cluster)");
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var path = c.Required(_vectors);
        var method = c.Required(_method);
        bool hdbscan = method == "hdbscan";
        if (hdbscan && (c.Has(_k) || c.Has(_nInit) || c.Has(_maxIter)))
            throw new CliException("--k, --n-init and --max-iter are k-means options; HDBSCAN takes --min-cluster-size and --min-samples.");
        if (!hdbscan && (c.Has(_minClusterSize) || c.Has(_minSamples)))
            throw new CliException("--min-cluster-size and --min-samples are HDBSCAN options; k-means takes --k.");
        int k = c.Get(_k);
        int nInit = c.Get(_nInit);
        int maxIter = c.Get(_maxIter);
        int minClusterSize = c.Get(_minClusterSize);
        int? minSamples = c.Get(_minSamples);
        int seed = c.Get(_seed);
        int threads = c.Get(_threads);
        var labelsFrom = c.Get(_labelsFrom);
        var compareWith = c.Get(_compareWith);
        var coordsPath = c.Get(_coords);
        var outPath = c.Required(_out);
        var format = c.Get(_format);
        bool json = c.Get(_json);

        var set = SongVectorFiles.Load(path, new VectorReadOptions { Format = format }, c.CancellationToken);
        if (set.Count < 2) throw new CliException($"\"{path}\" holds {set.Count} vectors; clustering needs at least 2.");
        if (!hdbscan && k > set.Count) throw new CliException($"--k ({k}) must be at most the number of vectors ({set.Count}).");
        float[]? coords = null;
        int coordDims = 0;
        if (coordsPath is not null) (coords, coordDims) = ReadCoordinates(coordsPath, set);

        var request = new ClusteringRequest
        {
            Method = hdbscan ? ClusteringMethod.Hdbscan : ClusteringMethod.KMeans,
            KMeans = new KMeansOptions { NClusters = k, NInit = nInit, MaxIter = maxIter, Seed = seed, Threads = threads },
            Hdbscan = new HdbscanOptions { MinClusterSize = minClusterSize, MinSamples = minSamples, Threads = threads },
            Space = coords is null ? ClusteringSpace.Vectors : ClusteringSpace.Map,
            MapCoordinates = coords,
            MapDimensions = coordDims,
            TextColumn = labelsFrom,
            CompareWith = compareWith,
            Seed = seed,
        };
        var result = c.Progress(json).Run(hdbscan ? "HDBSCAN" : "k-means",
            p => Clusterer.Run(set, request, p.Map<ClusteringProgress>(x => new ProgressFigures(x.Fraction, x.Stage)), c.CancellationToken));

        try
        {
            using var writer = new StreamWriter(outPath, false, new UTF8Encoding(false));
            writer.Write("key\tcluster\n");
            for (int i = 0; i < set.Count; i++)
            {
                writer.Write(set.Keys[i]);
                writer.Write('\t');
                writer.Write(result.Labels[i].ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write \"{outPath}\": {e.Message}");
        }

        double? silhouette = result.Silhouette is { } s ? Math.Round(s.Value, 6) : null;
        if (json)
        {
            c.Console.WriteJson(new
            {
                method,
                space = coords is null ? "vectors" : "map",
                n = set.Count,
                clusters = result.Clusters.Select(cluster => new { id = cluster.Id, size = cluster.Size, terms = cluster.Terms }),
                noise = result.Noise,
                silhouette,
                silhouette_sample = result.Silhouette?.SampleSize,
                inertia = result.Inertia is { } inertia ? Math.Round(inertia, 6) : (double?)null,
                names_from = result.NamesFrom,
                name_columns = result.NameColumns,
                compared_with = result.ComparedWith,
                adjusted_rand_index = result.AdjustedRandIndex is { } ari ? Math.Round(ari, 6) : (double?)null,
                normalized_mutual_info = result.NormalizedMutualInformation is { } nmi ? Math.Round(nmi, 6) : (double?)null,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
            });
        }
        else
        {
            var where = coords is null ? $"{set.Dimensions}-D vectors" : $"the {coordDims}-D map in {coordsPath}";
            c.Out.WriteLine($"{(hdbscan ? "HDBSCAN" : "k-means")} of {set.Count:N0} {where}: {result.Clusters.Count} clusters"
                + (hdbscan ? $", {result.Noise:N0} noise" : "") + $" in {result.Elapsed.TotalSeconds:F2} s; wrote {outPath}");
            foreach (var cluster in result.Clusters) c.Out.WriteLine($"  {cluster.Id,4}  {cluster.Size,7:N0}  {cluster.Name}");
            c.Out.WriteLine($"names: {result.NamesFrom}");
            if (labelsFrom is null)
            {
                // Say which columns the automatic choice passed over, so a user knows what --labels-from could add.
                var skipped = set.Metadata.Select(m => (m.Name, Why: ClusterNameColumns.WhyNot(m))).Where(m => m.Why is not null).ToList();
                if (skipped.Count > 0) c.Out.WriteLine("not used for names: " + string.Join("; ", skipped.Select(m => $"{m.Name} ({m.Why})")));
            }
            if (result.Silhouette is { } sil)
                c.Out.WriteLine($"silhouette {sil.Value:F4}" + (sil.Sampled ? $" (on a seeded sample of {sil.SampleSize:N0})" : "") + (hdbscan ? ", noise left out" : ""));
            if (result.Inertia is { } inertia) c.Out.WriteLine($"inertia {inertia.ToString("G8", CultureInfo.InvariantCulture)}");
            if (result.AdjustedRandIndex is { } ari)
                c.Out.WriteLine($"against \"{result.ComparedWith}\": adjusted Rand index {ari:F4}, normalised mutual information {result.NormalizedMutualInformation:F4}");
        }
        return 0;
    }

    /// <summary>A coordinates TSV as `project` writes it: key, then 2 or 3 numbers; every key of the set once.</summary>
    private static (float[] Coords, int Dims) ReadCoordinates(string path, Core.Vectors.EmbeddingSet set)
    {
        int dims = 0;
        float[]? coords = null;
        var seen = new bool[set.Count];
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0) continue;
            var parts = text.Split('\t');
            if (line == 1 && parts.Length > 1 && !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue; // a header
            if (dims == 0)
            {
                dims = parts.Length - 1;
                if (dims is < 2 or > 3) throw new CliException($"{path}, line {line}: expected a key then 2 or 3 coordinates, found {parts.Length} fields.");
                coords = new float[set.Count * dims];
            }
            if (parts.Length != dims + 1) throw new CliException($"{path}, line {line}: expected {dims + 1} tab-separated fields, found {parts.Length}.");
            int row = set.IndexOf(parts[0]);
            if (row < 0) throw new CliException($"{path}, line {line}: key \"{parts[0]}\" is not in the vector file.");
            for (int a = 0; a < dims; a++)
            {
                if (!float.TryParse(parts[a + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new CliException($"{path}, line {line}: \"{parts[a + 1]}\" is not a number.");
                coords![row * dims + a] = v;
            }
            seen[row] = true;
        }
        if (coords is null) throw new CliException($"{path} holds no coordinates.");
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0) throw new CliException($"{path} has no coordinates for key \"{set.Keys[missing]}\" (every vector needs a row).");
        return (coords, dims);
    }
}
