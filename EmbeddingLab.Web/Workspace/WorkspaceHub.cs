using System.Collections.Concurrent;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// One <see cref="PersistentWorkspace"/> per workspace id, shared by every tab and circuit of that browser, so a set
/// saved in one tab appears in the others, and a job's result lands in the workspace even after its tab closed.
/// </summary>
public sealed class WorkspaceHub(WorkspaceStore store, SetCache cache)
{
    private readonly ConcurrentDictionary<string, Lazy<PersistentWorkspace>> _workspaces = new(StringComparer.Ordinal);

    public WorkspaceStore Store => store;

    public PersistentWorkspace Get(string workspaceId)
    {
        if (!WorkspaceStore.IsWorkspaceId(workspaceId)) throw new ArgumentException("Not a workspace id.", nameof(workspaceId));
        return _workspaces.GetOrAdd(workspaceId, id => new Lazy<PersistentWorkspace>(() => new PersistentWorkspace(id, store, cache))).Value;
    }
}

/// <summary>The saved sets of one workspace (catalogue rows; vectors loaded on use), with a change event for every tab.</summary>
public sealed class PersistentWorkspace
{
    private readonly WorkspaceStore _store;
    private readonly SetCache _cache;
    private readonly object _gate = new();
    private List<WorkspaceEntry> _entries;

    internal PersistentWorkspace(string id, WorkspaceStore store, SetCache cache)
    {
        Id = id;
        _store = store;
        _cache = cache;
        _entries = store.ListSets(id).Select(s => Entry(s)).ToList();
    }

    public string Id { get; }

    /// <summary>Raised (on any thread) after a set is saved, renamed, duplicated or deleted, or a bookmark changes.</summary>
    public event Action? Changed;

    public IReadOnlyList<WorkspaceEntry> Entries { get { lock (_gate) return _entries.ToList(); } }

    public long UsedBytes => _store.UsedBytes(Id);
    public long QuotaBytes => _store.Options.QuotaBytes;

    private WorkspaceEntry Entry(StoredSet stored, EmbeddingSet? loaded = null) =>
        new(stored, () => _cache.GetOrLoad(stored.Id, () => _store.LoadSet(stored)), loaded);

    /// <summary>Saves a set (replacing one of the same name); over the quota it throws <see cref="WorkspaceQuotaException"/>.</summary>
    public WorkspaceEntry Save(string name, EmbeddingSet set, string kind, string description, string? parameters = null)
    {
        var stored = _store.SaveSet(Id, name, kind, description, set, parameters);
        _cache.Put(stored.Id, set);
        var entry = Entry(stored, set);
        Refresh();
        return entry;
    }

    public void Rename(string name, string newName) { _store.RenameSet(Id, name, newName); Refresh(); }

    public void Delete(string name) { _store.DeleteSet(Id, name); Refresh(); }

    public void Duplicate(string name, string newName) { _store.DuplicateSet(Id, name, newName); Refresh(); }

    public void SaveProjection(string setName, string method, int dims, string parameters, ReadOnlySpan<float> coordinates) =>
        _store.SaveProjection(Id, setName, method, dims, parameters, coordinates);

    public StoredProjection? LatestProjection(string setName) => _store.LatestProjection(Id, setName);

    public void SaveClustering(string setName, string method, string parameters, ReadOnlySpan<int> labels) =>
        _store.SaveClustering(Id, setName, method, parameters, labels);

    public StoredClustering? LatestClustering(string setName) => _store.LatestClustering(Id, setName);

    public IReadOnlyList<StoredBookmark> Bookmarks => _store.Bookmarks(Id);

    public StoredBookmark AddBookmark(string setName, string key, string note, string? view = null)
    {
        var b = _store.AddBookmark(Id, setName, key, note, view);
        Changed?.Invoke();
        return b;
    }

    public void RenameBookmark(long id, string note) { _store.RenameBookmark(Id, id, note); Changed?.Invoke(); }

    public void RemoveBookmark(long id) { _store.RemoveBookmark(Id, id); Changed?.Invoke(); }

    /// <summary>Re-reads the catalogue (keeping loaded vectors) and tells every tab.</summary>
    public void Refresh()
    {
        var stored = _store.ListSets(Id);
        lock (_gate)
        {
            var old = _entries.ToDictionary(e => e.Name);
            _entries = stored.Select(s => old.TryGetValue(s.Name, out var e) && e.Bytes == s.Bytes && e.Added == s.Created ? e : Entry(s)).ToList();
        }
        Changed?.Invoke();
    }
}
