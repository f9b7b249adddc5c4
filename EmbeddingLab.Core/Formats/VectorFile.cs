using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Reads and writes keyed vectors in word2vec text, word2vec binary and GloVe text, compatible with gensim's
/// <c>KeyedVectors.load_word2vec_format</c> / <c>save_word2vec_format</c> (and <c>no_header=True</c> for GloVe).
/// Streams the file; a malformed file is a <see cref="VectorFormatException"/> naming the line or byte offset.
/// </summary>
public static class VectorFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Detects the format from the first bytes of the file.</summary>
    public static VectorFileFormat DetectFormat(string path, string? displayName = null)
    {
        using var stream = OpenRead(path, displayName);
        return DetectFormat(stream, displayName ?? path);
    }

    private static FileStream OpenRead(string path, string? displayName = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Vector file \"{displayName ?? path}\" does not exist.", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static VectorFileFormat DetectFormat(Stream stream, string path)
    {
        var head = new byte[1 << 16];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (n == 0) throw new VectorFormatException(path, "the file is empty; expected a word2vec header \"count dimensions\" or GloVe lines \"word v1 v2 …\".", line: 1);
        int nl = span.IndexOf((byte)'\n');
        var first = TrimCr(nl >= 0 ? span[..nl] : span);
        var tokens = Tokenize(first);
        if (tokens.Count == 2 && TryParseInt(first, tokens[0], out _) && TryParseInt(first, tokens[1], out int dims))
        {
            if (nl < 0) return VectorFileFormat.Word2VecText; // header only: reading reports what is missing
            var rest = span[(nl + 1)..];
            int nl2 = rest.IndexOf((byte)'\n');
            if (nl2 < 0 && n == head.Length) return VectorFileFormat.Word2VecBinary;
            var second = TrimCr(nl2 >= 0 ? rest[..nl2] : rest);
            var t2 = Tokenize(second);
            bool isText = t2.Count == dims + 1 && IsTextUtf8(second);
            for (int i = 1; isText && i < t2.Count; i++) isText = TryParseFloat(second, t2[i], out _);
            return isText ? VectorFileFormat.Word2VecText : VectorFileFormat.Word2VecBinary;
        }
        if (tokens.Count >= 2)
        {
            bool allFloats = true;
            for (int i = 1; allFloats && i < tokens.Count; i++) allFloats = TryParseFloat(first, tokens[i], out _);
            if (allFloats) return VectorFileFormat.GloveText;
        }
        throw new VectorFormatException(path, $"expected a word2vec header \"count dimensions\" (two integers) or a GloVe line \"word v1 v2 …\", found \"{Preview(first)}\".", line: 1);
    }

    /// <summary>
    /// Checks the first line of a vector file as soon as it is there (an upload still arriving): a word2vec header
    /// "count dimensions" within the limits, or a GloVe line "word v1 v2 …". Anything else — a binary file that is no
    /// word2vec, a text that is no vector file — is refused before the rest is transferred.
    /// </summary>
    public static void CheckFirstLine(ReadOnlySpan<byte> firstLine, string displayName, VectorReadOptions? options = null)
    {
        options ??= new VectorReadOptions();
        var line = TrimCr(firstLine);
        if (line.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(line))
            throw new VectorFormatException(displayName, "the first line is not text; expected a word2vec header \"count dimensions\" or a GloVe line \"word v1 v2 …\" (is this a vector file?).", line: 1);
        var tokens = Tokenize(line);
        if (tokens.Count == 2 && TryParseInt(line, tokens[0], out _) && TryParseInt(line, tokens[1], out _))
        {
            ParseHeader(line, displayName, options);
            return;
        }
        bool glove = tokens.Count >= 2;
        for (int i = 1; glove && i < tokens.Count; i++) glove = TryParseFloat(line, tokens[i], out float v) && float.IsFinite(v);
        if (glove && tokens.Count - 1 <= options.MaxDimensions) return;
        throw new VectorFormatException(displayName, $"expected a word2vec header \"count dimensions\" (two integers) or a GloVe line \"word v1 v2 …\", found \"{Preview(line)}\".", line: 1);
    }

    /// <summary>Reads a vector file (format detected unless forced).</summary>
    public static EmbeddingSet Read(string path, VectorReadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new VectorReadOptions();
        // Messages name the user's file (an upload's own name), never the temporary path it was saved under.
        string name = options.DisplayName ?? path;
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"Vector file \"{name}\" does not exist.", path);
        if (options.MaxFileBytes is { } max && info.Length > max)
            throw new VectorFormatException(name, $"the file is {info.Length:N0} bytes, over the limit of {max:N0} bytes.");
        var format = options.Format ?? DetectFormat(path, name);
        using var stream = OpenRead(path, name);
        return format switch
        {
            VectorFileFormat.Word2VecBinary => ReadBinary(stream, name, info.Length, options, progress, cancellationToken),
            _ => ReadText(stream, name, info.Length, format == VectorFileFormat.GloveText, options, progress, cancellationToken),
        };
    }

    private static EmbeddingSet ReadText(Stream stream, string path, long totalBytes, bool glove, VectorReadOptions options,
        IProgress<LoadProgress>? progress, CancellationToken ct) =>
        new TextVectorReader(stream, path, totalBytes, glove, options, progress, ct).Read();

    internal static (int Count, int Dims) ParseHeader(ReadOnlySpan<byte> header, string path, VectorReadOptions options)
    {
        var tokens = Tokenize(TrimCr(header));
        if (tokens.Count != 2 || !TryParseInt(header, tokens[0], out int count) || !TryParseInt(header, tokens[1], out int dims) || count < 0 || dims <= 0)
            throw new VectorFormatException(path, $"expected a header \"count dimensions\" (two positive integers), found \"{Preview(header)}\".", line: 1);
        if (dims > options.MaxDimensions) throw new VectorFormatException(path, $"the header declares {dims} dimensions, over the limit of {options.MaxDimensions}.", line: 1);
        return (count, dims);
    }

    private static EmbeddingSet ReadBinary(Stream stream, string path, long totalBytes, VectorReadOptions options, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var buffered = new BufferedStream(stream, 1 << 20);
        long offset = 0;
        var headerBytes = new List<byte>();
        int b;
        while ((b = buffered.ReadByte()) >= 0 && b != '\n')
        {
            headerBytes.Add((byte)b);
            if (headerBytes.Count > 100) break;
        }
        offset = headerBytes.Count + 1;
        var (count, dims) = ParseHeader(headerBytes.ToArray(), path, options);
        // gensim reads min(count, limit) entries; a duplicate key is skipped but still counts.
        int limit = Math.Min(count, options.Limit is > 0 ? options.Limit.Value : int.MaxValue);
        long fits = (totalBytes - offset) / ((long)dims * sizeof(float) + 2) + 1; // a corrupt count must not allocate gigabytes
        EnsureBudget(options, Math.Min(limit, fits), dims, path);
        var keys = new List<string>((int)Math.Min(limit, fits));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var data = GC.AllocateUninitializedArray<float>((int)Math.Min((long)Math.Min(limit, fits) * dims, Array.MaxLength / dims * (long)dims));
        var vectorBytes = new byte[dims * sizeof(float)];
        var word = new List<byte>(64);
        int rows = 0;
        for (int v = 0; v < limit; v++)
        {
            if ((v & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new LoadProgress(offset, totalBytes, rows));
            }
            word.Clear();
            long wordStart = offset;
            while (true)
            {
                b = buffered.ReadByte();
                if (b < 0 && word.Count == 0)
                    throw new VectorFormatException(path, $"the header says {count:N0} vectors but the file holds {v:N0} (truncated, or the count is wrong).", byteOffset: offset);
                if (b < 0)
                    throw new VectorFormatException(path, $"the file ends inside vector {v + 1} of {count:N0}: expected a word followed by a space (truncated file?).", byteOffset: offset);
                offset++;
                if (b == ' ') break;
                if (b == '\n' && word.Count == 0) { wordStart = offset; continue; } // newline after the previous vector (C word2vec writes one)
                word.Add((byte)b);
                if (word.Count > 4096)
                    throw new VectorFormatException(path, $"vector {v + 1}: no space after 4096 bytes of word; expected \"word \" then {dims} float32 values (is this really the binary format?).", byteOffset: wordStart);
            }
            int got = buffered.ReadAtLeast(vectorBytes, vectorBytes.Length, throwOnEndOfStream: false);
            if (got < vectorBytes.Length)
                throw new VectorFormatException(path, $"the file ends inside the vector of \"{Utf8.GetString(word.ToArray())}\" (vector {v + 1} of {count}): expected {vectorBytes.Length} bytes, found {got}.", byteOffset: offset);
            var key = Utf8.GetString(word.ToArray());
            if (!AllFinite(vectorBytes))
                throw new VectorFormatException(path, $"the vector of \"{Preview(word.ToArray())}\" (vector {v + 1}) holds NaN or infinity; every value must be a finite number.", byteOffset: offset);
            offset += got;
            if (!seen.Add(key)) continue;
            if ((long)(rows + 1) * dims > data.LongLength) Array.Resize(ref data, (int)Math.Min((long)data.Length * 2 + dims, Array.MaxLength / dims * (long)dims));
            var row = data.AsSpan(rows * dims, dims);
            if (BitConverter.IsLittleEndian) System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(vectorBytes).CopyTo(row);
            else for (int i = 0; i < dims; i++) row[i] = BinaryPrimitives.ReadSingleLittleEndian(vectorBytes.AsSpan(i * 4, 4));
            keys.Add(key);
            rows++;
        }
        if (rows == 0) throw new VectorFormatException(path, "the file holds no vectors.", byteOffset: offset);
        if (data.LongLength != (long)rows * dims) Array.Resize(ref data, rows * dims);
        progress?.Report(new LoadProgress(totalBytes, totalBytes, rows));
        return new EmbeddingSet(keys, data, dims);
    }

    /// <summary>Writes a set in word2vec text, word2vec binary or GloVe text. Keys must not contain whitespace.</summary>
    public static void Write(EmbeddingSet set, string path, VectorFileFormat format)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(set, stream, format);
    }

    public static void Write(EmbeddingSet set, Stream stream, VectorFileFormat format)
    {
        foreach (var key in set.Keys)
        {
            if (key.Length == 0 || key.AsSpan().IndexOfAny(" \t\n\r") >= 0)
                throw new ArgumentException($"Key \"{key}\" is empty or contains whitespace, which the {format} format cannot store.");
        }
        var buffered = new BufferedStream(stream, 1 << 20);
        if (format != VectorFileFormat.GloveText)
            buffered.Write(Utf8.GetBytes($"{set.Count} {set.Dimensions}\n"));
        Span<byte> number = stackalloc byte[32];
        var floatBytes = new byte[set.Dimensions * 4];
        for (int r = 0; r < set.Count; r++)
        {
            buffered.Write(Utf8.GetBytes(set.Keys[r]));
            var vector = set.Vector(r);
            if (format == VectorFileFormat.Word2VecBinary)
            {
                buffered.WriteByte((byte)' ');
                for (int i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(floatBytes.AsSpan(i * 4), vector[i]);
                buffered.Write(floatBytes);
                buffered.WriteByte((byte)'\n');
            }
            else
            {
                foreach (float value in vector)
                {
                    buffered.WriteByte((byte)' ');
                    // Shortest round-trip representation: reading it back gives the same float32.
                    value.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                    buffered.Write(number[..written]);
                }
                buffered.WriteByte((byte)'\n');
            }
        }
        buffered.Flush();
    }

    /// <summary>
    /// Refuses a load whose vectors (and the unit-length copy every neighbour query makes) would be over the budget.
    /// <paramref name="rows"/> is the estimate from the header and the file's size.
    /// </summary>
    internal static void EnsureBudget(VectorReadOptions options, long rows, int dims, string path)
    {
        if (options.Budget is not { } budget) return;
        budget.Ensure(Limits.MemoryBudget.FloatMatrixBytes(rows, 2L * dims),
            $"loading about {rows:N0} vectors × {dims:N0} dimensions from {Path.GetFileName(path)} (with their unit-length copy)");
    }

    // --- small parsing helpers -------------------------------------------------------------------------------------

    /// <summary>True when every little-endian float32 in <paramref name="bytes"/> is finite (exponent bits not all ones).</summary>
    private static bool AllFinite(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i + 4 <= bytes.Length; i += 4)
            if ((BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]) & 0x7F80_0000u) == 0x7F80_0000u) return false;
        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == '\r' ? s[..^1] : s;

    private static List<Range> Tokenize(ReadOnlySpan<byte> line)
    {
        var list = new List<Range>();
        TokenizeInto(line, list);
        return list;
    }

    private static void TokenizeInto(ReadOnlySpan<byte> line, List<Range> tokens)
    {
        tokens.Clear();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i >= line.Length) break;
            int start = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t') i++;
            tokens.Add(start..i);
        }
    }

    private static bool TryParseFloat(ReadOnlySpan<byte> line, Range token, out float value) =>
        FastFloatParser.TryParse(line[token], out value);

    private static bool TryParseInt(ReadOnlySpan<byte> line, Range token, out int value) =>
        Utf8Parser.TryParse(line[token], out value, out int consumed) && consumed == line[token].Length;

    private static bool IsTextUtf8(ReadOnlySpan<byte> s)
    {
        foreach (byte c in s) if (c < 0x09 || (c > 0x0D && c < 0x20)) return false;
        return Utf8.GetCharCount(s) >= 0;
    }

    internal static string Preview(ReadOnlySpan<byte> s)
    {
        var text = System.Text.Encoding.UTF8.GetString(s[..Math.Min(s.Length, 60)]);
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return s.Length > 60 ? clean + "…" : clean;
    }
}
