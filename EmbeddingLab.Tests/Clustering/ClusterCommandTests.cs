using System.Text.Json;
using EmbeddingLab.Cli;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Clustering;

public class ClusterCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cluster-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Out, string Err) Run(params string[] args) => EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run(args);

    /// <summary>Three planted clusters saved as train saves them: vectors plus "genre" and "title" metadata beside.</summary>
    /// <param name="numbered">Titles end in the row number, so no two rows share one (as real titles); without it the 12
    /// titles repeat ten times each, which is a category the automatic choice of name columns leaves out.</param>
    private string Vectors(int noise = 0, bool numbered = false)
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 40, clusters: 3, noise: noise, d: 8, seed: 9);
        string[][] words = [["guitar", "riff"], ["vote", "minister"], ["goal", "striker"]];
        var keys = truth.Select((_, i) => $"s{i}").ToArray();
        var genre = truth.Select(t => t < 0 ? "none" : new[] { "rock", "politics", "sport" }[t]).ToArray();
        var title = truth.Select((t, i) => (t < 0 ? "static" : $"the {words[t][i % 2]} of the {words[t][(i / 2) % 2]}") + (numbered ? $" {i + 100}" : "")).ToArray();
        var set = new EmbeddingSet(keys, x, 8, [new MetadataColumn("genre", genre), new MetadataColumn("title", title)]);
        var path = Path.Combine(_dir, "v.bin");
        SongVectorFiles.Save(set, path);
        return path;
    }

    private static JsonElement LastJson(string stdout) => JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).RootElement;

    [Fact]
    public void Kmeans_writes_key_cluster_rows_and_the_json_summary()
    {
        var input = Vectors();
        var output = Path.Combine(_dir, "clusters.tsv");
        var (code, stdout, err) = Run("cluster", "--vectors", input, "--method", "kmeans", "--k", "3", "--seed", "0", "--n-init", "3",
            "--labels-from", "title", "--compare-with", "genre", "--out", output, "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        Assert.Equal("kmeans", root.GetProperty("method").GetString());
        Assert.Equal(3, root.GetProperty("clusters").GetArrayLength());
        Assert.Equal(0, root.GetProperty("noise").GetInt32());
        Assert.True(root.GetProperty("inertia").GetDouble() > 0);
        Assert.InRange(root.GetProperty("silhouette").GetDouble(), 0.5, 1.0);
        Assert.Equal(1.0, root.GetProperty("adjusted_rand_index").GetDouble());
        Assert.Equal(1.0, root.GetProperty("normalized_mutual_info").GetDouble());
        foreach (var c in root.GetProperty("clusters").EnumerateArray())
        {
            Assert.Equal(40, c.GetProperty("size").GetInt32());
            var terms = c.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ToArray();
            Assert.Equal(2, terms.Length); // "the" and "of" are stop words: two words are left per topic
            Assert.Contains(new[] { new[] { "guitar", "riff" }, ["minister", "vote"], ["goal", "striker"] }, w => w.SequenceEqual(terms.Order()));
        }
        var rows = File.ReadAllLines(output);
        Assert.Equal("key\tcluster", rows[0]);
        Assert.Equal(121, rows.Length);
        Assert.Equal("s0", rows[1].Split('\t')[0]);
        Assert.All(rows.Skip(1), r => Assert.InRange(int.Parse(r.Split('\t')[1]), 0, 2));
    }

    [Fact]
    public void Hdbscan_labels_noise_minus_one_in_the_file_and_counts_it()
    {
        var input = Vectors(noise: 12, numbered: true);
        var output = Path.Combine(_dir, "clusters.tsv");
        var (code, stdout, err) = Run("cluster", "--vectors", input, "--method", "hdbscan", "--min-cluster-size", "10", "--out", output, "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        Assert.Equal("hdbscan", root.GetProperty("method").GetString());
        Assert.Equal(3, root.GetProperty("clusters").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("inertia").ValueKind);
        var labels = File.ReadAllLines(output).Skip(1).Select(r => int.Parse(r.Split('\t')[1])).ToArray();
        Assert.Equal(132, labels.Length);
        Assert.Equal(root.GetProperty("noise").GetInt32(), labels.Count(l => l == -1));
        Assert.True(labels[120..].Count(l => l == -1) >= 10, "the uniform noise rows should be −1");
        // Without --labels-from the "title" column names the clusters.
        Assert.Contains("title", root.GetProperty("names_from").GetString());
    }

    [Fact]
    public void Without_labels_from_the_titles_name_the_clusters_and_the_genre_is_said_to_be_left_out()
    {
        var input = Vectors(numbered: true);
        var output = Path.Combine(_dir, "clusters.tsv");
        var (code, stdout, err) = Run("cluster", "--vectors", input, "--k", "3", "--n-init", "3", "--out", output, "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        Assert.Equal(["title"], root.GetProperty("name_columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("c-TF-IDF of column \"title\"", root.GetProperty("names_from").GetString());
        foreach (var c in root.GetProperty("clusters").EnumerateArray())
            Assert.DoesNotContain(c.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), t => t is "rock" or "politics" or "sport");
        // The text output says which columns the automatic choice passed over and why.
        (code, stdout, err) = Run("cluster", "--vectors", input, "--k", "3", "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains("names: c-TF-IDF of column \"title\"", stdout);
        Assert.Contains("not used for names: genre (categorical: 3 values)", stdout);
    }

    [Fact]
    public void An_explicit_labels_from_wins_over_the_automatic_choice()
    {
        var input = Vectors(numbered: true);
        var output = Path.Combine(_dir, "clusters.tsv");
        var (code, stdout, err) = Run("cluster", "--vectors", input, "--k", "3", "--n-init", "3", "--labels-from", "genre", "--out", output, "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        Assert.Equal(["genre"], root.GetProperty("name_columns").EnumerateArray().Select(c => c.GetString()));
        var names = root.GetProperty("clusters").EnumerateArray().Select(c => Assert.Single(c.GetProperty("terms").EnumerateArray()).GetString()).Order();
        Assert.Equal(["politics", "rock", "sport"], names);
        (code, stdout, err) = Run("cluster", "--vectors", input, "--k", "3", "--labels-from", "genre", "--out", output);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("not used for names", stdout);
    }

    [Fact]
    public void Clusters_a_map_from_a_coordinates_file()
    {
        var input = Vectors();
        var coords = Path.Combine(_dir, "coords.tsv");
        Assert.Equal(0, Run("project", "--vectors", input, "--method", "pca", "--dims", "2", "--out", coords).Code);
        var output = Path.Combine(_dir, "clusters.tsv");
        var (code, stdout, err) = Run("cluster", "--vectors", input, "--method", "hdbscan", "--min-cluster-size", "10", "--coords", coords,
            "--compare-with", "genre", "--out", output, "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        Assert.Equal("map", root.GetProperty("space").GetString());
        Assert.True(root.GetProperty("adjusted_rand_index").GetDouble() > 0.9);
    }

    [Theory]
    [InlineData("--labels-from", "lyrics", "no metadata column \"lyrics\"; columns are genre, title")]
    [InlineData("--k", "500", "--k (500) must be at most the number of vectors (120)")]
    public void Bad_options_are_one_sentence_on_stderr(string option, string value, string message)
    {
        var input = Vectors();
        var (code, stdout, err) = Run("cluster", "--vectors", input, option, value, "--out", Path.Combine(_dir, "c.tsv"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Kmeans_options_with_hdbscan_are_refused()
    {
        var input = Vectors();
        var (code, _, err) = Run("cluster", "--vectors", input, "--method", "hdbscan", "--k", "3", "--out", Path.Combine(_dir, "c.tsv"));
        Assert.Equal(2, code);
        Assert.Contains("--k, --n-init and --max-iter are k-means options", err);
    }
}
