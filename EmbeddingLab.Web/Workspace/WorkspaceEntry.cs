using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// A named vector set in a workspace, with where it came from. Saved sets know their size from the catalogue and load
/// their vectors on first use of <see cref="Set"/> (through the shared cache), so listing a workspace reads no vectors.
/// </summary>
public sealed class WorkspaceEntry
{
    private readonly Func<EmbeddingSet>? _load;
    private EmbeddingSet? _set;
    private WeakReference<EmbeddingSet>? _weak;

    /// <summary>An entry holding its vectors (demo sets, and sessions without a store).</summary>
    public WorkspaceEntry(string name, EmbeddingSet set, string kind, string description, bool isDemo, DateTimeOffset added)
    {
        Name = name;
        _set = set;
        Kind = kind;
        Description = description;
        IsDemo = isDemo;
        Added = added;
        Count = set.Count;
        Dimensions = set.Dimensions;
        Columns = set.Metadata.Select(c => c.Name).ToList();
    }

    /// <summary>A saved set whose vectors are loaded when first asked for and may be dropped from memory afterwards.</summary>
    internal WorkspaceEntry(StoredSet stored, Func<EmbeddingSet> load, EmbeddingSet? loaded = null)
    {
        Name = stored.Name;
        Kind = stored.Kind;
        Description = stored.Description;
        Added = stored.Created;
        Count = stored.Count;
        Dimensions = stored.Dimensions;
        Columns = stored.Columns;
        Parameters = stored.Parameters;
        Bytes = stored.Bytes;
        StoredId = stored.Id;
        _load = load;
        if (loaded is not null) _weak = new WeakReference<EmbeddingSet>(loaded);
    }

    public string Name { get; }
    public string Kind { get; init; }
    public string Description { get; }
    public bool IsDemo { get; }
    public DateTimeOffset Added { get; }
    public int Count { get; }
    public int Dimensions { get; }
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Source and training parameters (JSON) when the set was saved with them.</summary>
    public string? Parameters { get; }
    /// <summary>Bytes on disk (0 for demo sets, which are shared).</summary>
    public long Bytes { get; }
    public bool IsSaved => _load is not null;

    /// <summary>The catalogue id of a saved set (null for demo sets and sets of sessions without a store).</summary>
    public string? StoredId { get; }

    /// <summary>Who the catalogue says shows a sprite atlas: the saved set, or the demo by name; null when nothing is saved.</summary>
    public string? AtlasOwner => StoredId ?? (IsDemo ? WorkspaceStore.DemoAtlasOwner(Name) : null);

    /// <summary>The vectors (loaded from disk on first use for saved sets).</summary>
    public EmbeddingSet Set
    {
        get
        {
            if (_set is not null) return _set;
            if (_weak is not null && _weak.TryGetTarget(out var alive)) return alive;
            var set = _load!();
            _weak = new WeakReference<EmbeddingSet>(set);
            return set;
        }
    }
}
