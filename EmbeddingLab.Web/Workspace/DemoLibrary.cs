using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>One built-in demo set: made by code in the repo (generated data, trained or encoded at start-up).</summary>
public interface IDemoSetSource
{
    string Name { get; }
    string Kind { get; }
    string Description { get; }
    /// <summary>Order of preparation (cheap and most useful first).</summary>
    int Order => 0;
    /// <summary>Settings that change what <see cref="BuildAsync"/> makes (part of the on-disk cache key).</summary>
    string Variant => "";
    Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Builds every demo set once per process, in the background from start-up, and shares the (immutable) results with
/// every session's workspace, so the app answers at once and each demo costs its training time only once.
/// </summary>
public sealed class DemoLibrary : BackgroundService
{
    private readonly IReadOnlyList<IDemoSetSource> _sources;
    private readonly ILogger<DemoLibrary> _log;
    private readonly object _gate = new();
    private readonly List<WorkspaceEntry> _ready = new();
    private readonly List<string> _pending;
    private readonly Dictionary<string, string> _failed = new();

    private readonly Core.Storage.DemoCache? _cache;

    /// <summary>Demo sets cached on disk (built once per installation, read at every later start).</summary>
    public DemoLibrary(IEnumerable<IDemoSetSource> sources, ILogger<DemoLibrary> log, Core.Storage.DemoCache cache) : this(sources, log) => _cache = cache;

    public DemoLibrary(IEnumerable<IDemoSetSource> sources, ILogger<DemoLibrary> log)
    {
        _sources = sources.OrderBy(s => s.Order).ToList();
        _log = log;
        _pending = _sources.Select(s => s.Name).ToList();
    }

    public event Action<WorkspaceEntry>? DemoReady;

    public IReadOnlyList<WorkspaceEntry> Ready { get { lock (_gate) return _ready.ToList(); } }
    public IReadOnlyList<string> Pending { get { lock (_gate) return _pending.ToList(); } }
    public IReadOnlyDictionary<string, string> Failed { get { lock (_gate) return new Dictionary<string, string>(_failed); } }

    /// <summary>Waits until every demo set is built (or failed); for tests and the CLI.</summary>
    public async Task WaitAllAsync(CancellationToken cancellationToken)
    {
        while (Pending.Count > 0) await Task.Delay(50, cancellationToken);
    }

    /// <summary>The demo set once it is ready; an error naming why when it failed or is not one of the demo sets.</summary>
    public async Task<WorkspaceEntry> WaitForAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                var entry = _ready.FirstOrDefault(e => e.Name == name);
                if (entry is not null) return entry;
                if (_failed.TryGetValue(name, out var why)) throw new InvalidOperationException($"The built-in set {name} could not be built: {why}");
                if (!_pending.Contains(name)) throw new InvalidOperationException($"{name} is not one of the built-in sets.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var source in _sources)
        {
            try
            {
                var started = DateTime.UtcNow;
                // The cache key includes the build of the code that makes the demo: a new build rebuilds it once.
                var version = source.GetType().Assembly.ManifestModule.ModuleVersionId + "/" + typeof(EmbeddingSet).Assembly.ManifestModule.ModuleVersionId + "/" + source.Variant;
                var set = _cache?.TryLoad(source.Name, version);
                if (set is null)
                {
                    set = await Task.Run(() => source.BuildAsync(stoppingToken), stoppingToken);
                    try { _cache?.Save(source.Name, version, set); }
                    catch (IOException e) { _log.LogWarning(e, "Demo set {Name} could not be cached", source.Name); }
                }
                var entry = new WorkspaceEntry(source.Name, set, source.Kind, source.Description, isDemo: true, DateTimeOffset.Now);
                lock (_gate) { _ready.Add(entry); _pending.Remove(source.Name); }
                _log.LogInformation("Demo set {Name} ready ({Count} × {Dims}) in {Seconds:F1} s", source.Name, set.Count, set.Dimensions, (DateTime.UtcNow - started).TotalSeconds);
                DemoReady?.Invoke(entry);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "Demo set {Name} failed", source.Name);
                lock (_gate) { _pending.Remove(source.Name); _failed[source.Name] = e.Message; }
            }
        }
    }
}
