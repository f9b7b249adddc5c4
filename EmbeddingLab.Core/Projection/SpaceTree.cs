using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Quadtree (2-D) / octree (3-D) over the embedding for Barnes-Hut repulsion. Rebuilt every iteration into reused
/// arrays, one per field (centre of mass, squared width, count, children), with the non-empty children of a node
/// stored contiguously: the traversal tests four siblings at once with one Vector128 per field. A leaf stores
/// width² = −1, so the acceptance test (width² &lt; θ²·d²) always takes it, even at distance 0. Built top-down by
/// partitioning a permutation of the points, which leaves them in space-filling order: iterating in that order
/// keeps the traversal cache-warm.
/// </summary>
internal sealed class SpaceTree
{
    private const int MaxDepth = 48;
    private const int Pad = 4;                    // siblings are read four at a time, past the last node too
    private readonly int _dims;
    private readonly int _fanout;
    private float[] _x = [], _y = [], _z = [], _width2 = [], _count = [];
    private int[] _firstChild = [], _childCount = [];
    private int _nodeCount;
    private readonly int[] _order;                // points in tree order
    private readonly byte[] _cellOf;
    private readonly int[] _scratch;
    private readonly int[] _leafOf;               // the leaf holding each point (for self-exclusion)

    public SpaceTree(int n, int dims)
    {
        _dims = dims; _fanout = 1 << dims;
        _order = new int[n];
        for (int i = 0; i < n; i++) _order[i] = i;
        _cellOf = new byte[n];
        _scratch = new int[n];
        _leafOf = new int[n];
        Resize(Math.Max(256, 2 * n));
    }

    public int[] Order => _order;

    private void Resize(int capacity)
    {
        int size = capacity + Pad;
        Array.Resize(ref _x, size); Array.Resize(ref _y, size); Array.Resize(ref _z, size);
        Array.Resize(ref _width2, size); Array.Resize(ref _count, size);
        Array.Resize(ref _firstChild, size); Array.Resize(ref _childCount, size);
    }

    public void Build(double[] y)
    {
        int n = _order.Length, d = _dims;
        Span<double> lo = stackalloc double[3], hi = stackalloc double[3], centre = stackalloc double[3];
        for (int a = 0; a < 3; a++) { lo[a] = double.PositiveInfinity; hi[a] = double.NegativeInfinity; centre[a] = 0; }
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) { double v = y[i * d + a]; if (v < lo[a]) lo[a] = v; if (v > hi[a]) hi[a] = v; }
        double half = 0;
        for (int a = 0; a < d; a++) { centre[a] = (lo[a] + hi[a]) / 2; half = Math.Max(half, (hi[a] - lo[a]) / 2); }
        half = half * (1 + 1e-6) + 1e-12;
        _nodeCount = 1;
        BuildNode(0, y, 0, n, centre, half, 0);
    }

    private int Allocate(int count)
    {
        if (_nodeCount + count > _x.Length - Pad) Resize(Math.Max(2 * (_x.Length - Pad), _nodeCount + count));
        int first = _nodeCount;
        _nodeCount += count;
        return first;
    }

    private void BuildNode(int node, double[] y, int start, int end, ReadOnlySpan<double> centre, double half, int depth)
    {
        int d = _dims, count = end - start;
        double c0 = 0, c1 = 0, c2 = 0;
        for (int r = start; r < end; r++)
        {
            int p = _order[r] * d;
            c0 += y[p]; c1 += y[p + 1]; if (d == 3) c2 += y[p + 2];
        }
        double w = 2 * half;
        _x[node] = (float)(c0 / count); _y[node] = (float)(c1 / count); _z[node] = d == 3 ? (float)(c2 / count) : 0f;
        _count[node] = count;
        if (count == 1 || depth >= MaxDepth)
        {
            _width2[node] = -1f; _firstChild[node] = -1; _childCount[node] = 0;
            for (int r = start; r < end; r++) _leafOf[_order[r]] = node;
            return;
        }
        _width2[node] = (float)(w * w);
        // Counting sort of this range by child cell.
        Span<int> bucketCount = stackalloc int[8];
        Span<int> bucketStart = stackalloc int[9];
        bucketCount.Clear();
        for (int r = start; r < end; r++)
        {
            int p = _order[r] * d, cell = 0;
            for (int a = 0; a < d; a++) if (y[p + a] > centre[a]) cell |= 1 << a;
            _cellOf[r] = (byte)cell;
            bucketCount[cell]++;
        }
        bucketStart[0] = start;
        int nonEmpty = 0;
        for (int c = 0; c < _fanout; c++) { bucketStart[c + 1] = bucketStart[c] + bucketCount[c]; if (bucketCount[c] > 0) nonEmpty++; }
        Span<int> fill = stackalloc int[8];
        for (int c = 0; c < _fanout; c++) fill[c] = bucketStart[c];
        for (int r = start; r < end; r++) _scratch[fill[_cellOf[r]]++] = _order[r];
        Array.Copy(_scratch, start, _order, start, count);

        int first = Allocate(nonEmpty);
        _firstChild[node] = first;
        _childCount[node] = nonEmpty;
        Span<double> childCentre = stackalloc double[3];
        childCentre.Clear();
        double childHalf = half / 2;
        int child = first;
        for (int c = 0; c < _fanout; c++)
        {
            if (bucketCount[c] == 0) continue;
            for (int a = 0; a < d; a++) childCentre[a] = centre[a] + (((c >> a) & 1) == 1 ? childHalf : -childHalf);
            BuildNode(child++, y, bucketStart[c], bucketStart[c + 1], childCentre, childHalf, depth + 1);
        }
    }

    /// <summary>
    /// Repulsion on point i: accumulates Σ q²·(yᵢ − y_cell)·count into <paramref name="force"/> and returns Σ q·count
    /// (its share of the normalisation Z), with q = 1 / (1 + ‖yᵢ − y_cell‖²).
    /// </summary>
    public double Repulsion(double[] y, int i, float theta2, Span<double> force, int[] stack)
    {
        int d = _dims;
        float p0 = (float)y[i * d], p1 = (float)y[i * d + 1], p2 = d == 3 ? (float)y[i * d + 2] : 0f;
        int selfLeaf = _leafOf[i];
        force[0] = 0; force[1] = 0; if (d == 3) force[2] = 0;
        if (_childCount[0] == 0) return 0;   // a single point (or all points in one leaf)

        ref float xs = ref MemoryMarshal.GetArrayDataReference(_x);
        ref float ys = ref MemoryMarshal.GetArrayDataReference(_y);
        ref float zs = ref MemoryMarshal.GetArrayDataReference(_z);
        ref float widths = ref MemoryMarshal.GetArrayDataReference(_width2);
        ref float counts = ref MemoryMarshal.GetArrayDataReference(_count);
        ref int firsts = ref MemoryMarshal.GetArrayDataReference(_firstChild);
        ref int childCounts = ref MemoryMarshal.GetArrayDataReference(_childCount);
        var v0 = Vector128.Create(p0); var v1 = Vector128.Create(p1); var v2 = Vector128.Create(p2);
        var theta = Vector128.Create(theta2);
        var one = Vector128.Create(1f);
        var lane = Vector128.Create(0, 1, 2, 3);
        var self = Vector128.Create(selfLeaf);
        var z = Vector128<float>.Zero; var f0 = Vector128<float>.Zero; var f1 = Vector128<float>.Zero; var f2 = Vector128<float>.Zero;
        int top = 0;
        stack[top++] = 0;   // nodes to open: their children are tested
        while (top > 0)
        {
            int node = stack[--top];
            int first = Unsafe.Add(ref firsts, node), last = first + Unsafe.Add(ref childCounts, node);
            for (int c = first; c < last; c += 4)
            {
                var valid = Vector128.LessThan(lane, Vector128.Create(last - c));
                var d0 = v0 - Vector128.LoadUnsafe(ref xs, (nuint)c);
                var d1 = v1 - Vector128.LoadUnsafe(ref ys, (nuint)c);
                var d2 = v2 - Vector128.LoadUnsafe(ref zs, (nuint)c);
                var dist2 = d0 * d0 + d1 * d1 + d2 * d2;
                var accept = Vector128.LessThan(Vector128.LoadUnsafe(ref widths, (nuint)c), theta * dist2).AsInt32() & valid;
                // The point's own leaf counts its other members only (duplicates), so a lone point adds nothing.
                var cnt = Vector128.LoadUnsafe(ref counts, (nuint)c)
                          - (Vector128.Equals(lane + Vector128.Create(c), self).AsSingle() & one);
                var q = one / (one + dist2);
                var mult = Vector128.ConditionalSelect(accept.AsSingle(), cnt * q, Vector128<float>.Zero);
                z += mult;
                mult *= q;
                f0 += mult * d0; f1 += mult * d1; f2 += mult * d2;
                uint open = (~accept & valid).AsSingle().ExtractMostSignificantBits();
                while (open != 0)
                {
                    int bit = System.Numerics.BitOperations.TrailingZeroCount(open);
                    open &= open - 1;
                    stack[top++] = c + bit;
                }
            }
        }
        force[0] = Vector128.Sum(f0); force[1] = Vector128.Sum(f1); if (d == 3) force[2] = Vector128.Sum(f2);
        return Vector128.Sum(z);
    }

    public const int StackSize = MaxDepth * 8 + 16;
}
