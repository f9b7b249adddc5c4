using EmbeddingLab.Cli.Commands;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Encoding;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Tests.Cli;

/// <summary><c>encode --encoder transformer</c> with ONNX Runtime's session options and the batch size set on the command line.</summary>
public sealed class EncodeTransformerCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("el-encode-transformer-");
    private static TinyBertExpected Expected => TinyBertExpected.Instance.Value;

    public void Dispose() => _dir.Delete(true);

    // The reference sentences but the empty one (a text file's blank lines are not sentences).
    private static int[] Kept => [.. Enumerable.Range(0, Expected.Sentences.Length).Where(i => Expected.Sentences[i].Length > 0)];

    private string Input()
    {
        string path = Path.Combine(_dir.FullName, "sentences.txt");
        File.WriteAllLines(path, Kept.Select(i => Expected.Sentences[i]));
        return path;
    }

    [Theory]
    [InlineData("defaults", new string[0])]
    [InlineData("one thread, no graph optimisation", new[] { "--threads", "1", "--graph-optimization", "disable", "--batch-size", "3" })]
    [InlineData("two threads, basic", new[] { "--threads=2", "--graph-optimization", "BASIC", "--batch-size", "1" })]
    public void Session_options_and_batch_size_leave_the_torch_embeddings_unchanged(string settings, string[] options)
    {
        string output = Path.Combine(_dir.FullName, "out.npy");
        var (code, _, err) = NeighborsCommandTests.Run(["encode", "--encoder", "transformer", "--model", EncodingTestPaths.TinyBert, "--input", Input(),
            "--out", output, .. options]);
        Assert.True(code == 0, err);
        var npy = Npy.Read(output);
        Assert.Equal([Kept.Length, 32], npy.Shape);
        double worst = 0;
        for (int row = 0; row < Kept.Length; row++)
            for (int j = 0; j < 32; j++) worst = Math.Max(worst, Math.Abs(Expected.NormalizedMean[Kept[row]][j] - npy.Data[row * 32 + j]));
        Assert.True(worst <= 1e-4, $"{settings}: max |torch - ours| = {worst:E2}");
    }

    [Fact]
    public void The_options_reach_the_onnx_runtime_session_and_absent_ones_keep_the_defaults()
    {
        var set = EncodeCommand.TransformerOptions(2, 7, "extended");
        Assert.Equal(7, set.BatchSize);
        Assert.Equal(2, set.Session!.IntraOpNumThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_EXTENDED, set.Session.GraphOptimizationLevel);

        var defaults = EncodeCommand.TransformerOptions(null, null, null);
        Assert.Equal(32, defaults.BatchSize);
        Assert.Equal(Environment.ProcessorCount, defaults.Session!.IntraOpNumThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, defaults.Session.GraphOptimizationLevel);
    }

    [Theory]
    [InlineData("transformer", new[] { "--graph-optimization", "fast" }, "Option --graph-optimization must be one of disable, basic, extended, all; found \"fast\".")]
    [InlineData("transformer", new[] { "--threads", "0" }, "Option --threads must be between 1 and 1024, found 0.")]
    [InlineData("transformer", new[] { "--batch-size", "many" }, "Option --batch-size needs a whole number, found \"many\".")]
    [InlineData("transformer", new[] { "--threads" }, "Option --threads needs a value.")]
    [InlineData("tfidf", new[] { "--threads", "2" }, "--threads is for --encoder transformer, not tfidf.")]
    [InlineData("tfidf", new[] { "--graph-optimization", "basic" }, "--graph-optimization is for --encoder transformer, not tfidf.")]
    public void Bad_or_misplaced_values_are_one_sentence_with_exit_2(string encoder, string[] options, string message)
    {
        string[] model = encoder == "transformer" ? ["--model", EncodingTestPaths.TinyBert] : [];
        var (code, output, err) = NeighborsCommandTests.Run(["encode", "--encoder", encoder, .. model, "--input", Input(),
            "--out", Path.Combine(_dir.FullName, "out.npy"), .. options]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "out.npy")));
    }
}
