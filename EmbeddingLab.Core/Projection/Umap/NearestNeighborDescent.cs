using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Approximate k-nearest neighbours (squared Euclidean) by nearest-neighbour descent (Dong, Moses, Li 2011) started
/// from a forest of random-projection trees, as pynndescent does for umap-learn: "a neighbour of a neighbour is
/// likely a neighbour", iterated with new/old flags and sampled candidate lists until fewer than δ·n·k heap updates
/// happen in a round. Per-point heaps are updated under striped locks so the local joins run in parallel.
/// </summary>
internal sealed class NearestNeighborDescent
{
    private readonly float[] _data;
    private readonly int _n, _d, _k;
    private readonly float[] _dist;   // n × k max-heaps of squared distances
    private readonly int[] _idx;
    private readonly byte[] _isNew;
    private readonly object[] _locks = new object[1024];
    private int[]? _newIdx, _oldIdx;          // candidate lists, reused across rounds
    private float[]? _newPri, _oldPri, _priorities;

    private NearestNeighborDescent(float[] data, int n, int d, int k)
    {
        _data = data; _n = n; _d = d; _k = k;
        _dist = new float[n * k];
        _idx = new int[n * k];
        _isNew = new byte[n * k];
        Array.Fill(_dist, float.PositiveInfinity);
        Array.Fill(_idx, -1);
        for (int i = 0; i < _locks.Length; i++) _locks[i] = new object();
    }

    /// <summary>
    /// Fills <paramref name="neighbors"/>/<paramref name="sqDistances"/> (n × k each, nearest first) with approximate
    /// nearest other points. Trees and iterations follow umap-learn's choice for pynndescent
    /// (5 + √n/20 trees capped at 64, max(5, log2 n) rounds).
    /// </summary>
    /// <summary>Candidates kept per point and round (umap-learn's max_candidates, fewer on huge sets).</summary>
    internal static int CandidateCount(int n, int k) => Math.Clamp((int)(2.4e8 / (16.0 * n)), Math.Min(k, 60), 60);

    /// <summary>Working memory of a search for k neighbours: the heaps (distance, index, flag), priorities and the four candidate arrays.</summary>
    internal static long EstimateBytes(long n, int k) =>
        Pca.Saturate(n, 13L * k + 16L * CandidateCount((int)Math.Min(n, int.MaxValue), k) + 12);

    public static void Search(float[] data, int n, int d, int k, int[] neighbors, float[] sqDistances, int seed, int threads,
        CancellationToken cancellationToken, int? trees = null, int? maxCandidates = null, double delta = 0.001)
    {
        if (k > n - 1) throw new ArgumentOutOfRangeException(nameof(k));
        var search = new NearestNeighborDescent(data, n, d, k);
        int treeCount = trees ?? Math.Min(64, 5 + (int)Math.Round(Math.Sqrt(n) / 20.0));
        int leafSize = Math.Max(10, k + 1);
        int rounds = Math.Max(5, (int)Math.Round(Math.Log2(n)));
        // umap-learn's max_candidates for pynndescent (60), fewer on huge sets so the four candidate arrays stay
        // within about 240 MB (n = 1,000,000: 15).
        int candidates = maxCandidates ?? CandidateCount(n, k);
        search.InitFromTrees(treeCount, leafSize, seed, threads, cancellationToken);
        var random = new Random(seed ^ 0x5eed);
        for (int round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long updates = search.Round(candidates, random, threads, cancellationToken);
            if (updates <= delta * n * k) break;
        }
        search.Extract(neighbors, sqDistances, threads);
    }

    // ---- random-projection forest -------------------------------------------------------------------------------

    private void InitFromTrees(int trees, int leafSize, int seed, int threads, CancellationToken cancellationToken)
    {
        var leaves = new List<(int[] Order, int Start, int End)>[trees];
        Parallel.For(0, trees, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, t =>
        {
            var order = new int[_n];
            for (int i = 0; i < _n; i++) order[i] = i;
            var list = new List<(int[], int, int)>();
            var random = new Random(HashCode.Combine(seed, t, 0x7ee));
            var side = new byte[_n];
            Split(order, 0, _n, leafSize, random, side, list);
            leaves[t] = list;
        });
        var all = leaves.SelectMany(l => l).ToArray();
        ParallelRanges.For(all.Length, 64, threads, (_, start, end) =>
        {
            for (int l = start; l < end; l++)
            {
                var (order, s, e) = all[l];
                for (int a = s; a < e; a++)
                    for (int b = a + 1; b < e; b++)
                    {
                        int p = order[a], q = order[b];
                        float dist = SquaredDistance(p, q);
                        TryPush(p, q, dist);
                        TryPush(q, p, dist);
                    }
            }
        }, cancellationToken);
    }

    // Splits order[start..end) by a random hyperplane between two random points until segments have ≤ leafSize points.
    private void Split(int[] order, int start, int end, int leafSize, Random random, byte[] side, List<(int[], int, int)> leaves)
    {
        var stack = new Stack<(int, int)>();
        stack.Push((start, end));
        var normal = new float[_d];
        while (stack.Count > 0)
        {
            var (s, e) = stack.Pop();
            int size = e - s;
            if (size <= leafSize) { leaves.Add((order, s, e)); continue; }
            int ia = random.Next(size), ib = random.Next(size - 1);
            if (ib >= ia) ib++;
            int left = order[s + ia], right = order[s + ib];
            var xl = _data.AsSpan(left * _d, _d);
            var xr = _data.AsSpan(right * _d, _d);
            double offset = 0;
            for (int a = 0; a < _d; a++)
            {
                normal[a] = xl[a] - xr[a];
                offset -= normal[a] * (xl[a] + xr[a]) / 2.0;
            }
            int countLeft = 0;
            for (int i = s; i < e; i++)
            {
                double margin = offset + System.Numerics.Tensors.TensorPrimitives.Dot(normal, _data.AsSpan(order[i] * _d, _d));
                bool goLeft = margin == 0 ? random.Next(2) == 0 : margin > 0;
                side[order[i]] = goLeft ? (byte)1 : (byte)0;
                if (goLeft) countLeft++;
            }
            if (countLeft == 0 || countLeft == size)
            {
                // Degenerate split (duplicates): halve at random.
                countLeft = size / 2;
                for (int i = s; i < e; i++) side[order[i]] = i - s < countLeft ? (byte)1 : (byte)0;
            }
            // Stable partition: left side first.
            int write = s;
            var buffer = new int[size - countLeft];
            int rightCount = 0;
            for (int i = s; i < e; i++)
            {
                int p = order[i];
                if (side[p] == 1) order[write++] = p; else buffer[rightCount++] = p;
            }
            Array.Copy(buffer, 0, order, write, rightCount);
            stack.Push((s, s + countLeft));
            stack.Push((s + countLeft, e));
        }
    }

    // ---- descent ----------------------------------------------------------------------------------------------------

    private long Round(int maxCandidates, Random random, int threads, CancellationToken cancellationToken)
    {
        int n = _n, k = _k, c = maxCandidates;
        // Candidate lists: per point up to c new and c old neighbours (forward and reverse), kept by random priority.
        if (_newIdx is null || _newIdx.Length != n * c)
        {
            _newIdx = new int[n * c]; _newPri = new float[n * c]; _oldIdx = new int[n * c]; _oldPri = new float[n * c];
            _priorities = new float[n * k];
        }
        var newIdx = _newIdx; var newPri = _newPri!; var newCount = new int[n];
        var oldIdx = _oldIdx!; var oldPri = _oldPri!; var oldCount = new int[n];
        var priorities = _priorities!;
        for (int i = 0; i < priorities.Length; i++) priorities[i] = (float)random.NextDouble();
        // Each worker owns a range of target points and scans every edge for the insertions that land in its range,
        // so the lists are built in parallel without locks (and identically for any thread count).
        int owners = Math.Max(1, Math.Min(threads, n / 1024 + 1));
        int span = (n + owners - 1) / owners;
        Parallel.For(0, owners, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, o =>
        {
            int lo = o * span, hi = Math.Min(n, lo + span);
            for (int i = 0; i < n; i++)
            {
                bool ownsI = i >= lo && i < hi;
                for (int e = i * k; e < (i + 1) * k; e++)
                {
                    int j = _idx[e];
                    if (j < 0) continue;
                    bool ownsJ = j >= lo && j < hi;
                    if (!ownsI && !ownsJ) continue;
                    float pri = priorities[e];
                    bool fresh = _isNew[e] != 0;
                    var (ci, cp, cc) = fresh ? (newIdx, newPri, newCount) : (oldIdx, oldPri, oldCount);
                    if (ownsI) AddCandidate(ci, cp, cc, i, j, pri, c);
                    if (ownsJ) AddCandidate(ci, cp, cc, j, i, pri, c);
                }
            }
            // Neighbours that made it into the new candidate list are now old.
            for (int i = lo; i < hi; i++)
                for (int e = i * k; e < (i + 1) * k; e++)
                {
                    if (_isNew[e] == 0) continue;
                    if (newIdx.AsSpan(i * c, newCount[i]).Contains(_idx[e])) _isNew[e] = 0;
                }
        });

        long updates = 0;
        ParallelRanges.For(n, 256, threads, (_, start, end) =>
        {
            long local = 0;
            for (int u = start; u < end; u++)
            {
                var nu = newIdx.AsSpan(u * c, newCount[u]);
                var ou = oldIdx.AsSpan(u * c, oldCount[u]);
                for (int a = 0; a < nu.Length; a++)
                {
                    int p = nu[a];
                    for (int b = a + 1; b < nu.Length; b++)
                    {
                        int q = nu[b];
                        if (p == q) continue;
                        float dist = SquaredDistance(p, q);
                        if (TryPush(p, q, dist)) local++;
                        if (TryPush(q, p, dist)) local++;
                    }
                    for (int b = 0; b < ou.Length; b++)
                    {
                        int q = ou[b];
                        if (p == q) continue;
                        float dist = SquaredDistance(p, q);
                        if (TryPush(p, q, dist)) local++;
                        if (TryPush(q, p, dist)) local++;
                    }
                }
            }
            Interlocked.Add(ref updates, local);
        }, cancellationToken);
        return updates;
    }

    // Keeps the c lowest-priority candidates of point i in a max-heap on priority (duplicates ignored).
    private static void AddCandidate(int[] idx, float[] pri, int[] count, int i, int j, float priority, int c)
    {
        int baseAt = i * c, m = count[i];
        for (int t = 0; t < m; t++) if (idx[baseAt + t] == j) return;
        if (m < c)
        {
            // Sift up.
            int pos = m;
            while (pos > 0)
            {
                int parent = (pos - 1) / 2;
                if (pri[baseAt + parent] >= priority) break;
                pri[baseAt + pos] = pri[baseAt + parent]; idx[baseAt + pos] = idx[baseAt + parent];
                pos = parent;
            }
            pri[baseAt + pos] = priority; idx[baseAt + pos] = j;
            count[i] = m + 1;
            return;
        }
        if (priority >= pri[baseAt]) return;
        SiftDown(pri.AsSpan(baseAt, c), idx.AsSpan(baseAt, c), priority, j);
    }

    private static void SiftDown(Span<float> key, Span<int> idx, float value, int index)
    {
        int i = 0, size = key.Length;
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int big = r < size && key[r] > key[l] ? r : l;
            if (key[big] <= value) break;
            key[i] = key[big]; idx[i] = idx[big];
            i = big;
        }
        key[i] = value; idx[i] = index;
    }

    // Pushes q into p's heap when closer than p's current k-th neighbour and not already there; true when it changed.
    private bool TryPush(int p, int q, float dist)
    {
        int baseAt = p * _k;
        if (dist >= Volatile.Read(ref _dist[baseAt])) return false;
        lock (_locks[p & (_locks.Length - 1)])
        {
            if (dist >= _dist[baseAt]) return false;
            for (int t = 0; t < _k; t++) if (_idx[baseAt + t] == q) return false;
            // Replace the root and sift down (flags travel with their entries).
            int i = 0, size = _k;
            var key = _dist.AsSpan(baseAt, _k);
            var idx = _idx.AsSpan(baseAt, _k);
            var flag = _isNew.AsSpan(baseAt, _k);
            while (true)
            {
                int l = 2 * i + 1;
                if (l >= size) break;
                int r = l + 1;
                int big = r < size && key[r] > key[l] ? r : l;
                if (key[big] <= dist) break;
                key[i] = key[big]; idx[i] = idx[big]; flag[i] = flag[big];
                i = big;
            }
            key[i] = dist; idx[i] = q; flag[i] = 1;
            return true;
        }
    }

    private void Extract(int[] neighbors, float[] sqDistances, int threads)
    {
        ParallelRanges.For(_n, 1024, threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var key = _dist.AsSpan(i * _k, _k).ToArray();
                var idx = _idx.AsSpan(i * _k, _k).ToArray();
                Array.Sort(key, idx);
                idx.CopyTo(neighbors, i * _k);
                key.CopyTo(sqDistances, i * _k);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float SquaredDistance(int p, int q) => SquaredDistance(_data, p * _d, q * _d, _d);

    internal static float SquaredDistance(float[] data, int a, int b, int d)
    {
        ref float x = ref MemoryMarshal.GetArrayDataReference(data);
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i <= d - 8; i += 8)
        {
            var diff = Vector256.LoadUnsafe(ref x, (nuint)(a + i)) - Vector256.LoadUnsafe(ref x, (nuint)(b + i));
            acc += diff * diff;
        }
        float s = Vector256.Sum(acc);
        for (; i < d; i++)
        {
            float diff = Unsafe.Add(ref x, a + i) - Unsafe.Add(ref x, b + i);
            s += diff * diff;
        }
        return s;
    }
}
