using System.Numerics.Tensors;
using EmbeddingLab.Core.Encoding.BagOfWords;

namespace EmbeddingLab.Core.Encoding.Lsa;

/// <summary>CSR × dense products for the randomized SVD: each output row is a gather of dense rows, so rows run in parallel.</summary>
internal static class SparseAlgebra
{
    private const int RowsPerChunk = 256;

    /// <summary>The CSR layout of Xᵀ (a counting sort by column; each new row lists its columns ascending).</summary>
    public static SparseRows Transpose(SparseRows x)
    {
        int rows = x.ColumnCount;
        var starts = new int[rows + 1];
        foreach (int column in x.Columns) starts[column + 1]++;
        for (int i = 0; i < rows; i++) starts[i + 1] += starts[i];
        var next = starts[..rows];
        var columns = new int[x.NonZeros];
        var values = new double[x.NonZeros];
        for (int r = 0; r < x.RowCount; r++)
        {
            for (int i = x.RowStarts[r]; i < x.RowStarts[r + 1]; i++)
            {
                int slot = next[x.Columns[i]]++;
                columns[slot] = r;
                values[slot] = x.Values[i];
            }
        }
        return new SparseRows(rows, x.RowCount, starts, columns, values);
    }

    /// <summary>S (rows × m) · M (m × l, row-major) → rows × l row-major.</summary>
    public static double[] Multiply(SparseRows s, double[] m, int l)
    {
        var result = new double[s.RowCount * l];
        int chunks = (s.RowCount + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, chunk =>
        {
            int end = Math.Min(s.RowCount, (chunk + 1) * RowsPerChunk);
            for (int r = chunk * RowsPerChunk; r < end; r++)
            {
                var dst = result.AsSpan(r * l, l);
                var cols = s.RowColumns(r);
                var vals = s.RowValues(r);
                for (int i = 0; i < cols.Length; i++)
                    TensorPrimitives.MultiplyAdd(m.AsSpan(cols[i] * l, l), vals[i], dst, dst);
            }
        });
        return result;
    }
}
