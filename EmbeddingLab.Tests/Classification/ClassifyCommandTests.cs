using System.Text.Json;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.Classification;

public class ClassifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("classify-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Out, string Err) Run(params string[] args) => EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run(args);

    private static JsonElement LastJson(string stdout) => JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).RootElement;

    /// <summary>The multiclass fixture saved as train saves vectors: word2vec binary with a "label" column beside it.</summary>
    private (string Path, ClassificationFixture Fixture) Saved()
    {
        var fixture = ClassificationFixture.Load("multiclass");
        var path = Path.Combine(_dir, "v.bin");
        SongVectorFiles.Save(fixture.Set, path);
        return (path, fixture);
    }

    [Fact]
    public void Column_logreg_prints_the_issue_json_shape_with_sklearns_folds()
    {
        var (path, fixture) = Saved();
        var (code, stdout, err) = Run("classify", "--vectors", path, "--column", "label", "--json");
        Assert.True(code == 0, err);
        var root = LastJson(stdout);
        var expected = Classifier.Run(fixture.Set, new ClassificationRequest { Column = "label" });
        Assert.Equal(Math.Round(expected.Metrics.Accuracy, 6), root.GetProperty("accuracy").GetDouble());
        Assert.Equal(Math.Round(expected.Metrics.MacroF1, 6), root.GetProperty("macro_f1").GetDouble());
        var classes = root.GetProperty("classes").EnumerateArray().ToArray();
        Assert.Equal(["alpha", "beta", "delta", "gamma"], classes.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([70, 30, 50, 90], classes.Select(c => c.GetProperty("support").GetInt32()));
        Assert.All(classes, c => Assert.InRange(c.GetProperty("precision").GetDouble(), 0, 1));
        Assert.All(classes, c => Assert.InRange(c.GetProperty("recall").GetDouble(), 0, 1));
        var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(4, confusion.Length);
        Assert.Equal([70, 30, 50, 90], confusion.Select(r => r.Sum()));
        // With seed 0 the folds are sklearn's, so the fold accuracies are sklearn's too.
        var folds = root.GetProperty("fold_accuracy").EnumerateArray().Select(a => a.GetDouble()).ToArray();
        for (int f = 0; f < 5; f++) Assert.Equal(fixture.LogregFoldAccuracy[f], folds[f], 3);
    }

    [Fact]
    public void Labels_file_with_a_header_gives_the_same_knn_result_as_the_column()
    {
        var (path, fixture) = Saved();
        var labels = Path.Combine(_dir, "labels.tsv");
        File.WriteAllLines(labels, ["key\tlabel", .. fixture.Set.Keys.Select((k, i) => $"{k}\t{fixture.Labels[i]}")]);
        var fromFile = Run("classify", "--vectors", path, "--labels", labels, "--method", "knn", "--k", "4", "--folds", "3", "--seed", "2", "--json");
        var fromColumn = Run("classify", "--vectors", path, "--column", "label", "--method", "knn", "--k", "4", "--folds", "3", "--seed", "2", "--json");
        Assert.True(fromFile.Code == 0, fromFile.Err);
        Assert.True(fromColumn.Code == 0, fromColumn.Err);
        var a = LastJson(fromFile.Out);
        var b = LastJson(fromColumn.Out);
        Assert.Equal(b.GetProperty("accuracy").GetDouble(), a.GetProperty("accuracy").GetDouble());
        Assert.Equal(b.GetProperty("confusion").ToString(), a.GetProperty("confusion").ToString());
        Assert.Equal(3, a.GetProperty("fold_accuracy").GetArrayLength());
        Assert.Equal(4, a.GetProperty("k").GetInt32());
    }

    [Fact]
    public void Unlabelled_keys_are_left_out_and_the_text_report_names_the_classes()
    {
        var (path, fixture) = Saved();
        var labels = Path.Combine(_dir, "some.tsv");
        File.WriteAllLines(labels, fixture.Set.Keys.Select((k, i) => $"{k}\t{fixture.Labels[i]}").Take(200));
        var (code, stdout, err) = Run("classify", "--vectors", path, "--labels", labels);
        Assert.True(code == 0, err);
        Assert.Contains("on 200 vectors (40 without a label left out)", stdout);
        Assert.Contains("macro-F1", stdout);
        Assert.Contains("gamma", stdout);
    }

    [Theory]
    [InlineData("three", "labels.tsv, line 3: expected key<TAB>label, found 3 tab-separated fields.")]
    [InlineData("unknown", "labels.tsv, line 2: key \"nope\" is not one of the vectors.")]
    [InlineData("twice", "labels.tsv, line 3: key \"row0\" is labelled again (first on line 1).")]
    [InlineData("empty", "labels.tsv, line 2: key \"row1\" has an empty label.")]
    public void A_bad_labels_file_is_one_sentence_with_file_and_line(string kind, string expected)
    {
        var (path, _) = Saved();
        var labels = Path.Combine(_dir, "labels.tsv");
        string[] lines = kind switch
        {
            "three" => ["row0\ta", "row1\tb", "row2\tc\textra"],
            "unknown" => ["row0\ta", "nope\tb"],
            "twice" => ["row0\ta", "row1\tb", "row0\tc"],
            _ => ["row0\ta", "row1\t "],
        };
        File.WriteAllLines(labels, lines);
        var (code, stdout, err) = Run("classify", "--vectors", path, "--labels", labels, "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.EndsWith(expected, err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Option_mistakes_are_explained()
    {
        var (path, _) = Saved();
        var (code, _, err) = Run("classify", "--vectors", path);
        Assert.Equal(2, code);
        Assert.Contains("either --labels FILE or --column NAME", err);
        (code, _, err) = Run("classify", "--vectors", path, "--column", "topic");
        Assert.Equal(2, code);
        Assert.Contains("no metadata column \"topic\"; its columns are label", err);
        (code, _, err) = Run("classify", "--vectors", path, "--column", "label", "--k", "3");
        Assert.Equal(2, code);
        Assert.Contains("--k is a k-NN option", err);
        (code, _, err) = Run("classify", "--vectors", path, "--column", "label", "--method", "svm");
        Assert.Equal(2, code);
        Assert.Contains("svm", err);
    }
}
