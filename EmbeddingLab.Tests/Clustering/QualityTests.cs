using EmbeddingLab.Core.Analysis.Clustering;

namespace EmbeddingLab.Tests.Clustering;

public class ClusterQualityTests
{
    [Fact]
    public void Silhouette_equals_scikit_learn()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        var reference = ClusteringTestData.Reference;
        var labels = ClusteringTestData.Ints(reference.GetProperty("kmeans")[0].GetProperty("labels"));
        var score = ClusterQuality.Silhouette(x, n, d, labels, sampleSize: 0);
        Assert.NotNull(score);
        Assert.False(score.Sampled);
        Assert.Equal(400, score.SampleSize);
        Assert.Equal(reference.GetProperty("silhouette").GetDouble(), score.Value, 5);
    }

    [Fact]
    public void Silhouette_on_a_sample_says_so_and_stays_close()
    {
        var (x, n, d) = ClusteringTestData.ReadMatrix("kmeans_points.tsv");
        var labels = ClusteringTestData.Ints(ClusteringTestData.Reference.GetProperty("kmeans")[0].GetProperty("labels"));
        var full = ClusterQuality.Silhouette(x, n, d, labels, sampleSize: 0)!;
        var sample = ClusterQuality.Silhouette(x, n, d, labels, sampleSize: 200, seed: 4)!;
        Assert.True(sample.Sampled);
        Assert.Equal(200, sample.SampleSize);
        Assert.InRange(sample.Value, full.Value - 0.05, full.Value + 0.05);
        Assert.Equal(sample.Value, ClusterQuality.Silhouette(x, n, d, labels, sampleSize: 200, seed: 4)!.Value);
    }

    [Fact]
    public void Silhouette_leaves_noise_out_and_needs_two_clusters()
    {
        var x = new float[] { 0, 0, 0.1f, 0, 5, 5, 5.1f, 5, 100, 100 };
        var withNoise = ClusterQuality.Silhouette(x, 5, 2, [0, 0, 1, 1, -1], 0)!;
        var without = ClusterQuality.Silhouette(x[..8], 4, 2, [0, 0, 1, 1], 0)!;
        Assert.Equal(without.Value, withNoise.Value, 12);
        Assert.Equal(4, withNoise.SampleSize);
        Assert.Null(ClusterQuality.Silhouette(x, 5, 2, [0, 0, 0, 0, -1], 0));
    }

    [Fact]
    public void Adjusted_rand_index_and_nmi_equal_scikit_learn()
    {
        foreach (var pair in ClusteringTestData.Reference.GetProperty("pairs").EnumerateArray())
        {
            var a = ClusteringTestData.Ints(pair.GetProperty("a"));
            var b = ClusteringTestData.Ints(pair.GetProperty("b"));
            Assert.Equal(pair.GetProperty("ari").GetDouble(), ClusterQuality.AdjustedRandIndex(a, b), 10);
            Assert.Equal(pair.GetProperty("nmi").GetDouble(), ClusterQuality.NormalizedMutualInformation(a, b), 10);
        }
    }
}
