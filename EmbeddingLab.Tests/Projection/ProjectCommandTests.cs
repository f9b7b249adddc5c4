using System.Globalization;
using System.Text.Json;
using EmbeddingLab.Cli;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Projection;

public class ProjectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("project-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Out, string Err) Run(params string[] args) => EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run(args);

    private string Vectors(VectorFileFormat format, int n = 120)
    {
        var path = Path.Combine(_dir, format == VectorFileFormat.Word2VecBinary ? "v.bin" : "v.txt");
        VectorFile.Write(SyntheticClusters.Generate(n, 8, 3, seed: 2), path, format);
        return path;
    }

    [Fact]
    public void Umap_takes_umap_learns_options()
    {
        var input = Vectors(VectorFileFormat.Word2VecText);
        var output = Path.Combine(_dir, "umap.tsv");
        var (code, stdout, err) = Run("project", "--vectors", input, "--method", "umap", "--n-neighbors", "10", "--min-dist", "0.3",
            "--metric", "cosine", "--n-epochs", "100", "--seed", "1", "--threads", "1", "--out", output);
        Assert.True(code == 0, err);
        Assert.StartsWith("UMAP of 120 vectors", stdout);
        Assert.Equal(120, File.ReadAllLines(output).Length);

        (code, _, err) = Run("project", "--vectors", input, "--method", "umap", "--min-dist", "2", "--out", output);
        Assert.NotEqual(0, code);
        Assert.Equal("--min-dist (2) must be less than or equal to --spread (1).", err.Trim());
        (code, _, err) = Run("project", "--vectors", input, "--method", "umap", "--metric", "manhattan", "--out", output);
        Assert.NotEqual(0, code);
        Assert.Contains("--metric must be one of euclidean, cosine", err);
    }

    [Theory]
    [InlineData("pca", "2", VectorFileFormat.Word2VecText)]
    [InlineData("tsne", "2", VectorFileFormat.Word2VecBinary)]
    [InlineData("pca", "3", VectorFileFormat.Word2VecBinary)]
    [InlineData("umap", "2", VectorFileFormat.Word2VecText)]
    [InlineData("umap", "3", VectorFileFormat.Word2VecBinary)]
    public void Writes_one_row_per_vector_and_a_json_summary(string method, string dims, VectorFileFormat format)
    {
        var input = Vectors(format);
        var output = Path.Combine(_dir, "coords.tsv");
        var (code, stdout, err) = Run("project", "--vectors", input, "--method", method, "--dims", dims,
            "--perplexity", "10", "--iterations", "300", "--seed", "0", "--out", output, "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        var root = json.RootElement;
        Assert.Equal(method, root.GetProperty("method").GetString());
        Assert.Equal(120, root.GetProperty("n").GetInt32());
        Assert.Equal(int.Parse(dims, CultureInfo.InvariantCulture), root.GetProperty("dims").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.InRange(root.GetProperty("trustworthiness").GetDouble(), 0.8, 1.0);
        Assert.Equal(["seconds", "method", "n", "dims", "trustworthiness"], root.EnumerateObject().Select(p => p.Name));

        var rows = File.ReadAllLines(output);
        Assert.Equal(120, rows.Length);
        Assert.Equal("p0", rows[0].Split('\t')[0]);
        Assert.All(rows, r =>
        {
            var parts = r.Split('\t');
            Assert.Equal(1 + int.Parse(dims, CultureInfo.InvariantCulture), parts.Length);
            Assert.All(parts.Skip(1), v => Assert.True(float.IsFinite(float.Parse(v, CultureInfo.InvariantCulture))));
        });
    }

    [Theory]
    [InlineData("--method", "isomap", "--method must be one of pca, tsne, umap")]
    [InlineData("--dims", "4", "--dims must be between 2 and 3")]
    [InlineData("--perplexity", "500", "--perplexity (500) must be less than the number of vectors (120)")]
    public void Bad_options_are_one_sentence_errors(string option, string value, string message)
    {
        var input = Vectors(VectorFileFormat.Word2VecText);
        var args = new List<string> { "project", "--vectors", input, "--method", "tsne", "--out", Path.Combine(_dir, "o.tsv") };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else { args.Add(option); args.Add(value); }
        var (code, stdout, err) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Equal("", stdout);
    }
}
