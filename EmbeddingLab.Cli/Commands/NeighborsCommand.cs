using System.CommandLine;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>neighbors --vectors FILE --key KEY [--top 10] [--json]</c>: nearest keys by cosine (gensim most_similar).</summary>
public sealed class NeighborsCommand() : CliCommand("neighbors", "Nearest keys by cosine similarity (gensim most_similar).")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string> _key = CliOptions.Text("--key", "the key whose neighbours to list", required: true, valueName: "KEY");
    private readonly Option<int> _top = CliOptions.Int("--top", "how many neighbours", 10, min: 1, max: 100_000);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var key = c.Required(_key);
        var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        var results = set.MostSimilar([key], null, c.Get(_top));
        if (c.Get(_json))
        {
            c.Console.WriteJson(new { key, results = results.Select(r => new { key = r.Key, score = Math.Round((double)r.Score, 6) }) });
        }
        else
        {
            c.Out.WriteLine($"Nearest to \"{key}\" ({set.Count:N0} vectors × {set.Dimensions}):");
            foreach (var r in results) c.Out.WriteLine($"  {r.Score,8:F4}  {r.Key}");
        }
        return 0;
    }
}
