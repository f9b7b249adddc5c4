using System.CommandLine;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>teaching-corpus --out FILE [--questions FILE] [--sentences-per-word 60] [--seed 1]</c>: writes the built-in teaching corpus.</summary>
public sealed class TeachingCorpusCommand() : CliCommand("teaching-corpus", "Write the built-in word2vec teaching corpus (one sentence a line) and its analogy questions.")
{
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "where to write the corpus");
    private readonly Option<string> _questions = CliOptions.OutputFile("--questions", "where to write the analogy questions (questions-words format)", required: false);
    private readonly Option<int> _sentencesPerWord = CliOptions.Int("--sentences-per-word", "sentences generated per vocabulary word", 60, min: 1, max: 100_000);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "random seed", 1);

    protected internal override int Run(CliContext c)
    {
        var outPath = c.Required(_out);
        var questions = c.Get(_questions);
        var options = new TeachingCorpusOptions { SentencesPerWord = c.Get(_sentencesPerWord), Seed = c.Get(_seed) };
        using (var writer = new StreamWriter(outPath)) TeachingCorpus.WriteText(writer, options);
        if (questions is not null) File.WriteAllText(questions, TeachingCorpus.AnalogyQuestions());
        c.Out.WriteLine($"Wrote {TeachingCorpus.Sentences(options).Count:N0} sentences to {outPath}" + (questions is null ? "." : $" and the analogy questions to {questions}."));
        return 0;
    }
}
