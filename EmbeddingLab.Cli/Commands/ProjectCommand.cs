using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>project --vectors FILE --method pca|tsne|umap --dims 2|3 [--perplexity 30 --iterations 1000 --seed 0]
/// [--n-neighbors 15 --min-dist 0.1 --metric euclidean|cosine --n-epochs N] --out coords.tsv [--json]</c>:
/// projects every vector and writes "key, x, y[, z]" rows (tab-separated); --json ends with one summary line.
/// </summary>
public sealed class ProjectCommand : ICliCommand
{
    public string Name => "project";
    public string Usage => "project --vectors FILE --method pca|tsne|umap --dims 2|3 [--perplexity 30 --iterations 1000 (t-SNE)] [--n-neighbors 15 --min-dist 0.1 --spread 1 --metric euclidean|cosine --n-epochs auto (UMAP)] [--seed 0 --threads 0 --format F] --out coords.tsv [--json]   PCA / t-SNE / UMAP coordinates as TSV";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var method = args.Choice("method", "pca", "pca", "tsne", "umap");
        int dims = args.Int("dims", 2, min: 2, max: 3);
        double perplexity = args.Double("perplexity", 30, min: 1e-3, max: 10_000);
        int iterations = args.Int("iterations", 1000, min: 1, max: 1_000_000);
        int nNeighbors = args.Int("n-neighbors", 15, min: 2, max: 10_000);
        double minDist = args.Double("min-dist", 0.1, min: 0, max: 100);
        double spread = args.Double("spread", 1.0, min: 1e-6, max: 100);
        var metric = args.Choice("metric", "euclidean", "euclidean", "cosine");
        var nEpochs = args.Optional("n-epochs") is null or "auto" ? (int?)null : args.Int("n-epochs", 200, min: 1, max: 100_000);
        int seed = args.Int("seed", 0);
        int threads = args.Int("threads", 0, min: 0, max: 1024);
        var outPath = args.Required("out");
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var set = VectorFile.Read(path, new VectorReadOptions { Format = format }, cancellationToken: cancellationToken);
        if (set.Count < 3) throw new CliException($"\"{path}\" holds {set.Count} vectors; a projection needs at least 3.");
        bool tsne = method == "tsne";
        if (tsne && perplexity >= set.Count)
            throw new CliException($"--perplexity ({perplexity}) must be less than the number of vectors ({set.Count}).");
        if (method == "umap" && minDist > spread)
            throw new CliException($"--min-dist ({minDist}) must be less than or equal to --spread ({spread}).");
        if (method == "pca" && set.Dimensions < dims)
            throw new CliException($"PCA to {dims} dimensions needs vectors with at least {dims} dimensions (these have {set.Dimensions}).");
        var request = new ProjectionRequest
        {
            Method = method switch { "tsne" => ProjectionMethod.Tsne, "umap" => ProjectionMethod.Umap, _ => ProjectionMethod.Pca },
            Dims = dims,
            Seed = seed,
            Threads = threads,
            Tsne = new TsneOptions { Perplexity = perplexity, NIter = iterations, SnapshotEvery = 0 },
            Umap = new UmapOptions
            {
                NNeighbors = nNeighbors, MinDist = minDist, Spread = spread, NEpochs = nEpochs, SnapshotEvery = 0,
                Metric = metric == "cosine" ? UmapMetric.Cosine : UmapMetric.Euclidean,
            },
        };
        var result = Projector.Project(set, request, null, cancellationToken);

        try
        {
            using var writer = new StreamWriter(outPath, false, new UTF8Encoding(false));
            var line = new StringBuilder();
            for (int i = 0; i < set.Count; i++)
            {
                line.Clear().Append(set.Keys[i]);
                for (int a = 0; a < dims; a++) line.Append('\t').Append(result.Coordinates[i * dims + a].ToString("R", CultureInfo.InvariantCulture));
                writer.WriteLine(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write \"{outPath}\": {e.Message}");
        }

        double? trust = result.Quality is null ? null : Math.Round(result.Quality.Trustworthiness, 6);
        if (json)
        {
            console.WriteJson(new { seconds = Math.Round(result.Elapsed.TotalSeconds, 3), method, n = set.Count, dims, trustworthiness = trust });
        }
        else
        {
            console.Out.WriteLine($"{method.ToUpperInvariant()} of {set.Count:N0} vectors × {set.Dimensions} → {dims}-D in {result.Elapsed.TotalSeconds:F2} s; wrote {outPath}");
            if (result.Quality is { } q)
                console.Out.WriteLine($"trustworthiness@{q.K} {q.Trustworthiness:F4}, kNN preservation@{q.K} {q.KnnPreservation:F4} (on {q.SampleSize:N0} points)");
            if (result.ExplainedVarianceRatio is { } r)
                console.Out.WriteLine($"explained variance ratio: {string.Join(", ", r.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))}");
        }
        return 0;
    }
}
