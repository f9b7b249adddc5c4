using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>neighbors --vectors FILE --key KEY [--top 10] [--json]</c>: nearest keys by cosine (gensim most_similar).</summary>
public sealed class NeighborsCommand : ICliCommand
{
    public string Name => "neighbors";
    public string Usage => "neighbors --vectors FILE --key KEY [--top 10] [--format word2vec-text|word2vec-binary|glove] [--json]   nearest keys by cosine similarity";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.RequiredFile("vectors");
        var key = args.Required("key");
        int top = args.Int("top", 10, min: 1, max: 100_000);
        var format = VectorFormatOption.Parse(args);
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var set = VectorFile.Read(path, new VectorReadOptions { Format = format }, cancellationToken: cancellationToken);
        var results = set.MostSimilar([key], null, top);
        if (json)
        {
            console.WriteJson(new { key, results = results.Select(r => new { key = r.Key, score = Math.Round((double)r.Score, 6) }) });
        }
        else
        {
            console.Out.WriteLine($"Nearest to \"{key}\" ({set.Count:N0} vectors × {set.Dimensions}):");
            foreach (var r in results) console.Out.WriteLine($"  {r.Score,8:F4}  {r.Key}");
        }
        return 0;
    }
}
