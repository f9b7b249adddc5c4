using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>teaching-corpus --out FILE [--questions FILE] [--sentences-per-word 60] [--seed 1]</c>: writes the built-in teaching corpus.</summary>
public sealed class TeachingCorpusCommand : ICliCommand
{
    public string Name => "teaching-corpus";
    public string Usage => "teaching-corpus --out FILE [--questions FILE] [--sentences-per-word 60] [--seed 1]   write the built-in word2vec teaching corpus (one sentence a line) and its analogy questions";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var outPath = args.Required("out");
        var questions = args.Optional("questions");
        var options = new TeachingCorpusOptions { SentencesPerWord = args.Int("sentences-per-word", 60, min: 1, max: 100_000), Seed = args.Int("seed", 1) };
        args.EnsureAllUsed();
        using (var writer = new StreamWriter(outPath)) TeachingCorpus.WriteText(writer, options);
        if (questions is not null) File.WriteAllText(questions, TeachingCorpus.AnalogyQuestions());
        console.Out.WriteLine($"Wrote {TeachingCorpus.Sentences(options).Count:N0} sentences to {outPath}" + (questions is null ? "." : $" and the analogy questions to {questions}."));
        return 0;
    }
}
