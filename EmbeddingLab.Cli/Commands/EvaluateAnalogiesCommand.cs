using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>evaluate-analogies --vectors FILE --questions FILE [--restrict-vocab 300000] [--json]</c>: accuracy on a
/// questions-words file per section and in total, as gensim's evaluate_word_analogies.
/// </summary>
public sealed class EvaluateAnalogiesCommand : ICliCommand
{
    public string Name => "evaluate-analogies";
    public string Usage => "evaluate-analogies --vectors FILE --questions FILE [--restrict-vocab 300000] [--format word2vec-text|word2vec-binary|glove] [--json]   analogy accuracy per section (gensim evaluate_word_analogies)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var questions = args.RequiredFile("questions");
        int restrict = args.Int("restrict-vocab", 300_000, min: 1);
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var set = VectorFile.Read(path, new VectorReadOptions { Format = format }, cancellationToken: cancellationToken);
        var result = AnalogyEvaluation.Evaluate(set, questions, new AnalogyEvaluationOptions { RestrictVocab = restrict }, cancellationToken: cancellationToken);
        if (json)
        {
            console.WriteJson(new
            {
                sections = result.Sections.Select(s => new { name = s.Name, correct = s.Correct.Count, total = s.Total }),
                total = new { correct = result.Total.Correct.Count, total = result.Total.Total, accuracy = result.Total.Accuracy },
                skipped = result.Skipped,
            });
        }
        else
        {
            foreach (var s in result.Sections.Append(result.Total))
                console.Out.WriteLine($"{s.Name}: {100 * s.Accuracy:F1}% ({s.Correct.Count}/{s.Total})");
            console.Out.WriteLine($"Questions with out-of-vocabulary words: {result.Skipped} of {result.Questions} ({100 * result.OovRatio:F1}%), skipped.");
        }
        return 0;
    }
}
