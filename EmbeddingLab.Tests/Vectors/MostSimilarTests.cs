using System.Text.Json;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Vectors;

public class MostSimilarTests
{
    /// <summary>The obvious O(n log n) answer: unit vectors, weighted mean, cosine to every row, full sort, exclusions.</summary>
    private static List<(string Key, double Score)> BruteForce(EmbeddingSet set, string[] positive, string[] negative, int topn, int? restrict = null)
    {
        int d = set.Dimensions;
        var mean = new double[d];
        foreach (var (key, w) in positive.Select(k => (k, 1.0)).Concat(negative.Select(k => (k, -1.0))))
        {
            var v = set.Vector(key).ToArray();
            double n = Math.Sqrt(v.Sum(x => (double)x * x));
            for (int i = 0; i < d; i++) mean[i] += w * v[i] / n;
        }
        double mn = Math.Sqrt(mean.Sum(x => x * x));
        var skip = positive.Concat(negative).ToHashSet();
        int rows = Math.Min(set.Count, restrict ?? set.Count);
        return Enumerable.Range(0, rows)
            .Where(r => !skip.Contains(set.Keys[r]))
            .Select(r =>
            {
                var v = set.Vector(r).ToArray();
                double n = Math.Sqrt(v.Sum(x => (double)x * x));
                double dot = 0;
                for (int i = 0; i < d; i++) dot += v[i] * mean[i];
                return (Key: set.Keys[r], Score: n == 0 ? 0 : dot / (n * mn), Row: r);
            })
            .OrderByDescending(x => Math.Round(x.Score, 5)).ThenBy(x => x.Row)
            .Take(topn)
            .Select(x => (x.Key, x.Score))
            .ToList();
    }

    private static EmbeddingSet RandomSet(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var data = new float[n * d];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return new EmbeddingSet(Enumerable.Range(0, n).Select(i => $"k{i}").ToArray(), data, d);
    }

    [Theory]
    [InlineData(300, 16, 1)]      // single-threaded path
    [InlineData(40_000, 24, 2)]   // large enough for the multi-threaded path
    [InlineData(12_000, 384, 3)]  // large enough for the bfloat16 screening + exact rescoring path
    public void Matches_brute_force_with_positive_and_negative_keys(int n, int d, int seed)
    {
        var set = RandomSet(n, d, seed);
        var cases = new[]
        {
            (new[] { "k1" }, Array.Empty<string>(), 10),
            (new[] { "k2", "k3" }, new[] { "k4" }, 15),
            (Array.Empty<string>(), new[] { "k5" }, 5),
        };
        foreach (var (pos, neg, topn) in cases)
        {
            var ours = set.MostSimilar(pos, neg, topn);
            var expected = BruteForce(set, pos, neg, topn);
            Assert.Equal(expected.Select(e => e.Key), ours.Select(o => o.Key));
            for (int i = 0; i < topn; i++) Assert.Equal(expected[i].Score, ours[i].Score, 4);
            Assert.DoesNotContain(ours, o => pos.Contains(o.Key) || neg.Contains(o.Key));
        }
    }

    [Fact]
    public void Screening_path_orders_near_duplicates_exactly()
    {
        // 11,000 × 384 takes the bfloat16 screening path. Row r (1..200) has cosine 1 − r·2e-5 to row 0: steps far
        // below bfloat16's error (≈2e-3) but well above float32's, so only the exact rescoring can order them.
        const int n = 11_000, d = 384;
        var rng = new Random(5);
        var data = new float[n * d];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        var u = Unit(data.AsSpan(0, d).ToArray());
        var w = Unit(Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray());
        double uw = u.Zip(w).Sum(p => p.First * p.Second);
        w = Unit(w.Zip(u).Select(p => p.First - uw * p.Second).ToArray()); // orthogonal to u
        for (int r = 1; r <= 200; r++)
        {
            double cos = 1 - r * 2e-5, sin = Math.Sqrt(1 - cos * cos);
            for (int j = 0; j < d; j++) data[r * d + j] = (float)(cos * u[j] + sin * w[j]);
        }
        var set = new EmbeddingSet(Enumerable.Range(0, n).Select(i => $"k{i}").ToArray(), data, d);
        Assert.True((long)n * d >= NeighborSearch.ScreeningThreshold);
        var ours = set.MostSimilar("k0", 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"k{i}"), ours.Select(o => o.Key));
        Assert.Equal(1 - 2e-5, ours[0].Score, 5);
    }

    private static double[] Unit(IReadOnlyList<double> v)
    {
        double n = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / n).ToArray();
    }

    private static double[] Unit(float[] v) => Unit(v.Select(x => (double)x).ToArray());

    [Fact]
    public void Ties_come_back_in_row_order_and_restrict_vocab_limits_the_search()
    {
        // Rows 1, 2, 3 are identical: equal scores must be ordered by row, deterministically.
        var set = new EmbeddingSet(["q", "a", "b", "c", "far"], [1, 0, 1, 1, 1, 1, 1, 1, -1, 0], 2);
        Assert.Equal(["a", "b", "c", "far"], set.MostSimilar("q", 10).Select(r => r.Key));
        Assert.Equal(["a", "b"], set.MostSimilar(["q"], null, 10, restrictVocab: 3).Select(r => r.Key));
    }

    [Fact]
    public void Asking_for_more_than_exists_returns_everything_but_the_query()
    {
        var set = RandomSet(5, 3, 9);
        Assert.Equal(4, set.MostSimilar("k0", 100).Count);
    }

    [Fact]
    public void Unknown_key_is_an_error_naming_it()
    {
        var set = RandomSet(10, 4, 3);
        var e = Assert.Throws<KeyNotFoundException>(() => set.MostSimilar(["k1"], ["nope"], 5));
        Assert.Contains("\"nope\"", e.Message);
    }

    [Fact]
    public void Answers_equal_gensim_most_similar_on_the_same_vectors()
    {
        var set = VectorFile.Read(RepoPaths.TestData("vectors", "gensim.bin"));
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("vectors", "gensim_expected.json")));
        foreach (var q in doc.RootElement.GetProperty("most_similar").EnumerateArray())
        {
            var pos = q.GetProperty("positive").EnumerateArray().Select(x => x.GetString()!).ToArray();
            var neg = q.GetProperty("negative").EnumerateArray().Select(x => x.GetString()!).ToArray();
            var expected = q.GetProperty("results").EnumerateArray().Select(r => (Key: r.GetProperty("key").GetString()!, Score: r.GetProperty("score").GetDouble())).ToList();
            var ours = set.MostSimilar(pos, neg, q.GetProperty("topn").GetInt32());
            Assert.Equal(expected.Count, ours.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Score, ours[i].Score, 5);
                // gensim orders exact ties arbitrarily; where scores differ the order must be the same.
                if (i + 1 < expected.Count && Math.Abs(expected[i].Score - expected[i + 1].Score) > 1e-6 && (i == 0 || Math.Abs(expected[i].Score - expected[i - 1].Score) > 1e-6))
                    Assert.Equal(expected[i].Key, ours[i].Key);
            }
        }
        var restricted = doc.RootElement.GetProperty("restricted");
        var r = set.MostSimilar(["w0"], null, 5, restrictVocab: restricted.GetProperty("restrict_vocab").GetInt32());
        Assert.Equal(restricted.GetProperty("results").EnumerateArray().Select(x => x.GetProperty("key").GetString()), r.Select(x => x.Key));
    }

    [Fact]
    public void Nearest_by_distance_metric_ranks_smallest_distance_first()
    {
        var set = new EmbeddingSet(["o", "near", "mid", "far"], [0, 0, 1, 0, 0, 3, 10, 10], 2);
        var byL2 = set.Nearest(0, SimilarityMetric.Euclidean, 3);
        Assert.Equal(["near", "mid", "far"], byL2.Select(n => n.Key));
        Assert.Equal(1f, byL2[0].Score, 5);
        var byL1 = set.Nearest(0, SimilarityMetric.Manhattan, 1);
        Assert.Equal(20f, set.Nearest(0, SimilarityMetric.Manhattan, 3)[2].Score, 5);
        Assert.Equal("near", byL1[0].Key);
    }
}
