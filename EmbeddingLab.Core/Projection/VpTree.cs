using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Vantage-point tree over rows of a float matrix (Euclidean), for exact k-nearest-neighbour queries as in
/// bhtsne/openTSNE. Nodes are stored in flat arrays (built by median splits with quickselect).
/// </summary>
internal sealed class VpTree
{
    private readonly float[] _data;
    private readonly int _d;
    private readonly int[] _items;      // node i covers _items[i] as vantage point
    private readonly float[] _radius;   // median distance of the node's subtree to its vantage point
    private readonly int[] _inner;      // child indices (-1 none)
    private readonly int[] _outer;
    private int _nodes;

    public VpTree(float[] data, int n, int d, int seed)
    {
        _data = data; _d = d;
        _items = new int[n]; _radius = new float[n]; _inner = new int[n]; _outer = new int[n];
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var dist = new float[n];
        var random = new Random(seed);
        Build(order, dist, 0, n, random);
    }

    private float Distance(int a, int b) => TensorPrimitives.Distance(_data.AsSpan(a * _d, _d), _data.AsSpan(b * _d, _d));

    private int Build(int[] order, float[] dist, int lo, int hi, Random random)
    {
        if (lo >= hi) return -1;
        int node = _nodes++;
        int pick = lo + random.Next(hi - lo);
        (order[lo], order[pick]) = (order[pick], order[lo]);
        int vp = order[lo];
        _items[node] = vp;
        _inner[node] = _outer[node] = -1;
        if (hi - lo == 1) { _radius[node] = 0; return node; }
        for (int i = lo + 1; i < hi; i++) dist[i] = Distance(vp, order[i]);
        int median = (lo + 1 + hi) / 2;
        Select(order, dist, lo + 1, hi - 1, median);
        _radius[node] = dist[median];
        _inner[node] = Build(order, dist, lo + 1, median, random);
        _outer[node] = Build(order, dist, median, hi, random);
        return node;
    }

    // Quickselect on [lo, hi] (inclusive) so that position k holds the k-th smallest distance.
    private static void Select(int[] order, float[] dist, int lo, int hi, int k)
    {
        while (hi > lo)
        {
            float pivot = dist[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (dist[i] < pivot) i++;
                while (dist[j] > pivot) j--;
                if (i <= j)
                {
                    (dist[i], dist[j]) = (dist[j], dist[i]);
                    (order[i], order[j]) = (order[j], order[i]);
                    i++; j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /// <summary>The k nearest rows to row <paramref name="query"/> (itself excluded), nearest first.</summary>
    public void Search(int query, int k, Span<int> indices, Span<float> distances, int[] stack)
    {
        // Max-heap of the k best so far (by distance).
        int count = 0;
        float tau = float.PositiveInfinity;
        var q = _data.AsSpan(query * _d, _d);
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            if (node < 0) continue;
            int item = _items[node];
            float dist = TensorPrimitives.Distance(q, _data.AsSpan(item * _d, _d));
            if (item != query && (count < k || dist < tau))
            {
                if (count < k) { HeapPush(indices, distances, ref count, item, dist); }
                else { HeapReplaceTop(indices, distances, count, item, dist); }
                if (count == k) tau = distances[0];
            }
            if (_inner[node] < 0 && _outer[node] < 0) continue;
            float r = _radius[node];
            // Visit the more promising side last (popped first).
            if (dist < r)
            {
                if (dist + tau >= r) stack[top++] = _outer[node];
                if (dist - tau <= r) stack[top++] = _inner[node];
            }
            else
            {
                if (dist - tau <= r) stack[top++] = _inner[node];
                if (dist + tau >= r) stack[top++] = _outer[node];
            }
        }
        // Heap → ascending order.
        for (int end = count - 1; end > 0; end--)
        {
            (indices[0], indices[end]) = (indices[end], indices[0]);
            (distances[0], distances[end]) = (distances[end], distances[0]);
            SiftDown(indices, distances, 0, end);
        }
    }

    // Median splits keep the depth ≤ log2(n) + 1; each level leaves at most one pending sibling on the stack.
    public const int StackSize = 256;

    private static void HeapPush(Span<int> idx, Span<float> dist, ref int count, int item, float d)
    {
        int i = count++;
        idx[i] = item; dist[i] = d;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (dist[parent] >= dist[i]) break;
            (idx[parent], idx[i]) = (idx[i], idx[parent]);
            (dist[parent], dist[i]) = (dist[i], dist[parent]);
            i = parent;
        }
    }

    private static void HeapReplaceTop(Span<int> idx, Span<float> dist, int count, int item, float d)
    {
        idx[0] = item; dist[0] = d;
        SiftDown(idx, dist, 0, count);
    }

    private static void SiftDown(Span<int> idx, Span<float> dist, int i, int count)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, largest = i;
            if (l < count && dist[l] > dist[largest]) largest = l;
            if (r < count && dist[r] > dist[largest]) largest = r;
            if (largest == i) return;
            (idx[largest], idx[i]) = (idx[i], idx[largest]);
            (dist[largest], dist[i]) = (dist[i], dist[largest]);
            i = largest;
        }
    }
}
