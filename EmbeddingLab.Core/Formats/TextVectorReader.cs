using System.Buffers;
using System.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Parallel reader for word2vec text and GloVe text. The calling thread streams the file in blocks cut at line ends;
/// worker tasks parse blocks (keys + float32 rows) while the next ones are read; results are assembled in file order,
/// so duplicates, limits and the first error are decided exactly as a sequential reader (gensim) would.
/// Memory stays bounded: at most a few blocks are in flight.
/// </summary>
internal sealed class TextVectorReader
{
    // Invalid UTF-8 in a key becomes U+FFFD rather than failing the whole load.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly string _path;
    private readonly long _totalBytes;
    private readonly bool _glove;
    private readonly VectorReadOptions _options;
    private readonly IProgress<LoadProgress>? _progress;
    private readonly CancellationToken _ct;
    private readonly int _blockBytes;

    public TextVectorReader(Stream stream, string path, long totalBytes, bool glove, VectorReadOptions options,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        _stream = stream;
        _path = path;
        _totalBytes = totalBytes;
        _glove = glove;
        _options = options;
        _progress = progress;
        _ct = ct;
        _blockBytes = Math.Max(options.BlockBytes, 64);
    }

    /// <summary>One parsed block: rows in line order, and the first problem (if any) after them.</summary>
    private sealed class Block
    {
        public required byte[] Bytes;
        public required int Length;
        public required long FirstLine;   // 1-based line number of the block's first line
        public required long FirstByte;   // file offset of the block's first byte
        public required int Dims;         // -1 when the dimension is not known yet (GloVe before the first line)
        public string[] Keys = [];
        public float[] Data = [];
        public int Rows;
        public long[] RowLines = [];      // line number of every row (for the truncation message)
        public string? Error;             // problem found after the parsed rows
        public long ErrorLine;
    }

    public EmbeddingSet Read()
    {
        long byteOffset = 0;
        long nextLine = 1;
        int declaredCount = -1, dims = -1;
        byte[] carry = ArrayPool<byte>.Shared.Rent(_blockBytes * 2);
        int carryLength = 0;
        bool eof = false;

        if (!_glove)
        {
            // Header: "count dims" on the first line.
            (carryLength, eof) = Fill(ref carry, 0);
            int nl = carry.AsSpan(0, carryLength).IndexOf((byte)'\n');
            if (carryLength == 0) throw new VectorFormatException(_path, "the file is empty; expected a header \"count dimensions\".", line: 1);
            while (nl < 0 && !eof && carryLength < 4096)
            {
                (carryLength, eof) = Fill(ref carry, carryLength);
                nl = carry.AsSpan(0, carryLength).IndexOf((byte)'\n');
            }
            var header = nl >= 0 ? carry.AsSpan(0, nl) : carry.AsSpan(0, carryLength);
            (declaredCount, dims) = VectorFile.ParseHeader(header, _path, _options);
            int consumed = nl >= 0 ? nl + 1 : carryLength;
            Buffer.BlockCopy(carry, consumed, carry, 0, carryLength - consumed);
            carryLength -= consumed;
            byteOffset = consumed;
            nextLine = 2;
        }

        int limit = _options.Limit is > 0 ? _options.Limit.Value : int.MaxValue;
        // Lines that become vectors (gensim counts duplicates among them): min(header count, limit).
        long target = declaredCount >= 0 ? Math.Min(declaredCount, limit) : limit;
        int workers = _options.Workers > 0 ? _options.Workers : Environment.ProcessorCount;

        var pending = new Queue<(Block Block, Task Task)>();
        // A header can promise more than the file holds (truncated or corrupt): never allocate beyond what the bytes
        // can contain. A row takes at least 2·dims + 2 bytes ("w 0 0\n"); each number at least two ("0 ").
        long rowsThatFit = dims > 0 ? (_totalBytes - byteOffset + 1) / (2L * dims + 2) + 1 : 1024;
        var keys = new List<string>((int)Math.Min(declaredCount >= 0 ? target : 1024, rowsThatFit));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        float[] data = []; // sized from the first parsed block (bytes per line × file size), checked against the budget
        int rows = 0;
        long linesTaken = 0;          // vectors + duplicates (what the target counts)
        long lastLine = nextLine - 1;
        bool done = target == 0;
        Exception? failure = null;

        try
        {
            while (!done)
            {
                _ct.ThrowIfCancellationRequested();
                // Read until the buffer holds a block ending at a line end (or the file ends).
                int cut = -1;
                while (!eof)
                {
                    if (carryLength >= _blockBytes)
                    {
                        cut = carry.AsSpan(0, carryLength).LastIndexOf((byte)'\n');
                        if (cut >= 0) break;
                        if (carryLength > _options.MaxLineBytes)
                            throw new VectorFormatException(_path, $"a line is longer than {_options.MaxLineBytes:N0} bytes; expected a word and its numbers per line (is this really a text vector file?).", line: nextLine);
                    }
                    (carryLength, eof) = Fill(ref carry, carryLength);
                }
                int blockLength = eof ? carryLength : cut + 1;
                if (blockLength > 0)
                {
                    var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(blockLength, 1));
                    Buffer.BlockCopy(carry, 0, bytes, 0, blockLength);
                    Buffer.BlockCopy(carry, blockLength, carry, 0, carryLength - blockLength);
                    carryLength -= blockLength;
                    var block = new Block { Bytes = bytes, Length = blockLength, FirstLine = nextLine, FirstByte = byteOffset, Dims = dims };
                    int lineCount = bytes.AsSpan(0, blockLength).Count((byte)'\n');
                    if (blockLength > 0 && bytes[blockLength - 1] != (byte)'\n') lineCount++;
                    nextLine += lineCount;
                    byteOffset += blockLength;
                    if (dims < 0)
                    {
                        // GloVe: the first line decides the dimension before any block is parsed in parallel.
                        dims = InferDimensions(bytes.AsSpan(0, blockLength), block.FirstLine);
                        block.Dims = dims;
                    }
                    pending.Enqueue((block, Task.Run(() => Parse(block))));
                }

                // Consume finished blocks in order; wait when enough are in flight or the input is exhausted.
                while (pending.Count > 0 && (pending.Count >= workers || eof || blockLength == 0 || pending.Peek().Task.IsCompleted))
                {
                    var (block, task) = pending.Dequeue();
                    try
                    {
                        task.GetAwaiter().GetResult();
                        if (done) continue;
                        int d = block.Dims;
                        if (block.Rows > 0 && data.Length == 0)
                        {
                            int estimate = EstimateRows(block, (int)Math.Min(target, int.MaxValue));
                            VectorFile.EnsureBudget(_options, estimate, d, _path);
                            data = GC.AllocateUninitializedArray<float>(estimate * d);
                        }
                        for (int r = 0; r < block.Rows && !done; r++)
                        {
                            linesTaken++;
                            lastLine = block.RowLines[r];
                            var key = block.Keys[r];
                            if (seen.Add(key)) // gensim keeps the first of duplicate keys
                            {
                                if ((long)(rows + 1) * d > data.LongLength) Grow(ref data, rows, d);
                                block.Data.AsSpan(r * d, d).CopyTo(data.AsSpan(rows * d, d));
                                keys.Add(key);
                                rows++;
                            }
                            if (linesTaken >= target) done = true;
                        }
                        if (!done && block.Error is not null) throw new VectorFormatException(_path, block.Error, line: block.ErrorLine);
                        _progress?.Report(new LoadProgress(block.FirstByte + block.Length, _totalBytes, rows));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(block.Bytes);
                        if (block.Data.Length > 0) ArrayPool<float>.Shared.Return(block.Data);
                    }
                }
                if (eof && pending.Count == 0) break;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            // Never leave parsing tasks running or buffers rented behind an error or a cancellation.
            while (pending.Count > 0)
            {
                var (block, task) = pending.Dequeue();
                try { task.GetAwaiter().GetResult(); } catch { /* the first failure is the one reported */ }
                ArrayPool<byte>.Shared.Return(block.Bytes);
                if (block.Data.Length > 0) ArrayPool<float>.Shared.Return(block.Data);
            }
            ArrayPool<byte>.Shared.Return(carry);
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();

        if (declaredCount >= 0 && linesTaken < target)
            throw new VectorFormatException(_path, $"the header says {declaredCount:N0} vectors but the file holds {linesTaken:N0} (truncated, or the count is wrong).", line: lastLine + 1);
        if (rows == 0) throw new VectorFormatException(_path, "the file holds no vectors.", line: lastLine + 1);
        _progress?.Report(new LoadProgress(_totalBytes, _totalBytes, rows));
        if (data.LongLength != (long)rows * dims) Array.Resize(ref data, rows * dims);
        return new EmbeddingSet(keys, data, dims);
    }

    private (int Length, bool Eof) Fill(ref byte[] buffer, int length)
    {
        if (length == buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        int read = _stream.Read(buffer, length, Math.Min(buffer.Length - length, _blockBytes));
        return (length + read, read == 0);
    }

    private int EstimateRows(Block first, int limit)
    {
        // Rows ≈ file bytes / bytes per line of the first block; grown if short, trimmed once at the end.
        long estimate = first.Rows > 0 ? (long)((double)_totalBytes / first.Length * first.Rows * 1.02) + 16 : 1024;
        estimate = Math.Min(estimate, limit);
        estimate = Math.Min(estimate, Array.MaxLength / Math.Max(1, first.Dims));
        return (int)Math.Max(estimate, 1);
    }

    private static void Grow(ref float[] data, int rows, int dims)
    {
        long wanted = Math.Max((long)data.Length + data.Length / 2, (long)(rows + 1) * dims);
        wanted = Math.Min(wanted, Array.MaxLength / dims * (long)dims);
        if (wanted < (long)(rows + 1) * dims) throw new InvalidDataException("The vector file is too large to hold in memory.");
        var bigger = GC.AllocateUninitializedArray<float>((int)wanted);
        Array.Copy(data, bigger, (long)rows * dims);
        data = bigger;
    }

    private int InferDimensions(ReadOnlySpan<byte> block, long firstLine)
    {
        long line = firstLine;
        while (!block.IsEmpty)
        {
            int nl = block.IndexOf((byte)'\n');
            var text = TrimLine(nl >= 0 ? block[..nl] : block);
            if (!text.IsEmpty)
            {
                int tokens = CountTokens(text);
                int dims = tokens - 1;
                if (dims < 1) throw new VectorFormatException(_path, "expected a word followed by its numbers, found a single token.", line: line);
                if (dims > _options.MaxDimensions) throw new VectorFormatException(_path, $"{dims} numbers on a line is over the limit of {_options.MaxDimensions}.", line: line);
                return dims;
            }
            if (nl < 0) break;
            block = block[(nl + 1)..];
            line++;
        }
        return -1; // only blank lines so far: decided by a later block
    }

    /// <summary>Parses one block on a worker thread. Stops at the first bad line and records it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Parse(Block block)
    {
        var span = block.Bytes.AsSpan(0, block.Length);
        int dims = block.Dims;
        if (dims < 0) return; // a GloVe block of blank lines before the first vector
        int maxRows = span.Count((byte)'\n') + 1;
        var keys = new string[maxRows];
        var lines = new long[maxRows];
        var data = ArrayPool<float>.Shared.Rent(maxRows * dims);
        block.Keys = keys;
        block.RowLines = lines;
        block.Data = data;
        int rows = 0;
        long lineNo = block.FirstLine;
        int pos = 0;
        string format = _glove ? "GloVe" : "word2vec text";
        while (pos < span.Length)
        {
            if ((rows & 255) == 255) _ct.ThrowIfCancellationRequested();
            int nl = span[pos..].IndexOf((byte)'\n');
            int end = nl >= 0 ? pos + nl : span.Length;
            var line = TrimLine(span[pos..end]);
            pos = end + 1;
            if (line.IsEmpty)
            {
                if (_glove) { lineNo++; continue; }
                Fail(block, rows, lineNo, $"expected a word followed by {dims} numbers, found an empty line.");
                return;
            }
            // Key: the first token.
            int i = 0;
            while (i < line.Length && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
            var row = data.AsSpan(rows * dims, dims);
            int column = 0;
            while (true)
            {
                while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
                if (i >= line.Length) break;
                if (column == dims) { column++; break; }
                int start = i;
                if (!FastFloatParser.TryParseToken(line, start, out i, out row[column]))
                {
                    Fail(block, rows, lineNo, $"\"{VectorFile.Preview(line[start..i])}\" in column {column + 2} is not a number; expected {dims} numbers after the word.");
                    return;
                }
                if (!float.IsFinite(row[column]))
                {
                    // NaN and infinities (also numbers beyond float32's range) would break every metric and projection later.
                    Fail(block, rows, lineNo, $"\"{VectorFile.Preview(line[start..i])}\" in column {column + 2} is not a finite number; vectors must not hold NaN or infinity.");
                    return;
                }
                column++;
            }
            if (column != dims)
            {
                int found = CountTokens(line) - 1;
                string hint = nl < 0 && found < dims ? " (the file ends in the middle of this line: truncated?)" : $" (is this really the {format} format?)";
                Fail(block, rows, lineNo, $"expected a word followed by {dims} numbers, found {found} numbers{hint}.");
                return;
            }
            keys[rows] = Utf8.GetString(line[..IndexOfSpace(line)]);
            lines[rows] = lineNo;
            rows++;
            lineNo++;
        }
        block.Rows = rows;
    }

    private static void Fail(Block block, int rows, long line, string problem)
    {
        block.Rows = rows;
        block.Error = problem;
        block.ErrorLine = line;
    }

    private static int IndexOfSpace(ReadOnlySpan<byte> line)
    {
        int i = line.IndexOfAny((byte)' ', (byte)'\t');
        return i < 0 ? line.Length : i;
    }

    private static ReadOnlySpan<byte> TrimLine(ReadOnlySpan<byte> line)
    {
        // gensim rstrip()s each line: trailing spaces and \r are not a column.
        int end = line.Length;
        while (end > 0 && (line[end - 1] == (byte)'\r' || line[end - 1] == (byte)' ' || line[end - 1] == (byte)'\t')) end--;
        return line[..end];
    }

    private static int CountTokens(ReadOnlySpan<byte> line)
    {
        int count = 0, i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i >= line.Length) break;
            count++;
            while (i < line.Length && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
        }
        return count;
    }
}
