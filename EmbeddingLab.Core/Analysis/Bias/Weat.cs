using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Bias;

/// <summary>WEAT inputs: two target word sets (X, Y) and two attribute word sets (A, B).</summary>
public sealed record WeatQuery(IReadOnlyList<string> X, IReadOnlyList<string> Y, IReadOnlyList<string> A, IReadOnlyList<string> B)
{
    /// <summary>
    /// Random partitions drawn when the exact test would need more than <see cref="Weat.ExactLimit"/>; at least
    /// <see cref="Weat.MinPermutations"/> (fewer would make the sampled p-value coarser than the test promises).
    /// </summary>
    public int Permutations { get; init; } = 100_000;

    /// <summary>Seeds the random partitions (the exact test uses none).</summary>
    public int Seed { get; init; }
}

/// <summary>One target word's association s(w, A, B).</summary>
public sealed record WeatWordScore(string Word, string Set, double Association);

/// <summary>The outcome of a WEAT.</summary>
/// <param name="EffectSize">d: the difference of the targets' mean associations in units of their pooled standard deviation.</param>
/// <param name="PValue">One-sided permutation p-value: the share of equal-size partitions of X ∪ Y whose statistic exceeds the observed one.</param>
/// <param name="Exact">True when every partition was enumerated; false when <paramref name="PartitionsTested"/> were sampled.</param>
public sealed record WeatResult(double EffectSize, double PValue, bool Exact, long PartitionsTested, double Statistic,
    IReadOnlyList<string> X, IReadOnlyList<string> Y, IReadOnlyList<string> A, IReadOnlyList<string> B,
    IReadOnlyList<string> Missing, IReadOnlyList<WeatWordScore> Scores);

/// <summary>
/// The Word Embedding Association Test (Caliskan, Bryson and Narayanan, Science 2017) on cosine similarity:
/// s(w, A, B) = mean cos(w, a) − mean cos(w, b); statistic S = Σ_X s − Σ_Y s; effect size
/// d = (mean_X s − mean_Y s) / stddev_{X∪Y} s (sample standard deviation, n − 1); p = Pr_i[S(X_i, Y_i) &gt; S] over the
/// partitions of X ∪ Y into sets of sizes |X| and |Y| — every one when there are at most <see cref="ExactLimit"/>,
/// else a seeded random sample. Words missing from the vocabulary are listed and left out.
/// </summary>
public static class Weat
{
    public const long ExactLimit = 100_000;

    /// <summary>The fewest random partitions a sampled test may draw: the paper's test is exact up to 100,000 partitions, so a sample is never smaller.</summary>
    public const int MinPermutations = 100_000;

    public static WeatResult Run(EmbeddingSet set, WeatQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Permutations < MinPermutations)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"WEAT permutations must be at least {MinPermutations:N0} (the p-value is exact up to {ExactLimit:N0} partitions, else sampled from at least as many); found {query.Permutations:N0}."));
        var missing = new List<string>();
        var x = Present(set, query.X, missing);
        var y = Present(set, query.Y, missing);
        var a = Present(set, query.A, missing);
        var b = Present(set, query.B, missing);
        // A list with no word in the vocabulary (e.g. the paper's first names in a corpus of speeches): say which
        // words of that list are missing and that the test cannot run, not just that a count is too small.
        void Need(IReadOnlyList<string> present, IReadOnlyList<string> asked, string name)
        {
            if (present.Count > 0) return;
            var words = asked.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct().ToList();
            throw new ArgumentException(words.Count == 0
                ? $"The test cannot run: {name} is empty; give at least one word."
                : $"The test cannot run: none of the {words.Count} word{(words.Count == 1 ? "" : "s")} of {name} is in this vocabulary (missing: {string.Join(", ", words)}). Use words the vectors know.");
        }
        Need(x, query.X, "target set X");
        Need(y, query.Y, "target set Y");
        Need(a, query.A, "attribute set A");
        Need(b, query.B, "attribute set B");
        if (x.Count + y.Count < 3) throw new ArgumentException("WEAT needs at least three target words in all to measure their spread.");

        var targets = x.Concat(y).ToArray();
        var s = new double[targets.Length];
        for (int i = 0; i < targets.Length; i++) s[i] = Association(set, targets[i], a, b);

        double meanX = s.Take(x.Count).Average(), meanY = s.Skip(x.Count).Average();
        double mean = s.Average();
        double variance = s.Sum(v => (v - mean) * (v - mean)) / (s.Length - 1);
        double std = Math.Sqrt(variance);
        double effect = std > 0 ? (meanX - meanY) / std : 0;
        double sumX = s.Take(x.Count).Sum(), total = s.Sum();
        double statistic = sumX - (total - sumX);

        // S_i = 2·Σ_{X_i} s − Σ s: comparing partial sums is enough. A tolerance keeps the observed partition (and
        // its re-orderings) from counting through rounding.
        double tolerance = 1e-9 * Math.Max(1, s.Sum(Math.Abs));
        long partitions = Binomial(targets.Length, x.Count);
        long exceed = 0, tested = 0;
        bool exact = partitions <= ExactLimit;
        if (exact)
        {
            tested = partitions;
            exceed = CountExact(s, x.Count, sumX + tolerance, cancellationToken);
        }
        else
        {
            var random = new Random(query.Seed);
            var order = Enumerable.Range(0, s.Length).ToArray();
            for (int p = 0; p < query.Permutations; p++)
            {
                if ((p & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                // Partial Fisher–Yates: the first |X| slots are a uniform random subset.
                double sum = 0;
                for (int i = 0; i < x.Count; i++)
                {
                    int j = random.Next(i, order.Length);
                    (order[i], order[j]) = (order[j], order[i]);
                    sum += s[order[i]];
                }
                if (sum > sumX + tolerance) exceed++;
            }
            tested = query.Permutations;
        }

        var scores = targets.Select((w, i) => new WeatWordScore(w, i < x.Count ? "X" : "Y", s[i])).ToList();
        return new WeatResult(effect, (double)exceed / tested, exact, tested, statistic, x, y, a, b, missing, scores);
    }

    /// <summary>s(w, A, B) = mean cos(w, a) − mean cos(w, b).</summary>
    public static double Association(EmbeddingSet set, string word, IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var w = set.UnitVector(set.IndexOfRequired(word));
        double sa = 0, sb = 0;
        foreach (var t in a) sa += TensorPrimitives.Dot(w, set.UnitVector(set.IndexOfRequired(t)));
        foreach (var t in b) sb += TensorPrimitives.Dot(w, set.UnitVector(set.IndexOfRequired(t)));
        return sa / a.Count - sb / b.Count;
    }

    /// <summary>C(n, k), saturating at long.MaxValue.</summary>
    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        double r = 1;
        for (int i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
            if (r > long.MaxValue / 2) return long.MaxValue;
        }
        return (long)Math.Round(r);
    }

    private static long CountExact(double[] s, int k, double threshold, CancellationToken cancellationToken)
    {
        // Every k-subset of the targets: depth-first with running sums.
        long count = 0, visited = 0;
        int n = s.Length;
        void Walk(int start, int left, double sum)
        {
            if (left == 0)
            {
                if ((++visited & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (sum > threshold) count++;
                return;
            }
            for (int i = start; i <= n - left; i++) Walk(i + 1, left - 1, sum + s[i]);
        }
        Walk(0, k, 0);
        return count;
    }

    private static List<string> Present(EmbeddingSet set, IReadOnlyList<string> words, List<string> missing)
    {
        var present = new List<string>();
        foreach (var raw in words)
        {
            var word = raw.Trim();
            if (word.Length == 0 || present.Contains(word)) continue;
            if (set.Contains(word)) present.Add(word);
            else if (!missing.Contains(word)) missing.Add(word);
        }
        return present;
    }
}
