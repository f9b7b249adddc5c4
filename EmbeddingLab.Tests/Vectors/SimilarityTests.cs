using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Vectors;

public class SimilarityTests
{
    private static readonly float[] A = [1, 2, 3];
    private static readonly float[] B = [4, -5, 6];

    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        // a·b = 4 - 10 + 18 = 12; |a| = √14; |b| = √77
        Assert.Equal(12f, Similarity.Compute(SimilarityMetric.Dot, A, B), 5);
        Assert.Equal(12 / (Math.Sqrt(14) * Math.Sqrt(77)), Similarity.Compute(SimilarityMetric.Cosine, A, B), 5);
        // a - b = (-3, 7, -3): √(9 + 49 + 9) = √67; L1 = 13
        Assert.Equal(Math.Sqrt(67), Similarity.Compute(SimilarityMetric.Euclidean, A, B), 5);
        Assert.Equal(13f, Similarity.Compute(SimilarityMetric.Manhattan, A, B), 5);
    }

    [Fact]
    public void Manhattan_is_exact_beyond_the_stack_buffer_length()
    {
        var a = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        var b = Enumerable.Range(0, 1000).Select(i => (float)(i % 2 == 0 ? i + 1 : i - 2)).ToArray();
        Assert.Equal(500 * 1 + 500 * 2, Similarity.Compute(SimilarityMetric.Manhattan, a, b), 3);
    }

    [Fact]
    public void Cosine_of_a_zero_vector_is_zero_not_NaN()
    {
        Assert.Equal(0f, Similarity.Cosine(new float[3], A));
    }

    [Fact]
    public void Different_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Similarity.Compute(SimilarityMetric.Dot, A, new float[2]));
        Assert.Contains("3 vs 2", e.Message);
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine)]
    [InlineData(SimilarityMetric.Dot)]
    [InlineData(SimilarityMetric.Euclidean)]
    [InlineData(SimilarityMetric.Manhattan)]
    public void One_against_all_and_pairwise_agree_with_pairwise_compute(SimilarityMetric metric)
    {
        var set = new EmbeddingSet(["a", "b", "c"], [.. A, .. B, 0, 1, -1], 3);
        var all = Similarity.OneAgainstAll(metric, A, set);
        var pairwise = Similarity.Pairwise(metric, set, [0, 1, 2]);
        for (int j = 0; j < 3; j++)
        {
            float expected = Similarity.Compute(metric, A, set.Vector(j));
            Assert.Equal(expected, all[j], 4);
            Assert.Equal(expected, pairwise[j], 4);
            Assert.Equal(pairwise[j], pairwise[j * 3], 5); // symmetric
        }
    }

    [Fact]
    public void Higher_is_closer_only_for_similarities()
    {
        Assert.True(SimilarityMetric.Cosine.HigherIsCloser());
        Assert.True(SimilarityMetric.Dot.HigherIsCloser());
        Assert.False(SimilarityMetric.Euclidean.HigherIsCloser());
        Assert.False(SimilarityMetric.Manhattan.HigherIsCloser());
    }
}
