using System.Diagnostics;
using System.Text;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
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
/// </summary>
public sealed class EncodeCommand : ICliCommand
{
    public string Name => "encode";
    public string Usage => "encode --encoder tfidf|bow|mean|sif|transformer --input FILE --out FILE [--vectors FILE] [--model DIR] [--format npy|word2vec-text] [--keys index|text] " +
                           "[--lsa K] [--min-df N] [--max-df F] [--max-features N] [--sif-a 0.001] [--json]   sentence vectors (input: one sentence a line, or CSV/TSV with a text column)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var encoderName = args.Required("encoder").ToLowerInvariant();
        if (encoderName is not ("tfidf" or "bow" or "mean" or "sif" or "transformer"))
            throw new CliException($"Option --encoder must be one of tfidf, bow, mean, sif, transformer; found \"{encoderName}\".");
        var input = args.RequiredFile("input");
        var output = args.Required("out");
        var vectorsPath = args.Optional("vectors");
        var modelDir = args.Optional("model");
        var format = args.Optional("format")?.ToLowerInvariant() ?? (Path.GetExtension(output).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? "npy" : "word2vec-text");
        if (format is not ("npy" or "word2vec-text")) throw new CliException($"Option --format must be npy or word2vec-text; found \"{format}\".");
        var keys = args.Choice("keys", "index", "index", "text");
        int lsa = args.Int("lsa", 0, min: 0, max: 10_000);
        int minDf = args.Int("min-df", 1, min: 1);
        double maxDf = args.Double("max-df", 1.0, min: 0, max: 1);
        int maxFeatures = args.Int("max-features", 0, min: 0);
        double sifA = args.Double("sif-a", 1e-3, min: 1e-12, max: 1e6);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        bool needsWords = encoderName is "mean" or "sif";
        if (needsWords && vectorsPath is null) throw new CliException($"--encoder {encoderName} averages word vectors: give them with --vectors FILE.");
        if (!needsWords && vectorsPath is not null) throw new CliException($"--vectors is for the mean and sif encoders, not {encoderName}.");
        if (vectorsPath is not null && !File.Exists(vectorsPath)) throw new CliException($"File \"{vectorsPath}\" given to --vectors does not exist.");
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
                encoder = TransformerEncoder.Load(modelDir!);
                break;
            default:
                var words = VectorFile.Read(vectorsPath!, new VectorReadOptions(), cancellationToken: cancellationToken);
                encoder = encoderName == "mean"
                    ? new MeanWordVectorEncoder(words)
                    : SifEncoder.Fit(words, sentences, new SifOptions { A = sifA }, cancellationToken: cancellationToken);
                break;
        }
        float[] matrix;
        try { matrix = encoder.Encode(sentences, null, cancellationToken); }
        finally { (encoder as IDisposable)?.Dispose(); }
        int d = encoder.Dimensions;

        if (format == "npy") Npy.Write(output, matrix, sentences.Count, d);
        else
        {
            var rowKeys = keys == "text" ? TextKeys(sentences) : Enumerable.Range(1, sentences.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            VectorFile.Write(new EmbeddingSet(rowKeys, matrix, d), output, VectorFileFormat.Word2VecText);
        }

        if (json) console.WriteJson(new { encoder = encoder.Name, sentences = sentences.Count, dimensions = d, @out = output, format, seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
        else console.Out.WriteLine($"Encoded {sentences.Count:N0} sentences with {encoder.Name} into {d} dimensions → {output} ({format}) in {clock.Elapsed.TotalSeconds:F2} s.");
        return 0;
    }

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
