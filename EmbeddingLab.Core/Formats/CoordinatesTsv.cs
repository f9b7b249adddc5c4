using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Coordinates a user brings for a set (a map made elsewhere): <see cref="Rows"/> are the set's rows that have
/// coordinates, in set order, and <see cref="Coordinates"/> theirs, row-major with <see cref="Dims"/> (2 or 3) per row.
/// Keys of the file the set does not have are counted (<see cref="UnknownCount"/>, the first few kept); set rows the
/// file does not mention are counted in <see cref="MissingCount"/>.
/// </summary>
public sealed record CoordinatesTable(int[] Rows, float[] Coordinates, int Dims, IReadOnlyList<string> UnknownKeys, int UnknownCount, int MissingCount)
{
    public bool CoversWholeSet(int setCount) => MissingCount == 0 && Rows.Length == setCount;
}

/// <summary>
/// Reads a coordinates TSV: one line per point, <c>key&lt;TAB&gt;x&lt;TAB&gt;y</c> or with a fourth column z, an optional
/// header line (its second field is not a number, e.g. <c>key x y</c>). Errors name the file and line.
/// </summary>
public static class CoordinatesTsv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How many unknown keys are kept to show (all are counted).</summary>
    public const int UnknownKeysKept = 10;

    public static CoordinatesTable Read(string path, EmbeddingSet set, string? displayName = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, displayName ?? path, set, cancellationToken);
    }

    public static CoordinatesTable Read(Stream stream, string name, EmbeddingSet set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var lines = new LineReader(stream, name, MetadataTsv.MaxLineBytes);
        int dims = 0;
        var byRow = new Dictionary<int, (float X, float Y, float Z)>();
        var firstLine = new Dictionary<int, long>();
        var unknown = new List<string>();
        int unknownCount = 0;
        while (lines.Next(out var bytes))
        {
            if ((lines.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (lines.IsLastAndEmpty) break;
            string text;
            try { text = StrictUtf8.GetString(bytes); }
            catch (DecoderFallbackException e)
            {
                throw new VectorFormatException(name, $"the text is not UTF-8 (invalid byte at column {e.Index + 1}).", line: lines.LineNumber);
            }
            if (lines.LineNumber == 1 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            text = text.TrimEnd('\r');
            if (text.Length == 0)
                throw new VectorFormatException(name, "an empty line; expected key<TAB>x<TAB>y[<TAB>z].", line: lines.LineNumber);
            var fields = text.Split('\t');
            if (fields.Length is not (3 or 4))
                throw new VectorFormatException(name, $"expected 3 or 4 tab-separated values (key, x, y[, z]), found {fields.Length}.", line: lines.LineNumber);
            if (lines.LineNumber == 1 && !IsNumber(fields[1]))
            {
                dims = fields.Length - 1; // a header such as "key x y"
                continue;
            }
            if (dims == 0) dims = fields.Length - 1;
            else if (fields.Length - 1 != dims)
                throw new VectorFormatException(name, $"{fields.Length - 1} coordinates where the lines before have {dims}.", line: lines.LineNumber);
            var v = new float[3];
            for (int a = 0; a < dims; a++)
            {
                if (!float.TryParse(fields[a + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[a]) || !float.IsFinite(v[a]))
                    throw new VectorFormatException(name, $"\"{Shorten(fields[a + 1])}\" is not a finite number ({"xyz"[a]} of \"{Shorten(fields[0])}\").", line: lines.LineNumber);
            }
            int row = set.IndexOf(fields[0]);
            if (row < 0)
            {
                if (unknown.Count < UnknownKeysKept) unknown.Add(fields[0]);
                unknownCount++;
                continue;
            }
            if (firstLine.TryGetValue(row, out var earlier))
                throw new VectorFormatException(name, $"the key \"{Shorten(fields[0])}\" appears twice (first on line {earlier}).", line: lines.LineNumber);
            firstLine[row] = lines.LineNumber;
            byRow[row] = (v[0], v[1], v[2]);
        }
        if (dims == 0) throw new VectorFormatException(name, "the file has no coordinates; expected lines key<TAB>x<TAB>y[<TAB>z].");
        if (byRow.Count == 0)
            throw new VectorFormatException(name, $"none of its {unknownCount:N0} keys is in the set (first: \"{Shorten(unknown.FirstOrDefault() ?? "")}\"); the keys must be the set's keys.");
        var rows = byRow.Keys.Order().ToArray();
        var coords = new float[rows.Length * dims];
        for (int i = 0; i < rows.Length; i++)
        {
            var (x, y, z) = byRow[rows[i]];
            coords[i * dims] = x;
            coords[i * dims + 1] = y;
            if (dims == 3) coords[i * dims + 2] = z;
        }
        return new CoordinatesTable(rows, coords, dims, unknown, unknownCount, set.Count - rows.Length);
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
