using EmbeddingLab.Core.Encoding.Onnx;

namespace EmbeddingLab.Tests.Encoding;

public class OnnxSessionTests
{
    private static string ModelPath => Path.Combine(EncodingTestPaths.TinyBert, "onnx", "model.onnx");

    private static OnnxInput[] Inputs(long[] ids, int batch, int seq) =>
    [
        OnnxInput.Int64("input_ids", ids, batch, seq),
        OnnxInput.Int64("attention_mask", Enumerable.Repeat(1L, ids.Length).ToArray(), batch, seq),
        OnnxInput.Int64("token_type_ids", new long[ids.Length], batch, seq),
    ];

    [Fact]
    public void Opens_the_model_and_reports_names_version_and_output_shape()
    {
        using var session = OnnxSession.Open(ModelPath, new OnnxSessionOptions(IntraOpNumThreads: 2));
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], session.InputNames);
        Assert.Equal(["last_hidden_state"], session.OutputNames);
        Assert.StartsWith("1.", session.RuntimeVersion);
        var output = session.Run(Inputs([2, 10, 20, 3, 2, 11, 12, 3], 2, 4));
        Assert.Single(output);
        Assert.Equal([2L, 4, 32], output[0].Shape);
        Assert.Equal(2 * 4 * 32, output[0].Data.Length);
        Assert.All(output[0].Data, v => Assert.True(float.IsFinite(v)));
        // Different tokens give different states (the data really went through the model).
        Assert.NotEqual(output[0].Data.AsSpan(32, 32).ToArray(), output[0].Data.AsSpan(4 * 32 + 32, 32).ToArray());
    }

    [Fact]
    public void Concurrent_runs_on_one_session_give_the_same_results_as_sequential_runs()
    {
        using var session = OnnxSession.Open(ModelPath);
        long[][] inputs = Enumerable.Range(0, 8).Select(i => new long[] { 2, 10 + i, 20 + i, 30 + i, 3 }).ToArray();
        var sequential = inputs.Select(ids => session.Run(Inputs(ids, 1, 5))[0].Data).ToArray();
        var parallel = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = session.Run(Inputs(inputs[i], 1, 5))[0].Data);
        for (int i = 0; i < 8; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Missing_model_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OnnxSession.Open("/nonexistent/dir/model.onnx"));
        Assert.Contains("/nonexistent/dir/model.onnx", e.Message);
    }

    [Fact]
    public void Invalid_model_gives_onnx_runtimes_own_message_with_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var e = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(path));
            Assert.Contains(path, e.Message);
            Assert.True(e.Message.Length > path.Length + 10, e.Message); // ORT's message (read through GetErrorMessage) follows the path
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Missing_native_library_names_the_path()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(ModelPath, new OnnxSessionOptions(LibraryPath: "/nonexistent/libonnxruntime.so.1")));
        Assert.Contains("/nonexistent/libonnxruntime.so.1", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_runtime_is_a_clear_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fake-ort-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "not a shared library");
        try
        {
            var e = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(ModelPath, new OnnxSessionOptions(LibraryPath: path)));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Wrong_input_name_or_shape_fails_before_reaching_native_code_and_runtime_errors_are_exceptions()
    {
        using var session = OnnxSession.Open(ModelPath);
        var e = Assert.Throws<ArgumentException>(() => session.Run([OnnxInput.Int64("ids", [1, 2], 1, 2)]));
        Assert.Contains("input_ids", e.Message);
        Assert.Throws<ArgumentException>(() => OnnxInput.Int64("input_ids", [1, 2, 3], 1, 2));
        // A token id outside the vocabulary: ONNX Runtime's own error arrives as an exception (no crash), session still usable.
        var ort = Assert.Throws<OnnxRuntimeException>(() => session.Run(Inputs([2, 100_000], 1, 2)));
        Assert.StartsWith("ONNX Runtime run failed: ", ort.Message);
        Assert.True(ort.Message.Length > 40, ort.Message);
        Assert.Equal([1L, 2, 32], session.Run(Inputs([2, 3], 1, 2))[0].Shape);
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var session = OnnxSession.Open(ModelPath);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(Inputs([2, 3], 1, 2)));
    }
}
