using System.Globalization;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// t-SNE on clustered points (default 20,000 × 32, 10 blobs): ours vs scikit-learn's Barnes-Hut TSNE with the same
/// perplexity, iterations and points. Both embeddings are scored with the same trustworthiness@10 (sampled).
/// </summary>
public sealed class TsneBenchmark : IBenchmark
{
    public string Name => "tsne";
    public string Description => "t-SNE 20,000 x 32 clustered vs sklearn [--n 20000 --d 32 --clusters 10 --perplexity 30 --iterations 1000 --threads 0 --skip-reference --method auto|exact|barnes-hut|fft --neighbors auto|vptree|brute --ints-in-interval 0.5]";

    public int Run(string[] args)
    {
        int n = int.Parse(Reference.Arg(args, "n", "20000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "d", "32"), CultureInfo.InvariantCulture);
        int clusters = int.Parse(Reference.Arg(args, "clusters", "10"), CultureInfo.InvariantCulture);
        double perplexity = double.Parse(Reference.Arg(args, "perplexity", "30"), CultureInfo.InvariantCulture);
        int iterations = int.Parse(Reference.Arg(args, "iterations", "1000"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        var method = Reference.Arg(args, "method", "auto") switch
        {
            "exact" => TsneMethod.Exact,
            "barnes-hut" => TsneMethod.BarnesHut,
            "fft" => TsneMethod.Fft,
            _ => TsneMethod.Auto,
        };
        var neighbors = Reference.Arg(args, "neighbors", "auto") switch
        {
            "vptree" => TsneNeighbors.VpTree,
            "brute" => TsneNeighbors.BruteForce,
            _ => TsneNeighbors.Auto,
        };
        double intsInInterval = double.Parse(Reference.Arg(args, "ints-in-interval", new TsneOptions().IntsInInterval.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        bool skipReference = args.Contains("--skip-reference");
        int resolvedThreads = threads > 0 ? threads : Environment.ProcessorCount;

        var set = SyntheticClusters.Generate(n, d, clusters, seed: 0);
        var data = set.Matrix.ToArray();
        Console.WriteLine($"t-SNE: {n:N0} points x {d} dims, {clusters} clusters, perplexity {perplexity}, {iterations} iterations, {resolvedThreads} threads");

        var options = new TsneOptions { Perplexity = perplexity, NIter = iterations, Seed = 0, Threads = threads, Method = method, Neighbors = neighbors, SnapshotEvery = 0, IntsInInterval = intsInInterval };
        // The three pieces separately (same as Tsne.Run), so the phases can be timed.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = cpu.TotalProcessorTime;
        bool exact = Tsne.IsExact(options, n);
        var phases = new PhaseClock();
        var p = Affinities.Compute(data, n, d, perplexity, exact, resolvedThreads, 0, phases, neighborSearch: neighbors);
        phases.Report(new TsneProgress("done", 0, 0, null, null));
        Console.WriteLine($"affinities: {clock.Elapsed.TotalSeconds:F2} s wall ({(exact ? "all pairs" : Affinities.ResolveNeighbors(neighbors, n, d).ToString())})");
        double affinitySeconds = clock.Elapsed.TotalSeconds;
        cpu.Refresh(); var cpuAffinities = (cpu.TotalProcessorTime - cpu0).TotalSeconds;
        var y0 = Tsne.Initialize(data, n, d, options);
        double initSeconds = clock.Elapsed.TotalSeconds - affinitySeconds;
        cpu.Refresh(); double cpuBeforeOptimise = (cpu.TotalProcessorTime - cpu0).TotalSeconds;
        var ours = Tsne.Optimize(p, y0, options);
        ours = ours with { Elapsed = clock.Elapsed };
        cpu.Refresh(); double oursCpu = (cpu.TotalProcessorTime - cpu0).TotalSeconds;
        double optimisationCpu = oursCpu - cpuBeforeOptimise;
        Console.WriteLine($"ours cpu: {oursCpu:F2} s (affinities {cpuAffinities:F2} s)");
        Console.WriteLine($"ours phases: affinities {affinitySeconds:F2} s ({p.NonZeros:N0} non-zeros), init {initSeconds:F2} s, optimisation {ours.Elapsed.TotalSeconds - affinitySeconds - initSeconds:F2} s ({Tsne.ResolveMethod(options, n)}, {(optimisationCpu / Math.Max(1, iterations)) * 1000:F1} ms cpu per iteration)");
        var oursQuality = ProjectionQuality.Evaluate(data, n, d, ours.Coordinates, 2, k: 10, sampleSize: 2000, threads: threads);
        Console.WriteLine($"ours:    {ours.Elapsed.TotalSeconds,8:F2} s   KL {ours.KlDivergence:F4}   trustworthiness@10 {oursQuality.Trustworthiness:F4}   kNN preservation@10 {oursQuality.KnnPreservation:F4}");
        if (skipReference) return 0;

        var dir = Directory.CreateTempSubdirectory("tsne-bench-");
        try
        {
            var points = Path.Combine(dir.FullName, "points.f32");
            var outPath = Path.Combine(dir.FullName, "sklearn.f32");
            Reference.WriteFloats(points, data);
            var reference = Reference.RunJson("tsne_sklearn.py", points, n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture), outPath,
                "--perplexity", perplexity.ToString(CultureInfo.InvariantCulture), "--n-iter", iterations.ToString(CultureInfo.InvariantCulture),
                "--threads", resolvedThreads.ToString(CultureInfo.InvariantCulture));
            if (reference is null) return 1;
            double refSeconds = reference.Value.GetProperty("seconds").GetDouble();
            var refCoordinates = Reference.ReadFloats(outPath);
            var refQuality = ProjectionQuality.Evaluate(data, n, d, refCoordinates, 2, k: 10, sampleSize: 2000, threads: threads);
            Console.WriteLine($"sklearn: {refSeconds,8:F2} s   KL {reference.Value.GetProperty("kl_divergence").GetDouble():F4}   trustworthiness@10 {refQuality.Trustworthiness:F4}   kNN preservation@10 {refQuality.KnnPreservation:F4}   (scikit-learn {reference.Value.GetProperty("sklearn").GetString()})");
            double refCpu = reference.Value.GetProperty("cpu_seconds").GetDouble();
            Console.WriteLine($"cpu seconds: ours {oursCpu:F2}, sklearn {refCpu:F2}, ratio {oursCpu / refCpu:F3} (fairer than wall time on a busy machine)");
            double ratio = ours.Elapsed.TotalSeconds / refSeconds;
            Console.WriteLine($"ratio ours/sklearn: {ratio:F3} (target <= 0.25); trustworthiness difference {oursQuality.Trustworthiness - refQuality.Trustworthiness:+0.0000;-0.0000} (target within 0.01)");
        }
        finally { dir.Delete(true); }
        return 0;
    }

    // Prints how long each reported phase took (Progress<T> would post asynchronously; this reports inline).
    private sealed class PhaseClock : IProgress<TsneProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private string? _phase;
        public void Report(TsneProgress value)
        {
            if (value.Phase == _phase) return;
            if (_phase is not null) Console.WriteLine($"  {_phase}: {_clock.Elapsed.TotalSeconds:F2} s");
            _phase = value.Phase;
            _clock.Restart();
        }
    }
}
