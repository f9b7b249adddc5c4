using System.Text.Json;
using EmbeddingLab.Cli;

namespace EmbeddingLab.Tests.Words;

/// <summary>The word commands' exact --json shapes, their agreement with gensim, and their error exits.</summary>
public sealed class WordCommandsTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(GensimParityTests.Data("reference.json"))).RootElement;

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement LastJson(string output) => JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;

    [Theory]
    [InlineData("cosadd", "most_similar", 1, "vectors.txt")]
    [InlineData("cosmul", "most_similar_cosmul", 0, "vectors.bin")]
    public void AnalogyJsonListsGensimsAnswers(string method, string referenceName, int query, string file)
    {
        var (code, output, err) = Run("analogy", "--vectors", GensimParityTests.Data(file), "--positive", "queen,man", "--negative", "woman",
            "--method", method, "--top", "5", "--json");
        Assert.True(code == 0, err);
        var root = LastJson(output);
        Assert.Equal(["results"], root.EnumerateObject().Select(p => p.Name));
        var results = root.GetProperty("results").EnumerateArray().ToArray();
        var expected = Reference.GetProperty(referenceName)[query].GetProperty("result").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(e => e[0].GetString()), results.Select(r => r.GetProperty("key").GetString()));
        for (int i = 0; i < results.Length; i++)
            Assert.Equal(expected[i][1].GetDouble(), results[i].GetProperty("score").GetDouble(), 1e-5);
    }

    [Fact]
    public void EvaluateAnalogiesJsonHasSectionsTotalAndSkipped()
    {
        var (code, output, err) = Run("evaluate-analogies", "--vectors", GensimParityTests.Data("vectors.glove.txt"), "--format", "glove",
            "--questions", GensimParityTests.Data("questions.txt"), "--json");
        Assert.True(code == 0, err);
        var root = LastJson(output);
        Assert.Equal(["sections", "total", "skipped"], root.EnumerateObject().Select(p => p.Name));
        var expected = Reference.GetProperty("evaluate_word_analogies").GetProperty("default").GetProperty("sections").EnumerateArray().ToArray();
        var sections = root.GetProperty("sections").EnumerateArray().ToArray();
        Assert.Equal(expected.Length - 1, sections.Length); // gensim's last entry is "Total accuracy"
        for (int i = 0; i < sections.Length; i++)
        {
            Assert.Equal(["name", "correct", "total"], sections[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected[i].GetProperty("name").GetString(), sections[i].GetProperty("name").GetString());
            int correct = expected[i].GetProperty("correct").GetArrayLength();
            Assert.Equal(correct, sections[i].GetProperty("correct").GetInt32());
            Assert.Equal(correct + expected[i].GetProperty("incorrect").GetArrayLength(), sections[i].GetProperty("total").GetInt32());
        }
        var total = root.GetProperty("total");
        Assert.Equal(["correct", "total", "accuracy"], total.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Reference.GetProperty("evaluate_word_analogies").GetProperty("default").GetProperty("score").GetDouble(), total.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(3, root.GetProperty("skipped").GetInt32()); // one unicorn question in each of the three relation sections
    }

    [Fact]
    public void EvaluateSimilarityJsonHasCorrelationsAndARatio()
    {
        var (code, output, err) = Run("evaluate-similarity", "--vectors", GensimParityTests.Data("vectors.txt"), "--pairs", GensimParityTests.Data("pairs.txt"), "--json");
        Assert.True(code == 0, err);
        var root = LastJson(output);
        Assert.Equal(["pearson", "spearman", "oov_ratio"], root.EnumerateObject().Select(p => p.Name));
        var expected = Reference.GetProperty("evaluate_word_pairs").GetProperty("default");
        Assert.Equal(expected.GetProperty("pearson").GetDouble(), root.GetProperty("pearson").GetDouble(), 1e-5);
        Assert.Equal(expected.GetProperty("spearman").GetDouble(), root.GetProperty("spearman").GetDouble(), 1e-5);
        Assert.Equal(0.0625, root.GetProperty("oov_ratio").GetDouble(), 1e-12);
    }

    [Fact]
    public void UnknownWordsAndBadFilesExitWithOneSentence()
    {
        var (code, _, err) = Run("analogy", "--vectors", GensimParityTests.Data("vectors.txt"), "--positive", "king,unicorn", "--negative", "man");
        Assert.Equal(2, code);
        Assert.Contains("\"unicorn\"", err);
        Assert.Single(err.TrimEnd().Split('\n'));

        (code, _, err) = Run("analogy", "--vectors", GensimParityTests.Data("vectors.txt"), "--positive", "king", "--method", "cosine");
        Assert.Equal(2, code);
        Assert.Contains("--method must be one of cosadd, cosmul", err);

        (code, _, err) = Run("evaluate-analogies", "--vectors", GensimParityTests.Data("vectors.txt"), "--questions", GensimParityTests.Data("pairs.txt"));
        Assert.Equal(2, code);
        Assert.Contains("pairs.txt, line 1: expected a section header", err);

        (code, _, err) = Run("evaluate-similarity", "--vectors", GensimParityTests.Data("questions.txt"), "--pairs", GensimParityTests.Data("pairs.txt"));
        Assert.Equal(2, code);
        Assert.Contains("questions.txt", err);

        (code, _, err) = Run("evaluate-similarity", "--vectors", GensimParityTests.Data("vectors.txt"), "--pairs", "/nonexistent/pairs.txt");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
    }
}
