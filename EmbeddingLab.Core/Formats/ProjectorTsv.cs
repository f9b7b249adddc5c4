using System.Globalization;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// TF Embedding Projector's pair of files (what gensim's word2vec2tensor writes): vectors.tsv, one vector a line as
/// tab-separated numbers with no header, and an optional metadata.tsv (see <see cref="MetadataTsv"/>) giving keys and
/// columns. Without metadata the keys are the row numbers 0, 1, …
/// </summary>
public static class ProjectorTsv
{
    /// <summary>Reads vectors.tsv (streamed line by line) and, when given, its metadata.tsv.</summary>
    public static EmbeddingSet Read(string vectorsPath, string? metadataPath = null, EmbeddingReadOptions? options = null,
        IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddingReadOptions();
        if (!File.Exists(vectorsPath)) throw new FileNotFoundException($"Vector file \"{vectorsPath}\" does not exist.", vectorsPath);
        using var stream = new FileStream(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (data, rows, dims) = ReadMatrix(stream, vectorsPath, stream.Length, options, progress, cancellationToken);
        string[] keys;
        List<MetadataColumn> columns;
        if (metadataPath is null)
        {
            keys = MetadataTsv.RowNumbers(rows);
            columns = new List<MetadataColumn>();
        }
        else
        {
            if (!File.Exists(metadataPath)) throw new FileNotFoundException($"Metadata file \"{metadataPath}\" does not exist.", metadataPath);
            var table = MetadataTsv.Read(metadataPath, rows, cancellationToken);
            (keys, columns) = MetadataTsv.ToKeysAndColumns(table, rows, metadataPath, options.KeyColumn);
        }
        return new EmbeddingSet(keys, data, dims, columns);
    }

    internal static (float[] Data, int Rows, int Dims) ReadMatrix(Stream stream, string path, long totalBytes, EmbeddingReadOptions options,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var lines = new LineReader(stream, path, options.MaxLineBytes);
        int dims = 0, rows = 0;
        float[] data = [];
        while (lines.Next(out var line))
        {
            if ((lines.LineNumber & 0x3FF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new LoadProgress(lines.LineStart, totalBytes, rows));
            }
            if (line.IsEmpty)
            {
                if (lines.IsLastAndEmpty) break;
                throw new VectorFormatException(path, "an empty line; expected tab-separated numbers (one vector a line).", line: lines.LineNumber);
            }
            if (dims == 0)
            {
                dims = line.Count((byte)'\t') + 1;
                if (dims > options.MaxDimensions)
                    throw new VectorFormatException(path, $"{dims:N0} values on the first line, over the limit of {options.MaxDimensions:N0} dimensions.", line: 1);
                data = new float[Math.Max(dims, (int)Math.Min(totalBytes / Math.Max(1, line.Length + 1) * dims + dims, Array.MaxLength / 2))];
            }
            if ((long)(rows + 1) * dims > data.LongLength)
            {
                long grown = Math.Min((long)data.Length * 2 + dims, Array.MaxLength / dims * (long)dims);
                if (grown < (long)(rows + 1) * dims) throw new VectorFormatException(path, "too many vectors for one matrix.", line: lines.LineNumber);
                Array.Resize(ref data, (int)grown);
            }
            var row = data.AsSpan(rows * dims, dims);
            int column = 0, start = 0;
            while (true)
            {
                int tab = line[start..].IndexOf((byte)'\t');
                var token = tab < 0 ? line[start..] : line.Slice(start, tab);
                if (column >= dims)
                    throw new VectorFormatException(path, $"more than {dims} values; every line must have as many as the first ({dims}).", line: lines.LineNumber);
                if (!FastFloatParser.TryParse(Trim(token), out row[column]))
                    throw new VectorFormatException(path, $"value {column + 1} \"{VectorFile.Preview(token)}\" is not a number; expected tab-separated numbers.", line: lines.LineNumber);
                column++;
                if (tab < 0) break;
                start += tab + 1;
            }
            if (column != dims)
                throw new VectorFormatException(path, $"{column} values; every line must have as many as the first ({dims}).", line: lines.LineNumber);
            rows++;
        }
        if (rows == 0) throw new VectorFormatException(path, "the file holds no vectors; expected tab-separated numbers, one vector a line.", line: 1);
        if (data.Length != rows * dims) Array.Resize(ref data, rows * dims);
        progress?.Report(new LoadProgress(totalBytes, totalBytes, rows));
        return (data, rows, dims);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && s[a] == ' ') a++;
        while (b > a && s[b - 1] == ' ') b--;
        return s[a..b];
    }

    /// <summary>Writes vectors.tsv and (when a path is given) metadata.tsv.</summary>
    public static void Write(EmbeddingSet set, string vectorsPath, string? metadataPath)
    {
        using (var stream = new FileStream(vectorsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)) WriteVectors(set, stream);
        if (metadataPath is not null)
        {
            using var meta = new FileStream(metadataPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            MetadataTsv.Write(set, meta);
        }
    }

    public static void WriteVectors(EmbeddingSet set, Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> number = stackalloc byte[32];
        for (int r = 0; r < set.Count; r++)
        {
            var vector = set.Vector(r);
            for (int i = 0; i < vector.Length; i++)
            {
                if (i > 0) buffered.WriteByte((byte)'\t');
                // Shortest round-trip text: reading it back gives the same float32.
                vector[i].TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                buffered.Write(number[..written]);
            }
            buffered.WriteByte((byte)'\n');
        }
        buffered.Flush();
    }

    internal static bool LooksLikeVectorsTsv(ReadOnlySpan<byte> head)
    {
        int nl = head.IndexOf((byte)'\n');
        var first = nl >= 0 ? head[..nl] : head;
        if (first.Length > 0 && first[^1] == '\r') first = first[..^1];
        if (first.IndexOf((byte)'\t') < 0) return false;
        foreach (var range in first.Split((byte)'\t'))
            if (!FastFloatParser.TryParse(Trim(first[range]), out _)) return false;
        return true;
    }
}
