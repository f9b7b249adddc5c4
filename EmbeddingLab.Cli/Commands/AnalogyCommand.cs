using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>analogy --vectors FILE --positive a,b --negative c [--method cosadd|cosmul] [--top 10] [--json]</c>:
/// gensim most_similar (3CosAdd) or most_similar_cosmul (3CosMul); the input words are never answers.
/// </summary>
public sealed class AnalogyCommand : ICliCommand
{
    public string Name => "analogy";
    public string Usage => "analogy --vectors FILE --positive a,b --negative c [--method cosadd|cosmul] [--top 10] [--restrict-vocab N] [--format word2vec-text|word2vec-binary|glove] [--json]   words closest to positive − negative (king,woman − man → queen)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var positive = args.List("positive");
        var negative = args.List("negative");
        var method = args.Choice("method", "cosadd", "cosadd", "cosmul") == "cosmul" ? AnalogyMethod.CosMul : AnalogyMethod.CosAdd;
        int top = args.Int("top", 10, min: 1, max: 100_000);
        int? restrict = args.Has("restrict-vocab") ? args.Int("restrict-vocab", 0, min: 1) : null;
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();
        if (positive.Length == 0) throw new CliException("Option --positive needs at least one word (comma-separated, e.g. --positive king,woman).");

        var set = VectorFile.Read(path, new VectorReadOptions { Format = format }, cancellationToken: cancellationToken);
        var results = set.MostSimilarBy(method, positive, negative, top, restrict);
        if (json)
        {
            console.WriteJson(new { results = results.Select(r => new { key = r.Key, score = Math.Round((double)r.Score, 6) }) });
        }
        else
        {
            var query = string.Join(" + ", positive) + string.Concat(negative.Select(n => " − " + n));
            console.Out.WriteLine($"{query} ({(method == AnalogyMethod.CosMul ? "3CosMul" : "3CosAdd")}, {set.Count:N0} vectors × {set.Dimensions}):");
            foreach (var r in results) console.Out.WriteLine($"  {r.Score,8:F4}  {r.Key}");
        }
        return 0;
    }
}
