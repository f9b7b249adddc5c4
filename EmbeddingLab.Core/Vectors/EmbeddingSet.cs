using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Vectors;

/// <summary>
/// A named-by-key set of dense float32 vectors with optional per-row metadata: the one type every
/// trainer, encoder, loader and view speaks (gensim's KeyedVectors, plus metadata columns).
/// Immutable after construction, so it can be shared across threads and browser sessions.
/// </summary>
public sealed class EmbeddingSet
{
    private readonly float[] _data;
    private readonly string[] _keys;
    private readonly Dictionary<string, int> _index;
    private readonly List<MetadataColumn> _metadata;
    private float[]? _normalized;
    private float[]? _norms;
    private ushort[]? _bf16Normalized;

    /// <param name="keys">One unique key per row.</param>
    /// <param name="data">Row-major matrix, <c>keys.Count * dimensions</c> floats; not copied.</param>
    /// <param name="dimensions">Vector length.</param>
    /// <param name="metadata">Optional columns, each with one value per row.</param>
    public EmbeddingSet(IReadOnlyList<string> keys, float[] data, int dimensions, IEnumerable<MetadataColumn>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions <= 0) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "Vectors need at least one dimension.");
        if ((long)keys.Count * dimensions != data.LongLength)
            throw new ArgumentException($"The matrix holds {data.LongLength} floats but {keys.Count} keys × {dimensions} dimensions need {(long)keys.Count * dimensions}.", nameof(data));
        _keys = keys as string[] ?? keys.ToArray();
        _data = data;
        Dimensions = dimensions;
        _index = new Dictionary<string, int>(_keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < _keys.Length; i++)
        {
            var key = _keys[i] ?? throw new ArgumentException($"Key at row {i} is null.", nameof(keys));
            if (!_index.TryAdd(key, i))
                throw new ArgumentException($"Key \"{key}\" appears twice (rows {_index[key]} and {i}); keys must be unique.", nameof(keys));
        }
        _metadata = new List<MetadataColumn>();
        if (metadata is not null)
        {
            foreach (var column in metadata) AddColumnChecked(_metadata, column, _keys.Length);
        }
    }

    private EmbeddingSet(EmbeddingSet source, List<MetadataColumn> metadata)
    {
        _keys = source._keys;
        _data = source._data;
        _index = source._index;
        Dimensions = source.Dimensions;
        _normalized = source._normalized;
        _norms = source._norms;
        _bf16Normalized = source._bf16Normalized;
        _metadata = metadata;
    }

    private static void AddColumnChecked(List<MetadataColumn> columns, MetadataColumn column, int rows)
    {
        if (column.Values.Count != rows)
            throw new ArgumentException($"Metadata column \"{column.Name}\" has {column.Values.Count} values for {rows} rows.");
        if (columns.Any(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"Metadata column \"{column.Name}\" is given twice.");
        columns.Add(column);
    }

    /// <summary>Number of vectors (rows).</summary>
    public int Count => _keys.Length;

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Keys in row order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The raw row-major matrix (Count × Dimensions). Do not mutate.</summary>
    public ReadOnlySpan<float> Matrix => _data;

    /// <summary>The raw matrix as an array, for APIs that need one (e.g. parallel loops). Do not mutate.</summary>
    internal float[] MatrixArray => _data;

    /// <summary>Metadata columns in the order they were added.</summary>
    public IReadOnlyList<MetadataColumn> Metadata => _metadata;

    /// <summary>Row of a key, or -1.</summary>
    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;

    public bool Contains(string key) => _index.ContainsKey(key);

    /// <summary>Row of a key; an unknown key is a <see cref="KeyNotFoundException"/> that names it.</summary>
    public int IndexOfRequired(string key) =>
        _index.TryGetValue(key, out var i) ? i : throw new KeyNotFoundException($"Key \"{key}\" is not in this vector set ({Count:N0} keys).");

    /// <summary>The vector of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Vector(int row) => _data.AsSpan(row * Dimensions, Dimensions);

    /// <summary>The vector of a key (unknown key: error naming it).</summary>
    public ReadOnlySpan<float> Vector(string key) => Vector(IndexOfRequired(key));

    /// <summary>The unit-length vector of row <paramref name="row"/> (zero vectors stay zero).</summary>
    public ReadOnlySpan<float> UnitVector(int row) => NormalizedArray.AsSpan(row * Dimensions, Dimensions);

    /// <summary>A cached copy of the matrix with every row scaled to unit L2 length (zero rows stay zero).</summary>
    public ReadOnlySpan<float> Normalized => NormalizedArray;

    internal float[] NormalizedArray
    {
        get
        {
            var cached = Volatile.Read(ref _normalized);
            if (cached is not null) return cached;
            var norms = Norms;
            var result = new float[_data.Length];
            int d = Dimensions;
            Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
            {
                var src = _data.AsSpan(row * d, d);
                var dst = result.AsSpan(row * d, d);
                float n = norms[row];
                if (n > 0) TensorPrimitives.Divide(src, n, dst);
                else dst.Clear();
            });
            // Benign race: two threads may both compute; either result is identical.
            Interlocked.CompareExchange(ref _normalized, result, null);
            return _normalized!;
        }
    }

    /// <summary>
    /// The unit rows rounded to bfloat16 (the top 16 bits of a float32, rounded to nearest even), cached: half the
    /// memory traffic for the screening pass of exact top-k search on large sets, and widening back to float32 is one
    /// shift (see NeighborSearch). Built on first use.
    /// </summary>
    internal ushort[] BFloat16NormalizedArray
    {
        get
        {
            var cached = Volatile.Read(ref _bf16Normalized);
            if (cached is not null) return cached;
            var unit = NormalizedArray;
            var result = new ushort[unit.Length];
            int d = Dimensions;
            Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
            {
                for (int i = row * d, end = i + d; i < end; i++)
                {
                    uint bits = BitConverter.SingleToUInt32Bits(unit[i]);
                    result[i] = (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
                }
            });
            Interlocked.CompareExchange(ref _bf16Normalized, result, null);
            return _bf16Normalized!;
        }
    }

    /// <summary>L2 norm of every row (cached).</summary>
    public float[] Norms
    {
        get
        {
            var cached = Volatile.Read(ref _norms);
            if (cached is not null) return cached;
            var norms = new float[Count];
            for (int row = 0; row < norms.Length; row++) norms[row] = TensorPrimitives.Norm(_data.AsSpan(row * Dimensions, Dimensions));
            Interlocked.CompareExchange(ref _norms, norms, null);
            return _norms!;
        }
    }

    /// <summary>A metadata column by name (case-insensitive), or null.</summary>
    public MetadataColumn? Column(string name) =>
        _metadata.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A metadata value of one row, or null when the column is absent.</summary>
    public string? MetadataValue(string column, int row) => Column(column)?.Values[row];

    /// <summary>A view of the same vectors with one more (or a replaced) metadata column.</summary>
    public EmbeddingSet WithColumn(MetadataColumn column)
    {
        var columns = _metadata.Where(c => !string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        AddColumnChecked(columns, column, Count);
        return new EmbeddingSet(this, columns);
    }

    /// <summary>A new set holding the given rows, in the given order, with their metadata.</summary>
    public EmbeddingSet Subset(IReadOnlyList<int> rows)
    {
        var data = new float[rows.Count * Dimensions];
        var keys = new string[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row {r} is outside 0..{Count - 1}.");
            keys[i] = _keys[r];
            Vector(r).CopyTo(data.AsSpan(i * Dimensions, Dimensions));
        }
        var columns = _metadata.Select(c => new MetadataColumn(c.Name, rows.Select(r => c.Values[r]).ToArray()));
        return new EmbeddingSet(keys, data, Dimensions, columns);
    }

    /// <summary>The first <paramref name="count"/> rows (files ordered by frequency keep their most frequent words).</summary>
    public EmbeddingSet Take(int count) => count >= Count ? this : Subset(Enumerable.Range(0, Math.Max(0, count)).ToArray());

    /// <summary>A human label for a row: the "label" or "title" column when present, else the key.</summary>
    public string DisplayLabel(int row)
    {
        var column = Column("label") ?? Column("title") ?? Column("text");
        var value = column?.Values[row];
        return string.IsNullOrEmpty(value) ? _keys[row] : value;
    }

    public override string ToString() => $"EmbeddingSet({Count:N0} × {Dimensions})";
}

/// <summary>One string value per row (title, artist, genre, label…).</summary>
public sealed record MetadataColumn(string Name, IReadOnlyList<string> Values)
{
    /// <summary>True when every non-empty value parses as a number (for a colour scale instead of a legend).</summary>
    public bool IsNumeric =>
        Values.Any(v => !string.IsNullOrWhiteSpace(v)) &&
        Values.All(v => string.IsNullOrWhiteSpace(v) || double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
}
