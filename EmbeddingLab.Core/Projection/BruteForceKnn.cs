using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Exact k-nearest neighbours (Euclidean) by blocked brute force: squared distances |x|² + |y|² − 2 x·y over tiles
/// of query rows × reference rows, with a Vector256 micro-kernel (4 queries × 16 references) and a per-row max-heap.
/// In high intrinsic dimension a tree prunes almost nothing, so this beats the VP tree there by doing the same
/// N² work as dense arithmetic. Candidates are kept with a margin and re-ranked by directly computed distances,
/// so the float cancellation of the expansion cannot change the neighbour sets.
/// </summary>
internal static class BruteForceKnn
{
    private const int Panel = 16;          // reference columns per micro-kernel call (two Vector256<float>)
    private const int QueryBlock = 128;    // query rows whose heaps stay hot while a reference tile streams by
    private const int TileRows = 2048;     // reference rows per tile (2048 × 32 floats = 256 KB)
    private const int Margin = 8;          // extra candidates kept before exact re-ranking

    /// <summary>
    /// Fills row q of <paramref name="neighbors"/>/<paramref name="sqDistances"/> (k each) with the k nearest other rows
    /// of query q: row q itself, or row <c>queryRows[q]</c> when only some rows are asked about (all n rows are searched).
    /// </summary>
    public static void Search(float[] data, int n, int d, int k, int[] neighbors, float[] sqDistances, int threads,
        CancellationToken cancellationToken, int[]? queryRows = null)
    {
        if (k > n - 1) throw new ArgumentOutOfRangeException(nameof(k));
        // Centre first: smaller norms mean less cancellation in |x|² + |y|² − 2 x·y.
        var mean = new float[d];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, data.AsSpan(i * d, d), mean);
        TensorPrimitives.Multiply(mean, 1f / n, mean);
        int panels = (n + Panel - 1) / Panel;
        // Panel-major transposed copy: panel p holds d × 16 floats (dimension-major), padding columns zero.
        var packed = new float[panels * Panel * d];
        var norms = new float[panels * Panel];
        for (int j = 0; j < panels * Panel; j++) norms[j] = float.PositiveInfinity;
        var centered = new float[n * d];
        for (int j = 0; j < n; j++)
        {
            var row = centered.AsSpan(j * d, d);
            TensorPrimitives.Subtract(data.AsSpan(j * d, d), mean, row);
            norms[j] = TensorPrimitives.Dot(row, row);
            int p = j / Panel, c = j % Panel;
            for (int a = 0; a < d; a++) packed[(p * d + a) * Panel + c] = row[a];
        }
        int keep = Math.Min(n - 1, k + Margin);
        ParallelRanges.For(queryRows?.Length ?? n, QueryBlock, threads, (_, start, end) =>
            SearchBlock(data, centered, packed, norms, n, d, k, keep, start, end, neighbors, sqDistances, queryRows), cancellationToken);
    }

    private static void SearchBlock(float[] data, float[] centered, float[] packed, float[] norms, int n, int d, int k, int keep,
        int start, int end, int[] neighbors, float[] sqDistances, int[]? queryRows)
    {
        int rows = end - start;
        var heapDist = new float[rows * keep];
        var heapIdx = new int[rows * keep];
        Array.Fill(heapDist, float.PositiveInfinity);
        Array.Fill(heapIdx, -1);
        // Queries grouped by 4 (a short last group repeats its last row; those results are ignored).
        var q = new float[4 * d];
        Span<float> dots = stackalloc float[4 * Panel];
        int tilePanels = TileRows / Panel, panels = norms.Length / Panel;
        for (int tile = 0; tile < panels; tile += tilePanels)
        {
            int tileEnd = Math.Min(panels, tile + tilePanels);
            for (int g = start; g < end; g += 4)
            {
                int live = Math.Min(4, end - g);
                for (int r = 0; r < 4; r++)
                    centered.AsSpan(RowOf(queryRows, g + Math.Min(r, live - 1)) * d, d).CopyTo(q.AsSpan(r * d, d));
                for (int p = tile; p < tileEnd; p++)
                {
                    Kernel(q, packed, p * d * Panel, d, dots);
                    var normVec0 = Vector256.Create(norms, p * Panel);
                    var normVec1 = Vector256.Create(norms, p * Panel + 8);
                    for (int r = 0; r < live; r++)
                    {
                        int row = g + r - start;
                        int self = RowOf(queryRows, g + r);
                        float qn = norms[self];
                        float threshold = heapDist[row * keep];
                        var qv = Vector256.Create(qn);
                        var t = Vector256.Create(threshold);
                        var d0 = qv + normVec0 - Vector256.Create(2f) * Vector256.Create(dots.Slice(r * Panel, 8));
                        var d1 = qv + normVec1 - Vector256.Create(2f) * Vector256.Create(dots.Slice(r * Panel + 8, 8));
                        uint mask = Vector256.LessThan(d0, t).ExtractMostSignificantBits()
                                    | (Vector256.LessThan(d1, t).ExtractMostSignificantBits() << 8);
                        while (mask != 0)
                        {
                            int c = System.Numerics.BitOperations.TrailingZeroCount(mask);
                            mask &= mask - 1;
                            int j = p * Panel + c;
                            if (j == self) continue;
                            float dist = c < 8 ? d0[c] : d1[c - 8];
                            if (dist < heapDist[row * keep])
                                HeapReplaceTop(heapDist.AsSpan(row * keep, keep), heapIdx.AsSpan(row * keep, keep), dist, j);
                        }
                    }
                }
            }
        }
        // Exact re-ranking of the kept candidates with directly computed distances (as the VP tree measures them).
        var candDist = new float[keep];
        var candIdx = new int[keep];
        for (int r = 0; r < rows; r++)
        {
            int i = start + r;
            var query = data.AsSpan(RowOf(queryRows, i) * d, d);
            for (int m = 0; m < keep; m++)
            {
                int j = heapIdx[r * keep + m];
                candIdx[m] = j;
                float dist = TensorPrimitives.Distance(query, data.AsSpan(j * d, d));
                candDist[m] = dist * dist;
            }
            Array.Sort(candDist, candIdx);
            candIdx.AsSpan(0, k).CopyTo(neighbors.AsSpan(i * k, k));
            candDist.AsSpan(0, k).CopyTo(sqDistances.AsSpan(i * k, k));
        }
    }

    private static int RowOf(int[]? queryRows, int q) => queryRows is null ? q : queryRows[q];

    // dots[r·16 + c] = q_r · panel column c, for 4 query rows: 8 Vector256 accumulators.
    private static void Kernel(float[] q, float[] packed, int offset, int d, Span<float> dots)
    {
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default,
                         a20 = default, a21 = default, a30 = default, a31 = default;
        for (int a = 0; a < d; a++)
        {
            var b0 = Vector256.Create(packed, offset + a * Panel);
            var b1 = Vector256.Create(packed, offset + a * Panel + 8);
            var q0 = Vector256.Create(q[a]);
            var q1 = Vector256.Create(q[d + a]);
            var q2 = Vector256.Create(q[2 * d + a]);
            var q3 = Vector256.Create(q[3 * d + a]);
            a00 = Mad(q0, b0, a00); a01 = Mad(q0, b1, a01);
            a10 = Mad(q1, b0, a10); a11 = Mad(q1, b1, a11);
            a20 = Mad(q2, b0, a20); a21 = Mad(q2, b1, a21);
            a30 = Mad(q3, b0, a30); a31 = Mad(q3, b1, a31);
        }
        a00.CopyTo(dots); a01.CopyTo(dots.Slice(8));
        a10.CopyTo(dots.Slice(16)); a11.CopyTo(dots.Slice(24));
        a20.CopyTo(dots.Slice(32)); a21.CopyTo(dots.Slice(40));
        a30.CopyTo(dots.Slice(48)); a31.CopyTo(dots.Slice(56));
    }

    // Hardware FMA where present (x86 FMA3), else multiply then add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mad(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    // Max-heap on distance: replace the root (the current k-th best) and sift down.
    private static void HeapReplaceTop(Span<float> dist, Span<int> idx, float value, int index)
    {
        int i = 0, size = dist.Length;
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int big = r < size && dist[r] > dist[l] ? r : l;
            if (dist[big] <= value) break;
            dist[i] = dist[big]; idx[i] = idx[big];
            i = big;
        }
        dist[i] = value; idx[i] = index;
    }
}
