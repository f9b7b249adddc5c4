using System.CommandLine;
using System.Diagnostics;
using EmbeddingLab.Cli.Progress;
using System.Text;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Core.Encoding.WordVectors;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>encode --encoder tfidf|mean|sif --input FILE --out FILE</c>: sentence vectors into a .npy matrix (row i = sentence i)
/// or a word2vec text file. tfidf is fitted on the input itself; mean and sif need <c>--vectors</c> (word vectors).
/// word2vec text keys are the 1-based sentence numbers (<c>--keys index</c>, default) or the sentence text with spaces
/// replaced by '_' and cut to 100 characters, repeats numbered "#2", "#3" (<c>--keys text</c>).
/// <c>--encoder resnet18 --input FOLDER|ZIP</c> encodes images instead (see <see cref="EncodeImages"/>).
/// </summary>
public sealed class EncodeCommand() : CliCommand("encode", "Sentence vectors (input: one sentence a line, or CSV/TSV with a text column) as .npy or word2vec text.")
{
    private readonly Option<string> _encoder = CliOptions.Choice("--encoder", "tfidf, bag of words, mean or SIF of word vectors, or a transformer model", null, required: true,
        "tfidf", "bow", "mean", "sif", "transformer", "resnet18");
    // A file for sentences; for resnet18 a folder of images or a .zip of one (existence checked in Run).
    private readonly Option<string> _input = CliOptions.Text("--input", "sentences: text (one a line) or CSV/TSV with a text column; resnet18: a folder of images or a .zip of one", required: true, valueName: "FILE|DIR");
    private readonly Option<bool> _normalize = CliOptions.Flag("--normalize", "resnet18: L2-normalise each image vector");
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "where to write the vectors");
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "word vectors for --encoder mean or sif");
    private readonly Option<string> _model = CliOptions.Folder("--model", "sentence-transformers model folder for --encoder transformer");
    private readonly Option<string> _format = CliOptions.Text("--format", "output format (default: npy for a .npy --out, else word2vec-text)", valueName: "npy|word2vec-text");
    private readonly Option<string> _keys = CliOptions.Choice("--keys", "word2vec-text keys: sentence numbers from 1, or the sentence text", "index", "index", "text");
    private readonly Option<int> _lsa = CliOptions.Int("--lsa", "reduce TF-IDF to K dimensions with truncated SVD (0 = off)", 0, min: 0, max: 10_000);
    private readonly Option<int> _minDf = CliOptions.Int("--min-df", "ignore terms in fewer documents (sklearn min_df)", 1, min: 1);
    private readonly Option<double> _maxDf = CliOptions.Double("--max-df", "ignore terms in a larger share of documents (sklearn max_df)", 1.0, min: 0, max: 1);
    private readonly Option<int> _maxFeatures = CliOptions.Int("--max-features", "keep the N most frequent terms (sklearn max_features; 0 = all)", 0, min: 0);
    private readonly Option<double> _sifA = CliOptions.Double("--sif-a", "SIF weight parameter a", 1e-3, min: 1e-12, max: 1e6);
    // ONNX Runtime session options and batching of --encoder transformer (defaults as the library's: all cores, full graph optimisation, 32).
    private readonly Option<int?> _threads = CliOptions.OptionalInt("--threads", "transformer: ONNX Runtime intra-op threads (default: all cores)", min: 1, max: 1024);
    private readonly Option<string> _graphOptimization = CliOptions.Choice("--graph-optimization", "transformer: ONNX Runtime graph optimisation level (default: all)", null,
        [.. OnnxSessionOptions.GraphOptimizationNames.Select(g => g.Name)]);
    private readonly Option<int?> _batchSize = CliOptions.OptionalInt("--batch-size", "transformer: sentences per ONNX Runtime run (default: 32)", min: 1, max: 100_000);
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var encoderName = c.Required(_encoder);
        var input = c.Required(_input);
        var output = c.Required(_out);
        var vectorsPath = c.Get(_vectors);
        var modelDir = c.Get(_model);
        var format = c.Get(_format)?.ToLowerInvariant() ?? (Path.GetExtension(output).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? "npy" : "word2vec-text");
        if (format is not ("npy" or "word2vec-text")) throw new CliException($"Option --format must be npy or word2vec-text; found \"{format}\".");
        var keys = c.Get(_keys);
        int lsa = c.Get(_lsa);
        int minDf = c.Get(_minDf);
        double maxDf = c.Get(_maxDf);
        int maxFeatures = c.Get(_maxFeatures);
        double sifA = c.Get(_sifA);
        bool json = c.Get(_json);
        var cancellationToken = c.CancellationToken;
        int? threads = c.Get(_threads), batchSize = c.Get(_batchSize);
        string? graphOptimization = c.Get(_graphOptimization);
        if (encoderName != "transformer")
        {
            // Said rather than ignored: a script passing them expects them to take effect.
            string? given = threads is not null ? "--threads" : batchSize is not null ? "--batch-size" : graphOptimization is not null ? "--graph-optimization" : null;
            if (given is not null) throw new CliException($"{given} is for --encoder transformer, not {encoderName}.");
        }
        if (encoderName == "resnet18") return EncodeImages(c, input, output, c.Get(_format), c.Get(_normalize), json);
        if (!File.Exists(input)) throw new CliException($"File \"{input}\" given to --input does not exist.");
        if (c.Get(_normalize)) throw new CliException("--normalize is for --encoder resnet18.");

        bool needsWords = encoderName is "mean" or "sif";
        if (needsWords && vectorsPath is null) throw new CliException($"--encoder {encoderName} averages word vectors: give them with --vectors FILE.");
        if (!needsWords && vectorsPath is not null) throw new CliException($"--vectors is for the mean and sif encoders, not {encoderName}.");
        if (encoderName == "transformer" && modelDir is null) throw new CliException("--encoder transformer needs the model folder: --model DIR.");
        if (encoderName != "transformer" && modelDir is not null) throw new CliException($"--model is for the transformer encoder, not {encoderName}.");
        if (modelDir is not null && !Directory.Exists(modelDir)) throw new CliException($"Folder \"{modelDir}\" given to --model does not exist.");
        if (lsa > 0 && encoderName != "tfidf") throw new CliException("--lsa applies to --encoder tfidf only.");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliException($"The folder of --out \"{output}\" does not exist.");

        var clock = Stopwatch.StartNew();
        var table = SentenceFile.Read(input, cancellationToken: cancellationToken);
        var sentences = table.Texts;
        ISentenceEncoder encoder;
        var tfidfOptions = new TfidfOptions
        {
            MinDf = minDf,
            MaxDf = DocumentFrequency.Proportion(maxDf),
            MaxFeatures = maxFeatures > 0 ? maxFeatures : null,
        };
        switch (encoderName)
        {
            case "tfidf":
                encoder = TfidfEncoder.Fit(sentences, tfidfOptions, lsa > 0 ? new TruncatedSvdOptions { NComponents = lsa } : null, cancellationToken: cancellationToken);
                break;
            case "bow":
                encoder = TfidfEncoder.FitCounts(sentences, tfidfOptions, cancellationToken: cancellationToken);
                break;
            case "transformer":
                encoder = TransformerEncoder.Load(modelDir!, TransformerOptions(threads, batchSize, graphOptimization));
                break;
            default:
                var words = VectorFile.Read(vectorsPath!, new VectorReadOptions(), cancellationToken: cancellationToken);
                encoder = encoderName == "mean"
                    ? new MeanWordVectorEncoder(words)
                    : SifEncoder.Fit(words, sentences, new SifOptions { A = sifA }, cancellationToken: cancellationToken);
                break;
        }
        float[] matrix;
        try
        {
            matrix = c.Progress(json).Run($"Encoding with {encoder.Name}", p => encoder.Encode(sentences,
                p.Map<EncodingProgress>(e => new(e.Total == 0 ? 1 : (double)e.Done / e.Total, $"{e.Done:N0}/{e.Total:N0} sentences")), cancellationToken));
        }
        finally { (encoder as IDisposable)?.Dispose(); }
        int d = encoder.Dimensions;

        if (format == "npy") Npy.Write(output, matrix, sentences.Count, d);
        else
        {
            var rowKeys = keys == "text" ? TextKeys(sentences) : Enumerable.Range(1, sentences.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            VectorFile.Write(new EmbeddingSet(rowKeys, matrix, d), output, VectorFileFormat.Word2VecText);
        }

        if (json) c.Console.WriteJson(new { encoder = encoder.Name, sentences = sentences.Count, dimensions = d, @out = output, format, seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
        else c.Out.WriteLine($"Encoded {sentences.Count:N0} sentences with {encoder.Name} into {d} dimensions → {output} ({format}) in {clock.Elapsed.TotalSeconds:F2} s.");
        return 0;
    }

    /// <summary>
    /// Images → vectors with the pretrained ResNet-18: every image under the folder (or in the .zip, unpacked into
    /// "OUT.images" beside the output so the set's <c>image</c> paths stay valid), keys = paths relative to the root,
    /// <c>label</c> = the image's folder. Unreadable images are listed on stderr and skipped. The format follows --out's
    /// extension (.npy and .tsv write the keys and metadata beside it) or --format.
    /// </summary>
    private static int EncodeImages(CliContext c, string input, string output, string? formatName, bool normalize, bool json)
    {
        var cancellationToken = c.CancellationToken;
        bool isZip = File.Exists(input) && input.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (!isZip && !Directory.Exists(input))
            throw new CliException(File.Exists(input) ? $"--encoder resnet18 reads a folder of images or a .zip of one; \"{input}\" is neither."
                : $"Folder \"{input}\" given to --input does not exist.");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliException($"The folder of --out \"{output}\" does not exist.");
        EmbeddingFormat format;
        try
        {
            format = formatName is not null ? EmbeddingFiles.ParseName(formatName) : Path.GetExtension(output).ToLowerInvariant() switch
            {
                ".npy" => EmbeddingFormat.Npy,
                ".tsv" => EmbeddingFormat.ProjectorTsv,
                ".parquet" => EmbeddingFormat.Parquet,
                ".bin" => EmbeddingFormat.Word2VecBinary,
                ".txt" or ".vec" => EmbeddingFormat.Word2VecText,
                var ext => throw new CliException($"Cannot tell the output format from \"{ext}\"; give --format ({string.Join(", ", EmbeddingFiles.Formats.Select(f => f.Name))})."),
            };
        }
        catch (ArgumentException e) { throw new CliException(e.Message); }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<ImageItem> items;
        try { items = isZip ? ImageFolder.ReadZip(input, Path.GetFullPath(output) + ".images", cancellationToken: cancellationToken) : ImageFolder.Read(input); }
        catch (InvalidDataException e) { throw new CliException(e.Message); }
        if (items.Count == 0) throw new CliException($"There are no images (PNG, JPEG, GIF, WebP, BMP) in \"{input}\".");
        ResNet18Encoder encoder;
        try { encoder = ResNet18Encoder.Open(); }
        catch (FileNotFoundException e) { throw new CliException(e.Message); }
        ImageSetResult result;
        using (encoder)
        {
            try
            {
                result = c.Progress(json).Run("Encoding images with resnet18", p => ImageSets.EncodeFolder(encoder, items, new ImageEncoderOptions { Normalize = normalize },
                    p.Map<EncodingProgress>(e => new(e.Total == 0 ? 1 : (double)e.Done / e.Total, $"{e.Done:N0}/{e.Total:N0} images")), cancellationToken));
            }
            catch (InvalidDataException e) { throw new CliException(e.Message); }
        }
        foreach (var failure in result.Failures) c.Console.Error.WriteLine($"Skipped {failure.Key}: {failure.Reason}.");
        var files = EmbeddingFiles.Write(result.Set, output, format);
        if (json)
            c.Console.WriteJson(new
            {
                encoder = ResNet18Encoder.EncoderName, images = result.Set.Count, dimensions = result.Set.Dimensions, @out = output,
                format = EmbeddingFiles.NameOf(format), files, skipped = result.Failures.Select(f => new { key = f.Key, reason = f.Reason }),
                seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            });
        else
            c.Out.WriteLine($"Encoded {result.Set.Count:N0} images with resnet18 into {result.Set.Dimensions} dimensions → {string.Join(", ", files)} in {clock.Elapsed.TotalSeconds:F2} s"
                + (result.Failures.Count > 0 ? $"; {result.Failures.Count:N0} skipped." : "."));
        return 0;
    }

    /// <summary>The transformer encoder's options from --threads, --batch-size and --graph-optimization (absent = the defaults).</summary>
    internal static TransformerEncoderOptions TransformerOptions(int? threads, int? batchSize, string? graphOptimization) =>
        new(BatchSize: batchSize ?? 32, Threads: threads ?? 0, Session: new OnnxSessionOptions
        {
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            GraphOptimizationLevel = graphOptimization is null ? Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL
                : OnnxSessionOptions.ParseGraphOptimization(graphOptimization, "Option --graph-optimization"),
        });

    /// <summary>Sentence text as a word2vec key: whitespace → '_', at most 100 characters, repeats numbered.</summary>
    internal static string[] TextKeys(IReadOnlyList<string> sentences)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[sentences.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            var sb = new StringBuilder();
            foreach (char c in sentences[i])
            {
                if (sb.Length >= 100) break;
                sb.Append(char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c);
            }
            var key = sb.ToString();
            int n = seen.TryGetValue(key, out int count) ? count + 1 : 1;
            seen[key] = n;
            keys[i] = n == 1 ? key : $"{key}#{n}";
        }
        return keys;
    }
}
