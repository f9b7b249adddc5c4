using System.CommandLine;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>evaluate-analogies --vectors FILE --questions FILE [--restrict-vocab 300000] [--json]</c>: accuracy on a
/// questions-words file per section and in total, as gensim's evaluate_word_analogies.
/// </summary>
public sealed class EvaluateAnalogiesCommand() : CliCommand("evaluate-analogies", "Analogy accuracy per section and in total (gensim evaluate_word_analogies).")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string> _questions = CliOptions.ExistingFile("--questions", "questions-words file (\": section\" lines, then four words a line)", required: true);
    private readonly Option<int> _restrict = CliOptions.Int("--restrict-vocab", "answer from the first N keys only (gensim restrict_vocab)", 300_000, min: 1);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        bool json = c.Get(_json);
        var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        var options = new AnalogyEvaluationOptions { RestrictVocab = c.Get(_restrict) };
        var result = c.Progress(json).Run("Evaluating analogies", p => AnalogyEvaluation.Evaluate(set, c.Required(_questions), options,
            p.Map<EvaluationProgress>(e => new(e.Total == 0 ? 1 : (double)e.Done / e.Total, $"{e.Done:N0}/{e.Total:N0} questions")), c.CancellationToken));
        if (json)
        {
            c.Console.WriteJson(new
            {
                sections = result.Sections.Select(s => new { name = s.Name, correct = s.Correct.Count, total = s.Total }),
                total = new { correct = result.Total.Correct.Count, total = result.Total.Total, accuracy = result.Total.Accuracy },
                skipped = result.Skipped,
            });
        }
        else
        {
            foreach (var s in result.Sections.Append(result.Total))
                c.Out.WriteLine($"{s.Name}: {100 * s.Accuracy:F1}% ({s.Correct.Count}/{s.Total})");
            c.Out.WriteLine($"Questions with out-of-vocabulary words: {result.Skipped} of {result.Questions} ({100 * result.OovRatio:F1}%), skipped.");
        }
        return 0;
    }
}
