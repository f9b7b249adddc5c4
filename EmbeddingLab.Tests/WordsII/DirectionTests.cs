using EmbeddingLab.Core.Analysis.Directions;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.WordsII;

public class DirectionTests
{
    private static EmbeddingSet Space() => new(
        ["he", "she", "him", "her", "nurse", "king", "flat"],
        [
            1, 0, 0,
            0, 1, 0,
            2, 0, 0,    // him: same direction as he, longer (unit vectors are used)
            0, 3, 0,
            1, 2, 0,
            3, 1, 1,
            0, 0, 5,
        ], 3);

    [Fact]
    public void Direction_between_two_words_and_projections_equal_hand_computed_values()
    {
        var set = Space();
        var d = WordDirection.Between(set, ["he"], ["she"]);
        float r = 1 / MathF.Sqrt(2);
        Assert.Equal([-r, r, 0f], d.Unit, new FloatTolerance(1e-6f));
        // nurse (1,2,0)/√5 · (−1,1,0)/√2 = 1/√10.
        Assert.Equal(1 / MathF.Sqrt(10), d.Project(set, set.IndexOf("nurse")), 5);
        // king (3,1,1)/√11 · (−1,1,0)/√2 = −2/√22.
        Assert.Equal(-2 / MathF.Sqrt(22), d.Project(set, set.IndexOf("king")), 5);
        Assert.Equal(0f, d.Project(set, set.IndexOf("flat")), 6);
        var ranked = d.Rank(set, ["king", "nurse", "flat", "queen"], out var missing);
        Assert.Equal(["nurse", "flat", "king"], ranked.Select(x => x.Word));
        Assert.Equal(["queen"], missing);
    }

    [Fact]
    public void Direction_between_word_lists_uses_the_means_of_unit_vectors()
    {
        var set = Space();
        // Means of unit vectors: he, him → (1,0,0); she, her → (0,1,0): the same as the single-word direction.
        var d = WordDirection.Between(set, ["he", "him", "nobody"], ["she", "her"]);
        Assert.Equal(WordDirection.Between(set, ["he"], ["she"]).Unit, d.Unit, new FloatTolerance(1e-6f));
        Assert.Equal(["nobody"], d.Missing);
        Assert.Equal("he, him → she, her", d.Label);
    }

    [Fact]
    public void Orthogonalised_direction_has_no_component_along_the_other()
    {
        var set = Space();
        var d = WordDirection.Between(set, ["he"], ["nurse"]);           // unit(nurse) − he
        var other = WordDirection.Between(set, ["he"], ["she"]);
        var o = d.OrthogonalizedAgainst(other);
        Assert.Equal(0f, System.Numerics.Tensors.TensorPrimitives.Dot<float>(o.Unit, other.Unit), 6);
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm<float>(o.Unit), 6);
        // unit(nurse) − he = (1/√5 − 1, 2/√5, 0); removing the (−1,1,0)/√2 component leaves a multiple of (1,1,0).
        Assert.Equal(o.Unit[0], o.Unit[1], 5);
        Assert.Throws<ArgumentException>(() => other.OrthogonalizedAgainst(other));
    }

    [Fact]
    public void Missing_ends_are_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => WordDirection.Between(Space(), ["zeus"], ["she"]));
        Assert.Contains("zeus", e.Message);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
