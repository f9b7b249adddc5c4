using System.Runtime.InteropServices;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Quadtree (2-D) / octree (3-D) over the embedding for Barnes-Hut repulsion. Rebuilt every iteration into one
/// reused array of 32-byte nodes (centre of mass, squared width, count, children): a node is one cache-line half,
/// and only non-empty children are stored, contiguously. Built top-down by partitioning a permutation of the points,
/// which leaves the points in space-filling order: iterating in that order keeps the traversal cache-warm.
/// </summary>
internal sealed class SpaceTree
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public float X, Y, Z, Width2;
        public int Count, FirstChild, ChildCount, Leaf; // Leaf: 1 when not subdivided
    }

    private const int MaxDepth = 48;
    private readonly int _dims;
    private readonly int _fanout;
    private Node[] _nodes = new Node[256];
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
    }

    public int[] Order => _order;

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
        if (_nodeCount + count > _nodes.Length) Array.Resize(ref _nodes, Math.Max(_nodes.Length * 2, _nodeCount + count));
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
        ref var self = ref _nodes[node];
        self.X = (float)(c0 / count); self.Y = (float)(c1 / count); self.Z = d == 3 ? (float)(c2 / count) : 0f;
        self.Width2 = (float)(w * w);
        self.Count = count;
        if (count == 1 || depth >= MaxDepth)
        {
            self.Leaf = 1; self.FirstChild = -1; self.ChildCount = 0;
            for (int r = start; r < end; r++) _leafOf[_order[r]] = node;
            return;
        }
        self.Leaf = 0;
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
        _nodes[node].FirstChild = first;    // re-index: Allocate may have moved the array
        _nodes[node].ChildCount = nonEmpty;
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
        float y0 = (float)y[i * d], y1 = (float)y[i * d + 1], y2 = d == 3 ? (float)y[i * d + 2] : 0f;
        double f0 = 0, f1 = 0, f2 = 0, z = 0;
        int top = 0;
        stack[top++] = 0;
        int selfLeaf = _leafOf[i];
        var nodes = _nodes;
        while (top > 0)
        {
            int index = stack[--top];
            ref readonly var node = ref nodes[index];
            int cnt = node.Count;
            if (index == selfLeaf)
            {
                cnt--; // the point itself (duplicates keep their other members)
                if (cnt == 0) continue;
            }
            float d0 = y0 - node.X, d1 = y1 - node.Y, d2 = y2 - node.Z;
            float dist2 = d0 * d0 + d1 * d1 + d2 * d2;
            if (node.Leaf != 0 || node.Width2 < theta2 * dist2)
            {
                float q = 1f / (1f + dist2);
                float mult = cnt * q;
                z += mult;
                mult *= q;
                f0 += mult * d0; f1 += mult * d1; f2 += mult * d2;
            }
            else
            {
                int first = node.FirstChild, last = first + node.ChildCount;
                for (int c = first; c < last; c++) stack[top++] = c;
            }
        }
        force[0] = f0; force[1] = f1; if (d == 3) force[2] = f2;
        return z;
    }

    public const int StackSize = MaxDepth * 8 + 16;
}
