using System.Collections.Concurrent;

namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>
/// One <see cref="OnnxModel"/> (one native InferenceSession) per model file and session options, shared by every
/// caller: a session per job would load the weights again each time, and ONNX Runtime runs concurrent calls on one
/// session. Keyed by the model's full path and the <see cref="OnnxSessionOptions"/> value (a record, so equal options
/// share). Thread-safe: concurrent first requests open the file once. A failed open is not cached (the next request
/// tries again). Sessions live until <see cref="Dispose"/> (the web app's DI container calls it on shutdown); callers
/// never dispose what they get here.
/// </summary>
public sealed class OnnxSessionCache(OnnxSessionOptions? defaults = null) : IDisposable
{
    private readonly ConcurrentDictionary<(string Path, OnnxSessionOptions Options), Lazy<OnnxModel>> _sessions = new();
    private volatile bool _disposed;

    /// <summary>
    /// Session options for callers that set none themselves (the web app's configured threads and graph optimisation
    /// level); null = each caller's own default.
    /// </summary>
    public OnnxSessionOptions? Defaults { get; } = defaults;

    /// <summary>Sessions open now.</summary>
    public int Count => _sessions.Values.Count(l => l.IsValueCreated);

    /// <summary>The shared session for <paramref name="modelPath"/> under <paramref name="options"/>, opened on first request.</summary>
    public OnnxModel Get(string modelPath, OnnxSessionOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = (Path.GetFullPath(modelPath), options ?? new OnnxSessionOptions());
        var lazy = _sessions.GetOrAdd(key, k => new Lazy<OnnxModel>(() => OnnxModel.Open(k.Path, k.Options), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            var model = lazy.Value;
            // Disposed while this request was opening: free what it opened rather than leak it.
            if (_disposed)
            {
                model.Dispose();
                ObjectDisposedException.ThrowIf(true, this);
            }
            return model;
        }
        catch (Exception) when (!_disposed)
        {
            // Lazy caches its exception: drop this entry so a fixed or newly downloaded file opens next time.
            _sessions.TryRemove(new KeyValuePair<(string, OnnxSessionOptions), Lazy<OnnxModel>>(key, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var key in _sessions.Keys)
            if (_sessions.TryRemove(key, out var lazy) && lazy.IsValueCreated) lazy.Value.Dispose();
    }
}
