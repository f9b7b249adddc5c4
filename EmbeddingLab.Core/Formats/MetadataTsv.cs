using System.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>The columns of a metadata file, with the keys picked from them.</summary>
public sealed record MetadataTable(IReadOnlyList<string> ColumnNames, IReadOnlyList<string[]> Rows);

/// <summary>
/// TF Embedding Projector's metadata.tsv: one line per vector. As the projector reads it, a file whose first line has
/// a tab has a header line (column names); a single-column file has no header and its values are labels.
/// Values cannot hold tabs or line breaks; we write them as spaces.
/// </summary>
public static class MetadataTsv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Most bytes one metadata line may have (a binary file read as metadata must fail fast).</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>Reads the table; <paramref name="expectedRows"/> (when known) must match the number of data lines.</summary>
    public static MetadataTable Read(string path, int? expectedRows = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path, expectedRows, cancellationToken);
    }

    public static MetadataTable Read(Stream stream, string path, int? expectedRows = null, CancellationToken cancellationToken = default)
    {
        var lines = new LineReader(stream, path, MaxLineBytes);
        var rows = new List<string[]>();
        string[]? header = null;
        int columns = 0;
        while (lines.Next(out var bytes))
        {
            if ((lines.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            string text;
            try { text = StrictUtf8.GetString(bytes); }
            catch (DecoderFallbackException e)
            {
                throw new VectorFormatException(path, $"the text is not UTF-8 (invalid byte at column {e.Index + 1}); save the metadata as UTF-8.", line: lines.LineNumber);
            }
            if (lines.LineNumber == 1 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            if (header is null && rows.Count == 0)
            {
                if (text.Contains('\t'))
                {
                    header = text.Split('\t');
                    columns = header.Length;
                    var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                    if (duplicate is not null) throw new VectorFormatException(path, $"the header names column \"{duplicate.Key}\" twice.", line: 1);
                    continue;
                }
                columns = 1;
            }
            if (lines.IsLastAndEmpty) break;
            var fields = columns == 1 ? [text] : text.Split('\t');
            if (fields.Length != columns)
                throw new VectorFormatException(path, $"expected {columns} tab-separated values (as the header has), found {fields.Length}.", line: lines.LineNumber);
            rows.Add(fields);
        }
        if (expectedRows is { } n && rows.Count != n)
            throw new VectorFormatException(path, $"it has {rows.Count:N0} metadata rows{(header is null ? "" : " after the header")} but there are {n:N0} vectors; expected one line per vector.");
        return new MetadataTable(header ?? ["label"], rows);
    }

    /// <summary>
    /// Splits a table into keys and metadata columns: the column named <paramref name="keyColumn"/> (when given), else
    /// one named "key" or "id", else a single label column whose values are unique; otherwise row numbers 0, 1, …
    /// </summary>
    public static (string[] Keys, List<MetadataColumn> Columns) ToKeysAndColumns(MetadataTable table, int rows, string path, string? keyColumn = null)
    {
        int keyIndex = -1;
        var names = table.ColumnNames;
        if (keyColumn is not null)
        {
            keyIndex = IndexOf(names, keyColumn);
            if (keyIndex < 0) throw new VectorFormatException(path, $"there is no column \"{keyColumn}\" for the keys; columns are {string.Join(", ", names)}.");
        }
        else
        {
            keyIndex = IndexOf(names, "key");
            if (keyIndex < 0) keyIndex = IndexOf(names, "id");
        }
        string[]? keys = null;
        if (keyIndex >= 0)
        {
            keys = table.Rows.Select(r => r[keyIndex]).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < keys.Length; i++)
                if (!seen.Add(keys[i]))
                    throw new VectorFormatException(path, $"key \"{keys[i]}\" in column \"{names[keyIndex]}\" appears twice; keys must be unique.", line: i + 2);
        }
        else if (names.Count == 1 && AllUniqueNonEmpty(table.Rows.Select(r => r[0])))
        {
            return (table.Rows.Select(r => r[0]).ToArray(), new List<MetadataColumn>());
        }
        keys ??= RowNumbers(rows);
        var columns = new List<MetadataColumn>();
        for (int c = 0; c < names.Count; c++)
        {
            if (c == keyIndex) continue;
            int col = c;
            columns.Add(new MetadataColumn(names[c], table.Rows.Select(r => r[col]).ToArray()));
        }
        return (keys, columns);
    }

    /// <summary>Writes the keys and metadata: a header "key\tcol…" when the set has metadata, else one key per line.</summary>
    public static void Write(EmbeddingSet set, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var columns = set.Metadata;
        if (columns.Count > 0)
        {
            writer.Write("key");
            foreach (var c in columns) { writer.Write('\t'); writer.Write(Clean(c.Name)); }
            writer.Write('\n');
        }
        for (int r = 0; r < set.Count; r++)
        {
            writer.Write(Clean(set.Keys[r]));
            foreach (var c in columns) { writer.Write('\t'); writer.Write(Clean(c.Values[r] ?? "")); }
            writer.Write('\n');
        }
    }

    public static string[] RowNumbers(int rows)
    {
        var keys = new string[rows];
        for (int i = 0; i < rows; i++) keys[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return keys;
    }

    internal static bool AllUniqueNonEmpty(IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values) if (string.IsNullOrEmpty(v) || !seen.Add(v)) return false;
        return true;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static string Clean(string value) =>
        value.AsSpan().IndexOfAny("\t\r\n") < 0 ? value : value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}

/// <summary>Reads lines as bytes with their 1-based numbers; refuses lines longer than a limit.</summary>
internal sealed class LineReader(Stream stream, string path, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private byte[] _line = new byte[256];
    private int _pos, _len;
    private bool _eof;

    public long LineNumber { get; private set; }
    /// <summary>Byte offset of the start of the current line.</summary>
    public long LineStart { get; private set; }
    private long _consumed;
    /// <summary>True when the current line is empty and nothing follows it (a final newline).</summary>
    public bool IsLastAndEmpty { get; private set; }

    public bool Next(out ReadOnlySpan<byte> line)
    {
        int n = 0;
        LineStart = _consumed;
        bool any = false;
        while (true)
        {
            if (_pos == _len)
            {
                if (_eof) break;
                _len = stream.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0) { _eof = true; break; }
            }
            any = true;
            int nl = _buffer.AsSpan(_pos, _len - _pos).IndexOf((byte)'\n');
            int take = nl < 0 ? _len - _pos : nl;
            if (n + take > maxLineBytes)
                throw new VectorFormatException(path, $"a line longer than {maxLineBytes:N0} bytes; expected text lines (is this a binary file?).", line: LineNumber + 1);
            if (n + take > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, n + take));
            _buffer.AsSpan(_pos, take).CopyTo(_line.AsSpan(n));
            n += take;
            _pos += take;
            _consumed += take;
            if (nl >= 0) { _pos++; _consumed++; break; }
        }
        if (!any && n == 0) { line = default; return false; }
        LineNumber++;
        if (n > 0 && _line[n - 1] == '\r') n--;
        line = _line.AsSpan(0, n);
        IsLastAndEmpty = n == 0 && AtEnd();
        return true;
    }

    private bool AtEnd()
    {
        if (_pos < _len) return false;
        if (_eof) return true;
        _len = stream.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0) { _eof = true; return true; }
        return false;
    }
}
