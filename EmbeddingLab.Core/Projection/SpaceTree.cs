namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Quadtree (2-D) / octree (3-D) over the embedding for Barnes-Hut repulsion. Rebuilt every iteration into flat
/// arrays that are reused (no allocation once grown). Built top-down by partitioning a permutation of the points,
/// which also leaves the points in space-filling order: iterating in that order keeps the traversal cache-warm.
/// </summary>
internal sealed class SpaceTree
{
    private const int MaxDepth = 48;
    private readonly int _dims;
    private readonly int _fanout;
    private double[] _com = new double[64 * 3];   // centre of mass per node
    private double[] _width2 = new double[64];    // squared full width per node
    private int[] _count = new int[64];
    private int[] _firstChild = new int[64];      // -1 for leaves
    private int _nodes;
    private readonly int[] _order;                // points in tree order
    private readonly int[] _scratch;
    private readonly int[] _nodeOfPoint;          // the leaf holding each point (for self-exclusion)

    public SpaceTree(int n, int dims)
    {
        _dims = dims; _fanout = 1 << dims;
        _order = new int[n];
        for (int i = 0; i < n; i++) _order[i] = i;
        _scratch = new int[n];
        _nodeOfPoint = new int[n];
    }

    public int[] Order => _order;

    public void Build(double[] y)
    {
        int n = _order.Length, d = _dims;
        Span<double> lo = stackalloc double[3], hi = stackalloc double[3], centre = stackalloc double[3];
        for (int a = 0; a < d; a++) { lo[a] = double.PositiveInfinity; hi[a] = double.NegativeInfinity; }
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) { double v = y[i * d + a]; if (v < lo[a]) lo[a] = v; if (v > hi[a]) hi[a] = v; }
        double half = 0;
        for (int a = 0; a < d; a++) { centre[a] = (lo[a] + hi[a]) / 2; half = Math.Max(half, (hi[a] - lo[a]) / 2); }
        half = half * (1 + 1e-6) + 1e-12;
        _nodes = 0;
        int root = NewNode();
        BuildNode(root, y, 0, n, centre, half, 0);
    }

    private int NewNode()
    {
        if (_nodes == _count.Length)
        {
            int size = _count.Length * 2;
            Array.Resize(ref _com, size * 3);
            Array.Resize(ref _width2, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _firstChild, size);
        }
        return _nodes++;
    }

    private void BuildNode(int node, double[] y, int start, int end, ReadOnlySpan<double> centre, double half, int depth)
    {
        int d = _dims, count = end - start;
        _count[node] = count;
        double w = 2 * half;
        _width2[node] = w * w;
        double c0 = 0, c1 = 0, c2 = 0;
        for (int r = start; r < end; r++)
        {
            int p = _order[r] * d;
            c0 += y[p]; c1 += y[p + 1]; if (d == 3) c2 += y[p + 2];
        }
        _com[node * 3] = c0 / count; _com[node * 3 + 1] = c1 / count; _com[node * 3 + 2] = d == 3 ? c2 / count : 0;
        if (count == 1 || depth >= MaxDepth)
        {
            _firstChild[node] = -1;
            for (int r = start; r < end; r++) _nodeOfPoint[_order[r]] = node;
            return;
        }
        // Counting sort of this range by child cell.
        Span<int> bucketCount = stackalloc int[8];
        Span<int> bucketStart = stackalloc int[9];
        bucketCount.Clear();
        for (int r = start; r < end; r++)
        {
            int cell = Cell(y, _order[r], centre);
            _scratch[r] = cell;
            bucketCount[cell]++;
        }
        bucketStart[0] = start;
        for (int c = 0; c < _fanout; c++) bucketStart[c + 1] = bucketStart[c] + bucketCount[c];
        Span<int> fill = stackalloc int[8];
        for (int c = 0; c < _fanout; c++) fill[c] = bucketStart[c];
        // Stable scatter through the tail of the scratch buffer is awkward; use a second pass into a temp region.
        var tmp = _scratchPoints ??= new int[_order.Length];
        for (int r = start; r < end; r++) tmp[fill[_scratch[r]]++] = _order[r];
        Array.Copy(tmp, start, _order, start, count);

        int first = _nodes;
        for (int c = 0; c < _fanout; c++) NewNode();
        _firstChild[node] = first;
        Span<double> childCentre = stackalloc double[3];
        double childHalf = half / 2;
        for (int c = 0; c < _fanout; c++)
        {
            int child = first + c;
            if (bucketCount[c] == 0)
            {
                _count[child] = 0; _firstChild[child] = -1;
                continue;
            }
            for (int a = 0; a < d; a++) childCentre[a] = centre[a] + (((c >> a) & 1) == 1 ? childHalf : -childHalf);
            BuildNode(child, y, bucketStart[c], bucketStart[c + 1], childCentre, childHalf, depth + 1);
        }
    }

    private int[]? _scratchPoints;

    private int Cell(double[] y, int point, ReadOnlySpan<double> centre)
    {
        int p = point * _dims, cell = 0;
        for (int a = 0; a < _dims; a++) if (y[p + a] > centre[a]) cell |= 1 << a;
        return cell;
    }

    /// <summary>
    /// Repulsion on point i: accumulates Σ q²·(yᵢ − y_cell)·count into <paramref name="force"/> and returns Σ q·count
    /// (its share of the normalisation Z), with q = 1 / (1 + ‖yᵢ − y_cell‖²).
    /// </summary>
    public double Repulsion(double[] y, int i, double theta2, Span<double> force, int[] stack)
    {
        int d = _dims;
        double y0 = y[i * d], y1 = y[i * d + 1], y2 = d == 3 ? y[i * d + 2] : 0;
        double f0 = 0, f1 = 0, f2 = 0, z = 0;
        int top = 0;
        stack[top++] = 0;
        int selfLeaf = _nodeOfPoint[i];
        var com = _com; var count = _count; var firstChild = _firstChild; var width2 = _width2;
        while (top > 0)
        {
            int node = stack[--top];
            int cnt = count[node];
            if (cnt == 0) continue;
            int child = firstChild[node];
            if (node == selfLeaf)
            {
                cnt--; // the point itself (duplicates keep their other members)
                if (cnt == 0) continue;
            }
            double d0 = y0 - com[node * 3], d1 = y1 - com[node * 3 + 1], d2 = d == 3 ? y2 - com[node * 3 + 2] : 0;
            double dist2 = d0 * d0 + d1 * d1 + d2 * d2;
            if (child < 0 || width2[node] < theta2 * dist2)
            {
                double q = 1.0 / (1.0 + dist2);
                double mult = cnt * q;
                z += mult;
                mult *= q;
                f0 += mult * d0; f1 += mult * d1; f2 += mult * d2;
            }
            else
            {
                for (int c = 0; c < _fanout; c++) stack[top++] = child + c;
            }
        }
        force[0] = f0; force[1] = f1; if (d == 3) force[2] = f2;
        return z;
    }

    public const int StackSize = MaxDepth * 8 + 16;
}
