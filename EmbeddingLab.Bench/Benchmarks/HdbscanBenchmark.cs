using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// HDBSCAN times, ours only: Debian's scikit-learn is 1.2 (HDBSCAN arrived in 1.3) and the hdbscan package is not in
/// Debian, so there is no reference on this machine. A 2-D map (Borůvka kd-tree tree) and original vectors (Prim).
/// </summary>
public sealed class HdbscanBenchmark : IBenchmark
{
    public string Name => "hdbscan";
    public string Description => "HDBSCAN on a 2-D map and on vectors, ours only (no reference in Debian) [--map-n 1000000 --n 20000 --d 50 --min-cluster-size 15 --threads 0]";

    public int Run(string[] args)
    {
        int mapN = int.Parse(Reference.Arg(args, "map-n", "1000000"), CultureInfo.InvariantCulture);
        int n = int.Parse(Reference.Arg(args, "n", "20000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "d", "50"), CultureInfo.InvariantCulture);
        int minClusterSize = int.Parse(Reference.Arg(args, "min-cluster-size", "15"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        var options = new HdbscanOptions { MinClusterSize = minClusterSize, Threads = threads };
        Console.WriteLine($"HDBSCAN, min_cluster_size {minClusterSize}, {(threads > 0 ? threads : Environment.ProcessorCount)} threads; no reference (sklearn 1.2 has no HDBSCAN)");
        var warm = SyntheticClusters.Generate(2000, 2, 5, seed: 1);
        Hdbscan.Fit(warm.Matrix.ToArray(), 2000, 2, options); // JIT warm-up

        var map = SyntheticClusters.Generate(mapN, 2, 20, seed: 0, centerSpread: 12);
        var clock = Stopwatch.StartNew();
        var stages = new StageTimes(clock);
        var onMap = Hdbscan.Fit(map.Matrix.ToArray(), mapN, 2, options, stages);
        stages.Finish();
        Console.WriteLine($"2-D map {mapN:N0} points:   {clock.Elapsed.TotalSeconds,8:F2} s   {onMap.ClusterCount} clusters, {onMap.NoiseCount:N0} noise, ARI vs planted {Ari(map, onMap.Labels):F4}");

        var vectors = SyntheticClusters.Generate(n, d, 20, seed: 0);
        clock.Restart();
        stages = new StageTimes(clock);
        var onVectors = Hdbscan.Fit(vectors.Matrix.ToArray(), n, d, options, stages);
        stages.Finish();
        Console.WriteLine($"vectors {n:N0} x {d}:   {clock.Elapsed.TotalSeconds,8:F2} s   {onVectors.ClusterCount} clusters, {onVectors.NoiseCount:N0} noise, ARI vs planted {Ari(vectors, onVectors.Labels):F4}");
        return 0;
    }

    /// <summary>Prints how long each stage took (core distances, spanning tree, condensed tree).</summary>
    private sealed class StageTimes(Stopwatch clock) : IProgress<HdbscanProgress>
    {
        private string? _stage;
        private double _since;

        public void Report(HdbscanProgress value)
        {
            if (value.Stage == _stage) return;
            Finish();
            _stage = value.Stage;
            _since = clock.Elapsed.TotalSeconds;
        }

        public void Finish()
        {
            if (_stage is not null) Console.WriteLine($"    {_stage}: {clock.Elapsed.TotalSeconds - _since:F2} s");
            _stage = null;
        }
    }

    private static double Ari(Core.Vectors.EmbeddingSet set, int[] labels) =>
        ClusterQuality.AdjustedRandIndex(ClusterQuality.Codes(set.Column("cluster")!.Values), labels);
}
