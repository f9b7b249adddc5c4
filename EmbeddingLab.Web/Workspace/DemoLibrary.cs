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

    /// <summary>Builds the set reporting how far it is (the home page shows it); sources that cannot tell use the plain overload.</summary>
    Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken) => BuildAsync(cancellationToken);
}

/// <summary>How far a demo set's build is: a fraction done (null when unknown) and what it is doing.</summary>
public sealed record DemoBuildProgress(double? Fraction, string Status);

/// <summary>A demo set not ready yet: its name and, for the one being built, how far it is.</summary>
public sealed record PendingDemo(string Name, string Description, bool Building, double? Fraction, string Status);

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

    /// <summary>Raised (on the builder's thread, at most about four times a second) when the set being built reports progress.</summary>
    public event Action? ProgressChanged;

    private string? _building;
    private DemoBuildProgress _progress = new(null, "");
    private long _lastProgressTicks;

    /// <summary>The demo sets still to come, in build order; the one being built says how far it is.</summary>
    public IReadOnlyList<PendingDemo> PendingDetails
    {
        get
        {
            lock (_gate)
                return _sources.Where(s => _pending.Contains(s.Name)).Select(s => s.Name == _building
                        ? new PendingDemo(s.Name, s.Description, true, _progress.Fraction, _progress.Status)
                        : new PendingDemo(s.Name, s.Description, false, null, "waiting"))
                    .ToList();
        }
    }

    private void Report(string name, DemoBuildProgress progress)
    {
        lock (_gate)
        {
            if (_building != name) return;
            _progress = progress;
        }
        // Throttled: a training reports many times a second, the page needs a few. A report inside the quiet time is
        // shown when it ends (one trailing notification), so the last state always reaches the page.
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastProgressTicks) >= 250)
        {
            Interlocked.Exchange(ref _lastProgressTicks, now);
            ProgressChanged?.Invoke();
        }
        else if (Interlocked.Exchange(ref _trailing, 1) == 0)
        {
            _ = Task.Delay(250).ContinueWith(_ =>
            {
                Interlocked.Exchange(ref _trailing, 0);
                Interlocked.Exchange(ref _lastProgressTicks, Environment.TickCount64);
                ProgressChanged?.Invoke();
            }, TaskScheduler.Default);
        }
    }

    private int _trailing;

    public IReadOnlyList<WorkspaceEntry> Ready { get { lock (_gate) return _ready.ToList(); } }
    public IReadOnlyList<string> Pending { get { lock (_gate) return _pending.ToList(); } }
    public IReadOnlyDictionary<string, string> Failed { get { lock (_gate) return new Dictionary<string, string>(_failed); } }

    /// <summary>Waits until every demo set is built (or failed); for tests and the CLI.</summary>
    public async Task WaitAllAsync(CancellationToken cancellationToken)
    {
        while (Pending.Count > 0) await Task.Delay(50, cancellationToken);
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
                lock (_gate) { _building = source.Name; _progress = new(null, "loading from the cache"); }
                ProgressChanged?.Invoke();
                var set = _cache?.TryLoad(source.Name, version);
                if (set is null)
                {
                    Report(source.Name, new DemoBuildProgress(0, "starting"));
                    var progress = new Core.Reporting.InlineProgress<DemoBuildProgress>(p => Report(source.Name, p));
                    set = await Task.Run(() => source.BuildAsync(progress, stoppingToken), stoppingToken);
                    try { _cache?.Save(source.Name, version, set); }
                    catch (IOException e) { _log.LogWarning(e, "Demo set {Name} could not be cached", source.Name); }
                }
                var entry = new WorkspaceEntry(source.Name, set, source.Kind, source.Description, isDemo: true, DateTimeOffset.Now);
                lock (_gate) { _ready.Add(entry); _pending.Remove(source.Name); _building = null; }
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
                lock (_gate) { _pending.Remove(source.Name); _failed[source.Name] = e.Message; _building = null; }
                ProgressChanged?.Invoke();
            }
        }
    }
}
