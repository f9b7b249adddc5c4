namespace EmbeddingLab.Core.Formats;

/// <summary>On-disk formats for keyed vectors.</summary>
public enum VectorFileFormat
{
    /// <summary>word2vec text: header "count dims", then "key v1 … vd" per line (gensim save_word2vec_format binary=False).</summary>
    Word2VecText,
    /// <summary>word2vec binary: header "count dims\n", then "key " and dims little-endian float32 per vector.</summary>
    Word2VecBinary,
    /// <summary>GloVe text: like word2vec text but with no header; the dimension is inferred from the first line.</summary>
    GloveText,
}

/// <summary>What went wrong in a vector file, and where: file, line (text) or byte offset (binary), and what was expected.</summary>
public sealed class VectorFormatException : FormatException
{
    public VectorFormatException(string file, string problem, long? line = null, long? byteOffset = null)
        : base(Compose(file, problem, line, byteOffset))
    {
        File = file;
        Problem = problem;
        Line = line;
        ByteOffset = byteOffset;
    }

    public string File { get; }
    public string Problem { get; }
    public long? Line { get; }
    public long? ByteOffset { get; }

    private static string Compose(string file, string problem, long? line, long? byteOffset)
    {
        var where = line is not null ? $"{Path.GetFileName(file)}, line {line}" :
            byteOffset is not null ? $"{Path.GetFileName(file)}, byte {byteOffset}" : Path.GetFileName(file);
        return $"{where}: {problem}";
    }
}

/// <summary>Options for reading vector files. Limits protect the app from files larger than the user meant.</summary>
public sealed record VectorReadOptions
{
    /// <summary>Force a format; null detects it from the content.</summary>
    public VectorFileFormat? Format { get; init; }
    /// <summary>Read at most this many vectors (files are ordered by frequency, so these are the most frequent words); gensim's limit.</summary>
    public int? Limit { get; init; }
    /// <summary>The name messages use for the file (an upload's own name); null uses the path.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Memory the load may take (estimated from the header and the file's size before the matrix is allocated); null: no bound.</summary>
    public Limits.MemoryBudget? Budget { get; init; }
    /// <summary>Refuse files larger than this many bytes.</summary>
    public long? MaxFileBytes { get; init; }
    /// <summary>Refuse vectors longer than this (a corrupt header must not allocate gigabytes).</summary>
    public int MaxDimensions { get; init; } = 65_536;
    /// <summary>Refuse text lines longer than this (a binary file read as text must fail fast, not fill memory).</summary>
    public int MaxLineBytes { get; init; } = 16 << 20;
    /// <summary>Threads parsing text files (0 = all cores). The result is the same for any count.</summary>
    public int Workers { get; init; }
    /// <summary>Bytes per parsing block (tests use tiny blocks to exercise block boundaries).</summary>
    internal int BlockBytes { get; init; } = 4 << 20;
}

/// <summary>Progress of a load: bytes read of the total, and vectors so far.</summary>
public readonly record struct LoadProgress(long BytesRead, long TotalBytes, int Vectors)
{
    public double Fraction => TotalBytes > 0 ? Math.Clamp((double)BytesRead / TotalBytes, 0, 1) : 0;
}
