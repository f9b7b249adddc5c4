using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class TsneTests
{
    // Label accuracy of a 5-nearest-neighbour vote in the embedding: planted clusters must stay separate.
    private static double KnnLabelAccuracy(float[] y, int n, int dims, IReadOnlyList<string> labels)
    {
        int correct = 0;
        var rows = new int[5]; var dist = new float[5];
        for (int i = 0; i < n; i++)
        {
            ProjectionQuality.NearestK(y, n, dims, i, 5, rows, dist);
            var vote = rows.GroupBy(r => labels[r]).OrderByDescending(g => g.Count()).First().Key;
            if (vote == labels[i]) correct++;
        }
        return (double)correct / n;
    }

    [Theory]
    [InlineData(TsneMethod.Exact, 2)]
    [InlineData(TsneMethod.BarnesHut, 2)]
    [InlineData(TsneMethod.BarnesHut, 3)]
    public void Separates_planted_clusters(TsneMethod method, int dims)
    {
        // Blobs overlap in a random 2-D view of 20-D space, so separation has to come from t-SNE itself.
        var set = SyntheticClusters.Generate(400, 20, 5, seed: 7, centerSpread: 1.5);
        var result = Tsne.Run(set, new TsneOptions { Method = method, NComponents = dims, NIter = 400, Threads = 2, Seed = 1 });
        Assert.Equal(400 * dims, result.Coordinates.Length);
        Assert.All(result.Coordinates, c => Assert.True(float.IsFinite(c)));
        double accuracy = KnnLabelAccuracy(result.Coordinates, 400, dims, set.Column("cluster")!.Values);
        Assert.True(accuracy > 0.97, $"kNN label accuracy {accuracy:F3}");
        var quality = ProjectionQuality.Evaluate(set.Matrix.ToArray(), 400, 20, result.Coordinates, dims, k: 10, sampleSize: 0);
        Assert.True(quality.Trustworthiness > 0.85, $"trustworthiness {quality.Trustworthiness:F3}");
        Assert.True(result.KlDivergence is > 0 and < 3, $"KL {result.KlDivergence}");
    }

    [Fact]
    public void Barnes_hut_agrees_with_exact_in_quality()
    {
        var set = SyntheticClusters.Generate(300, 10, 4, seed: 8, centerSpread: 2);
        var data = set.Matrix.ToArray();
        var exact = Tsne.Run(set, new TsneOptions { Method = TsneMethod.Exact, NIter = 350, Threads = 2 });
        var bh = Tsne.Run(set, new TsneOptions { Method = TsneMethod.BarnesHut, NIter = 350, Threads = 2 });
        var qe = ProjectionQuality.Evaluate(data, 300, 10, exact.Coordinates, 2, sampleSize: 0);
        var qb = ProjectionQuality.Evaluate(data, 300, 10, bh.Coordinates, 2, sampleSize: 0);
        Assert.InRange(qb.Trustworthiness, qe.Trustworthiness - 0.02, qe.Trustworthiness + 0.02);
    }

    [Fact]
    public void Affinities_are_symmetric_and_sum_to_one()
    {
        var set = SyntheticClusters.Generate(300, 6, 3, seed: 9);
        var p = Affinities.Compute(set.Matrix.ToArray(), 300, 6, perplexity: 10, exact: false, threads: 2, seed: 0);
        double total = 0;
        var entries = new Dictionary<(int, int), double>();
        for (int i = 0; i < 300; i++)
            for (int r = p.RowStart[i]; r < p.RowStart[i + 1]; r++) { entries[(i, p.Columns[r])] = p.Values[r]; total += p.Values[r]; }
        Assert.Equal(1.0, total, 9);
        foreach (var ((i, j), v) in entries) Assert.Equal(v, entries[(j, i)], 12);
        Assert.DoesNotContain(entries.Keys, e => e.Item1 == e.Item2);
    }

    [Fact]
    public void Reproducible_with_a_seed_and_reports_progress_with_coordinates()
    {
        var set = SyntheticClusters.Generate(1100, 8, 3, seed: 10); // above 1,000: Barnes-Hut
        var snapshots = new List<TsneProgress>();
        var progress = new InlineProgress<TsneProgress>(snapshots.Add);
        var options = new TsneOptions { NIter = 120, ExplorationNIter = 60, Threads = 1, Seed = 3, SnapshotEvery = 20 };
        var a = Tsne.Run(set, options, progress);
        var b = Tsne.Run(set, options with { Threads = 2 });
        Assert.Equal(a.Coordinates, b.Coordinates); // per-point sums do not depend on the thread count
        var withCoordinates = snapshots.Where(s => s.Coordinates is not null).ToList();
        Assert.True(withCoordinates.Count >= 6, $"{withCoordinates.Count} snapshots");
        Assert.All(withCoordinates, s => Assert.Equal(1100 * 2, s.Coordinates!.Length));
        Assert.Contains(snapshots, s => s.KlDivergence is not null && s.Iteration == 120);
        // KL(P‖Q) is never negative, also when reported during early exaggeration (iteration 50 here).
        Assert.Contains(snapshots, s => s.KlDivergence is not null && s.Iteration == 50);
        Assert.All(snapshots.Where(s => s.KlDivergence is not null), s => Assert.True(s.KlDivergence >= 0, $"KL {s.KlDivergence} at {s.Iteration}"));
    }

    [Fact]
    public void Cancel_stops_the_run()
    {
        var set = SyntheticClusters.Generate(3000, 8, 3, seed: 11);
        using var cts = new CancellationTokenSource();
        var progress = new InlineProgress<TsneProgress>(p => { if (p.Iteration >= 20) cts.Cancel(); });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Tsne.Run(set, new TsneOptions { NIter = 100_000, Threads = 2, SnapshotEvery = 10 }, progress, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Rejects_a_perplexity_not_below_the_point_count()
    {
        var set = SyntheticClusters.Generate(20, 4, 2);
        var error = Assert.Throws<ArgumentException>(() => Tsne.Run(set, new TsneOptions { Perplexity = 30 }));
        Assert.Contains("Perplexity", error.Message);
    }
}
