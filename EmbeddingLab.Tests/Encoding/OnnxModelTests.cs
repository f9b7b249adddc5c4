using EmbeddingLab.Core.Encoding.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Tests.Encoding;

public class OnnxModelTests
{
    private static string ModelPath => Path.Combine(EncodingTestPaths.TinyBert, "onnx", "model.onnx");
    private static readonly string[] Names = ["input_ids", "attention_mask", "token_type_ids"];

    /// <summary>Runs the tiny BERT on one batch and copies the output out (the test's own copy; encoders read it in place).</summary>
    private static (float[] Data, long[] Shape) Run(OnnxModel model, long[] ids, int batch, int seq)
    {
        long[] shape = [batch, seq];
        using var a = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var b = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape);
        using var c = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var outputs = model.Run(Names, [a, b, c], ["last_hidden_state"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Opens_the_model_and_reports_names_version_metadata_and_output_shape()
    {
        using var model = OnnxModel.Open(ModelPath, new OnnxSessionOptions { IntraOpNumThreads = 2, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC });
        Assert.Equal(Names, model.InputNames);
        Assert.Equal(["last_hidden_state"], model.OutputNames);
        Assert.Equal("1.31.1", OnnxModel.RuntimeVersion);
        var (type, dims) = model.Output("last_hidden_state");
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, type);
        Assert.Equal(3, dims.Length);
        var (data, shape) = Run(model, [2, 10, 20, 3, 2, 11, 12, 3], 2, 4);
        Assert.Equal([2L, 4, 32], shape);
        Assert.Equal(2 * 4 * 32, data.Length);
        Assert.All(data, v => Assert.True(float.IsFinite(v)));
        // Different tokens give different states (the data really went through the model).
        Assert.NotEqual(data.AsSpan(32, 32).ToArray(), data.AsSpan(4 * 32 + 32, 32).ToArray());
    }

    [Fact]
    public void Concurrent_runs_on_one_session_give_the_same_results_as_sequential_runs()
    {
        using var model = OnnxModel.Open(ModelPath);
        long[][] inputs = Enumerable.Range(0, 8).Select(i => new long[] { 2, 10 + i, 20 + i, 30 + i, 3 }).ToArray();
        var sequential = inputs.Select(ids => Run(model, ids, 1, 5).Data).ToArray();
        var parallel = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Run(model, inputs[i], 1, 5).Data);
        for (int i = 0; i < 8; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Missing_model_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OnnxModel.Open("/nonexistent/dir/model.onnx"));
        Assert.Contains("/nonexistent/dir/model.onnx", e.Message);
    }

    [Fact]
    public void Invalid_model_gives_onnx_runtimes_own_message_with_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var e = Assert.Throws<EmbeddingLab.Core.Encoding.Onnx.OnnxRuntimeException>(() => OnnxModel.Open(path));
            Assert.StartsWith($"Cannot load the ONNX model {path}: ", e.Message);
            Assert.True(e.Message.Length > path.Length + 40, e.Message); // ORT's reason follows the path
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Wrong_names_fail_before_native_code_and_runtime_errors_are_exceptions_that_leave_the_session_usable()
    {
        using var model = OnnxModel.Open(ModelPath);
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2 }, [1, 2]);
        var e = Assert.Throws<ArgumentException>(() => model.Run(["ids"], [ids], ["last_hidden_state"]));
        Assert.Contains("input_ids", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Run(["input_ids"], [ids], ["pooled"]));
        Assert.Contains("last_hidden_state", e.Message);
        // A token id outside the vocabulary: ONNX Runtime's own error arrives as our exception naming the model.
        var ort = Assert.Throws<EmbeddingLab.Core.Encoding.Onnx.OnnxRuntimeException>(() => Run(model, [2, 100_000], 1, 2));
        Assert.StartsWith("ONNX Runtime run failed: ", ort.Message);
        Assert.Contains(ModelPath, ort.Message);
        Assert.Equal([1L, 2, 32], Run(model, [2, 3], 1, 2).Shape);
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var model = OnnxModel.Open(ModelPath);
        model.Dispose();
        model.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => Run(model, [2, 3], 1, 2));
    }
}
