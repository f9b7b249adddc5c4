using System.Text.Json;
using EmbeddingLab.Tests.Encoding;

namespace EmbeddingLab.Tests.Cli;

public class TokenizeCommandTests
{
    [Fact]
    public void Json_prints_one_array_of_ids_with_special_tokens_per_non_empty_line()
    {
        string input = Path.GetTempFileName();
        File.WriteAllLines(input, ["Hello, world!", "", "   ", "unaffable [MASK]"]);
        try
        {
            var (code, output, err) = NeighborsCommandTests.Run("tokenize", "--model", EncodingTestPaths.MiniLmTokenizer, "--input", input, "--json");
            Assert.True(code == 0, err);
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.Equal([101, 7592, 1010, 2088, 999, 102], JsonSerializer.Deserialize<int[]>(lines[0])!);
            Assert.Equal([101, 14477, 20961, 3468, 103, 102], JsonSerializer.Deserialize<int[]>(lines[1])!);
        }
        finally { File.Delete(input); }
    }

    [Fact]
    public void Lines_are_truncated_to_the_models_max_seq_length_or_the_given_max_length()
    {
        string input = Path.GetTempFileName();
        File.WriteAllText(input, string.Join(' ', Enumerable.Repeat("word", 400)) + "\n");
        try
        {
            var (_, output, _) = NeighborsCommandTests.Run("tokenize", "--model", EncodingTestPaths.MiniLmTokenizer, "--input", input, "--json");
            Assert.Equal(256, JsonSerializer.Deserialize<int[]>(output.Trim())!.Length); // sentence_bert_config.json max_seq_length
            (_, output, _) = NeighborsCommandTests.Run("tokenize", "--model", EncodingTestPaths.MiniLmTokenizer, "--input", input, "--json", "--max-length", "8");
            Assert.Equal([101, 2773, 2773, 2773, 2773, 2773, 2773, 102], JsonSerializer.Deserialize<int[]>(output.Trim())!);
            (_, output, _) = NeighborsCommandTests.Run("tokenize", "--model", EncodingTestPaths.MiniLmTokenizer, "--input", input, "--max-length", "0");
            Assert.StartsWith("101 2773", output);
            Assert.Contains("[CLS] word word", output);
            Assert.Equal(402, output.Split('\t')[0].Split(' ').Length);
        }
        finally { File.Delete(input); }
    }

    [Fact]
    public void Missing_model_folder_is_one_sentence_on_stderr()
    {
        string input = Path.GetTempFileName();
        try
        {
            var (code, output, err) = NeighborsCommandTests.Run("tokenize", "--model", "/nonexistent/model", "--input", input);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains("/nonexistent/model", err);
            Assert.Single(err.TrimEnd().Split('\n'));
        }
        finally { File.Delete(input); }
    }
}
