using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>evaluate-similarity --vectors FILE --pairs FILE [--json]</c>: Pearson and Spearman correlations between human
/// similarity scores and cosines, and the share of pairs with unknown words, as gensim's evaluate_word_pairs.
/// </summary>
public sealed class EvaluateSimilarityCommand : ICliCommand
{
    public string Name => "evaluate-similarity";
    public string Usage => "evaluate-similarity --vectors FILE --pairs FILE [--restrict-vocab 300000] [--format word2vec-text|word2vec-binary|glove] [--json]   correlation with human word-pair scores (gensim evaluate_word_pairs)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var pairs = args.RequiredFile("pairs");
        int restrict = args.Int("restrict-vocab", 300_000, min: 1);
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var set = VectorFile.Read(path, new VectorReadOptions { Format = format }, cancellationToken: cancellationToken);
        var result = WordPairEvaluation.Evaluate(set, pairs, new WordPairEvaluationOptions { RestrictVocab = restrict }, cancellationToken);
        if (json)
        {
            // A constant column has no correlation: null rather than NaN, which JSON cannot hold.
            console.WriteJson(new { pearson = NullIfNaN(result.Pearson), spearman = NullIfNaN(result.Spearman), oov_ratio = result.OovRatio });
        }
        else
        {
            console.Out.WriteLine($"Pearson correlation: {result.Pearson:F4}");
            console.Out.WriteLine($"Spearman rank correlation: {result.Spearman:F4}");
            console.Out.WriteLine($"Pairs with unknown words: {result.Oov} of {result.Oov + result.Pairs} ({100 * result.OovRatio:F1}%), skipped.");
        }
        return 0;
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
