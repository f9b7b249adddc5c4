using System.CommandLine;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>convert --in FILE --out FILE</c>: a vector set from any supported format to any other. Formats are detected from
/// the content (input) and the extension (output) unless given. <c>--metadata</c> is the input's metadata TSV (TSV
/// and .npy vectors); the output's metadata TSV is written beside it (vectors.tsv → metadata.tsv, x.npy →
/// x.metadata.tsv) or where <c>--out-metadata</c> says.
/// </summary>
public sealed class ConvertCommand() : CliCommand("convert", "Vector sets between formats: word2vec-text, word2vec-binary, glove, tsv (TF Embedding Projector), npy, parquet.")
{
    private static readonly string[] Names = EmbeddingFiles.Formats.Select(f => f.Name).ToArray();
    private readonly Option<string> _in = CliOptions.ExistingFile("--in", "the vector file to read", required: true);
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "the file to write (format from its extension unless --out-format)");
    private readonly Option<string> _inFormat = CliOptions.Choice("--in-format", "format of --in (default: detected)", null, Names);
    private readonly Option<string> _outFormat = CliOptions.Choice("--out-format", "format of --out (default: from its extension)", null, Names);
    private readonly Option<string> _metadata = CliOptions.ExistingFile("--metadata", "metadata TSV of TSV or .npy input (a header line when it has several columns)");
    private readonly Option<string> _outMetadata = CliOptions.Text("--out-metadata", "where to write the metadata TSV of TSV or .npy output", valueName: "FILE");
    private readonly Option<string> _vectorColumn = CliOptions.Text("--vector-column", "Parquet: the list column holding the vectors", valueName: "NAME");
    private readonly Option<string> _keyColumn = CliOptions.Text("--key-column", "metadata/Parquet: the column holding the keys", valueName: "NAME");
    private readonly Option<bool> _float64 = CliOptions.Flag("--float64", ".npy output as float64 instead of float32");
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var input = c.Required(_in);
        var output = c.Required(_out);
        var outFormat = c.Get(_outFormat) is { } o ? EmbeddingFiles.ParseName(o) : FromExtension(output);
        var outMetadata = c.Get(_outMetadata);
        bool float64 = c.Get(_float64);
        if (float64 && outFormat != EmbeddingFormat.Npy) throw new CliException("Option --float64 applies to .npy output only.");
        if (outMetadata is not null && !EmbeddingFiles.HasMetadataFile(outFormat))
            throw new CliException($"Option --out-metadata applies to tsv or npy output, not {EmbeddingFiles.NameOf(outFormat)}.");
        var detected = c.Get(_inFormat) is { } i ? EmbeddingFiles.ParseName(i) : EmbeddingFiles.Detect(input);
        var options = new EmbeddingReadOptions { VectorColumn = c.Get(_vectorColumn), KeyColumn = c.Get(_keyColumn) };
        var set = EmbeddingFiles.Read(input, detected, c.Get(_metadata), options, cancellationToken: c.CancellationToken);
        var written = EmbeddingFiles.Write(set, output, outFormat, outMetadata, float64);
        if (c.Get(_json))
            c.Console.WriteJson(new
            {
                @in = input,
                in_format = EmbeddingFiles.NameOf(detected),
                out_format = EmbeddingFiles.NameOf(outFormat),
                files = written,
                count = set.Count,
                dimensions = set.Dimensions,
                metadata = set.Metadata.Select(m => m.Name),
            });
        else
            c.Out.WriteLine($"{set.Count:N0} vectors × {set.Dimensions} ({EmbeddingFiles.NameOf(detected)}) → {string.Join(", ", written)} ({EmbeddingFiles.NameOf(outFormat)})");
        return 0;
    }

    private static EmbeddingFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => EmbeddingFormat.Npy,
        ".parquet" => EmbeddingFormat.Parquet,
        ".tsv" => EmbeddingFormat.ProjectorTsv,
        ".bin" => EmbeddingFormat.Word2VecBinary,
        ".txt" or ".vec" => EmbeddingFormat.Word2VecText,
        var ext => throw new CliException($"Cannot tell the output format from \"{ext}\"; give --out-format ({string.Join(", ", Names)})."),
    };
}
