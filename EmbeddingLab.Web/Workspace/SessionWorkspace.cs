using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// The named vector sets of one browser session (one Blazor circuit). Every page reads and adds sets here, so a set
/// trained on the Songs page can be opened in the Projector. Thread-safe: background jobs add their results.
/// </summary>
public sealed class SessionWorkspace : IDisposable
{
    private readonly object _gate = new();
    private readonly List<WorkspaceEntry> _entries = new();
    private readonly DemoLibrary _demos;

    public SessionWorkspace(DemoLibrary demos)
    {
        _demos = demos;
        foreach (var demo in demos.Ready) AddEntry(demo);
        demos.DemoReady += OnDemoReady;
    }

    /// <summary>Raised (on any thread) after a set is added, replaced or removed, or the projector request changes.</summary>
    public event Action? Changed;

    public IReadOnlyList<WorkspaceEntry> Entries { get { lock (_gate) return _entries.ToList(); } }

    /// <summary>Demo sets still being prepared at start-up (names), for a "preparing…" note.</summary>
    public IReadOnlyList<string> PendingDemos => _demos.Pending;

    /// <summary>The set the projector should open next ("Show in projector" on another page).</summary>
    public string? ProjectorRequest { get; private set; }

    /// <summary>Extra drawing the projector should add for the requested set (e.g. analogy arrows), or null.</summary>
    public ProjectorOverlay? ProjectorOverlay { get; private set; }

    public WorkspaceEntry? Get(string name) { lock (_gate) return _entries.FirstOrDefault(e => e.Name == name); }

    /// <summary>Adds a set, replacing one of the same name.</summary>
    public WorkspaceEntry Add(string name, EmbeddingSet set, string kind, string description)
    {
        var entry = new WorkspaceEntry(name, set, kind, description, IsDemo: false, DateTimeOffset.Now);
        AddEntry(entry);
        return entry;
    }

    /// <summary>A name not yet used, from a base like "songs (trained)".</summary>
    public string UniqueName(string baseName)
    {
        lock (_gate)
        {
            if (_entries.All(e => e.Name != baseName)) return baseName;
            for (int i = 2; ; i++)
                if (_entries.All(e => e.Name != $"{baseName} {i}")) return $"{baseName} {i}";
        }
    }

    public void Remove(string name)
    {
        lock (_gate) _entries.RemoveAll(e => e.Name == name);
        Changed?.Invoke();
    }

    /// <summary>Asks the projector to open a set (and optionally draw an overlay on it).</summary>
    public void RequestProjection(string name, ProjectorOverlay? overlay = null)
    {
        ProjectorRequest = name;
        ProjectorOverlay = overlay;
        Changed?.Invoke();
    }

    private void AddEntry(WorkspaceEntry entry)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Name == entry.Name);
            _entries.Add(entry);
        }
        Changed?.Invoke();
    }

    private void OnDemoReady(WorkspaceEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Any(e => e.Name == entry.Name)) return; // the user replaced it already
        }
        AddEntry(entry);
    }

    public void Dispose() => _demos.DemoReady -= OnDemoReady;
}

/// <summary>Arrows and highlighted keys the projector draws over a projection (e.g. king → queen for an analogy).</summary>
public sealed record ProjectorOverlay(string Title, IReadOnlyList<(string From, string To)> Arrows, IReadOnlyList<string> Highlight);
