using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.WordsII;

public class WeatTests
{
    [Fact]
    public void Effect_size_and_exact_p_value_equal_a_hand_computation()
    {
        // a = (1,0), b = (0,1); x1 = a, x2 at 60°, y1 = b, y2 at 30°: s = [1, −c, −1, c] with c = √3/2 − 1/2.
        double c = Math.Sqrt(3) / 2 - 0.5;
        float h = (float)(Math.Sqrt(3) / 2);
        var set = new EmbeddingSet(["a", "b", "x1", "x2", "y1", "y2"],
            [1, 0, 0, 1, 1, 0, 0.5f, h, 0, 1, h, 0.5f], 2);
        var result = Weat.Run(set, new WeatQuery(["x1", "x2"], ["y1", "y2", "gone"], ["a"], ["b"]));
        double expectedD = (1 - c) / Math.Sqrt((2 + 2 * c * c) / 3);
        Assert.Equal(expectedD, result.EffectSize, 5);
        // Partitions of {1, −c, −1, c} into two pairs: only {1, c} has a larger sum than the observed {1, −c}.
        Assert.True(result.Exact);
        Assert.Equal(6, result.PartitionsTested);
        Assert.Equal(1.0 / 6, result.PValue, 12);
        Assert.Equal(2 * (1 - c), result.Statistic, 5);
        Assert.Equal(["gone"], result.Missing);
        Assert.Equal(1.0, result.Scores.Single(s => s.Word == "x1").Association, 5);
    }

    [Fact]
    public void Sampled_p_value_is_within_sampling_error_of_the_exact_one()
    {
        // 10 + 10 targets: C(20, 10) = 184,756 partitions, more than the exact limit, so the test samples.
        var random = new Random(3);
        var keys = new List<string> { "a1", "a2", "b1", "b2" };
        var data = new List<float> { 1, 0, 0, 0.9f, 0.1f, 0, 0, 1, 0, 0.1f, 0.9f, 0 };
        for (int i = 0; i < 20; i++)
        {
            keys.Add($"t{i}");
            float lean = i < 10 ? 0.04f : -0.04f; // X leans a little towards A
            data.AddRange([(float)random.NextDouble() + lean, (float)random.NextDouble() - lean, (float)random.NextDouble()]);
        }
        var set = new EmbeddingSet(keys, data.ToArray(), 3);
        var x = Enumerable.Range(0, 10).Select(i => $"t{i}").ToArray();
        var y = Enumerable.Range(10, 10).Select(i => $"t{i}").ToArray();
        var sampled = Weat.Run(set, new WeatQuery(x, y, ["a1", "a2"], ["b1", "b2"]) { Permutations = 100_000, Seed = 5 });
        Assert.False(sampled.Exact);
        Assert.Equal(100_000, sampled.PartitionsTested);

        // The exact p by brute force over all 184,756 partitions.
        var s = x.Concat(y).Select(w => Weat.Association(set, w, ["a1", "a2"], ["b1", "b2"])).ToArray();
        double observed = s.Take(10).Sum();
        long exceed = 0, total = 0;
        void Walk(int start, int left, double sum)
        {
            if (left == 0) { total++; if (sum > observed + 1e-9) exceed++; return; }
            for (int i = start; i <= s.Length - left; i++) Walk(i + 1, left - 1, sum + s[i]);
        }
        Walk(0, 10, 0);
        Assert.Equal(184_756, total);
        double exact = (double)exceed / total;
        double standardError = Math.Sqrt(Math.Max(exact * (1 - exact), 1e-6) / sampled.PartitionsTested);
        Assert.InRange(sampled.PValue, exact - 5 * standardError, exact + 5 * standardError);
        Assert.True(exact is > 0.005 and < 0.5, $"the fixture should give a p-value away from 0 and 0.5, got {exact}");
    }

    [Fact]
    public void Fewer_than_100000_sampled_permutations_are_refused_with_the_minimum_in_the_message()
    {
        // The issue: exact up to 100,000 partitions, else at least 100,000 random ones; a smaller sample is an error.
        var set = new EmbeddingSet(["a", "b", "x1", "x2", "y1"], [1, 0, 0, 1, 1, 0, 0.5f, 0.8f, 0, 1], 2);
        var e = Assert.Throws<ArgumentException>(() => Weat.Run(set, new WeatQuery(["x1", "x2"], ["y1"], ["a"], ["b"]) { Permutations = 99_999 }));
        Assert.Contains("permutations must be at least 100,000", e.Message);
        Assert.Contains("found 99,999", e.Message);
        Assert.Equal(100_000, Weat.MinPermutations);
        Assert.True(Weat.Run(set, new WeatQuery(["x1", "x2"], ["y1"], ["a"], ["b"]) { Permutations = 100_000 }).Exact);
    }

    [Fact]
    public void Too_few_words_in_the_vocabulary_is_a_clear_error_naming_the_missing_ones()
    {
        var set = new EmbeddingSet(["a", "b", "x"], [1, 0, 0, 1, 1, 1], 2);
        var e = Assert.Throws<ArgumentException>(() => Weat.Run(set, new WeatQuery(["x"], ["nope"], ["a"], ["b"])));
        Assert.Contains("target set Y", e.Message);
        Assert.Contains("nope", e.Message);
        Assert.Contains("cannot run", e.Message);

        var empty = Assert.Throws<ArgumentException>(() => Weat.Run(set, new WeatQuery(["x"], ["a"], [" "], ["b"])));
        Assert.Contains("attribute set A is empty", empty.Message);
    }

    [Fact]
    public void Presets_have_the_papers_list_sizes()
    {
        Assert.Equal(5, WeatPresets.All.Count);
        Assert.All(WeatPresets.All.Take(2), p => { Assert.Equal(25, p.X.Count); Assert.Equal(25, p.Y.Count); Assert.Equal(25, p.A.Count); Assert.Equal(25, p.B.Count); });
        Assert.All(WeatPresets.All.Skip(2), p => { Assert.Equal(8, p.X.Count); Assert.Equal(8, p.Y.Count); Assert.Equal(8, p.A.Count); Assert.Equal(8, p.B.Count); });
    }
}
