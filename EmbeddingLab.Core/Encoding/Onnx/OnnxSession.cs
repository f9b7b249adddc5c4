using System.Runtime.InteropServices;

namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>Session options with ONNX Runtime's names. 0 threads = ONNX Runtime's default (one per physical core).</summary>
public sealed record OnnxSessionOptions(int IntraOpNumThreads = 0, int InterOpNumThreads = 1, OnnxGraphOptimizationLevel GraphOptimizationLevel = OnnxGraphOptimizationLevel.All,
    string? LibraryPath = null);

public enum OnnxGraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>An input tensor: int64 or float32 data with its shape.</summary>
public sealed class OnnxInput
{
    private OnnxInput(string name, long[] shape, long[]? int64, float[]? float32)
    {
        Name = name;
        Shape = shape;
        Int64Data = int64;
        FloatData = float32;
        long n = 1;
        foreach (long d in shape) n *= d;
        if (n != (int64?.LongLength ?? float32!.LongLength))
            throw new ArgumentException($"Input '{name}': shape [{string.Join(',', shape)}] does not match {int64?.Length ?? float32!.Length} values.");
    }

    public string Name { get; }
    public long[] Shape { get; }
    public long[]? Int64Data { get; }
    public float[]? FloatData { get; }

    public static OnnxInput Int64(string name, long[] data, params long[] shape) => new(name, shape, data, null);
    public static OnnxInput Float(string name, float[] data, params long[] shape) => new(name, shape, null, data);
}

/// <summary>An output tensor copied out of ONNX Runtime (float32).</summary>
public sealed record OnnxOutput(string Name, float[] Data, long[] Shape);

internal sealed class OrtHandle : SafeHandle
{
    private readonly Action<nint> _release;

    public OrtHandle(nint handle, Action<nint> release) : base(0, true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

/// <summary>
/// An ONNX model loaded in ONNX Runtime. <see cref="Run"/> is thread-safe (ONNX Runtime allows concurrent Run on one session).
/// Dispose releases the native session.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtApi _api;
    private readonly OrtHandle _session;
    private readonly OrtHandle _memoryInfo;

    private OnnxSession(OrtApi api, OrtHandle session, OrtHandle memoryInfo, string modelPath)
    {
        _api = api;
        _session = session;
        _memoryInfo = memoryInfo;
        ModelPath = modelPath;
        int inputs = api.SessionInputCount(session.DangerousGetHandle()), outputs = api.SessionOutputCount(session.DangerousGetHandle());
        InputNames = Enumerable.Range(0, inputs).Select(i => api.SessionInputName(session.DangerousGetHandle(), i)).ToArray();
        OutputNames = Enumerable.Range(0, outputs).Select(i => api.SessionOutputName(session.DangerousGetHandle(), i)).ToArray();
    }

    public string ModelPath { get; }
    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }
    /// <summary>Version string of the loaded ONNX Runtime, e.g. "1.30.0".</summary>
    public string RuntimeVersion => _api.Version;
    public string RuntimeLibraryPath => _api.LibraryPath;

    /// <summary>Opens <paramref name="modelPath"/>. A missing file, library or invalid model throws with the path and the reason.</summary>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions? options = null)
    {
        options ??= new OnnxSessionOptions();
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"ONNX model not found: {modelPath}", modelPath);
        var api = OrtApi.Get(options.LibraryPath);
        nint opts = api.CreateSessionOptions();
        try
        {
            if (options.IntraOpNumThreads > 0) api.SetIntraOpNumThreads(opts, options.IntraOpNumThreads);
            if (options.InterOpNumThreads > 0) api.SetInterOpNumThreads(opts, options.InterOpNumThreads);
            api.SetGraphOptimizationLevel(opts, (int)options.GraphOptimizationLevel);
            var session = new OrtHandle(api.CreateSession(Path.GetFullPath(modelPath), opts), api.ReleaseSession);
            var memoryInfo = new OrtHandle(api.CreateCpuMemoryInfo(), api.ReleaseMemoryInfo);
            try { return new OnnxSession(api, session, memoryInfo, modelPath); }
            catch
            {
                session.Dispose();
                memoryInfo.Dispose();
                throw;
            }
        }
        finally { api.ReleaseSessionOptions(opts); }
    }

    /// <summary>Runs the model on <paramref name="inputs"/> and copies out the requested float outputs (all outputs when null).</summary>
    public OnnxOutput[] Run(IReadOnlyList<OnnxInput> inputs, IReadOnlyList<string>? outputNames = null)
    {
        outputNames ??= OutputNames;
        foreach (var input in inputs)
            if (!InputNames.Contains(input.Name))
                throw new ArgumentException($"The model {ModelPath} has no input '{input.Name}' (inputs: {string.Join(", ", InputNames)}).");
        foreach (string name in outputNames)
            if (!OutputNames.Contains(name))
                throw new ArgumentException($"The model {ModelPath} has no output '{name}' (outputs: {string.Join(", ", OutputNames)}).");

        bool addedRef = false;
        _session.DangerousAddRef(ref addedRef); // keeps the session alive if Dispose races with Run
        var pins = new GCHandle[inputs.Count];
        var inNames = stackalloc nint[inputs.Count];
        var inValues = stackalloc nint[inputs.Count];
        var outNames = stackalloc nint[outputNames.Count];
        var outValues = stackalloc nint[outputNames.Count];
        new Span<nint>(inValues, inputs.Count).Clear();
        new Span<nint>(outValues, outputNames.Count).Clear();
        new Span<nint>(inNames, inputs.Count).Clear();
        new Span<nint>(outNames, outputNames.Count).Clear();
        try
        {
            nint memoryInfo = _memoryInfo.DangerousGetHandle();
            for (int i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                inNames[i] = Marshal.StringToCoTaskMemUTF8(input.Name);
                if (input.Int64Data is { } longs)
                {
                    pins[i] = GCHandle.Alloc(longs, GCHandleType.Pinned);
                    inValues[i] = _api.CreateTensor(memoryInfo, (void*)pins[i].AddrOfPinnedObject(), longs.LongLength * sizeof(long), input.Shape, OnnxElementType.Int64);
                }
                else
                {
                    var floats = input.FloatData!;
                    pins[i] = GCHandle.Alloc(floats, GCHandleType.Pinned);
                    inValues[i] = _api.CreateTensor(memoryInfo, (void*)pins[i].AddrOfPinnedObject(), floats.LongLength * sizeof(float), input.Shape, OnnxElementType.Float);
                }
            }
            for (int i = 0; i < outputNames.Count; i++) outNames[i] = Marshal.StringToCoTaskMemUTF8(outputNames[i]);

            _api.Run(_session.DangerousGetHandle(), inNames, inValues, inputs.Count, outNames, outputNames.Count, outValues);

            var results = new OnnxOutput[outputNames.Count];
            for (int i = 0; i < outputNames.Count; i++)
            {
                var (type, shape) = _api.TensorTypeAndShape(outValues[i]);
                if (type != OnnxElementType.Float)
                    throw new OnnxRuntimeException($"Output '{outputNames[i]}' of {ModelPath} is {type}, expected float32.");
                long n = 1;
                foreach (long d in shape) n *= d;
                var data = new float[n];
                new ReadOnlySpan<float>(_api.TensorData(outValues[i]), (int)n).CopyTo(data);
                results[i] = new OnnxOutput(outputNames[i], data, shape);
            }
            return results;
        }
        finally
        {
            for (int i = 0; i < outputNames.Count; i++)
            {
                if (outValues[i] != 0) _api.ReleaseValue(outValues[i]);
                if (outNames[i] != 0) Marshal.FreeCoTaskMem(outNames[i]);
            }
            for (int i = 0; i < inputs.Count; i++)
            {
                if (inValues[i] != 0) _api.ReleaseValue(inValues[i]);
                if (inNames[i] != 0) Marshal.FreeCoTaskMem(inNames[i]);
                if (pins[i].IsAllocated) pins[i].Free();
            }
            if (addedRef) _session.DangerousRelease();
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _memoryInfo.Dispose();
    }
}
