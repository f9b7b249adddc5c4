using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>PCA to 2 components on 100,000 × 384 clustered points: ours vs scikit-learn PCA (svd_solver="auto").</summary>
public sealed class PcaBenchmark : IBenchmark
{
    public string Name => "pca";
    public string Description => "PCA 100,000 x 384 vs sklearn [--n 100000 --d 384 --components 2 --threads 0 --skip-reference]";

    public int Run(string[] args)
    {
        int n = int.Parse(Reference.Arg(args, "n", "100000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "d", "384"), CultureInfo.InvariantCulture);
        int k = int.Parse(Reference.Arg(args, "components", "2"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        var set = SyntheticClusters.Generate(n, d, 20, seed: 0);
        var data = set.Matrix.ToArray();
        Console.WriteLine($"PCA: {n:N0} x {d} -> {k}, {(threads > 0 ? threads : Environment.ProcessorCount)} threads");
        int warm = Math.Min(n, 2000);
        Pca.Fit(data.AsSpan(0, warm * d).ToArray(), warm, d, new PcaOptions { NComponents = k, Threads = threads }); // JIT warm-up on a slice
        var clock = Stopwatch.StartNew();
        var ours = Pca.Fit(data, n, d, new PcaOptions { NComponents = k, Threads = threads });
        double oursSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ours:    {oursSeconds,8:F3} s   explained variance ratio [{string.Join(", ", ours.ExplainedVarianceRatio.Select(r => r.ToString("F5", CultureInfo.InvariantCulture)))}]");
        if (args.Contains("--skip-reference")) return 0;
        var dir = Directory.CreateTempSubdirectory("pca-bench-");
        try
        {
            var points = Path.Combine(dir.FullName, "points.f32");
            Reference.WriteFloats(points, data);
            var reference = Reference.RunJson("pca_sklearn.py", points, n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture),
                "--components", k.ToString(CultureInfo.InvariantCulture));
            if (reference is null) return 1;
            double refSeconds = reference.Value.GetProperty("seconds").GetDouble();
            var ratios = reference.Value.GetProperty("explained_variance_ratio").EnumerateArray().Select(e => e.GetDouble().ToString("F5", CultureInfo.InvariantCulture));
            Console.WriteLine($"sklearn: {refSeconds,8:F3} s   explained variance ratio [{string.Join(", ", ratios)}]   (solver {reference.Value.GetProperty("solver").GetString()})");
            Console.WriteLine($"ratio ours/sklearn: {oursSeconds / refSeconds:F3}");
        }
        finally { dir.Delete(true); }
        return 0;
    }
}
