using EmbeddingLab.Core.Analysis.Clustering;

namespace EmbeddingLab.Tests.Clustering;

public class KMeansTests
{
    [Theory]
    [InlineData("rows")]
    [InlineData("max_iter_2")]
    [InlineData("empty")]
    [InlineData("tol")]
    public void Fixed_start_gives_scikit_learns_labels_inertia_and_iterations(string name)
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        var reference = ClusteringTestData.Reference.GetProperty("kmeans").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var options = new KMeansOptions
        {
            NClusters = 6,
            InitialCenters = ClusteringTestData.FlatFloats(reference.GetProperty("init")),
            MaxIter = reference.GetProperty("max_iter").GetInt32(),
            Tol = reference.GetProperty("tol").GetDouble(),
        };
        var result = KMeans.Fit(x, n, d, options);
        Assert.Equal(ClusteringTestData.Ints(reference.GetProperty("labels")), result.Labels);
        Assert.Equal(reference.GetProperty("n_iter").GetInt32(), result.NIter);
        double inertia = reference.GetProperty("inertia").GetDouble();
        Assert.InRange(result.Inertia, inertia * (1 - 1e-5), inertia * (1 + 1e-5));
        var centres = ClusteringTestData.FlatFloats(reference.GetProperty("centers"));
        for (int i = 0; i < centres.Length; i++) Assert.Equal(centres[i], result.Centers[i], 3e-4f);
    }

    [Fact]
    public void Thread_count_does_not_change_the_result()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        var one = KMeans.Fit(x, n, d, new KMeansOptions { NClusters = 7, NInit = 3, Seed = 5, Threads = 1 });
        var two = KMeans.Fit(x, n, d, new KMeansOptions { NClusters = 7, NInit = 3, Seed = 5, Threads = 2 });
        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Inertia, two.Inertia);
        Assert.Equal(one.Centers, two.Centers);
    }

    [Fact]
    public void Kmeans_plus_plus_recovers_well_separated_planted_clusters()
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 60, clusters: 5, noise: 0, d: 8, seed: 2);
        var result = KMeans.Fit(x, truth.Length, 8, new KMeansOptions { NClusters = 5, NInit = 3, Seed = 1 });
        Assert.Equal(1.0, ClusterQuality.AdjustedRandIndex(truth, result.Labels), 12);
        // Inertia is the sum of squared distances to the assigned centres.
        double inertia = 0;
        for (int i = 0; i < truth.Length; i++)
            for (int f = 0; f < 8; f++) { double t = x[i * 8 + f] - result.Centers[result.Labels[i] * 8 + f]; inertia += t * t; }
        Assert.Equal(inertia, result.Inertia, inertia * 1e-6);
    }

    [Fact]
    public void More_starts_never_give_a_higher_inertia()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        // One generator runs through all starts, so the first of ten starts is the single start.
        var single = KMeans.Fit(x, n, d, new KMeansOptions { NClusters = 6, NInit = 1, Seed = 3 });
        var best = KMeans.Fit(x, n, d, new KMeansOptions { NClusters = 6, NInit = 10, Seed = 3 });
        Assert.True(best.Inertia <= single.Inertia, $"{best.Inertia} > {single.Inertia}");
        Assert.True(best.Inertia < 2750, $"best of ten starts {best.Inertia} is far above sklearn's converged 2707.6");
    }

    [Fact]
    public void Fewer_vectors_than_clusters_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(new float[6], 3, 2, new KMeansOptions { NClusters = 4 }));
        Assert.Contains("3 vectors, n_clusters=4", e.Message);
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => KMeans.Fit(x, n, d, new KMeansOptions { NClusters = 6 }, null, cts.Token));
    }
}
