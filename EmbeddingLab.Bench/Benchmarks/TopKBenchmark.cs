using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>Top-10 cosine query over 100,000 × 384 random vectors: our MostSimilar vs gensim's most_similar.</summary>
public sealed class TopKBenchmark : IBenchmark
{
    public string Name => "topk";
    public string Description => "top-10 cosine MostSimilar over 100,000 × 384 (goal < 10 ms median), vs gensim most_similar";

    public int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        int d = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 384;
        const int queries = 60, warmup = 5;
        var rng = new Random(42);
        var data = new float[(long)n * d];
        for (long i = 0; i < data.LongLength; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        var set = new EmbeddingSet(Enumerable.Range(0, n).Select(i => "k" + i).ToArray(), data, d);
        _ = set.Normalized; // built once, as gensim's fill_norms

        var times = new List<double>();
        for (int q = 0; q < warmup + queries; q++)
        {
            var key = "k" + rng.Next(n);
            var sw = Stopwatch.StartNew();
            var result = set.MostSimilar([key], null, 10);
            sw.Stop();
            if (result.Count != 10) throw new InvalidOperationException("expected 10 results");
            if (q >= warmup) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        double ours = Reference.Median(times);
        Console.WriteLine($"EmbeddingLab MostSimilar top-10, {n:N0} × {d}, {Environment.ProcessorCount} threads: median {ours:F2} ms (p90 {times.OrderBy(t => t).ElementAt((int)(times.Count * 0.9)):F2} ms) over {queries} queries");

        var reference = Reference.Run("topk_gensim.py", n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture), queries.ToString(CultureInfo.InvariantCulture));
        if (reference is not null && double.TryParse(reference.Trim().Split('\n')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double gensimMs))
        {
            Console.WriteLine($"gensim {GensimVersion()} KeyedVectors.most_similar top-10, same shape: median {gensimMs:F2} ms");
            Console.WriteLine($"ratio: EmbeddingLab is {gensimMs / ours:F2}× gensim's speed");
        }
        Console.WriteLine(ours < 10 ? "goal (< 10 ms median): met" : "goal (< 10 ms median): NOT met");
        return 0;
    }

    private static string GensimVersion() => Reference.Run("version.py", "gensim")?.Trim() ?? "?";
}
