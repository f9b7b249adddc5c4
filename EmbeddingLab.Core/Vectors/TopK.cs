namespace EmbeddingLab.Core.Vectors;

/// <summary>
/// Keeps the k best (highest score; ties to the lower row) of a stream of scores with a bounded min-heap:
/// O(n log k) partial selection instead of a full sort.
/// </summary>
internal struct TopKHeap
{
    private readonly int[] _rows;
    private readonly float[] _scores;
    private int _count;

    public TopKHeap(int k)
    {
        _rows = new int[Math.Max(k, 0)];
        _scores = new float[Math.Max(k, 0)];
        _count = 0;
    }

    public readonly int Count => _count;
    public readonly int Capacity => _rows.Length;

    /// <summary>The score a candidate must beat to enter (−∞ until the heap is full).</summary>
    public readonly float Threshold => _count < _rows.Length ? float.NegativeInfinity : _scores[0];

    // "a is worse than b": lower score, or equal score and higher row (ties resolve to the lower row, deterministically).
    private static bool Worse(float sa, int ra, float sb, int rb) => sa < sb || (sa == sb && ra > rb);

    public void Offer(int row, float score)
    {
        if (_rows.Length == 0 || float.IsNaN(score)) return;
        if (_count < _rows.Length)
        {
            int i = _count++;
            _rows[i] = row; _scores[i] = score;
            SiftUp(i);
        }
        else if (Worse(_scores[0], _rows[0], score, row))
        {
            _rows[0] = row; _scores[0] = score;
            SiftDown(0);
        }
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(_scores[i], _rows[i], _scores[parent], _rows[parent])) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < _count && Worse(_scores[l], _rows[l], _scores[worst], _rows[worst])) worst = l;
            if (r < _count && Worse(_scores[r], _rows[r], _scores[worst], _rows[worst])) worst = r;
            if (worst == i) return;
            Swap(i, worst);
            i = worst;
        }
    }

    private readonly void Swap(int a, int b)
    {
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }

    /// <summary>The kept items, best first.</summary>
    public readonly (int Row, float Score)[] ToSortedArray()
    {
        var items = new (int Row, float Score)[_count];
        for (int i = 0; i < _count; i++) items[i] = (_rows[i], _scores[i]);
        Array.Sort(items, (x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Row.CompareTo(y.Row));
        return items;
    }
}
