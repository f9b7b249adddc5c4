using System.Text.Json;
using EmbeddingLab.Cli;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Cli;

public class NeighborsCommandTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Json_last_line_has_the_key_and_ranked_results()
    {
        var (code, output, err) = Run("neighbors", "--vectors", RepoPaths.TestData("vectors", "gensim.bin"), "--key", "w0", "--top", "5", "--json");
        Assert.True(code == 0, err);
        var last = output.TrimEnd().Split('\n')[^1];
        using var doc = JsonDocument.Parse(last);
        Assert.Equal("w0", doc.RootElement.GetProperty("key").GetString());
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(5, results.Length);
        var expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("vectors", "gensim_expected.json")))
            .RootElement.GetProperty("most_similar")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("key").GetString());
        Assert.Equal(expected, results.Select(r => r.GetProperty("key").GetString()));
        Assert.True(results[0].GetProperty("score").GetDouble() >= results[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public void Text_output_is_detected_from_a_text_file()
    {
        var (code, output, _) = Run("neighbors", "--vectors", RepoPaths.TestData("vectors", "gensim.txt"), "--key", "königin");
        Assert.Equal(0, code);
        Assert.Contains("Nearest to \"königin\"", output);
        Assert.Equal(11, output.TrimEnd().Split('\n').Length);
    }

    [Theory]
    [InlineData(new[] { "neighbors", "--vectors", "@bin", "--key", "queen" }, "\"queen\" is not in this vector set")]
    [InlineData(new[] { "neighbors", "--vectors", "missing.bin", "--key", "w0" }, "does not exist")]
    [InlineData(new[] { "neighbors", "--vectors", "@bin" }, "--key is required")]
    [InlineData(new[] { "neighbors", "--vectors", "@bin", "--key", "w0", "--top", "zero" }, "--top needs a whole number")]
    [InlineData(new[] { "neighbors", "--vectors", "@bin", "--key", "w0", "--topp", "3" }, "Unknown option --topp")]
    [InlineData(new[] { "nieghbors" }, "Unknown command")]
    public void Errors_are_one_sentence_on_stderr_with_a_non_zero_exit(string[] args, string message)
    {
        var resolved = args.Select(a => a == "@bin" ? RepoPaths.TestData("vectors", "gensim.bin") : a).ToArray();
        var (code, output, err) = Run(resolved);
        Assert.NotEqual(0, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", err); // no stack trace
        Assert.Equal("", output);
    }

    [Fact]
    public void Malformed_vector_file_error_names_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"el-bad-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "2 3\na 1 2 3\nb 1 2\n");
        try
        {
            var (code, _, err) = Run("neighbors", "--vectors", path, "--key", "a");
            Assert.Equal(2, code);
            Assert.Contains($"{Path.GetFileName(path)}, line 3: expected a word followed by 3 numbers", err);
        }
        finally { File.Delete(path); }
    }
}
