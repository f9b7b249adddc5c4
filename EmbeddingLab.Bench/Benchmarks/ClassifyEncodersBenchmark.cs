using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Encoding.WordVectors;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Data.Mail;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// The Sentences page's "Compare encoders" from the command line: a labelled text set encoded with bag-of-words, TF-IDF
/// and TF-IDF + LSA, each cross-validated with logistic regression (5 folds, seed 0); accuracy, macro-F1 and seconds
/// (encode + CV) per encoder; mean and SIF of "Words (demo)" (word2vec on the teaching corpus, as every workspace has)
/// with their coverage. The texts are the demo sentences, a TSV (label, text), or the Spam Assassin e-mails
/// (<c>--spam</c>: all 6,046 messages, label spam/ham, as the built-in set).
/// </summary>
public sealed class ClassifyEncodersBenchmark : IBenchmark
{
    /// <summary>The page's bound on one encoded matrix (1 GB of float32).</summary>
    private const long MaxFloats = 256L * 1024 * 1024;

    public string Name => "classify-encoders";
    public string Description => "encoder comparison by 5-fold logistic regression on labelled texts [--input label-text.tsv | --spam] [--lsa 100] [--method logreg|knn] [--max-gb 1.07]";

    public int Run(string[] args)
    {
        int lsa = int.Parse(Reference.Arg(args, "lsa", "100"), CultureInfo.InvariantCulture);
        bool knn = Reference.Arg(args, "method", "logreg") == "knn";
        var input = Reference.Arg(args, "input", "");
        long maxFloats = (long)(double.Parse(Reference.Arg(args, "max-gb", (MaxFloats * 4 / 1e9).ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture) * 1e9 / 4);
        string[] texts, labels;
        if (args.Contains("--spam"))
        {
            var spam = SpamAssassin.ToDocuments(SpamAssassin.Read());
            texts = spam.Texts.ToArray();
            labels = spam.Columns.Single(c => c.Name == "label").Values.ToArray();
        }
        else if (input.Length == 0)
        {
            texts = DemoSentences.All.Select(s => s.Text).ToArray();
            labels = DemoSentences.All.Select(s => s.Label).ToArray();
        }
        else
        {
            var rows = File.ReadLines(input).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).ToArray();
            labels = rows.Select(r => r[0]).ToArray();
            texts = rows.Select(r => r[1]).ToArray();
        }
        Compare(texts, labels, lsa, knn, maxFloats);
        return 0;
    }

    internal static void Compare(IReadOnlyList<string> texts, IReadOnlyList<string> labels, int lsa, bool knn, long maxFloats = MaxFloats)
    {
        var column = new MetadataColumn("label", labels);
        var request = new ClassificationRequest
        {
            Column = "label",
            Method = knn ? ClassificationMethod.KNeighbors : ClassificationMethod.LogisticRegression,
        };
        Console.WriteLine($"{texts.Count:N0} texts, classes {string.Join(", ", labels.GroupBy(l => l).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}"))}; {(knn ? "k-NN (k 5, cosine)" : "logistic regression (C 1)")}, 5-fold stratified CV, seed 0");
        Console.WriteLine("| encoder | dimensions | accuracy | macro-F1 | seconds (encode + CV) |");
        Console.WriteLine("|---|---|---|---|---|");
        (string, Func<ISentenceEncoder>)[] encoders =
        [
            ("bag-of-words", () => TfidfEncoder.FitCounts(texts, null)),
            ("TF-IDF", () => TfidfEncoder.Fit(texts, null, null)),
            ($"TF-IDF + LSA ({lsa})", () => TfidfEncoder.Fit(texts, null, new TruncatedSvdOptions { NComponents = lsa })),
            ("mean of Words (demo)", () => new MeanWordVectorEncoder(DemoWords())),
            ("SIF of Words (demo)", () => SifEncoder.Fit(DemoWords(), texts)),
        ];
        foreach (var (name, make) in encoders)
        {
            var title = name;
            var clock = Stopwatch.StartNew();
            var encoder = make();
            long floats = (long)texts.Count * encoder.Dimensions;
            if (floats > maxFloats)
            {
                Console.WriteLine($"| {title} | {encoder.Dimensions:N0} | — | — | left out: {floats * 4 / 1e9:F2} GB over the {maxFloats * 4 / 1e9:F2} GB bound (the page's unless --max-gb) |");
                continue;
            }
            var matrix = encoder.Encode(texts);
            if (encoder is MeanWordVectorEncoder or SifEncoder)
            {
                int empty = 0;
                for (int r = 0; r < texts.Count; r++)
                    if (System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(matrix.AsSpan(r * encoder.Dimensions, encoder.Dimensions)) == 0) empty++;
                title += $" ({(texts.Count - empty) * 100.0 / texts.Count:F0}% of texts have a known word)";
            }
            var set = new EmbeddingSet(Enumerable.Range(0, texts.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), matrix, encoder.Dimensions, [column]);
            var result = Classifier.Run(set, request);
            Console.WriteLine($"| {title} | {encoder.Dimensions:N0} | {result.Metrics.Accuracy:F4} | {result.Metrics.MacroF1:F4} | {clock.Elapsed.TotalSeconds:F1} |");
        }
    }

    private static EmbeddingSet? _demoWords;

    /// <summary>The workspace's "Words (demo)": word2vec on the teaching corpus with its fixed settings (trained once).</summary>
    private static EmbeddingSet DemoWords() => _demoWords ??= Word2Vec.Train(TeachingCorpus.Sentences(), TeachingCorpus.Word2VecSettings).Vectors;
}
