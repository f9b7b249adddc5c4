using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// Chosen rows of a set in double precision, stored dense (row-major) or, when most entries are zero (bag-of-words,
/// TF-IDF), as compressed sparse rows, so a pass over it costs the non-zeros and not rows × dimensions.
/// </summary>
internal sealed class FeatureMatrix
{
    /// <summary>Below this share of non-zeros the rows are stored sparse.</summary>
    public const double SparseBelow = 0.15;

    public int Rows { get; }
    public int Columns { get; }
    public bool IsSparse => _rowStart is not null;

    private readonly double[] _values;
    private readonly int[]? _rowStart;
    private readonly int[]? _columnIndex;

    private FeatureMatrix(int rows, int columns, double[] values, int[]? rowStart, int[]? columnIndex)
    {
        Rows = rows;
        Columns = columns;
        _values = values;
        _rowStart = rowStart;
        _columnIndex = columnIndex;
    }

    /// <summary>The given rows of a row-major float matrix; <paramref name="unit"/> scales each to unit length (zero rows stay zero).</summary>
    public static FeatureMatrix FromRows(ReadOnlySpan<float> matrix, int dimensions, IReadOnlyList<int> rows, bool unit = false)
    {
        long nonZero = 0;
        foreach (int r in rows)
        {
            var row = matrix.Slice(r * dimensions, dimensions);
            for (int j = 0; j < row.Length; j++) if (row[j] != 0) nonZero++;
        }
        var scale = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            double s = 1;
            if (unit)
            {
                var row = matrix.Slice(rows[i] * dimensions, dimensions);
                double sum = 0;
                for (int j = 0; j < row.Length; j++) sum += (double)row[j] * row[j];
                s = sum > 0 ? 1 / Math.Sqrt(sum) : 0;
            }
            scale[i] = s;
        }
        if (nonZero < SparseBelow * rows.Count * (double)dimensions)
        {
            var start = new int[rows.Count + 1];
            var index = new int[nonZero];
            var values = new double[nonZero];
            int at = 0;
            for (int i = 0; i < rows.Count; i++)
            {
                start[i] = at;
                var row = matrix.Slice(rows[i] * dimensions, dimensions);
                for (int j = 0; j < row.Length; j++)
                {
                    if (row[j] == 0) continue;
                    index[at] = j;
                    values[at++] = row[j] * scale[i];
                }
            }
            start[rows.Count] = at;
            return new FeatureMatrix(rows.Count, dimensions, values, start, index);
        }
        var dense = new double[(long)rows.Count * dimensions];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = matrix.Slice(rows[i] * dimensions, dimensions);
            var target = dense.AsSpan(i * dimensions, dimensions);
            for (int j = 0; j < row.Length; j++) target[j] = row[j] * scale[i];
        }
        return new FeatureMatrix(rows.Count, dimensions, dense, null, null);
    }

    /// <summary>Every row of a set.</summary>
    public static FeatureMatrix FromSet(EmbeddingSet set, bool unit = false) =>
        FromRows(set.Matrix, set.Dimensions, Enumerable.Range(0, set.Count).ToArray(), unit);

    /// <summary>x_row · w.</summary>
    public double Dot(int row, ReadOnlySpan<double> w)
    {
        if (_rowStart is null) return TensorPrimitives.Dot(_values.AsSpan(row * Columns, Columns), w);
        double sum = 0;
        for (int p = _rowStart[row], end = _rowStart[row + 1]; p < end; p++) sum += _values[p] * w[_columnIndex![p]];
        return sum;
    }

    /// <summary>target += a · x_row.</summary>
    public void AddScaled(int row, double a, Span<double> target)
    {
        if (_rowStart is null)
        {
            TensorPrimitives.MultiplyAdd(_values.AsSpan(row * Columns, Columns), a, target, target);
            return;
        }
        for (int p = _rowStart[row], end = _rowStart[row + 1]; p < end; p++) target[_columnIndex![p]] += a * _values[p];
    }

    /// <summary>Dense row (only for dense storage).</summary>
    public ReadOnlySpan<double> DenseRow(int row) => _values.AsSpan(row * Columns, Columns);

    /// <summary>Sparse row: column indices and values (only for sparse storage).</summary>
    public (ReadOnlyMemory<int> Columns, ReadOnlyMemory<double> Values) SparseRow(int row)
    {
        int start = _rowStart![row], length = _rowStart[row + 1] - start;
        return (_columnIndex.AsMemory(start, length), _values.AsMemory(start, length));
    }

    /// <summary>
    /// The transpose as compressed sparse columns (an inverted index: for each column, the rows holding it and their
    /// values), for sparse × sparse similarities.
    /// </summary>
    public (int[] Start, int[] Rows, double[] Values) Columnwise()
    {
        if (_rowStart is null) throw new InvalidOperationException("Only sparse rows have a column-wise copy.");
        var count = new int[Columns + 1];
        for (int p = 0; p < _columnIndex!.Length; p++) count[_columnIndex[p] + 1]++;
        for (int j = 0; j < Columns; j++) count[j + 1] += count[j];
        var next = count[..Columns];
        var rows = new int[_columnIndex.Length];
        var values = new double[_columnIndex.Length];
        for (int i = 0; i < Rows; i++)
        {
            for (int p = _rowStart[i], end = _rowStart[i + 1]; p < end; p++)
            {
                int at = next[_columnIndex[p]]++;
                rows[at] = i;
                values[at] = _values[p];
            }
        }
        return (count, rows, values);
    }
}
