using System.Text.Json;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Words;

/// <summary>
/// Our answers against gensim 4's on the same vectors (TestData/words/reference.json, made by generate_reference.py):
/// loaders, most_similar, most_similar_cosmul, similarity, doesnt_match, evaluate_word_analogies, evaluate_word_pairs.
/// </summary>
public sealed class GensimParityTests
{
    internal static string Data(string name) => RepoPaths.TestData("words", name);

    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Data("reference.json"))).RootElement;
    private static readonly EmbeddingSet Vectors = VectorFile.Read(Data("vectors.txt"));

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Theory]
    [InlineData("vectors.txt", VectorFileFormat.Word2VecText)]
    [InlineData("vectors.bin", VectorFileFormat.Word2VecBinary)]
    [InlineData("vectors.glove.txt", VectorFileFormat.GloveText)]
    public void AllThreeFormatsLoadTheVectorsGensimLoads(string file, VectorFileFormat format)
    {
        Assert.Equal(format, VectorFile.DetectFormat(Data(file)));
        var set = VectorFile.Read(Data(file));
        Assert.Equal(Reference.GetProperty("count").GetInt32(), set.Count);
        Assert.Equal(Reference.GetProperty("dims").GetInt32(), set.Dimensions);
        foreach (var row in Reference.GetProperty("rows").EnumerateObject())
            Assert.Equal(row.Value.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), set.Vector(row.Name).ToArray());
        double sum = 0;
        foreach (float v in set.Matrix) sum += v;
        Assert.Equal(Reference.GetProperty("sum").GetDouble(), sum, 6);
    }

    private static void AssertSameNeighbours(JsonElement expected, IReadOnlyList<Neighbor> actual)
    {
        var want = expected.EnumerateArray().Select(e => (Key: e[0].GetString()!, Score: e[1].GetDouble())).ToArray();
        Assert.Equal(want.Select(w => w.Key), actual.Select(a => a.Key));
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i].Score, actual[i].Score, 1e-5);
    }

    [Fact]
    public void MostSimilarMatchesGensim()
    {
        foreach (var q in Reference.GetProperty("most_similar").EnumerateArray())
        {
            int? restrict = q.TryGetProperty("restrict_vocab", out var r) ? r.GetInt32() : null;
            var result = Vectors.MostSimilar(Strings(q.GetProperty("positive")), Strings(q.GetProperty("negative")), q.GetProperty("topn").GetInt32(), restrict);
            AssertSameNeighbours(q.GetProperty("result"), result);
        }
    }

    [Fact]
    public void MostSimilarCosMulMatchesGensim()
    {
        foreach (var q in Reference.GetProperty("most_similar_cosmul").EnumerateArray())
        {
            var result = Vectors.MostSimilarCosMul(Strings(q.GetProperty("positive")), Strings(q.GetProperty("negative")), q.GetProperty("topn").GetInt32());
            AssertSameNeighbours(q.GetProperty("result"), result);
        }
    }

    [Fact]
    public void SimilarityAndDoesntMatchMatchGensim()
    {
        foreach (var s in Reference.GetProperty("similarity").EnumerateArray())
            Assert.Equal(s[2].GetDouble(), Vectors.Similarity(s[0].GetString()!, s[1].GetString()!), 1e-6);
        foreach (var d in Reference.GetProperty("doesnt_match").EnumerateArray())
            Assert.Equal(d[1].GetString(), Vectors.DoesntMatch(Strings(d[0])));
    }

    [Theory]
    [InlineData("default", 300_000, false)]
    [InlineData("dummy4unknown", 300_000, true)]
    [InlineData("restrict_30", 30, false)]
    public void EvaluateWordAnalogiesMatchesGensim(string variant, int restrict, bool dummy)
    {
        var expected = Reference.GetProperty("evaluate_word_analogies").GetProperty(variant);
        var result = AnalogyEvaluation.Evaluate(Vectors, Data("questions.txt"), new AnalogyEvaluationOptions { RestrictVocab = restrict, Dummy4Unknown = dummy });
        var sections = result.Sections.Append(result.Total).ToList();
        var want = expected.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(want.Select(s => s.GetProperty("name").GetString()), sections.Select(s => s.Name));
        for (int i = 0; i < want.Count; i++)
        {
            static string[] Quads(JsonElement list) => list.EnumerateArray().Select(q => string.Join(' ', Strings(q))).ToArray();
            Assert.Equal(Quads(want[i].GetProperty("correct")), sections[i].Correct.Select(q => $"{q.A} {q.B} {q.C} {q.Expected}"));
            Assert.Equal(Quads(want[i].GetProperty("incorrect")), sections[i].Incorrect.Select(q => $"{q.A} {q.B} {q.C} {q.Expected}"));
        }
        Assert.Equal(expected.GetProperty("score").GetDouble(), result.Score, 12);
        // gensim counts a question with an unknown word among the incorrect ones only with dummy4unknown.
        var withDummy = Reference.GetProperty("evaluate_word_analogies").GetProperty("dummy4unknown").GetProperty("sections").EnumerateArray().Last();
        var withoutDummy = Reference.GetProperty("evaluate_word_analogies").GetProperty("default").GetProperty("sections").EnumerateArray().Last();
        if (restrict == 300_000)
            Assert.Equal(withDummy.GetProperty("incorrect").GetArrayLength() - withoutDummy.GetProperty("incorrect").GetArrayLength(), result.Skipped);
    }

    [Theory]
    [InlineData("default", 300_000, false)]
    [InlineData("dummy4unknown", 300_000, true)]
    [InlineData("restrict_40", 40, false)]
    public void EvaluateWordPairsMatchesGensim(string variant, int restrict, bool dummy)
    {
        var expected = Reference.GetProperty("evaluate_word_pairs").GetProperty(variant);
        var result = WordPairEvaluation.Evaluate(Vectors, Data("pairs.txt"), new WordPairEvaluationOptions { RestrictVocab = restrict, Dummy4Unknown = dummy });
        Assert.Equal(expected.GetProperty("pearson").GetDouble(), result.Pearson, 1e-5);
        Assert.Equal(expected.GetProperty("spearman").GetDouble(), result.Spearman, 1e-5);
        Assert.Equal(expected.GetProperty("oov_ratio_percent").GetDouble() / 100, result.OovRatio, 1e-12);
    }
}
