using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// Loaded vectors of saved sets, shared by every circuit, least recently used dropped beyond a byte budget (a set a
/// page still holds stays alive through it; a dropped one is read again from disk when next asked for).
/// </summary>
public sealed class SetCache(long budgetBytes)
{
    private readonly object _gate = new();
    private readonly LinkedList<(string Id, EmbeddingSet Set, long Bytes)> _lru = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, EmbeddingSet Set, long Bytes)>> _index = new();
    private long _bytes;

    public long Bytes { get { lock (_gate) return _bytes; } }

    public EmbeddingSet GetOrLoad(string id, Func<EmbeddingSet> load)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(id, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                return node.Value.Set;
            }
        }
        var set = load();
        Put(id, set);
        return set;
    }

    public void Put(string id, EmbeddingSet set)
    {
        long bytes = (long)set.Count * set.Dimensions * sizeof(float);
        lock (_gate)
        {
            Remove(id);
            _index[id] = _lru.AddFirst((id, set, bytes));
            _bytes += bytes;
            while (_bytes > budgetBytes && _lru.Count > 1)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _index.Remove(last.Value.Id);
                _bytes -= last.Value.Bytes;
            }
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            if (!_index.Remove(id, out var node)) return;
            _lru.Remove(node);
            _bytes -= node.Value.Bytes;
        }
    }
}
