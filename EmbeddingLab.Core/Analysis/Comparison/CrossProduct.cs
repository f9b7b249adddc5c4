using System.Numerics.Tensors;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>
/// AᵀB for two row-major matrices with the same rows (n × da and n × db), optionally with column means removed first,
/// in double precision: per-thread partial sums over row chunks, each row adding a[i]·b to row i of the result
/// (a vectorised axpy), then summed. n · da · db multiply-adds; 100,000 × 300 × 300 takes a few seconds on two cores.
/// </summary>
internal static class CrossProduct
{
    public static double[] Compute(float[] a, int n, int da, float[]? meanA, float[] b, int db, float[]? meanB,
        int threads, CancellationToken cancellationToken)
    {
        int chunks = Math.Clamp(threads <= 0 ? Environment.ProcessorCount : threads, 1, 64);
        int chunk = (n + chunks - 1) / chunks;
        var partial = new double[chunks][];
        ParallelRanges.For(n, chunk, chunks, (c, start, end) =>
        {
            var sum = new double[da * db];
            // Accumulate 64 rows in float, then fold into double: float speed, double totals.
            var block = new float[da * db];
            var rowA = new float[da];
            var rowB = new float[db];
            int inBlock = 0;
            for (int i = start; i < end; i++)
            {
                a.AsSpan(i * da, da).CopyTo(rowA);
                b.AsSpan(i * db, db).CopyTo(rowB);
                if (meanA is not null) TensorPrimitives.Subtract(rowA, meanA, rowA);
                if (meanB is not null) TensorPrimitives.Subtract(rowB, meanB, rowB);
                for (int p = 0; p < da; p++)
                {
                    float v = rowA[p];
                    if (v == 0) continue;
                    var target = block.AsSpan(p * db, db);
                    TensorPrimitives.MultiplyAdd(rowB, v, target, target);
                }
                if (++inBlock == 64 || i == end - 1)
                {
                    for (int q = 0; q < block.Length; q++) sum[q] += block[q];
                    Array.Clear(block);
                    inBlock = 0;
                }
            }
            partial[c] = sum;
        }, cancellationToken);
        var result = new double[da * db];
        foreach (var p in partial)
            if (p is not null) for (int q = 0; q < result.Length; q++) result[q] += p[q];
        return result;
    }

    public static float[] ColumnMeans(float[] data, int n, int d)
    {
        var sums = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) sums[j] += row[j];
        }
        var mean = new float[d];
        for (int j = 0; j < d; j++) mean[j] = (float)(sums[j] / n);
        return mean;
    }
}
