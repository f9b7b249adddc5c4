using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// k-means on 100,000 × 50 points in 20 overlapping planted clusters, k = 20: ours vs scikit-learn KMeans (Lloyd), once from the
/// same initial centres (same work, labels compared) and once each with its own k-means++ (n_init 1).
/// </summary>
public sealed class KMeansBenchmark : IBenchmark
{
    public string Name => "kmeans";
    public string Description => "k-means 100,000 x 50, k 20 vs sklearn KMeans [--n 100000 --d 50 --k 20 --threads 0 --skip-reference]";

    public int Run(string[] args)
    {
        int n = int.Parse(Reference.Arg(args, "n", "100000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "d", "50"), CultureInfo.InvariantCulture);
        int k = int.Parse(Reference.Arg(args, "k", "20"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        var set = SyntheticClusters.Generate(n, d, 20, seed: 0, centerSpread: 0.6); // overlapping clusters: tens of Lloyd iterations, not two
        var data = set.Matrix.ToArray();
        Console.WriteLine($"k-means: {n:N0} x {d}, k {k}, {(threads > 0 ? threads : Environment.ProcessorCount)} threads");
        int warm = Math.Min(n, 5000);
        KMeans.Fit(data.AsSpan(0, warm * d).ToArray(), warm, d, new KMeansOptions { NClusters = k, Threads = threads }); // JIT warm-up on a slice

        // A common start: our k-means++ centres, handed to both.
        var clock = Stopwatch.StartNew();
        var plusPlus = KMeans.Fit(data, n, d, new KMeansOptions { NClusters = k, Seed = 0, Threads = threads });
        double oursPlusPlus = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var init = KMeans.PlusPlus(data, n, d, k, seed: 1, threads: threads);
        double oursInit = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var fixedStart = KMeans.Fit(data, n, d, new KMeansOptions { NClusters = k, InitialCenters = init, Threads = threads });
        double oursFixed = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ours, fixed start:       {oursFixed,8:F3} s   inertia {fixedStart.Inertia:F1}, {fixedStart.NIter} iterations");
        Console.WriteLine($"ours, k-means++ (n_init 1): {oursPlusPlus,8:F3} s   inertia {plusPlus.Inertia:F1}, {plusPlus.NIter} iterations (k-means++ alone: {oursInit:F3} s)");
        if (args.Contains("--skip-reference")) return 0;
        var dir = Directory.CreateTempSubdirectory("kmeans-bench-");
        try
        {
            var points = Path.Combine(dir.FullName, "points.f32");
            var initPath = Path.Combine(dir.FullName, "init.f32");
            Reference.WriteFloats(points, data);
            Reference.WriteFloats(initPath, init);
            var reference = Reference.RunJson("kmeans_sklearn.py", points, n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture),
                k.ToString(CultureInfo.InvariantCulture), initPath);
            if (reference is null) return 1;
            var f = reference.Value.GetProperty("fixed");
            var p = reference.Value.GetProperty("plusplus");
            var refLabels = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(initPath + ".labels")).ToArray();
            int same = 0;
            for (int i = 0; i < n; i++) if (refLabels[i] == fixedStart.Labels[i]) same++;
            double refFixed = f.GetProperty("seconds").GetDouble(), refPlusPlus = p.GetProperty("seconds").GetDouble();
            Console.WriteLine($"sklearn {reference.Value.GetProperty("sklearn").GetString()}, fixed start:    {refFixed,8:F3} s   inertia {f.GetProperty("inertia").GetDouble():F1}, {f.GetProperty("n_iter").GetInt32()} iterations; same labels as ours: {same:N0} of {n:N0}");
            Console.WriteLine($"sklearn, k-means++ (n_init 1):  {refPlusPlus,8:F3} s   inertia {p.GetProperty("inertia").GetDouble():F1}, {p.GetProperty("n_iter").GetInt32()} iterations");
            Console.WriteLine($"ratio ours/sklearn: fixed start {oursFixed / refFixed:F3}, k-means++ {oursPlusPlus / refPlusPlus:F3}");
        }
        finally { dir.Delete(true); }
        return 0;
    }
}
