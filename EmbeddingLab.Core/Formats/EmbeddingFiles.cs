using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>Every format a vector set can be read from or written to.</summary>
public enum EmbeddingFormat
{
    Word2VecText,
    Word2VecBinary,
    Glove,
    /// <summary>TF Embedding Projector: vectors.tsv (+ metadata.tsv).</summary>
    ProjectorTsv,
    /// <summary>NumPy .npy matrix (+ metadata TSV).</summary>
    Npy,
    Parquet,
}

/// <summary>Options for reading any format; the limits protect the app from files larger than the user meant.</summary>
public sealed record EmbeddingReadOptions
{
    /// <summary>Parquet: the list column holding the vectors (needed when there are several and none is called "embedding").</summary>
    public string? VectorColumn { get; init; }
    /// <summary>Metadata/Parquet: the column holding the keys (default "key" or "id", else a unique label column, else row numbers).</summary>
    public string? KeyColumn { get; init; }
    /// <summary>word2vec/GloVe: read at most this many vectors.</summary>
    public int? Limit { get; init; }
    public int MaxDimensions { get; init; } = 65_536;
    public int MaxLineBytes { get; init; } = 16 << 20;
    public long? MaxFileBytes { get; init; }
}

/// <summary>Reads and writes vector sets in every supported format, with the format told or detected.</summary>
public static class EmbeddingFiles
{
    /// <summary>Names used on the command line and in the UI, with their formats.</summary>
    public static IReadOnlyList<(string Name, EmbeddingFormat Format, string Extension, string Label)> Formats { get; } =
    [
        ("word2vec-text", EmbeddingFormat.Word2VecText, ".txt", "word2vec text"),
        ("word2vec-binary", EmbeddingFormat.Word2VecBinary, ".bin", "word2vec binary"),
        ("glove", EmbeddingFormat.Glove, ".txt", "GloVe text"),
        ("tsv", EmbeddingFormat.ProjectorTsv, ".tsv", "TF Projector TSV (vectors + metadata)"),
        ("npy", EmbeddingFormat.Npy, ".npy", "NumPy .npy (+ metadata TSV)"),
        ("parquet", EmbeddingFormat.Parquet, ".parquet", "Parquet (list<float> column)"),
    ];

    public static EmbeddingFormat ParseName(string name) =>
        Formats.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } f ? f.Format
            : throw new ArgumentException($"Unknown format \"{name}\"; formats are {string.Join(", ", Formats.Select(x => x.Name))}.");

    public static string NameOf(EmbeddingFormat format) => Formats.First(f => f.Format == format).Name;

    public static string ExtensionOf(EmbeddingFormat format) => Formats.First(f => f.Format == format).Extension;

    /// <summary>True for formats whose keys and metadata go to a second file.</summary>
    public static bool HasMetadataFile(EmbeddingFormat format) => format is EmbeddingFormat.ProjectorTsv or EmbeddingFormat.Npy;

    /// <summary>The format of a file: .npy and .parquet by their magic bytes, vectors.tsv by tab-separated numbers, else word2vec/GloVe detection.</summary>
    public static EmbeddingFormat Detect(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Vector file \"{path}\" does not exist.", path);
        var head = new byte[1 << 16];
        int n;
        using (var s = File.OpenRead(path)) n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (n >= 6 && span[0] == 0x93 && span[1..6].SequenceEqual("NUMPY"u8)) return EmbeddingFormat.Npy;
        if (n >= 4 && span[..4].SequenceEqual("PAR1"u8)) return EmbeddingFormat.Parquet;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".parquet") return EmbeddingFormat.Parquet;
        if (ext == ".npy") return EmbeddingFormat.Npy;
        if (ProjectorTsv.LooksLikeVectorsTsv(span)) return EmbeddingFormat.ProjectorTsv;
        return VectorFile.DetectFormat(path) switch
        {
            VectorFileFormat.Word2VecBinary => EmbeddingFormat.Word2VecBinary,
            VectorFileFormat.GloveText => EmbeddingFormat.Glove,
            _ => EmbeddingFormat.Word2VecText,
        };
    }

    /// <summary>Reads a set; <paramref name="metadataPath"/> is the metadata TSV for .tsv and .npy vectors.</summary>
    public static EmbeddingSet Read(string path, EmbeddingFormat? format = null, string? metadataPath = null, EmbeddingReadOptions? options = null,
        IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddingReadOptions();
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"Vector file \"{path}\" does not exist.", path);
        if (options.MaxFileBytes is { } max && info.Length > max)
            throw new VectorFormatException(path, $"the file is {info.Length:N0} bytes, over the limit of {max:N0} bytes.");
        var f = format ?? Detect(path);
        if (metadataPath is not null && !HasMetadataFile(f))
            throw new ArgumentException($"A metadata file goes with TSV or .npy vectors, not with {NameOf(f)}.");
        switch (f)
        {
            case EmbeddingFormat.ProjectorTsv:
                return ProjectorTsv.Read(path, metadataPath, options, progress, cancellationToken);
            case EmbeddingFormat.Npy:
                return ReadNpy(path, metadataPath, options, cancellationToken);
            case EmbeddingFormat.Parquet:
                return ParquetVectors.Read(path, options, progress, cancellationToken);
            default:
                var legacy = f switch
                {
                    EmbeddingFormat.Word2VecBinary => VectorFileFormat.Word2VecBinary,
                    EmbeddingFormat.Glove => VectorFileFormat.GloveText,
                    _ => VectorFileFormat.Word2VecText,
                };
                return VectorFile.Read(path, new VectorReadOptions { Format = legacy, Limit = options.Limit, MaxDimensions = options.MaxDimensions, MaxLineBytes = options.MaxLineBytes },
                    progress, cancellationToken);
        }
    }

    private static EmbeddingSet ReadNpy(string path, string? metadataPath, EmbeddingReadOptions options, CancellationToken ct)
    {
        NpyArray array;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            try { array = Npy.Read(stream, Path.GetFileName(path), ct); }
            catch (InvalidDataException e) { throw FromNpy(path, e.Message); }
        }
        if (array.Shape.Count != 2)
            throw new VectorFormatException(path, $"a {array.Shape.Count}-D array of shape ({string.Join(", ", array.Shape)}); expected a 2-D matrix (one vector a row).");
        if (array.Columns == 0 || array.Rows == 0) throw new VectorFormatException(path, $"the matrix is empty (shape ({array.Rows}, {array.Columns})).");
        if (array.Columns > options.MaxDimensions) throw new VectorFormatException(path, $"{array.Columns:N0} columns, over the limit of {options.MaxDimensions:N0} dimensions.");
        string[] keys;
        List<MetadataColumn> columns;
        if (metadataPath is null) { keys = MetadataTsv.RowNumbers(array.Rows); columns = new(); }
        else
        {
            var table = MetadataTsv.Read(metadataPath, array.Rows, ct);
            (keys, columns) = MetadataTsv.ToKeysAndColumns(table, array.Rows, metadataPath, options.KeyColumn);
        }
        return new EmbeddingSet(keys, array.Data, array.Columns, columns);
    }

    // Npy's messages start with "file, byte N: …" or "file: …"; VectorFormatException adds the file itself.
    private static VectorFormatException FromNpy(string path, string message)
    {
        var source = Path.GetFileName(path);
        var m = System.Text.RegularExpressions.Regex.Match(message, "^" + System.Text.RegularExpressions.Regex.Escape(source) + @"(?:, byte (\d+))?:? (.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!m.Success) return new VectorFormatException(path, message);
        long? offset = m.Groups[1].Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new VectorFormatException(path, m.Groups[2].Value, byteOffset: offset);
    }

    /// <summary>
    /// Writes a set. For TSV and .npy the keys and metadata go to <paramref name="metadataPath"/> (default: beside the
    /// vectors, "NAME.metadata.tsv"); it returns every file written.
    /// </summary>
    public static IReadOnlyList<string> Write(EmbeddingSet set, string path, EmbeddingFormat format, string? metadataPath = null, bool float64 = false)
    {
        switch (format)
        {
            case EmbeddingFormat.ProjectorTsv:
            case EmbeddingFormat.Npy:
                metadataPath ??= DefaultMetadataPath(path);
                if (format == EmbeddingFormat.ProjectorTsv) ProjectorTsv.Write(set, path, metadataPath);
                else
                {
                    using (var s = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)) Npy.Write(s, set.Matrix, set.Count, set.Dimensions, float64);
                    using var meta = new FileStream(metadataPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    MetadataTsv.Write(set, meta);
                }
                return [path, metadataPath];
            case EmbeddingFormat.Parquet:
                ParquetVectors.Write(set, path);
                return [path];
            default:
                VectorFile.Write(set, path, format switch
                {
                    EmbeddingFormat.Word2VecBinary => VectorFileFormat.Word2VecBinary,
                    EmbeddingFormat.Glove => VectorFileFormat.GloveText,
                    _ => VectorFileFormat.Word2VecText,
                });
                return [path];
        }
    }

    /// <summary>"vectors.tsv" → "metadata.tsv" (TF Projector's pair); "x.npy" → "x.metadata.tsv".</summary>
    public static string DefaultMetadataPath(string vectorsPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(vectorsPath))!;
        var name = Path.GetFileNameWithoutExtension(vectorsPath);
        if (string.Equals(name, "vectors", StringComparison.OrdinalIgnoreCase)) return Path.Combine(dir, "metadata.tsv");
        if (name.EndsWith("vectors", StringComparison.OrdinalIgnoreCase)) return Path.Combine(dir, name[..^"vectors".Length] + "metadata.tsv");
        return Path.Combine(dir, name + ".metadata.tsv");
    }
}
