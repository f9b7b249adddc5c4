using System.CommandLine;
using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>weat --vectors FILE --targets-x a,b,… --targets-y … --attributes-a … --attributes-b … [--permutations 100000 --seed 0] [--json]</c>:
/// the Word Embedding Association Test (Caliskan et al. 2017); JSON
/// <c>{"effect_size", "p_value", "x", "y", "a", "b", "missing": […]}</c> plus <c>exact</c> and <c>partitions</c>.
/// </summary>
public sealed class WeatCommand() : CliCommand("weat", "Word Embedding Association Test (Caliskan et al. 2017): effect size d and permutation p-value of two target sets against two attribute sets.")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, or GloVe", required: true);
    private readonly Option<string[]> _x = CliOptions.List("--targets-x", "target words X, comma-separated (e.g. flowers)");
    private readonly Option<string[]> _y = CliOptions.List("--targets-y", "target words Y, comma-separated (e.g. insects)");
    private readonly Option<string[]> _a = CliOptions.List("--attributes-a", "attribute words A, comma-separated (e.g. pleasant)");
    private readonly Option<string[]> _b = CliOptions.List("--attributes-b", "attribute words B, comma-separated (e.g. unpleasant)");
    private readonly Option<int> _permutations = CliOptions.Int("--permutations", $"random partitions (at least {Weat.MinPermutations:N0}) when there are more than {Weat.ExactLimit:N0} (else the test is exact)", 100_000, Weat.MinPermutations, 100_000_000);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of the random partitions", 0);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        string[] Need(Option<string[]> option, string name) =>
            c.Get(option) is { Length: > 0 } words ? words : throw new CliException($"Option {name} needs at least one word (comma-separated).");
        var query = new WeatQuery(Need(_x, "--targets-x"), Need(_y, "--targets-y"), Need(_a, "--attributes-a"), Need(_b, "--attributes-b"))
        {
            Permutations = c.Get(_permutations),
            Seed = c.Get(_seed),
        };
        var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
        WeatResult result;
        try { result = Weat.Run(set, query, c.CancellationToken); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        if (c.Get(_json))
        {
            c.Console.WriteJson(new
            {
                effect_size = Math.Round(result.EffectSize, 6),
                p_value = result.PValue,
                x = result.X.Count,
                y = result.Y.Count,
                a = result.A.Count,
                b = result.B.Count,
                missing = result.Missing,
                exact = result.Exact,
                partitions = result.PartitionsTested,
            });
        }
        else
        {
            c.Out.WriteLine($"WEAT on {set.Count:N0} vectors: effect size d = {result.EffectSize:F3}, p = {result.PValue:G4} " +
                            $"({(result.Exact ? "exact over" : "sampled from")} {result.PartitionsTested:N0} partitions)");
            c.Out.WriteLine($"  words used: X {result.X.Count}, Y {result.Y.Count}, A {result.A.Count}, B {result.B.Count}" +
                            (result.Missing.Count > 0 ? $"; not in the vocabulary: {string.Join(", ", result.Missing)}" : ""));
            foreach (var s in result.Scores.OrderByDescending(s => s.Association))
                c.Out.WriteLine($"  {s.Association,8:F4}  {s.Word} ({s.Set})");
        }
        return 0;
    }
}
