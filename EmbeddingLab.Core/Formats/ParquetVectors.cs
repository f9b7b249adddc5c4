using System.Globalization;
using EmbeddingLab.Core.Vectors;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Parquet with an embedding column, as Embedding Atlas and Hugging Face datasets store one: a list (or fixed-size
/// list) of float32/float64 per row; the other flat columns become metadata, one of them the keys. Read one row group
/// at a time; written as one row group per 65,536 rows with a string "key" column, a list&lt;float&gt; "embedding" column
/// and one string column per metadata column.
/// </summary>
public static class ParquetVectors
{
    /// <summary>Names taken for the vector column when there are several numeric list columns and none is chosen.</summary>
    private static readonly string[] VectorNames = ["embedding", "embeddings", "vector", "vectors", "emb"];
    private static readonly string[] KeyNames = ["key", "id"];
    private const int RowsPerGroup = 65_536;

    public static EmbeddingSet Read(string path, EmbeddingReadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadAsync(path, options, progress, cancellationToken).GetAwaiter().GetResult();

    public static async Task<EmbeddingSet> ReadAsync(string path, EmbeddingReadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddingReadOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"Parquet file \"{path}\" does not exist.", path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new VectorFormatException(path, $"not a readable Parquet file ({e.Message.TrimEnd('.')}); expected the magic \"PAR1\" at both ends and a valid footer.", byteOffset: 0);
        }
        await using (reader)
        {
            var (vectorField, vectorName) = PickVectorField(reader.Schema, path, options.VectorColumn);
            var scalars = reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray && f.MaxRepetitionLevel == 0).ToList();
            long total = reader.RowGroups.Sum(g => g.RowCount);
            if (total > Array.MaxLength) throw new VectorFormatException(path, $"{total:N0} rows are too many for one set.");
            int dims = 0;
            float[] data = [];
            int rows = 0;
            var columnValues = scalars.ToDictionary(f => f, _ => new List<string>());
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new LoadProgress(g, reader.RowGroupCount, rows));
                using var group = reader.OpenRowGroupReader(g);
                int groupRows = checked((int)group.RowCount);
                var (values, lengths) = await ReadListAsync(group, vectorField, path, g, cancellationToken).ConfigureAwait(false);
                if (lengths.Length != groupRows)
                    throw new VectorFormatException(path, $"row group {g}: column \"{vectorName}\" has {lengths.Length} lists for {groupRows} rows.");
                int offset = 0;
                for (int r = 0; r < lengths.Length; r++)
                {
                    int len = lengths[r];
                    if (len < 0) throw new VectorFormatException(path, $"row {rows + 1}: the vector in column \"{vectorName}\" is null; expected {(dims > 0 ? dims.ToString(CultureInfo.InvariantCulture) : "a list of")} numbers.");
                    if (dims == 0)
                    {
                        if (len == 0) throw new VectorFormatException(path, $"row {rows + 1}: the vector in column \"{vectorName}\" is empty.");
                        if (len > options.MaxDimensions) throw new VectorFormatException(path, $"row {rows + 1}: a vector of {len:N0} numbers, over the limit of {options.MaxDimensions:N0} dimensions.");
                        dims = len;
                        data = new float[checked((int)Math.Min(total * dims, Array.MaxLength))];
                    }
                    if (len != dims)
                        throw new VectorFormatException(path, $"row {rows + 1}: the vector in column \"{vectorName}\" has {len} numbers; expected {dims} like the first row.");
                    values.AsSpan(offset, dims).CopyTo(data.AsSpan(rows * dims, dims));
                    offset += len;
                    rows++;
                }
                foreach (var field in scalars)
                    columnValues[field].AddRange(await ReadScalarAsStringsAsync(group, field, path, cancellationToken).ConfigureAwait(false));
            }
            if (rows == 0) throw new VectorFormatException(path, "the file holds no rows.");
            var table = new MetadataTable(scalars.Select(f => f.Name).ToArray(),
                Enumerable.Range(0, rows).Select(r => scalars.Select(f => columnValues[f][r]).ToArray()).ToArray());
            string[] keys;
            List<MetadataColumn> columns;
            if (options.KeyColumn is null && scalars.Count > 0 && !scalars.Any(f => KeyNames.Contains(f.Name, StringComparer.OrdinalIgnoreCase)))
            {
                // No "key"/"id": the first string column with unique values (a title, a word), else row numbers.
                var candidate = scalars.FirstOrDefault(f => IsString(f) && MetadataTsv.AllUniqueNonEmpty(columnValues[f]));
                (keys, columns) = MetadataTsv.ToKeysAndColumns(table, rows, path, candidate?.Name);
                if (candidate is not null)
                    columns.Insert(scalars.IndexOf(candidate), new MetadataColumn(candidate.Name, columnValues[candidate].ToArray()));
            }
            else (keys, columns) = MetadataTsv.ToKeysAndColumns(table, rows, path, options.KeyColumn);
            progress?.Report(new LoadProgress(1, 1, rows));
            return new EmbeddingSet(keys, data, dims, columns);
        }
    }

    /// <summary>Numeric list columns of a schema (candidates for the vectors), by name.</summary>
    public static IReadOnlyList<string> VectorColumns(ParquetSchema schema) =>
        schema.Fields.OfType<ListField>().Where(l => l.Item is DataField d && IsNumeric(d.ClrType)).Select(l => l.Name).ToList();

    private static (DataField Field, string Name) PickVectorField(ParquetSchema schema, string path, string? wanted)
    {
        var lists = schema.Fields.OfType<ListField>().Where(l => l.Item is DataField d && IsNumeric(d.ClrType)).ToList();
        var describe = string.Join(", ", schema.Fields.Select(f => $"{f.Name} ({Describe(f)})"));
        if (lists.Count == 0)
            throw new VectorFormatException(path, $"no column holds a list of numbers; expected an embedding column (list<float>), found {describe}.");
        ListField? pick;
        if (wanted is not null)
        {
            pick = lists.FirstOrDefault(l => string.Equals(l.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new VectorFormatException(path, $"column \"{wanted}\" is not a list of numbers; numeric list columns are {string.Join(", ", lists.Select(l => l.Name))}.");
        }
        else if (lists.Count == 1) pick = lists[0];
        else
        {
            pick = VectorNames.Select(n => lists.FirstOrDefault(l => string.Equals(l.Name, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(l => l is not null)
                ?? throw new VectorFormatException(path, $"several columns hold lists of numbers ({string.Join(", ", lists.Select(l => l.Name))}); choose the vector column.");
        }
        return ((DataField)pick.Item, pick.Name);
    }

    private static string Describe(Field f) => f switch
    {
        ListField l => $"list of {(l.Item is DataField d ? TypeName(d.ClrType) : l.Item.SchemaType.ToString().ToLowerInvariant())}",
        DataField d => TypeName(d.ClrType),
        _ => f.SchemaType.ToString(),
    };

    private static string TypeName(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>) ? "string" : t.Name.ToLowerInvariant();

    private static bool IsString(DataField f) => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>);

    private static bool IsNumeric(Type t) => t == typeof(float) || t == typeof(double) || t == typeof(Half) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte);

    /// <summary>The flat values of a list column (non-null elements) and each row's length (-1 for a null list).</summary>
    private static async Task<(float[] Values, int[] Lengths)> ReadListAsync(ParquetRowGroupReader group, DataField field, string path, int groupIndex, CancellationToken ct)
    {
        float[] values;
        int[] defs, reps;
        if (field.ClrType == typeof(float))
        {
            using var raw = (RawColumnData<float>)await group.ReadRawColumnDataBaseAsync(field, ct).ConfigureAwait(false);
            values = raw.Values.ToArray();
            (defs, reps) = (raw.DefinitionLevels.ToArray(), raw.RepetitionLevels.ToArray());
        }
        else if (field.ClrType == typeof(double))
        {
            using var raw = (RawColumnData<double>)await group.ReadRawColumnDataBaseAsync(field, ct).ConfigureAwait(false);
            values = new float[raw.Values.Length];
            var src = raw.Values;
            for (int i = 0; i < values.Length; i++) values[i] = (float)src[i];
            (defs, reps) = (raw.DefinitionLevels.ToArray(), raw.RepetitionLevels.ToArray());
        }
        else
        {
            using var raw = await group.ReadRawColumnDataBaseAsync(field, ct).ConfigureAwait(false);
            values = ToFloats(raw, field.ClrType);
            (defs, reps) = (raw.DefinitionLevels.ToArray(), raw.RepetitionLevels.ToArray());
        }
        int maxDef = field.MaxDefinitionLevel;
        var lengths = new List<int>();
        // A level below the list's own "present and non-empty" level on a row's first entry is a null or empty list.
        int emptyListDef = maxDef - (field.IsNullable ? 1 : 0);
        for (int i = 0; i < reps.Length; i++)
        {
            if (reps[i] == 0) lengths.Add(0);
            if (defs[i] == maxDef) lengths[^1]++;
            else if (defs[i] < emptyListDef - 1) lengths[^1] = -1;
            else if (defs[i] == emptyListDef) // a null element inside the list
                throw new VectorFormatException(path, $"row group {groupIndex}, row {lengths.Count}: the vector holds a null number; expected numbers only.");
        }
        return (values, lengths.ToArray());
    }

    private static float[] ToFloats(RawColumnData raw, Type type)
    {
        switch (raw)
        {
            case RawColumnData<int> r: return Convert(r.Values, v => v);
            case RawColumnData<long> r: return Convert(r.Values, v => v);
            case RawColumnData<short> r: return Convert(r.Values, v => v);
            case RawColumnData<sbyte> r: return Convert(r.Values, v => v);
            case RawColumnData<byte> r: return Convert(r.Values, v => v);
            case RawColumnData<Half> r: return Convert(r.Values, v => (float)v);
            default: throw new NotSupportedException($"List items of type {type.Name} cannot be read as numbers.");
        }
    }

    private static float[] Convert<T>(ReadOnlySpan<T> src, Func<T, float> f)
    {
        var result = new float[src.Length];
        for (int i = 0; i < src.Length; i++) result[i] = f(src[i]);
        return result;
    }

    private static async Task<IEnumerable<string>> ReadScalarAsStringsAsync(ParquetRowGroupReader group, DataField field, string path, CancellationToken ct)
    {
        int n = checked((int)group.RowCount);
        if (field.ClrType == typeof(string))
        {
            var buffer = new string?[n];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            return buffer.Select(s => s ?? "");
        }
        if (field.ClrType == typeof(byte[]))
        {
            var buffer = new byte[]?[n];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            return buffer.Select(b => b is null ? "" : System.Convert.ToHexString(b));
        }
        using var raw = await group.ReadRawColumnDataBaseAsync(field, ct).ConfigureAwait(false);
        var values = Format(raw);
        if (!field.IsNullable) return values;
        // Nulls are absent from the raw values: put them back where the definition level says so.
        var defs = raw.DefinitionLevels.ToArray();
        var result = new string[defs.Length];
        for (int i = 0, v = 0; i < defs.Length; i++) result[i] = defs[i] == field.MaxDefinitionLevel ? values[v++] : "";
        return result;
    }

    private static string[] Format(RawColumnData raw) => raw switch
    {
        RawColumnData<ReadOnlyMemory<char>> r => FormatAll(r.Values),
        RawColumnData<int> r => FormatAll(r.Values),
        RawColumnData<long> r => FormatAll(r.Values),
        RawColumnData<short> r => FormatAll(r.Values),
        RawColumnData<sbyte> r => FormatAll(r.Values),
        RawColumnData<byte> r => FormatAll(r.Values),
        RawColumnData<uint> r => FormatAll(r.Values),
        RawColumnData<ulong> r => FormatAll(r.Values),
        RawColumnData<float> r => FormatAll(r.Values),
        RawColumnData<double> r => FormatAll(r.Values),
        RawColumnData<decimal> r => FormatAll(r.Values),
        RawColumnData<bool> r => FormatAll(r.Values),
        RawColumnData<DateTime> r => FormatAll(r.Values),
        RawColumnData<DateOnly> r => FormatAll(r.Values),
        RawColumnData<TimeSpan> r => FormatAll(r.Values),
        _ => throw new NotSupportedException($"A column of {raw.GetType().GenericTypeArguments.FirstOrDefault()?.Name ?? "unknown"} values cannot be read as metadata."),
    };

    private static string[] FormatAll<T>(ReadOnlySpan<T> values) where T : IFormattable
    {
        var result = new string[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i].ToString(null, CultureInfo.InvariantCulture);
        return result;
    }

    private static string[] FormatAll(ReadOnlySpan<ReadOnlyMemory<char>> values)
    {
        var result = new string[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i].ToString();
        return result;
    }

    private static string[] FormatAll(ReadOnlySpan<bool> values)
    {
        var result = new string[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i] ? "true" : "false";
        return result;
    }

    public static void Write(EmbeddingSet set, string path) => WriteAsync(set, path).GetAwaiter().GetResult();

    public static async Task WriteAsync(EmbeddingSet set, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await WriteAsync(set, stream, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteAsync(EmbeddingSet set, Stream stream, CancellationToken cancellationToken = default)
    {
        var keyField = new DataField<string>("key", false);
        var vectorList = new ListField("embedding", new DataField<float>("element", false));
        var vectorField = (DataField)vectorList.Item;
        var metaFields = set.Metadata.Select(c => new DataField<string>(c.Name, true)).ToList();
        var fields = new List<Field> { keyField, vectorList };
        fields.AddRange(metaFields);
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        int d = set.Dimensions;
        for (int start = 0; start < set.Count; start += RowsPerGroup)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(RowsPerGroup, set.Count - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(keyField, set.Keys.Skip(start).Take(n).ToArray(), null).ConfigureAwait(false);
            var values = set.Matrix.Slice(start * d, n * d).ToArray();
            var reps = new int[n * d];
            for (int r = 0; r < n; r++) for (int i = 1; i < d; i++) reps[r * d + i] = 1;
            var defs = new int[n * d];
            Array.Fill(defs, vectorField.MaxDefinitionLevel); // every list present, every element present
            await group.WriteAllPartsAsync(vectorField, (ReadOnlyMemory<float>)values, defs, reps, cancellationToken).ConfigureAwait(false);
            for (int c = 0; c < metaFields.Count; c++)
                await group.WriteAsync(metaFields[c], set.Metadata[c].Values.Skip(start).Take(n).ToArray(), null).ConfigureAwait(false);
        }
    }
}
