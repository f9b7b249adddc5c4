namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// A sparse document × term matrix in CSR layout (scipy's csr_matrix): row r holds the columns
/// <c>Columns[RowStarts[r]..RowStarts[r+1]]</c> (ascending) with their <c>Values</c>.
/// </summary>
public sealed class SparseRows
{
    public SparseRows(int rows, int columns, int[] rowStarts, int[] columnIndices, double[] values)
    {
        if (rowStarts.Length != rows + 1) throw new ArgumentException("RowStarts needs rows + 1 entries.", nameof(rowStarts));
        if (columnIndices.Length != values.Length) throw new ArgumentException("Columns and values differ in length.", nameof(values));
        RowCount = rows;
        ColumnCount = columns;
        RowStarts = rowStarts;
        Columns = columnIndices;
        Values = values;
    }

    public int RowCount { get; }
    public int ColumnCount { get; }
    public int[] RowStarts { get; }
    public int[] Columns { get; }
    public double[] Values { get; }

    /// <summary>Number of stored (non-zero) entries.</summary>
    public int NonZeros => Values.Length;

    public ReadOnlySpan<int> RowColumns(int row) => Columns.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);
    public ReadOnlySpan<double> RowValues(int row) => Values.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    /// <summary>
    /// The dense row-major float32 matrix (RowCount × ColumnCount), sized before it is allocated: a matrix over
    /// <paramref name="budget"/> (default: none) or over what one array can hold is refused with its figures.
    /// </summary>
    public float[] ToDense(Limits.MemoryBudget? budget = null)
    {
        long values = (long)RowCount * ColumnCount;
        string what = $"a dense {RowCount:N0} × {ColumnCount:N0} matrix ({RowCount:N0} rows, {ColumnCount:N0} terms)";
        (budget ?? Limits.MemoryBudget.Unlimited).Ensure(Limits.MemoryBudget.FloatMatrixBytes(RowCount, ColumnCount), what);
        if (values > Array.MaxLength)
            throw new Limits.MemoryBudgetException(what, Limits.MemoryBudget.FloatMatrixBytes(RowCount, ColumnCount), long.MaxValue);
        var dense = new float[values];
        for (int r = 0; r < RowCount; r++)
        {
            long offset = (long)r * ColumnCount;
            for (int i = RowStarts[r]; i < RowStarts[r + 1]; i++) dense[offset + Columns[i]] = (float)Values[i];
        }
        return dense;
    }
}
