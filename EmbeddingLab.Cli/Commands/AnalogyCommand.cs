using System.CommandLine;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>analogy --vectors FILE --positive a,b --negative c [--method cosadd|cosmul] [--top 10] [--json]</c>:
/// gensim most_similar (3CosAdd) or most_similar_cosmul (3CosMul); the input words are never answers.
/// </summary>
public sealed class AnalogyCommand() : CliCommand("analogy", "Words closest to positive − negative (king,woman − man → queen), as gensim most_similar / most_similar_cosmul.")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string[]> _positive = CliOptions.List("--positive", "words to add, comma-separated (e.g. king,woman)");
    private readonly Option<string[]> _negative = CliOptions.List("--negative", "words to subtract, comma-separated (e.g. man)");
    private readonly Option<string> _method = CliOptions.Choice("--method", "3CosAdd (gensim most_similar) or 3CosMul (most_similar_cosmul)", "cosadd", "cosadd", "cosmul");
    private readonly Option<int> _top = CliOptions.Int("--top", "how many answers", 10, min: 1, max: 100_000);
    private readonly Option<int?> _restrict = CliOptions.OptionalInt("--restrict-vocab", "search only the first N keys (gensim restrict_vocab)", min: 1);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var positive = c.Get(_positive) ?? [];
        var negative = c.Get(_negative) ?? [];
        var method = c.Get(_method) == "cosmul" ? AnalogyMethod.CosMul : AnalogyMethod.CosAdd;
        if (positive.Length == 0) throw new CliException("Option --positive needs at least one word (comma-separated, e.g. --positive king,woman).");

        var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        var results = set.MostSimilarBy(method, positive, negative, c.Get(_top), c.Get(_restrict));
        if (c.Get(_json))
        {
            c.Console.WriteJson(new { results = results.Select(r => new { key = r.Key, score = Math.Round((double)r.Score, 6) }) });
        }
        else
        {
            var query = string.Join(" + ", positive) + string.Concat(negative.Select(n => " − " + n));
            c.Out.WriteLine($"{query} ({(method == AnalogyMethod.CosMul ? "3CosMul" : "3CosAdd")}, {set.Count:N0} vectors × {set.Dimensions}):");
            foreach (var r in results) c.Out.WriteLine($"  {r.Score,8:F4}  {r.Key}");
        }
        return 0;
    }
}
