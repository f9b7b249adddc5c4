using System.CommandLine;
using System.Globalization;
using System.Text;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>project --vectors FILE --method pca|tsne|umap --dims 2|3 [--perplexity 30 --iterations 1000 --seed 0]
/// [--n-neighbors 15 --min-dist 0.1 --spread 1 --metric euclidean|cosine --n-epochs N] --out coords.tsv [--json]</c>:
/// projects every vector and writes "key, x, y[, z]" rows (tab-separated); --json ends with one summary line.
/// </summary>
public sealed class ProjectCommand() : CliCommand("project", "PCA, t-SNE or UMAP coordinates of every vector, as TSV (key, then coordinates).")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string> _method = CliOptions.Choice("--method", "projection method", "pca", "pca", "tsne", "umap");
    private readonly Option<int> _dims = CliOptions.Int("--dims", "output dimensions", 2, min: 2, max: 3);
    private readonly Option<double> _perplexity = CliOptions.Double("--perplexity", "t-SNE perplexity (sklearn perplexity)", 30, min: 1e-3, max: 10_000);
    private readonly Option<int> _iterations = CliOptions.Int("--iterations", "t-SNE iterations (sklearn max_iter)", 1000, min: 1, max: 1_000_000);
    private readonly Option<int> _nNeighbors = CliOptions.Int("--n-neighbors", "UMAP neighbourhood size, the point included (umap-learn n_neighbors)", 15, min: 2, max: 10_000);
    private readonly Option<double> _minDist = CliOptions.Double("--min-dist", "UMAP minimum distance between embedded points (umap-learn min_dist)", 0.1, min: 0, max: 100);
    private readonly Option<double> _spread = CliOptions.Double("--spread", "UMAP scale of the embedded points (umap-learn spread)", 1.0, min: 1e-6, max: 100);
    private readonly Option<string> _metric = CliOptions.Choice("--metric", "UMAP input metric (umap-learn metric)", "euclidean", "euclidean", "cosine");
    private readonly Option<int?> _nEpochs = CliOptions.OptionalInt("--n-epochs", "UMAP epochs (default: 500 up to 10,000 vectors, else 200)", min: 1, max: 100_000);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "random seed", 0);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "worker threads (0 = all cores)", 0, min: 0, max: 1024);
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "where to write the coordinates (TSV)");
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var path = c.Required(_vectors);
        var method = c.Required(_method);
        int dims = c.Get(_dims);
        double perplexity = c.Get(_perplexity);
        var outPath = c.Required(_out);
        bool json = c.Get(_json);

        var set = VectorFile.Read(path, new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        if (set.Count < 3) throw new CliException($"\"{path}\" holds {set.Count} vectors; a projection needs at least 3.");
        bool tsne = method == "tsne";
        if (tsne && perplexity >= set.Count)
            throw new CliException($"--perplexity ({perplexity}) must be less than the number of vectors ({set.Count}).");
        double minDist = c.Get(_minDist), spread = c.Get(_spread);
        if (method == "umap" && minDist > spread)
            throw new CliException($"--min-dist ({minDist}) must be less than or equal to --spread ({spread}).");
        if (method == "pca" && set.Dimensions < dims)
            throw new CliException($"PCA to {dims} dimensions needs vectors with at least {dims} dimensions (these have {set.Dimensions}).");
        var request = new ProjectionRequest
        {
            Method = method switch { "tsne" => ProjectionMethod.Tsne, "umap" => ProjectionMethod.Umap, _ => ProjectionMethod.Pca },
            Dims = dims,
            Seed = c.Get(_seed),
            Threads = c.Get(_threads),
            Tsne = new TsneOptions { Perplexity = perplexity, NIter = c.Get(_iterations), SnapshotEvery = 0 },
            Umap = new UmapOptions
            {
                NNeighbors = c.Get(_nNeighbors), MinDist = minDist, Spread = spread, NEpochs = c.Get(_nEpochs), SnapshotEvery = 0,
                Metric = c.Get(_metric) == "cosine" ? UmapMetric.Cosine : UmapMetric.Euclidean,
            },
        };
        var result = c.Progress(json).Run(method switch { "tsne" => "t-SNE", "umap" => "UMAP", _ => "PCA" }, p => Projector.Project(set, request, p.Map<TsneProgress>(Figures), c.CancellationToken));

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
            c.Console.WriteJson(new { seconds = Math.Round(result.Elapsed.TotalSeconds, 3), method, n = set.Count, dims, trustworthiness = trust });
        }
        else
        {
            c.Out.WriteLine($"{method.ToUpperInvariant()} of {set.Count:N0} vectors × {set.Dimensions} → {dims}-D in {result.Elapsed.TotalSeconds:F2} s; wrote {outPath}");
            if (result.Quality is { } q)
                c.Out.WriteLine($"trustworthiness@{q.K} {q.Trustworthiness:F4}, kNN preservation@{q.K} {q.KnnPreservation:F4} (on {q.SampleSize:N0} points)");
            if (result.ExplainedVarianceRatio is { } r)
                c.Out.WriteLine($"explained variance ratio: {string.Join(", ", r.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))}");
        }
        return 0;
    }

    /// <summary>
    /// t-SNE reports phases before its iterations (neighbours, perplexity calibration) and KL every so often; UMAP
    /// reports neighbours, graph and init, then epochs (as iterations, without KL).
    /// </summary>
    private static ProgressFigures Figures(TsneProgress p) => p.NIter == 0
        ? new(0, p.Phase)
        : new((double)p.Iteration / p.NIter, $"{p.Phase}, iteration {p.Iteration:N0}/{p.NIter:N0}" + (p.KlDivergence is { } kl ? $", KL {kl:F3}" : ""));
}
