using System.Text.Json;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Classification;

/// <summary>A parity fixture of TestData/classification (written by its generate.py with Debian's scikit-learn).</summary>
internal sealed record ClassificationFixture(string Name, EmbeddingSet Set, string[] Labels, int[] Folds, int Seed, JsonElement Root)
{
    public static readonly string[] Names = ["multiclass", "binary", "sparse"];

    public static string PathOf(string file) => Infrastructure.RepoPaths.TestData("classification", file);

    public static ClassificationFixture Load(string name)
    {
        var root = JsonDocument.Parse(File.ReadAllText(PathOf(name + ".json"))).RootElement;
        var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var rows = root.GetProperty("vectors").EnumerateArray().Select(r => r.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray()).ToArray();
        int d = rows[0].Length;
        var data = rows.SelectMany(r => r).ToArray();
        var keys = Enumerable.Range(0, rows.Length).Select(i => $"row{i}").ToArray();
        var set = new EmbeddingSet(keys, data, d, [new MetadataColumn("label", labels)]);
        var folds = root.GetProperty("folds").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return new ClassificationFixture(name, set, labels, folds, root.GetProperty("seed").GetInt32(), root);
    }

    public double[] LogregFoldAccuracy => Root.GetProperty("logreg").GetProperty("fold_accuracy").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public string[] LogregPredictions => Root.GetProperty("logreg").GetProperty("predictions").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public IEnumerable<(int K, string[] Predictions)> KnnPredictions =>
        Root.GetProperty("knn").EnumerateObject().Select(p => (int.Parse(p.Name), p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray()));
}
