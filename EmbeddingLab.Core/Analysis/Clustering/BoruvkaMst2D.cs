using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// Exact minimum spanning tree of the mutual-reachability graph of 2-D points by Borůvka's algorithm over a kd-tree
/// (the idea of hdbscan's boruvka_kdtree, single-tree): each round, every point searches the tree for its nearest
/// point in another component, skipping subtrees that are all of its own component or whose lower bound
/// max(box distance², own core², smallest core² in the box) exceeds the best edge its component has so far; each
/// component then takes its lightest edge. Edges are ordered by (weight, lower index, higher index), a strict order,
/// so the result is the unique MST of that order — the same tree weights as Prim's. About log₂ n rounds of
/// O(n log n) searches instead of Prim's n² pairs.
/// </summary>
internal sealed class BoruvkaMst2D
{
    private const int LeafSize = 16;

    private readonly int _n;
    // Points in tree order (structure of arrays) and their original indices.
    private readonly float[] _x, _y, _core;
    private readonly int[] _original;
    // Nodes: [start, end) of tree-ordered points, bounding box, smallest core², children (−1 for a leaf).
    private readonly List<Node> _nodes = [];
    private Node[] _tree = [];              // _nodes as an array once built (no copies through the list indexer)
    private readonly int[] _component;      // per tree-ordered point
    private int[] _nodeComponent = [];      // per node: the component of all its points, or −1

    private struct Node
    {
        public int Start, End, Left, Right;
        public float MinX, MaxX, MinY, MaxY, MinCore;
    }

    /// <summary>Builds the kd-tree over the points (row-major n × 2); core distances are set next.</summary>
    public BoruvkaMst2D(float[] data, int n)
    {
        _n = n;
        _original = new int[n];
        for (int i = 0; i < n; i++) _original[i] = i;
        Build(data, 0, n);
        _x = new float[n]; _y = new float[n]; _core = new float[n];
        for (int i = 0; i < n; i++)
        {
            int o = _original[i];
            _x[i] = data[2 * o]; _y[i] = data[2 * o + 1];
        }
        _component = new int[n];
        _tree = _nodes.ToArray();
    }

    /// <summary>Uses the given squared core distances (original order).</summary>
    public void SetCoreDistancesSquared(float[] coreSq)
    {
        for (int i = 0; i < _n; i++) _core[i] = coreSq[_original[i]];
        UpdateMinCore();
    }

    /// <summary>
    /// Squared core distances from the tree (the (min_samples − 1)-th nearest other point; 0 for min_samples 1), in
    /// original order; also kept for the spanning tree.
    /// </summary>
    public float[] CoreDistancesSquared(int minSamples, int threads, CancellationToken ct)
    {
        int k = minSamples - 1;
        if (k > 0)
        {
            ParallelRanges.For(_n, 1024, threads, (_, start, end) =>
            {
                var heap = new float[k];
                for (int p = start; p < end; p++)
                {
                    int count = 0;
                    Nearest(p, 0, heap, ref count);
                    _core[p] = heap[0];
                }
            }, ct);
        }
        UpdateMinCore();
        var result = new float[_n];
        for (int i = 0; i < _n; i++) result[_original[i]] = _core[i];
        return result;
    }

    private void UpdateMinCore()
    {
        for (int v = _tree.Length - 1; v >= 0; v--)
        {
            ref var node = ref _tree[v];
            node.MinCore = node.Left < 0 ? MinOf(_core, node.Start, node.End) : Math.Min(_tree[node.Left].MinCore, _tree[node.Right].MinCore);
        }
    }

    private static float MinOf(float[] values, int start, int end)
    {
        float min = float.PositiveInfinity;
        for (int i = start; i < end; i++) min = Math.Min(min, values[i]);
        return min;
    }

    /// <summary>k nearest other points of p: a max-heap of squared distances (heap[0] the largest kept).</summary>
    private void Nearest(int p, int v, float[] heap, ref int count)
    {
        ref readonly var node = ref _tree[v];
        float px = _x[p], py = _y[p];
        if (count == heap.Length && BoxDistanceSq(node, px, py) >= heap[0]) return;
        if (node.Left < 0)
        {
            for (int q = node.Start; q < node.End; q++)
            {
                if (q == p) continue;
                float dx = _x[q] - px, dy = _y[q] - py;
                float d2 = dx * dx + dy * dy;
                if (count < heap.Length)
                {
                    // Sift up.
                    int i = count++;
                    while (i > 0 && heap[(i - 1) >> 1] < d2) { heap[i] = heap[(i - 1) >> 1]; i = (i - 1) >> 1; }
                    heap[i] = d2;
                }
                else if (d2 < heap[0])
                {
                    // Replace the largest and sift down.
                    int i = 0;
                    while (true)
                    {
                        int c = 2 * i + 1;
                        if (c >= count) break;
                        if (c + 1 < count && heap[c + 1] > heap[c]) c++;
                        if (heap[c] <= d2) break;
                        heap[i] = heap[c];
                        i = c;
                    }
                    heap[i] = d2;
                }
            }
            return;
        }
        if (BoxDistanceSq(_tree[node.Left], px, py) <= BoxDistanceSq(_tree[node.Right], px, py))
        {
            Nearest(p, node.Left, heap, ref count);
            Nearest(p, node.Right, heap, ref count);
        }
        else
        {
            Nearest(p, node.Right, heap, ref count);
            Nearest(p, node.Left, heap, ref count);
        }
    }

    /// <summary>Splits [start, end) of <see cref="_original"/> at the median of the wider side; returns the node index.</summary>
    private int Build(float[] data, int start, int end)
    {
        float minX = float.PositiveInfinity, maxX = float.NegativeInfinity, minY = float.PositiveInfinity, maxY = float.NegativeInfinity;
        for (int i = start; i < end; i++)
        {
            int o = _original[i];
            float x = data[2 * o], y = data[2 * o + 1];
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
        }
        int index = _nodes.Count;
        _nodes.Add(new Node { Start = start, End = end, Left = -1, Right = -1, MinX = minX, MaxX = maxX, MinY = minY, MaxY = maxY });
        if (end - start <= LeafSize) return index;
        int axis = maxX - minX >= maxY - minY ? 0 : 1;
        int mid = (start + end) / 2;
        Select(data, start, end - 1, mid, axis);
        int left = Build(data, start, mid);
        int right = Build(data, mid, end);
        var node = _nodes[index];
        node.Left = left;
        node.Right = right;
        _nodes[index] = node;
        return index;
    }

    /// <summary>Quickselect: puts the k-th smallest (by the axis coordinate) at position k of _original[lo..hi].</summary>
    private void Select(float[] data, int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            float pivot = data[2 * _original[(lo + hi) >>> 1] + axis];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (data[2 * _original[i] + axis] < pivot) i++;
                while (data[2 * _original[j] + axis] > pivot) j--;
                if (i <= j) { (_original[i], _original[j]) = (_original[j], _original[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /// <summary>The tree for given squared core distances (original order).</summary>
    public static (int[] From, int[] To, double[] Weight) Build(float[] data, int n, float[] coreSq, int threads,
        IProgress<HdbscanProgress>? progress, CancellationToken ct)
    {
        var mst = new BoruvkaMst2D(data, n);
        mst.SetCoreDistancesSquared(coreSq);
        return mst.Run(threads, progress, ct);
    }

    public (int[] From, int[] To, double[] Weight) Run(int threads, IProgress<HdbscanProgress>? progress, CancellationToken ct)
    {
        int n = _n;
        var from = new int[n - 1];
        var to = new int[n - 1];
        var weight = new double[n - 1];
        int edges = 0;
        // Union-find over tree-ordered points.
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int Find(int v)
        {
            int root = v;
            while (parent[root] != root) root = parent[root];
            while (parent[v] != root) { int next = parent[v]; parent[v] = root; v = next; }
            return root;
        }
        for (int i = 0; i < n; i++) _component[i] = i;
        _nodeComponent = new int[_tree.Length];
        var pointBest = new float[n];
        var pointTo = new int[n];
        var componentBound = new float[n];   // per component root: the lightest edge weight found so far (shared)
        var componentBest = new float[n];
        var componentFrom = new int[n];
        var componentTo = new int[n];
        while (edges < n - 1)
        {
            ct.ThrowIfCancellationRequested();
            int edgesBefore = edges;
            UpdateNodeComponents();
            Array.Fill(componentBound, float.PositiveInfinity);
            ParallelRanges.For(n, 1024, threads, (_, start, end) =>
            {
                for (int p = start; p < end; p++)
                {
                    pointTo[p] = -1;
                    pointBest[p] = float.PositiveInfinity;
                    int c = _component[p];
                    if (_core[p] > Volatile.Read(ref componentBound[c])) continue; // every edge of p weighs at least core(p)
                    Search(p, c, 0, ref pointBest[p], ref pointTo[p], componentBound);
                }
            }, ct);
            // Each component's lightest edge, by (weight, lower index, higher index).
            Array.Fill(componentBest, float.PositiveInfinity);
            Array.Fill(componentFrom, -1);
            for (int p = 0; p < n; p++)
            {
                int q = pointTo[p];
                if (q < 0) continue;
                int c = _component[p];
                if (componentFrom[c] < 0 || Less(pointBest[p], p, q, componentBest[c], componentFrom[c], componentTo[c]))
                {
                    componentBest[c] = pointBest[p]; componentFrom[c] = p; componentTo[c] = q;
                }
            }
            for (int c = 0; c < n; c++)
            {
                if (componentFrom[c] < 0) continue;
                int a = Find(componentFrom[c]), b = Find(componentTo[c]);
                if (a == b) continue; // the same edge chosen by both of its components
                parent[a] = b;
                from[edges] = _original[componentFrom[c]];
                to[edges] = _original[componentTo[c]];
                weight[edges] = Math.Sqrt(componentBest[c]);
                edges++;
            }
            if (edges == edgesBefore) throw new InvalidOperationException("Borůvka round added no edge (non-finite coordinates?).");
            for (int i = 0; i < n; i++) _component[i] = Find(i);
            progress?.Report(new HdbscanProgress("spanning tree", edges, n - 1));
        }
        return (from, to, weight);
    }

    private static bool Less(float w, int p, int q, float bw, int bp, int bq)
    {
        if (w != bw) return w < bw;
        int lo = Math.Min(p, q), hi = Math.Max(p, q), blo = Math.Min(bp, bq), bhi = Math.Max(bp, bq);
        return lo != blo ? lo < blo : hi < bhi;
    }

    private void UpdateNodeComponents()
    {
        var nodes = _tree;
        // Children have larger indices than their parent (pre-order), so a reverse pass is bottom-up.
        for (int v = nodes.Length - 1; v >= 0; v--)
        {
            ref var node = ref nodes[v];
            if (node.Left < 0)
            {
                int c = _component[node.Start];
                for (int i = node.Start + 1; i < node.End && c >= 0; i++) if (_component[i] != c) c = -1;
                _nodeComponent[v] = c;
            }
            else
            {
                int l = _nodeComponent[node.Left], r = _nodeComponent[node.Right];
                _nodeComponent[v] = l >= 0 && l == r ? l : -1;
            }
        }
    }

    /// <summary>Nearest (in mutual reachability) point of another component than <paramref name="c"/>, nearer child first.</summary>
    private void Search(int p, int c, int v, ref float best, ref int bestQ, float[] componentBound)
    {
        if (_nodeComponent[v] == c) return;
        ref readonly var node = ref _tree[v];
        float px = _x[p], py = _y[p], pc = _core[p];
        float bound = Math.Min(best, Volatile.Read(ref componentBound[c]));
        if (Math.Max(Math.Max(BoxDistanceSq(node, px, py), pc), node.MinCore) > bound) return;
        if (node.Left < 0)
        {
            for (int q = node.Start; q < node.End; q++)
            {
                if (_component[q] == c) continue;
                float dx = _x[q] - px, dy = _y[q] - py;
                float w = Math.Max(Math.Max(dx * dx + dy * dy, pc), _core[q]);
                if (w > best || (w == best && bestQ >= 0 && !Less(w, p, q, best, p, bestQ))) continue;
                best = w;
                bestQ = q;
                // Lower the component's shared bound (lock-free minimum): prunes the searches of its other points.
                float seen = Volatile.Read(ref componentBound[c]);
                while (w < seen)
                {
                    float previous = Interlocked.CompareExchange(ref componentBound[c], w, seen);
                    if (previous == seen) break;
                    seen = previous;
                }
            }
            return;
        }
        if (BoxDistanceSq(_tree[node.Left], px, py) <= BoxDistanceSq(_tree[node.Right], px, py))
        {
            Search(p, c, node.Left, ref best, ref bestQ, componentBound);
            Search(p, c, node.Right, ref best, ref bestQ, componentBound);
        }
        else
        {
            Search(p, c, node.Right, ref best, ref bestQ, componentBound);
            Search(p, c, node.Left, ref best, ref bestQ, componentBound);
        }
    }

    private static float BoxDistanceSq(in Node node, float x, float y)
    {
        float dx = x < node.MinX ? node.MinX - x : x > node.MaxX ? x - node.MaxX : 0;
        float dy = y < node.MinY ? node.MinY - y : y > node.MaxY ? y - node.MaxY : 0;
        return dx * dx + dy * dy;
    }
}
