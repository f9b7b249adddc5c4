using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>
/// ONNX Runtime session options under their own names. <see cref="IntraOpNumThreads"/> 0 = ONNX Runtime's default
/// (one thread per physical core); one inter-op thread because our graphs are sequential.
/// </summary>
public sealed record OnnxSessionOptions
{
    public int IntraOpNumThreads { get; init; }
    public int InterOpNumThreads { get; init; } = 1;
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Graph optimisation levels by the names the CLI and the app's settings use (ONNX Runtime's own levels).</summary>
    public static readonly IReadOnlyList<(string Name, GraphOptimizationLevel Level)> GraphOptimizationNames =
    [
        ("disable", GraphOptimizationLevel.ORT_DISABLE_ALL),
        ("basic", GraphOptimizationLevel.ORT_ENABLE_BASIC),
        ("extended", GraphOptimizationLevel.ORT_ENABLE_EXTENDED),
        ("all", GraphOptimizationLevel.ORT_ENABLE_ALL),
    ];

    /// <summary>"disable", "basic", "extended" or "all" (case-insensitive) as a level; anything else throws naming <paramref name="where"/>.</summary>
    public static GraphOptimizationLevel ParseGraphOptimization(string value, string where)
    {
        foreach (var (name, level) in GraphOptimizationNames)
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase)) return level;
        throw new FormatException($"{where} must be one of {string.Join(", ", GraphOptimizationNames.Select(g => g.Name))}; found \"{value}\".");
    }

    internal SessionOptions Create()
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        if (IntraOpNumThreads > 0) options.IntraOpNumThreads = IntraOpNumThreads;
        if (InterOpNumThreads > 0) options.InterOpNumThreads = InterOpNumThreads;
        return options;
    }
}

/// <summary>
/// One ONNX model in one Microsoft.ML.OnnxRuntime <see cref="InferenceSession"/>, shared by every caller: ONNX Runtime
/// allows concurrent Run on a session, so <see cref="Run"/> is thread-safe. Errors name the model file. Dispose waits
/// for runs in flight, then frees the native session.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    // Runs share the read side; Dispose takes the write side so it never frees the session under a running Run.
    private readonly ReaderWriterLockSlim _lifetime = new();
    private bool _disposed;

    private OnnxModel(InferenceSession session, string modelPath)
    {
        _session = session;
        ModelPath = modelPath;
        InputNames = [.. session.InputNames];
        OutputNames = [.. session.OutputNames];
    }

    public string ModelPath { get; }
    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.OutputMetadata;

    /// <summary>Version of the ONNX Runtime in use, e.g. "1.31.1".</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>Opens <paramref name="modelPath"/>; a missing file or invalid model throws with the path and ONNX Runtime's reason.</summary>
    public static OnnxModel Open(string modelPath, OnnxSessionOptions? options = null)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"ONNX model not found: {modelPath}", modelPath);
        using var sessionOptions = (options ?? new OnnxSessionOptions()).Create();
        try { return new OnnxModel(new InferenceSession(Path.GetFullPath(modelPath), sessionOptions), modelPath); }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw new OnnxRuntimeException($"Cannot load the ONNX model {modelPath}: {e.Message}", e);
        }
    }

    /// <summary>Element type and dimensions (-1 where symbolic) of a graph output.</summary>
    public (TensorElementType Type, int[] Dimensions) Output(string name) =>
        OutputMetadata.TryGetValue(name, out var m) ? (m.ElementDataType, m.Dimensions)
            : throw new ArgumentException($"The model {ModelPath} has no output '{name}' (outputs: {string.Join(", ", OutputNames)}).");

    /// <summary>
    /// Runs the graph. The caller owns <paramref name="inputs"/> (typically tensors over its own arrays, no copy) and
    /// the returned outputs, which it reads in place with <c>GetTensorDataAsSpan</c> and then disposes.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        foreach (var name in inputNames)
            if (!_session.InputMetadata.ContainsKey(name))
                throw new ArgumentException($"The model {ModelPath} has no input '{name}' (inputs: {string.Join(", ", InputNames)}).");
        foreach (var name in outputNames)
            if (!_session.OutputMetadata.ContainsKey(name))
                throw new ArgumentException($"The model {ModelPath} has no output '{name}' (outputs: {string.Join(", ", OutputNames)}).");
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var runOptions = new RunOptions();
            return _session.Run(runOptions, inputNames, inputs, outputNames);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw new OnnxRuntimeException($"ONNX Runtime run failed: {e.Message} (model {ModelPath})", e);
        }
        finally { _lifetime.ExitReadLock(); }
    }

    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _session.Dispose();
        }
        finally { _lifetime.ExitWriteLock(); }
    }
}
