using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>cluster --vectors FILE --method kmeans|hdbscan [--k 10 | --min-cluster-size 15] [--seed 0] [--labels-from COLUMN] --out FILE [--json]</c>:
/// clusters every vector (or, with --coords, a 2-D/3-D map of them) and writes "key, cluster" rows (−1 = noise).
/// Metadata columns (for --labels-from and --compare-with) come from the ".metadata.tsv" saved beside the vectors by train.
/// </summary>
public sealed class ClusterCommand : ICliCommand
{
    public string Name => "cluster";
    public string Usage => "cluster --vectors FILE --method kmeans|hdbscan [--k 10 --n-init 1 --max-iter 300 | --min-cluster-size 15 --min-samples N] [--seed 0] "
        + "[--labels-from COLUMN] [--compare-with COLUMN] [--coords coords.tsv] [--threads 0 --format F] --out FILE [--json]   k-means / HDBSCAN clusters as TSV, named by c-TF-IDF";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var method = args.Choice("method", "kmeans", "kmeans", "hdbscan");
        bool hdbscan = method == "hdbscan";
        if (hdbscan && (args.Has("k") || args.Has("n-init") || args.Has("max-iter")))
            throw new CliException("--k, --n-init and --max-iter are k-means options; HDBSCAN takes --min-cluster-size and --min-samples.");
        if (!hdbscan && (args.Has("min-cluster-size") || args.Has("min-samples")))
            throw new CliException("--min-cluster-size and --min-samples are HDBSCAN options; k-means takes --k.");
        int k = args.Int("k", 10, min: 1, max: 100_000);
        int nInit = args.Int("n-init", 1, min: 1, max: 1000);
        int maxIter = args.Int("max-iter", 300, min: 1, max: 1_000_000);
        int minClusterSize = args.Int("min-cluster-size", 15, min: 2, max: int.MaxValue);
        int? minSamples = args.Has("min-samples") ? args.Int("min-samples", 0, min: 1, max: int.MaxValue) : null;
        int seed = args.Int("seed", 0);
        int threads = args.Int("threads", 0, min: 0, max: 1024);
        var labelsFrom = args.Optional("labels-from");
        var compareWith = args.Optional("compare-with");
        var coordsPath = args.Has("coords") ? args.RequiredFile("coords") : null;
        var outPath = args.Required("out");
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var set = SongVectorFiles.Load(path, new VectorReadOptions { Format = format }, cancellationToken);
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
        var result = Clusterer.Run(set, request, null, cancellationToken);

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
            console.WriteJson(new
            {
                method,
                space = coords is null ? "vectors" : "map",
                n = set.Count,
                clusters = result.Clusters.Select(c => new { id = c.Id, size = c.Size, terms = c.Terms }),
                noise = result.Noise,
                silhouette,
                silhouette_sample = result.Silhouette?.SampleSize,
                inertia = result.Inertia is { } inertia ? Math.Round(inertia, 6) : (double?)null,
                names_from = result.NamesFrom,
                compared_with = result.ComparedWith,
                adjusted_rand_index = result.AdjustedRandIndex is { } ari ? Math.Round(ari, 6) : (double?)null,
                normalized_mutual_info = result.NormalizedMutualInformation is { } nmi ? Math.Round(nmi, 6) : (double?)null,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
            });
        }
        else
        {
            var where = coords is null ? $"{set.Dimensions}-D vectors" : $"the {coordDims}-D map in {coordsPath}";
            console.Out.WriteLine($"{(hdbscan ? "HDBSCAN" : "k-means")} of {set.Count:N0} {where}: {result.Clusters.Count} clusters"
                + (hdbscan ? $", {result.Noise:N0} noise" : "") + $" in {result.Elapsed.TotalSeconds:F2} s; wrote {outPath}");
            foreach (var c in result.Clusters) console.Out.WriteLine($"  {c.Id,4}  {c.Size,7:N0}  {c.Name}");
            console.Out.WriteLine($"names: {result.NamesFrom}");
            if (result.Silhouette is { } sil)
                console.Out.WriteLine($"silhouette {sil.Value:F4}" + (sil.Sampled ? $" (on a seeded sample of {sil.SampleSize:N0})" : "") + (hdbscan ? ", noise left out" : ""));
            if (result.Inertia is { } inertia) console.Out.WriteLine($"inertia {inertia.ToString("G8", CultureInfo.InvariantCulture)}");
            if (result.AdjustedRandIndex is { } ari)
                console.Out.WriteLine($"against \"{result.ComparedWith}\": adjusted Rand index {ari:F4}, normalised mutual information {result.NormalizedMutualInformation:F4}");
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
