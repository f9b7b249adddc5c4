using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// The named vector sets one circuit sees: the shared demo sets plus this browser's saved workspace (persisted on disk,
/// shared by its tabs, kept across reloads and server restarts). Every page reads and adds sets here, so a set trained on
/// the Songs page can be opened in the Projector. Thread-safe: background jobs add their results.
/// Without a store (component tests) it keeps the sets of this circuit in memory.
/// </summary>
public sealed class SessionWorkspace : IDisposable
{
    private readonly object _gate = new();
    private readonly List<WorkspaceEntry> _memory = new();
    private readonly DemoLibrary _demos;
    private readonly WorkspaceContext? _context;
    private readonly WorkspaceHub? _hub;
    private PersistentWorkspace? _saved;
    private readonly string? _uploadedImages;

    /// <summary>
    /// A workspace that lives only as long as this circuit (no store registered). Images uploaded into it (under
    /// <paramref name="folders"/>) are deleted with the last of its sets that uses them, and when the circuit ends.
    /// </summary>
    public SessionWorkspace(DemoLibrary demos, Images.ImageFolders? folders = null)
    {
        _demos = demos;
        _uploadedImages = folders?.Uploaded;
        demos.DemoReady += OnDemoReady;
    }

    /// <summary>The browser's persistent workspace, bound through <see cref="WorkspaceContext"/> (<paramref name="folders"/> only so the
    /// container sees this constructor covers the other's parameters; the catalogue keeps a saved set's images).</summary>
    public SessionWorkspace(DemoLibrary demos, WorkspaceContext context, WorkspaceHub hub, Images.ImageFolders? folders = null) : this(demos, folders)
    {
        _context = context;
        _hub = hub;
    }

    /// <summary>Raised (on any thread) after a set is added, replaced or removed, or the projector request changes.</summary>
    public event Action? Changed;

    /// <summary>The saved workspace of this browser; null when the app runs without a store.</summary>
    public PersistentWorkspace? Saved
    {
        get
        {
            if (_saved is not null || _hub is null) return _saved;
            var id = _context!.RequiredId;
            lock (_gate)
            {
                if (_saved is null)
                {
                    _saved = _hub.Get(id);
                    _saved.Changed += OnChanged;
                }
            }
            return _saved;
        }
    }

    /// <summary>Demo sets (unless a saved set has the same name) then the workspace's own sets, oldest first.</summary>
    public IReadOnlyList<WorkspaceEntry> Entries
    {
        get
        {
            var own = Saved?.Entries ?? Memory();
            var names = own.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            return _demos.Ready.Where(d => !names.Contains(d.Name)).Concat(own).ToList();
        }
    }

    /// <summary>Demo sets still being prepared at start-up (names), for a "preparing…" note.</summary>
    public IReadOnlyList<string> PendingDemos => _demos.Pending;

    /// <summary>The set the projector should open next ("Show in projector" on another page).</summary>
    public string? ProjectorRequest { get; private set; }

    /// <summary>Extra drawing the projector should add for the requested set (e.g. analogy arrows), or null.</summary>
    public ProjectorOverlay? ProjectorOverlay { get; private set; }

    public WorkspaceEntry? Get(string name) => Entries.LastOrDefault(e => e.Name == name);

    /// <summary>
    /// Adds a set, replacing one of the same name; saved to disk when the workspace is persistent (then a quota overrun
    /// is a <see cref="WorkspaceQuotaException"/> with a message for the user). <paramref name="parameters"/>: how it
    /// was made (JSON), kept in the catalogue.
    /// </summary>
    public WorkspaceEntry Add(string name, EmbeddingSet set, string kind, string description, string? parameters = null)
    {
        if (Saved is { } saved)
        {
            var entry = saved.Save(name, set, kind, description, parameters);
            return entry;
        }
        var memoryEntry = new WorkspaceEntry(name, set, kind, description, isDemo: false, DateTimeOffset.Now);
        List<WorkspaceEntry> replaced;
        lock (_gate)
        {
            replaced = _memory.Where(e => e.Name == name).ToList();
            _memory.RemoveAll(e => e.Name == name);
            _memory.Add(memoryEntry);
        }
        DeleteUnusedImages(replaced);
        Changed?.Invoke();
        return memoryEntry;
    }

    /// <summary>A name not yet used, from a base like "songs (trained)".</summary>
    public string UniqueName(string baseName)
    {
        var names = Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains(baseName)) return baseName;
        for (int i = 2; ; i++)
            if (!names.Contains($"{baseName} {i}")) return $"{baseName} {i}";
    }

    /// <summary>Deletes a set of the workspace (demo sets are shared and read-only).</summary>
    public void Remove(string name)
    {
        if (Saved is { } saved)
        {
            if (saved.Entries.Any(e => e.Name == name)) saved.Delete(name);
            return;
        }
        List<WorkspaceEntry> removed;
        lock (_gate)
        {
            removed = _memory.Where(e => e.Name == name).ToList();
            _memory.RemoveAll(e => e.Name == name);
        }
        DeleteUnusedImages(removed);
        Changed?.Invoke();
    }

    /// <summary>Sessions without a store: deletes the uploaded images the removed sets used and no remaining set does.</summary>
    private void DeleteUnusedImages(IReadOnlyList<WorkspaceEntry> removed)
    {
        if (_uploadedImages is null || removed.Count == 0) return;
        var used = Memory().SelectMany(e => WorkspaceStore.UploadsOf(e.Set, _uploadedImages)).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in removed.SelectMany(e => WorkspaceStore.UploadsOf(e.Set, _uploadedImages)).Distinct())
            if (!used.Contains(folder)) Images.ImageFolders.DeleteFolder(Path.Combine(_uploadedImages, folder));
    }

    public void Rename(string name, string newName)
    {
        if (string.IsNullOrWhiteSpace(newName)) throw new ArgumentException("A set needs a name.");
        if (Entries.Any(e => e.Name == newName && e.Name != name)) throw new InvalidOperationException($"There is already a set called \"{newName}\".");
        if (Saved is { } saved) { saved.Rename(name, newName); return; }
        lock (_gate)
        {
            int i = _memory.FindIndex(e => e.Name == name);
            if (i < 0) throw new KeyNotFoundException($"There is no set called \"{name}\" in this workspace.");
            var e = _memory[i];
            _memory[i] = new WorkspaceEntry(newName, e.Set, e.Kind, e.Description, false, e.Added);
        }
        Changed?.Invoke();
    }

    /// <summary>Copies a set (demo sets too: the copy is the workspace's own) under a new unique name; returns it.</summary>
    public string Duplicate(string name)
    {
        var entry = Get(name) ?? throw new KeyNotFoundException($"There is no set called \"{name}\" in this workspace.");
        var copyName = UniqueName(name + " (copy)");
        if (!entry.IsDemo && Saved is { } saved) saved.Duplicate(name, copyName);
        else Add(copyName, entry.Set, entry.Kind, entry.Description, entry.Parameters);
        return copyName;
    }

    // --- what pages keep per set: the last projection, clustering, bookmarks -----------------------------------------

    /// <summary>Keeps a projection of a set so a reload or a restart shows it again (no-op without a store).</summary>
    public void SaveProjection(string setName, string method, int dims, string parameters, ReadOnlySpan<float> coordinates) =>
        Saved?.SaveProjection(setName, method, dims, parameters, coordinates);

    /// <summary>The last projection saved for a set, or null.</summary>
    public StoredProjection? LatestProjection(string setName) => Saved?.LatestProjection(setName);

    public void SaveClustering(string setName, string method, string parameters, ReadOnlySpan<int> labels) =>
        Saved?.SaveClustering(setName, method, parameters, labels);

    public StoredClustering? LatestClustering(string setName) => Saved?.LatestClustering(setName);

    public IReadOnlyList<StoredBookmark> Bookmarks => Saved?.Bookmarks ?? [];

    public StoredBookmark? AddBookmark(string setName, string key, string note = "", string? view = null) => Saved?.AddBookmark(setName, key, note, view);

    /// <summary>Renames a bookmark (its note); no-op without a store.</summary>
    public void RenameBookmark(long id, string note) => Saved?.RenameBookmark(id, note);

    public void RemoveBookmark(long id) => Saved?.RemoveBookmark(id);

    /// <summary>Bytes the workspace holds and its quota (0, 0 without a store).</summary>
    public (long Used, long Quota) Storage => Saved is { } s ? (s.UsedBytes, s.QuotaBytes) : (0, 0);

    /// <summary>Asks the projector to open a set (and optionally draw an overlay on it).</summary>
    public void RequestProjection(string name, ProjectorOverlay? overlay = null)
    {
        ProjectorRequest = name;
        ProjectorOverlay = overlay;
        Changed?.Invoke();
    }

    /// <summary>Tells every view of this circuit that something of the workspace changed (e.g. a projection was saved).</summary>
    public void NotifyChanged() => Changed?.Invoke();

    private List<WorkspaceEntry> Memory() { lock (_gate) return _memory.ToList(); }

    private int _disposedMemory;

    private List<WorkspaceEntry> TakeMemory()
    {
        lock (_gate)
        {
            var all = _memory.ToList();
            _memory.Clear();
            return all;
        }
    }

    private void OnChanged() => Changed?.Invoke();

    private void OnDemoReady(WorkspaceEntry entry) => Changed?.Invoke();

    public void Dispose()
    {
        // A session without a store ends with its circuit, and so do the images uploaded into it.
        if (_saved is null && _hub is null) DeleteUnusedImages(Interlocked.Exchange(ref _disposedMemory, 1) == 0 ? TakeMemory() : []);
        _demos.DemoReady -= OnDemoReady;
        if (_saved is not null) _saved.Changed -= OnChanged;
    }
}

/// <summary>Arrows and highlighted keys the projector draws over a projection (e.g. king → queen for an analogy).</summary>
public sealed record ProjectorOverlay(string Title, IReadOnlyList<(string From, string To)> Arrows, IReadOnlyList<string> Highlight);
