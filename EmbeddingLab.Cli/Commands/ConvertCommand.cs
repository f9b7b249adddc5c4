using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>convert --in FILE --out FILE</c>: a vector set from any supported format to any other. Formats are detected from
/// the content (input) and the extension (output) unless given. <c>--metadata</c> is the input's metadata TSV (TSV
/// and .npy vectors); the output's metadata TSV is written beside it (vectors.tsv → metadata.tsv, x.npy →
/// x.metadata.tsv) or where <c>--out-metadata</c> says.
/// </summary>
public sealed class ConvertCommand : ICliCommand
{
    public string Name => "convert";
    public string Usage => "convert --in FILE --out FILE [--in-format F] [--out-format F] [--metadata FILE] [--out-metadata FILE] [--vector-column C] [--key-column C] [--float64] [--json]   " +
                           "vector sets between formats (F: word2vec-text, word2vec-binary, glove, tsv, npy, parquet)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var input = args.RequiredFile("in");
        var output = args.Required("out");
        var inFormat = args.Optional("in-format") is { } i ? Parse(i, "in-format") : (EmbeddingFormat?)null;
        var outFormat = args.Optional("out-format") is { } o ? Parse(o, "out-format") : FromExtension(output);
        var metadata = args.Optional("metadata");
        if (metadata is not null && !File.Exists(metadata)) throw new CliException($"Metadata file \"{metadata}\" does not exist.");
        var outMetadata = args.Optional("out-metadata");
        var options = new EmbeddingReadOptions { VectorColumn = args.Optional("vector-column"), KeyColumn = args.Optional("key-column") };
        bool float64 = args.Flag("float64");
        bool json = args.Flag("json");
        args.EnsureAllUsed();
        if (float64 && outFormat != EmbeddingFormat.Npy) throw new CliException("Option --float64 applies to .npy output only.");
        if (outMetadata is not null && !EmbeddingFiles.HasMetadataFile(outFormat))
            throw new CliException($"Option --out-metadata applies to tsv or npy output, not {EmbeddingFiles.NameOf(outFormat)}.");

        var detected = inFormat ?? EmbeddingFiles.Detect(input);
        var set = EmbeddingFiles.Read(input, detected, metadata, options, cancellationToken: cancellationToken);
        var written = EmbeddingFiles.Write(set, output, outFormat, outMetadata, float64);
        if (json)
            console.WriteJson(new
            {
                @in = input,
                in_format = EmbeddingFiles.NameOf(detected),
                out_format = EmbeddingFiles.NameOf(outFormat),
                files = written,
                count = set.Count,
                dimensions = set.Dimensions,
                metadata = set.Metadata.Select(c => c.Name),
            });
        else
            console.Out.WriteLine($"{set.Count:N0} vectors × {set.Dimensions} ({EmbeddingFiles.NameOf(detected)}) → {string.Join(", ", written)} ({EmbeddingFiles.NameOf(outFormat)})");
        return 0;
    }

    private static EmbeddingFormat Parse(string value, string option)
    {
        try { return EmbeddingFiles.ParseName(value); }
        catch (ArgumentException) { throw new CliException($"Option --{option} must be one of {string.Join(", ", EmbeddingFiles.Formats.Select(f => f.Name))}; found \"{value}\"."); }
    }

    private static EmbeddingFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => EmbeddingFormat.Npy,
        ".parquet" => EmbeddingFormat.Parquet,
        ".tsv" => EmbeddingFormat.ProjectorTsv,
        ".bin" => EmbeddingFormat.Word2VecBinary,
        ".txt" or ".vec" => EmbeddingFormat.Word2VecText,
        var ext => throw new CliException($"Cannot tell the output format from \"{ext}\"; give --out-format ({string.Join(", ", EmbeddingFiles.Formats.Select(f => f.Name))})."),
    };
}
