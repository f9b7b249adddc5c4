using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>
/// The ONNX Runtime C API as a table of function pointers (struct OrtApi in onnxruntime_c_api.h). Indices below are the
/// positions in that struct; the table only grows at the end between releases, so these version-1 entries are stable.
/// Loaded from the native libonnxruntime.so.1 that the npm package onnxruntime-node ships.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>Any runtime at least this new serves every function used here (1.20+).</summary>
    public const uint ApiVersion = 20;
    public const string LibraryFileName = "libonnxruntime.so.1";
    public const string LibraryPathVariable = "EMBEDDINGLAB_ONNXRUNTIME";
    public static readonly string NpmRelativePath = Path.Combine("node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", LibraryFileName);

    // Indices into struct OrtApi (checked against the header of release 1.30 and by calling them in the tests).
    private const int IxGetErrorMessage = 2, IxCreateEnv = 3, IxCreateSession = 7, IxRun = 9, IxCreateSessionOptions = 10,
        IxSetSessionGraphOptimizationLevel = 23, IxSetIntraOpNumThreads = 24, IxSetInterOpNumThreads = 25,
        IxSessionGetInputCount = 30, IxSessionGetOutputCount = 31, IxSessionGetInputName = 36, IxSessionGetOutputName = 37,
        IxCreateTensorWithDataAsOrtValue = 49, IxGetTensorMutableData = 51, IxGetTensorElementType = 60, IxGetDimensionsCount = 61,
        IxGetDimensions = 62, IxGetTensorTypeAndShape = 65, IxCreateCpuMemoryInfo = 69, IxAllocatorFree = 76,
        IxGetAllocatorWithDefaultOptions = 78, IxReleaseEnv = 92, IxReleaseStatus = 93, IxReleaseMemoryInfo = 94,
        IxReleaseSession = 95, IxReleaseValue = 96, IxReleaseTensorTypeAndShapeInfo = 99, IxReleaseSessionOptions = 100;

    private static readonly ConcurrentDictionary<string, Lazy<OrtApi>> Loaded = new(StringComparer.Ordinal);

    private readonly nint* _api;

    private OrtApi(string libraryPath, nint* api, string version)
    {
        LibraryPath = libraryPath;
        _api = api;
        Version = version;
        nint env;
        Check(((delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)_api[IxCreateEnv])(3 /* ORT_LOGGING_LEVEL_ERROR */, (byte*)Utf8("EmbeddingLab"), &env));
        Env = env; // one process-wide environment per library, kept for the life of the process (ORT wants it to outlive sessions)
    }

    public string LibraryPath { get; }
    public string Version { get; }
    public nint Env { get; }

    /// <summary>The runtime for <paramref name="libraryPath"/>, or the one found by <see cref="ResolveLibrary"/>; loaded once per path.</summary>
    public static OrtApi Get(string? libraryPath = null)
    {
        string path = ResolveLibrary(libraryPath);
        return Loaded.GetOrAdd(path, p => new Lazy<OrtApi>(() => Load(p))).Value;
    }

    /// <summary>Explicit path, else $EMBEDDINGLAB_ONNXRUNTIME, else next to the app, else node_modules in the app folder or any parent.</summary>
    public static string ResolveLibrary(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath)
                : throw new OnnxRuntimeException($"ONNX Runtime native library not found at {explicitPath}.");
        var tried = new List<string>();
        string? fromEnv = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            if (File.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
            tried.Add(fromEnv + $" (${LibraryPathVariable})");
        }
        string local = Path.Combine(AppContext.BaseDirectory, LibraryFileName);
        if (File.Exists(local)) return local;
        tried.Add(local);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, NpmRelativePath);
            if (File.Exists(candidate)) return candidate;
        }
        tried.Add(Path.Combine("<app folder or any parent>", NpmRelativePath));
        throw new OnnxRuntimeException("ONNX Runtime native library not found; looked at " + string.Join(", ", tried)
            + ". Run `npm ci` in the repository (package onnxruntime-node) or set " + LibraryPathVariable + " to the path of " + LibraryFileName + ".");
    }

    private static OrtApi Load(string path)
    {
        nint lib;
        try { lib = NativeLibrary.Load(path); }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeException($"Could not load the ONNX Runtime native library {path}: {e.Message}", e);
        }
        if (!NativeLibrary.TryGetExport(lib, "OrtGetApiBase", out nint getApiBase))
            throw new OnnxRuntimeException($"{path} is not ONNX Runtime (no OrtGetApiBase export).");
        // struct OrtApiBase { const OrtApi* GetApi(uint32_t version); const char* GetVersionString(void); }
        nint* apiBase = ((delegate* unmanaged[Cdecl]<nint*>)getApiBase)();
        string version = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint>)apiBase[1])()) ?? "?";
        nint* api = ((delegate* unmanaged[Cdecl]<uint, nint*>)apiBase[0])(ApiVersion);
        if (api == null)
            throw new OnnxRuntimeException($"ONNX Runtime {version} at {path} does not serve API version {ApiVersion} (needs 1.{ApiVersion} or newer).");
        return new OrtApi(path, api, version);
    }

    /// <summary>Throws with ONNX Runtime's own message when <paramref name="status"/> is an error, releasing it.</summary>
    public void Check(nint status, string? context = null)
    {
        if (status == 0) return;
        string message = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint, nint>)_api[IxGetErrorMessage])(status)) ?? "unknown error";
        ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseStatus])(status);
        throw new OnnxRuntimeException(context is null ? "ONNX Runtime: " + message : $"{context}: {message}");
    }

    private static nint Utf8(string s) => Marshal.StringToCoTaskMemUTF8(s); // freed by the caller, except the env log id kept for the process

    public nint CreateSessionOptions()
    {
        nint o;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)_api[IxCreateSessionOptions])(&o));
        return o;
    }

    public void SetIntraOpNumThreads(nint options, int n) => Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)_api[IxSetIntraOpNumThreads])(options, n));
    public void SetInterOpNumThreads(nint options, int n) => Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)_api[IxSetInterOpNumThreads])(options, n));
    public void SetGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)_api[IxSetSessionGraphOptimizationLevel])(options, level));

    public nint CreateSession(string modelPath, nint options)
    {
        nint path = Utf8(modelPath), session;
        try { Check(((delegate* unmanaged[Cdecl]<nint, nint, nint, nint*, nint>)_api[IxCreateSession])(Env, path, options, &session), modelPath); }
        finally { Marshal.FreeCoTaskMem(path); }
        return session;
    }

    public int SessionInputCount(nint session)
    {
        nuint n;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_api[IxSessionGetInputCount])(session, &n));
        return (int)n;
    }

    public int SessionOutputCount(nint session)
    {
        nuint n;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_api[IxSessionGetOutputCount])(session, &n));
        return (int)n;
    }

    public string SessionInputName(nint session, int index) => SessionName(session, index, IxSessionGetInputName);
    public string SessionOutputName(nint session, int index) => SessionName(session, index, IxSessionGetOutputName);

    private string SessionName(nint session, int index, int slot)
    {
        nint allocator, name;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)_api[IxGetAllocatorWithDefaultOptions])(&allocator));
        Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint, nint*, nint>)_api[slot])(session, (nuint)index, allocator, &name));
        try { return Marshal.PtrToStringUTF8(name) ?? ""; }
        finally { Check(((delegate* unmanaged[Cdecl]<nint, nint, nint>)_api[IxAllocatorFree])(allocator, name)); }
    }

    public nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<int, int, nint*, nint>)_api[IxCreateCpuMemoryInfo])(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &info));
        return info;
    }

    /// <summary>Wraps caller memory (must stay pinned until the value is released) as a tensor.</summary>
    public nint CreateTensor(nint memoryInfo, void* data, long byteLength, ReadOnlySpan<long> shape, OnnxElementType type)
    {
        nint value;
        fixed (long* s = shape)
            Check(((delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)_api[IxCreateTensorWithDataAsOrtValue])(
                memoryInfo, data, (nuint)byteLength, s, (nuint)shape.Length, (int)type, &value));
        return value;
    }

    public void Run(nint session, nint* inputNames, nint* inputs, int inputCount, nint* outputNames, int outputCount, nint* outputs) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_api[IxRun])(
            session, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs), "ONNX Runtime run failed");

    public void* TensorData(nint value)
    {
        void* p;
        Check(((delegate* unmanaged[Cdecl]<nint, void**, nint>)_api[IxGetTensorMutableData])(value, &p));
        return p;
    }

    public (OnnxElementType Type, long[] Shape) TensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_api[IxGetTensorTypeAndShape])(value, &info));
        try
        {
            int type;
            nuint count;
            Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)_api[IxGetTensorElementType])(info, &type));
            Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_api[IxGetDimensionsCount])(info, &count));
            var shape = new long[(int)count];
            fixed (long* s = shape)
                Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)_api[IxGetDimensions])(info, s, count));
            return ((OnnxElementType)type, shape);
        }
        finally { ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseTensorTypeAndShapeInfo])(info); }
    }

    public void ReleaseValue(nint p) => ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseValue])(p);
    public void ReleaseSession(nint p) => ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseSession])(p);
    public void ReleaseSessionOptions(nint p) => ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseSessionOptions])(p);
    public void ReleaseMemoryInfo(nint p) => ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseMemoryInfo])(p);
    public void ReleaseEnv(nint p) => ((delegate* unmanaged[Cdecl]<nint, void>)_api[IxReleaseEnv])(p);
}

/// <summary>ONNXTensorElementDataType values used here.</summary>
public enum OnnxElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
}
