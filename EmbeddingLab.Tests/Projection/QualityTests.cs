using System.Text.Json;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class QualityTests
{
    [Fact]
    public void Identity_projection_has_trustworthiness_and_knn_preservation_one()
    {
        var set = Core.Data.SyntheticClusters.Generate(400, 3, 4, seed: 3);
        var data = set.Matrix.ToArray();
        var q = ProjectionQuality.Evaluate(data, 400, 3, data, 3, k: 10, sampleSize: 0);
        Assert.Equal(1.0, q.Trustworthiness, 12);
        Assert.Equal(1.0, q.KnnPreservation, 12);
        Assert.Equal(400, q.SampleSize);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void Trustworthiness_matches_scikit_learn(int k)
    {
        var (x, n, d) = ProjectionTestData.ReadMatrix("trust_points.tsv");
        var (y, _, dims) = ProjectionTestData.ReadMatrix("trust_embedded.tsv");
        var reference = JsonDocument.Parse(File.ReadAllText(ProjectionTestData.PathOf("trust_reference.json"))).RootElement.GetProperty($"k{k}").GetDouble();
        var q = ProjectionQuality.Evaluate(x, n, d, y, dims, k: k, sampleSize: 0);
        Assert.Equal(reference, q.Trustworthiness, 6);
        Assert.InRange(q.KnnPreservation, 0.0, 0.99); // a lossy projection keeps some, not all, neighbours
    }

    [Fact]
    public void Sampled_estimate_is_close_to_the_full_value()
    {
        var (x, n, d) = ProjectionTestData.ReadMatrix("trust_points.tsv");
        var (y, _, dims) = ProjectionTestData.ReadMatrix("trust_embedded.tsv");
        var full = ProjectionQuality.Evaluate(x, n, d, y, dims, k: 10, sampleSize: 0);
        var sampled = ProjectionQuality.Evaluate(x, n, d, y, dims, k: 10, sampleSize: 150, seed: 1);
        Assert.Equal(150, sampled.SampleSize);
        Assert.InRange(sampled.Trustworthiness, full.Trustworthiness - 0.03, full.Trustworthiness + 0.03);
    }

    [Fact]
    public void Scrambled_projection_scores_low_knn_preservation()
    {
        var set = Core.Data.SyntheticClusters.Generate(400, 5, 4, seed: 4);
        var data = set.Matrix.ToArray();
        var random = new Random(5);
        var scrambled = new float[400 * 2];
        for (int i = 0; i < scrambled.Length; i++) scrambled[i] = (float)random.NextDouble();
        var q = ProjectionQuality.Evaluate(data, 400, 5, scrambled, 2, k: 10, sampleSize: 0);
        Assert.True(q.KnnPreservation < 0.1, $"kNN preservation {q.KnnPreservation}");
        Assert.True(q.Trustworthiness < 0.7, $"trustworthiness {q.Trustworthiness}");
    }
}
