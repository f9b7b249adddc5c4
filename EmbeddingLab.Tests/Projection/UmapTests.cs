using EmbeddingLab.Core.Reporting;
using System.Globalization;
using System.Text.Json;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class UmapTests
{
    private static string Fixture(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "EmbeddingLab.Tests", "TestData", "umap", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Test data umap/{file} not found.");
    }

    private static double[][] ReadRows(string file) =>
        File.ReadAllLines(Fixture(file)).Where(l => l.Length > 0)
            .Select(l => l.Split('\t').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    private static (float[] Data, int N, int D) Points()
    {
        var rows = ReadRows("points.tsv");
        int d = rows[0].Length;
        return (rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), rows.Length, d);
    }

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
    [InlineData("euclidean", UmapMetric.Euclidean)]
    [InlineData("cosine", UmapMetric.Cosine)]
    public void Graph_sigmas_and_rhos_equal_umap_learns(string name, UmapMetric metric)
    {
        var (data, n, d) = Points();
        var result = Umap.BuildGraph(data, n, d, new UmapOptions { Metric = metric, Neighbors = UmapNeighbors.Exact, Threads = 1 });
        var reference = ReadRows($"sigmas_rhos_{name}.tsv");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(reference[i][0], result.Sigmas[i], 1e-5 * Math.Max(1, reference[i][0]));
            Assert.Equal(reference[i][1], result.Rhos[i], 1e-5 * Math.Max(1, reference[i][1]));
        }
        var edges = ReadRows($"graph_{name}.tsv");
        Assert.Equal(edges.Length, result.Graph.NonZeros);
        // umap-learn's cosine distances are 1 − x·y in float32 (ours |x − y|²/2 on unit vectors): they agree to ~1e-7,
        // which a small σ turns into ~1e-5 on a weight.
        double tolerance = metric == UmapMetric.Cosine ? 1e-4 : 1e-5;
        foreach (var e in edges)
        {
            int i = (int)e[0], j = (int)e[1];
            Assert.Equal(e[2], result.Graph.Weight(i, j), tolerance);
            Assert.Equal(result.Graph.Weight(i, j), result.Graph.Weight(j, i)); // symmetric
        }
    }

    [Fact]
    public void A_and_b_equal_umap_learns_find_ab_params()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture("ab.json")));
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            double spread = entry.GetProperty("spread").GetDouble(), minDist = entry.GetProperty("min_dist").GetDouble();
            var (a, b) = CurveFit.FindAbParams(spread, minDist);
            double refA = entry.GetProperty("a").GetDouble(), refB = entry.GetProperty("b").GetDouble();
            Assert.True(Math.Abs(a - refA) <= 1e-5 * refA, $"spread {spread}, min_dist {minDist}: a {a} vs {refA}");
            Assert.True(Math.Abs(b - refB) <= 1e-5 * refB, $"spread {spread}, min_dist {minDist}: b {b} vs {refB}");
        }
    }

    [Theory]
    [InlineData(2, UmapInit.Spectral)]
    [InlineData(3, UmapInit.Spectral)]
    [InlineData(2, UmapInit.Random)]
    [InlineData(2, UmapInit.Pca)]
    public void Separates_planted_clusters(int dims, UmapInit init)
    {
        // Blobs overlap in a random 2-D view of 20-D space, so separation has to come from UMAP itself.
        var set = SyntheticClusters.Generate(600, 20, 5, seed: 7, centerSpread: 1.5);
        var result = Umap.Run(set, new UmapOptions { NComponents = dims, Init = init, NEpochs = 200, Threads = 2, RandomState = 1 });
        Assert.Equal(600 * dims, result.Coordinates.Length);
        Assert.All(result.Coordinates, c => Assert.True(float.IsFinite(c)));
        Assert.StartsWith(init.ToString().ToLowerInvariant(), result.InitUsed);
        double accuracy = KnnLabelAccuracy(result.Coordinates, 600, dims, set.Column("cluster")!.Values);
        Assert.True(accuracy > 0.95, $"kNN label accuracy {accuracy:F3}");
    }

    [Fact]
    public void Keeps_trustworthiness_on_a_known_manifold()
    {
        // A swiss roll (a 2-D sheet rolled up in 3-D) rotated into 12 dimensions: near points on the sheet must stay near.
        var random = new Random(5);
        int n = 1500, d = 12;
        var data = new float[n * d];
        var rotation = new double[3 * d];
        for (int i = 0; i < rotation.Length; i++) rotation[i] = SyntheticGaussian(random);
        for (int i = 0; i < n; i++)
        {
            double t = 1.5 * Math.PI * (1 + 2 * random.NextDouble()), h = 20 * random.NextDouble();
            double[] p = [t * Math.Cos(t), h, t * Math.Sin(t)];
            for (int a = 0; a < d; a++) data[i * d + a] = (float)(p[0] * rotation[a] + p[1] * rotation[d + a] + p[2] * rotation[2 * d + a]);
        }
        var result = Umap.Run(data, n, d, new UmapOptions { Threads = 2, RandomState = 0, NEpochs = 200 });
        var quality = ProjectionQuality.Evaluate(data, n, d, result.Coordinates, 2, k: 10, sampleSize: 0);
        var pca = Pca.Fit(data, n, d, new PcaOptions { NComponents = 2 });
        var pcaQuality = ProjectionQuality.Evaluate(data, n, d, pca.Coordinates, 2, k: 10, sampleSize: 0);
        // PCA keeps 0.987 here (the roll is flat along its height); UMAP unrolls the sheet (0.999 when this was written).
        Assert.True(quality.Trustworthiness > 0.995, $"trustworthiness {quality.Trustworthiness:F4} (PCA {pcaQuality.Trustworthiness:F4})");
        Assert.True(quality.Trustworthiness > pcaQuality.Trustworthiness, $"UMAP {quality.Trustworthiness:F4} vs PCA {pcaQuality.Trustworthiness:F4}");
    }

    private static double SyntheticGaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    [Fact]
    public void Reproducible_with_a_seed_and_one_thread_and_reports_live_coordinates()
    {
        var set = SyntheticClusters.Generate(700, 10, 4, seed: 3);
        var snapshots = new List<UmapProgress>();
        var options = new UmapOptions { NEpochs = 60, Threads = 1, RandomState = 9, SnapshotEvery = 10 };
        var a = Umap.Run(set, options, new InlineProgress<UmapProgress>(snapshots.Add));
        var b = Umap.Run(set, options);
        var c = Umap.Run(set, options with { RandomState = 10 });
        Assert.Equal(a.Coordinates, b.Coordinates);
        Assert.NotEqual(a.Coordinates, c.Coordinates);
        var live = snapshots.Where(s => s.Phase == "optimising" && s.Coordinates is not null).ToList();
        Assert.True(live.Count >= 6, $"{live.Count} snapshots");
        Assert.All(live, s => Assert.Equal(700 * 2, s.Coordinates!.Length));
        Assert.Contains(snapshots, s => s.Phase == "neighbours");
        Assert.Equal(60, snapshots.Last().Epoch);
        Assert.Equal(a.Coordinates, snapshots.Last().Coordinates);
    }

    [Fact]
    public void Cancel_stops_the_run()
    {
        var set = SyntheticClusters.Generate(3000, 8, 3, seed: 11);
        using var cts = new CancellationTokenSource();
        var progress = new InlineProgress<UmapProgress>(p => { if (p.Epoch >= 5) cts.Cancel(); });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Umap.Run(set, new UmapOptions { NEpochs = 100_000, Threads = 2 }, progress, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Nn_descent_finds_most_exact_neighbours()
    {
        var set = SyntheticClusters.Generate(4000, 16, 8, seed: 12);
        var data = set.Matrix.ToArray();
        var (exact, _) = Umap.NearestNeighbors(data, 4000, 16, 15, UmapMetric.Euclidean, UmapNeighbors.Exact, 0, 2);
        var (approx, approxDist) = Umap.NearestNeighbors(data, 4000, 16, 15, UmapMetric.Euclidean, UmapNeighbors.NnDescent, 0, 2);
        int hits = 0;
        for (int i = 0; i < 4000; i++)
        {
            Assert.Equal(i, approx[i * 15]);
            var truth = exact.AsSpan(i * 15 + 1, 14).ToArray();
            for (int j = 1; j < 15; j++)
            {
                if (truth.Contains(approx[i * 15 + j])) hits++;
                Assert.True(approxDist[i * 15 + j] >= approxDist[i * 15 + j - 1]); // nearest first
            }
        }
        double recall = hits / (4000.0 * 14);
        Assert.True(recall > 0.9, $"recall {recall:F4}");
    }

    [Fact]
    public void Disconnected_graph_gets_a_spectral_layout_per_component()
    {
        // Five blobs far apart: the kNN graph falls apart into (at least) five components; more than 2·dims of them
        // are placed by the spectral layout of their centroids, the rest follow the component's own eigenvectors.
        var set = SyntheticClusters.Generate(900, 10, 5, seed: 4, centerSpread: 40);
        var data = set.Matrix.ToArray();
        var graph = Umap.BuildGraph(data, 900, 10, new UmapOptions { Threads = 2 }).Graph;
        var (components, _) = SpectralLayout.ConnectedComponents(graph);
        Assert.True(components >= 5, $"{components} components");
        var result = Umap.Run(set, new UmapOptions { NEpochs = 100, Threads = 2, RandomState = 2 });
        Assert.Equal("spectral", result.InitUsed);
        Assert.True(KnnLabelAccuracy(result.Coordinates, 900, 2, set.Column("cluster")!.Values) > 0.99);
    }

    [Fact]
    public void Lanczos_eigenvectors_span_the_same_space_as_the_dense_solver()
    {
        // Points along a noisy curve: a connected graph whose Laplacian has well separated small eigenvalues.
        var random = new Random(8);
        int n = 700, d = 3;
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double t = 6.0 * i / n;
            data[i * d] = (float)t; data[i * d + 1] = (float)Math.Sin(t) + 0.05f * random.NextSingle(); data[i * d + 2] = 0.05f * random.NextSingle();
        }
        var graph = Umap.BuildGraph(data, n, d, new UmapOptions { Threads = 1 }).Graph;
        Assert.Equal(1, SpectralLayout.ConnectedComponents(graph).Count);
        var lanczos = SpectralLayout.Layout(graph, data, d, 2, UmapMetric.Euclidean, new Random(1), 1, default, denseMaxPoints: 0)!;
        var dense = SpectralLayout.Layout(graph, data, d, 2, UmapMetric.Euclidean, new Random(1), 1, default, denseMaxPoints: 1000)!;
        for (int a = 0; a < 2; a++)
        {
            double dot = 0, nl = 0, nd = 0;
            for (int i = 0; i < n; i++) { dot += lanczos[i * 2 + a] * dense[i * 2 + a]; nl += lanczos[i * 2 + a] * lanczos[i * 2 + a]; nd += dense[i * 2 + a] * dense[i * 2 + a]; }
            Assert.True(Math.Abs(dot) / Math.Sqrt(nl * nd) > 0.999, $"axis {a}: |cos| {Math.Abs(dot) / Math.Sqrt(nl * nd):F5}");
        }
    }

    [Fact]
    public void Projector_runs_umap_and_scores_it()
    {
        var set = SyntheticClusters.Generate(300, 12, 3, seed: 5);
        var updates = new List<TsneProgress>();
        var result = Projector.Project(set, new ProjectionRequest
        {
            Method = ProjectionMethod.Umap, Dims = 3, Seed = 4, Threads = 1,
            Umap = new UmapOptions { NEpochs = 50, SnapshotEvery = 10, Metric = UmapMetric.Cosine },
        }, new InlineProgress<TsneProgress>(updates.Add));
        Assert.Equal(ProjectionMethod.Umap, result.Method);
        Assert.Equal(300 * 3, result.Coordinates.Length);
        Assert.NotNull(result.Quality);
        Assert.True(result.Quality!.Trustworthiness > 0.8, $"trustworthiness {result.Quality.Trustworthiness:F3}");
        Assert.Contains(updates, u => u.Phase == "optimising" && u.Coordinates is { Length: 900 } && u.NIter == 50);
    }

    [Fact]
    public void N_epochs_auto_is_500_up_to_10000_points_and_200_above_as_umap_learn()
    {
        var auto = new UmapOptions();
        Assert.Equal(500, auto.ResolveNEpochs(10_000)); // umap-learn: graph.shape[0] <= 10000
        Assert.Equal(200, auto.ResolveNEpochs(10_001));
        Assert.Equal(30, (auto with { NEpochs = 30 }).ResolveNEpochs(100_000));
        // A run without n_epochs uses the auto value and says so.
        var set = SyntheticClusters.Generate(60, 4, 2, seed: 1);
        Assert.Equal(500, Umap.Run(set, new UmapOptions { RandomState = 0, Threads = 1 }).NEpochs);
    }

    [Fact]
    public void Rejects_bad_settings_with_a_clear_message()
    {
        var set = SyntheticClusters.Generate(50, 4, 2);
        Assert.Contains("min_dist", Assert.Throws<ArgumentException>(() => Umap.Run(set, new UmapOptions { MinDist = 2, Spread = 1 })).Message);
        Assert.Contains("n_neighbors", Assert.Throws<ArgumentException>(() => Umap.Run(set, new UmapOptions { NNeighbors = 1 })).Message);
        // More neighbours than points is truncated to n − 1, as umap-learn does.
        var small = SyntheticClusters.Generate(10, 4, 2);
        Assert.Equal(20, Umap.Run(small, new UmapOptions { NEpochs = 20, RandomState = 0 }).Coordinates.Length);
    }
}
