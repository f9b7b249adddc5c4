using System.CommandLine;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>evaluate-similarity --vectors FILE --pairs FILE [--json]</c>: Pearson and Spearman correlations between human
/// similarity scores and cosines, and the share of pairs with unknown words, as gensim's evaluate_word_pairs.
/// </summary>
public sealed class EvaluateSimilarityCommand() : CliCommand("evaluate-similarity", "Correlation of cosines with human word-pair scores (gensim evaluate_word_pairs).")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string> _pairs = CliOptions.ExistingFile("--pairs", "word pairs with a score, tab-separated (WordSim-353 style)", required: true);
    private readonly Option<int> _restrict = CliOptions.Int("--restrict-vocab", "use only the first N keys (gensim restrict_vocab)", 300_000, min: 1);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        var result = WordPairEvaluation.Evaluate(set, c.Required(_pairs), new WordPairEvaluationOptions { RestrictVocab = c.Get(_restrict) }, c.CancellationToken);
        if (c.Get(_json))
        {
            // A constant column has no correlation: null rather than NaN, which JSON cannot hold.
            c.Console.WriteJson(new { pearson = NullIfNaN(result.Pearson), spearman = NullIfNaN(result.Spearman), oov_ratio = result.OovRatio });
        }
        else
        {
            c.Out.WriteLine($"Pearson correlation: {result.Pearson:F4}");
            c.Out.WriteLine($"Spearman rank correlation: {result.Spearman:F4}");
            c.Out.WriteLine($"Pairs with unknown words: {result.Oov} of {result.Oov + result.Pairs} ({100 * result.OovRatio:F1}%), skipped.");
        }
        return 0;
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
