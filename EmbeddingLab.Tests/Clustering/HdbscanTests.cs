using EmbeddingLab.Core.Analysis.Clustering;

namespace EmbeddingLab.Tests.Clustering;

public class HdbscanTests
{
    private static float[] OneD(params float[] xs) => xs;

    [Fact]
    public void Two_groups_and_an_outlier_hand_checked()
    {
        // 1-D: A = 0..4, B = 20..24, outlier 50. min_samples 2 → core distance 1 inside the groups, 26 for the outlier.
        // Mutual-reachability tree: eight edges of 1, A–B at 16, outlier at 26. Condensed (min_cluster_size 3): the
        // outlier falls out of the root at λ = 1/26; A and B split off at 1/16 and their points fall out at λ = 1,
        // so each has stability 5 · (1 − 1/16) = 4.6875 and both are selected over the (never selectable) root.
        var x = OneD(0, 1, 2, 3, 4, 20, 21, 22, 23, 24, 50);
        var result = Hdbscan.Fit(x, 11, 1, new HdbscanOptions { MinClusterSize = 3, MinSamples = 2 });
        Assert.Equal(2, result.ClusterCount);
        Assert.Equal(-1, result.Labels[10]);
        Assert.All(result.Labels[..5], l => Assert.Equal(result.Labels[0], l));
        Assert.All(result.Labels[5..10], l => Assert.Equal(result.Labels[5], l));
        Assert.NotEqual(result.Labels[0], result.Labels[5]);
        Assert.Equal(new[] { 0, 1 }, result.Labels[..10].Distinct().Order().ToArray());
        Assert.All(result.Stabilities, s => Assert.Equal(4.6875, s, 10));
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0], result.CoreDistances.Select(c => (int)c).Take(10).Append(0).ToArray());
        Assert.Equal(26f, result.CoreDistances[10]);
        Assert.Equal(0.0, result.Probabilities[10]);
        Assert.All(result.Probabilities[..10], p => Assert.Equal(1.0, p));
        Assert.Equal(1, result.NoiseCount);
    }

    [Fact]
    public void Excess_of_mass_keeps_a_parent_that_outlives_its_children_hand_checked()
    {
        // min_samples 1: plain single linkage. A = {0, 1, 2} and B = {3.2, 4.2, 5.2} join at 1.2; C = {100, 101, 102}
        // joins them at 94.8. AB is born at λ = 1/94.8 and splits at λ = 1/1.2 into A and B, whose points leave at λ = 1:
        // stability(A) = stability(B) = 3 · (1 − 1/1.2) = 0.5, stability(AB) = 6 · (1/1.2 − 1/94.8) ≈ 4.937 > 1,
        // so AB is one cluster (not A and B) and C (3 · (1 − 1/94.8)) the other.
        var x = OneD(0, 1, 2, 3.2f, 4.2f, 5.2f, 100, 101, 102);
        var result = Hdbscan.Fit(x, 9, 1, new HdbscanOptions { MinClusterSize = 3, MinSamples = 1 });
        Assert.Equal(2, result.ClusterCount);
        Assert.All(result.Labels[..6], l => Assert.Equal(result.Labels[0], l));
        Assert.All(result.Labels[6..], l => Assert.Equal(result.Labels[6], l));
        Assert.NotEqual(result.Labels[0], result.Labels[6]);
        Assert.Equal(0, result.NoiseCount);
        var expected = new[] { 6 * (1 / 1.2 - 1 / 94.8), 3 * (1 - 1 / 94.8) }.Order().ToArray();
        var stabilities = result.Stabilities.Order().ToArray();
        Assert.Equal(expected[0], stabilities[0], 5);
        Assert.Equal(expected[1], stabilities[1], 5);
    }

    [Fact]
    public void Core_distances_and_spanning_tree_equal_scipy_single_linkage_on_mutual_reachability()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("mr_points.tsv");
        var reference = ClusteringTestData.Reference.GetProperty("mutual_reachability");
        int minSamples = reference.GetProperty("min_samples").GetInt32();
        var core = Hdbscan.CoreDistancesSquared(x, n, d, minSamples, threads: 2, CancellationToken.None);
        var expectedCore = reference.GetProperty("core").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < n; i++) Assert.Equal(expectedCore[i], Math.Sqrt(core[i]), 4);
        var (_, _, weights) = Hdbscan.PrimMst(x, n, d, core, threads: 2, null, CancellationToken.None);
        var heights = reference.GetProperty("heights").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sorted = weights.Order().ToArray();
        Assert.Equal(heights.Length, sorted.Length);
        for (int i = 0; i < heights.Length; i++) Assert.Equal(heights[i], sorted[i], 4);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2)]
    public void Recovers_planted_clusters_and_labels_the_noise_minus_one(int d)
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 120, clusters: 4, noise: 40, d: d, seed: 7);
        var result = Hdbscan.Fit(x, truth.Length, d, new HdbscanOptions { MinClusterSize = 15 });
        Assert.Equal(4, result.ClusterCount);
        for (int c = 0; c < 4; c++)
        {
            var labels = Enumerable.Range(0, truth.Length).Where(i => truth[i] == c).Select(i => result.Labels[i]).ToArray();
            int majority = labels.GroupBy(l => l).MaxBy(g => g.Count())!.Key;
            Assert.True(majority >= 0, $"planted cluster {c} came out as noise");
            Assert.True(labels.Count(l => l == majority) >= 0.95 * labels.Length, $"planted cluster {c} is split or frayed");
        }
        var noiseLabels = Enumerable.Range(0, truth.Length).Where(i => truth[i] < 0).Select(i => result.Labels[i]).ToArray();
        // In 2-D some of the uniform noise lands inside a cluster's area and rightly joins it.
        Assert.True(noiseLabels.Count(l => l == -1) >= (d == 2 ? 0.8 : 0.9) * noiseLabels.Length, $"only {noiseLabels.Count(l => l == -1)} of 40 noise points are −1");
        Assert.True(ClusterQuality.AdjustedRandIndex(truth, result.Labels) > 0.95);
    }

    [Fact]
    public void Two_d_boruvka_builds_the_same_tree_as_prim()
    {
        var (x2, truth) = ClusteringTestData.Planted(perCluster: 80, clusters: 3, noise: 30, d: 2, seed: 11);
        int n = truth.Length;
        var x3 = new float[n * 3];
        for (int i = 0; i < n; i++) { x3[i * 3] = x2[i * 2]; x3[i * 3 + 1] = x2[i * 2 + 1]; }
        var core = Hdbscan.CoreDistancesSquared(x2, n, 2, 5, 2, CancellationToken.None);
        var (f2, t2, w2) = BoruvkaMst2D.Build(x2, n, core, threads: 2, null, CancellationToken.None);
        AssertSpanningTree(n, f2, t2);
        var (_, _, w3) = Hdbscan.PrimMst(x3, n, 3, core, threads: 2, null, CancellationToken.None);
        // Same tree weights up to float rounding (the two compute dx² + dy² in different orders).
        var sorted2 = w2.Order().ToArray();
        var sorted3 = w3.Order().ToArray();
        for (int i = 0; i < sorted2.Length; i++) Assert.Equal(sorted3[i], sorted2[i], 1e-6 * sorted3[i]);
        var a = Hdbscan.Fit(x2, n, 2, new HdbscanOptions { MinClusterSize = 10 });
        var b = Hdbscan.Fit(x3, n, 3, new HdbscanOptions { MinClusterSize = 10 });
        Assert.Equal(b.Labels, a.Labels);
    }

    [Fact]
    public void Kd_tree_core_distances_equal_the_general_ones()
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 300, clusters: 3, noise: 50, d: 2, seed: 4);
        int n = truth.Length;
        foreach (int minSamples in new[] { 1, 2, 7 })
        {
            var expected = Hdbscan.CoreDistancesSquared(x, n, 2, minSamples, 2, CancellationToken.None);
            var actual = new BoruvkaMst2D(x, n).CoreDistancesSquared(minSamples, 2, CancellationToken.None);
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], actual[i], expected[i] * 1e-5f);
        }
    }

    [Fact]
    public void Boruvka_handles_duplicates_and_ties_on_a_grid()
    {
        // A 30 × 30 integer grid with every point twice: many equal weights, zero distances.
        int n = 1800;
        var x = new float[2 * n];
        for (int i = 0; i < n; i++) { x[2 * i] = i % 900 % 30; x[2 * i + 1] = i % 900 / 30; }
        var core = Hdbscan.CoreDistancesSquared(x, n, 2, 3, 2, CancellationToken.None);
        var (f, t, w) = BoruvkaMst2D.Build(x, n, core, threads: 2, null, CancellationToken.None);
        AssertSpanningTree(n, f, t);
        var x3 = new float[3 * n];
        for (int i = 0; i < n; i++) { x3[3 * i] = x[2 * i]; x3[3 * i + 1] = x[2 * i + 1]; }
        var (_, _, w3) = Hdbscan.PrimMst(x3, n, 3, core, threads: 2, null, CancellationToken.None);
        Assert.Equal(w3.Sum(), w.Sum(), 6);
    }

    private static void AssertSpanningTree(int n, int[] from, int[] to)
    {
        Assert.Equal(n - 1, from.Length);
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int v) { while (parent[v] != v) v = parent[v] = parent[parent[v]]; return v; }
        for (int e = 0; e < from.Length; e++)
        {
            int a = Find(from[e]), b = Find(to[e]);
            Assert.NotEqual(a, b); // no cycle
            parent[a] = b;
        }
    }

    [Fact]
    public void Bad_parameters_are_clear_errors()
    {
        var x = new float[20];
        Assert.Contains("min_cluster_size must be at least 2", Assert.Throws<ArgumentException>(() => Hdbscan.Fit(x, 10, 2, new HdbscanOptions { MinClusterSize = 1 })).Message);
        Assert.Contains("min_samples (11) must be at most the number of vectors (10)",
            Assert.Throws<ArgumentException>(() => Hdbscan.Fit(x, 10, 2, new HdbscanOptions { MinClusterSize = 11 })).Message);
    }
}
