using System.CommandLine;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>compare --a FILE --b FILE [--k 10] [--top 20] [--json]</c>: two embedding spaces on their shared keys —
/// neighbourhood overlap at k (against chance), linear CKA, Procrustes disparity, the keys that changed most and least.
/// </summary>
public sealed class CompareCommand() : CliCommand("compare", "Compare two vector sets on their shared keys: neighbourhood overlap at k, CKA, Procrustes disparity, most and least changed keys.")
{
    private readonly Option<string> _a = CliOptions.ExistingFile("--a", "first vector file (word2vec text or binary, or GloVe)", required: true);
    private readonly Option<string> _b = CliOptions.ExistingFile("--b", "second vector file", required: true);
    private readonly Option<int> _k = CliOptions.Int("--k", "neighbours per key for the overlap", 10, 1, 1000);
    private readonly Option<int> _top = CliOptions.Int("--top", "how many most- and least-changed keys to list", 20, 0, 100_000);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of the samples taken on large sets", 0);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "worker threads (0 = all cores)", 0, 0, 1024);
    private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var read = new VectorReadOptions { Format = c.Get(_format) };
        var a = VectorFile.Read(c.Required(_a), read, cancellationToken: c.CancellationToken);
        var b = VectorFile.Read(c.Required(_b), read, cancellationToken: c.CancellationToken);
        var options = new ComparisonOptions { K = c.Get(_k), Top = c.Get(_top), Seed = c.Get(_seed), Threads = c.Get(_threads) };
        bool json = c.Get(_json);
        SpaceComparison result;
        try { result = c.Progress(json).Run("comparing", _ => SpaceComparer.Compare(a, b, options, null, c.CancellationToken)); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        if (json)
        {
            c.Console.WriteJson(new
            {
                shared = result.Shared,
                only_a = result.OnlyA,
                only_b = result.OnlyB,
                k = result.K,
                mean_overlap = Math.Round(result.MeanOverlap, 6),
                chance_overlap = Math.Round(result.ChanceOverlap, 6),
                cka = Math.Round(result.Cka, 6),
                procrustes_disparity = Math.Round(result.ProcrustesDisparity, 6),
                most_changed = result.MostChanged.Select(k => new { key = k.Key, overlap = Math.Round(k.Overlap, 6) }),
                least_changed = result.LeastChanged.Select(k => new { key = k.Key, overlap = Math.Round(k.Overlap, 6) }),
                notes = result.Notes(),
                seconds = Math.Round(result.Seconds, 3),
            });
            return 0;
        }
        c.Out.WriteLine($"Shared keys: {result.Shared:N0} (only in A: {result.OnlyA:N0}, only in B: {result.OnlyB:N0})");
        c.Out.WriteLine($"Mean neighbourhood overlap at k = {result.K}: {result.MeanOverlap:F3} (chance {result.ChanceOverlap:F4})");
        c.Out.WriteLine($"Linear CKA: {result.Cka:F4}");
        c.Out.WriteLine($"Procrustes disparity: {result.ProcrustesDisparity:F4}");
        foreach (var note in result.Notes()) c.Out.WriteLine("Note: " + note);
        if (result.MostChanged.Count > 0)
        {
            c.Out.WriteLine("Most changed:");
            foreach (var k in result.MostChanged) c.Out.WriteLine($"  {k.Overlap,5:F2}  {k.Key}");
            c.Out.WriteLine("Least changed:");
            foreach (var k in result.LeastChanged) c.Out.WriteLine($"  {k.Overlap,5:F2}  {k.Key}");
        }
        c.Out.WriteLine($"({result.Seconds:F2} s)");
        return 0;
    }
}
