using System.Diagnostics;
using System.Text.Json;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Comparison;

public class ComparisonTests
{
    internal static EmbeddingSet RandomSet(int n, int d, int seed, string prefix = "k", double clusterSpread = 0)
    {
        var random = new Random(seed);
        var data = new float[n * d];
        // Clustered when clusterSpread > 0: a few centres, so neighbourhoods mean something.
        var centres = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, d).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                data[i * d + j] = (float)((clusterSpread > 0 ? centres[i % 8][j] : 0) + Gaussian(random) * (clusterSpread > 0 ? clusterSpread : 1));
        return new EmbeddingSet(Enumerable.Range(0, n).Select(i => $"{prefix}{i}").ToArray(), data, d);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>x ↦ scale · Q x + shift with a random orthogonal Q (Gram–Schmidt).</summary>
    internal static EmbeddingSet RotatedScaledCopy(EmbeddingSet set, float scale, int seed)
    {
        int d = set.Dimensions;
        var random = new Random(seed);
        var q = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            var v = Enumerable.Range(0, d).Select(_ => Gaussian(random)).ToArray();
            for (int p = 0; p < i; p++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += v[j] * q[p, j];
                for (int j = 0; j < d; j++) v[j] -= dot * q[p, j];
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int j = 0; j < d; j++) q[i, j] = v[j] / norm;
        }
        var data = new float[set.Count * d];
        for (int r = 0; r < set.Count; r++)
        {
            var row = set.Vector(r);
            for (int i = 0; i < d; i++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += q[i, j] * row[j];
                data[r * d + i] = (float)(scale * s);
            }
        }
        // Reversed row order: pairing must go by key, not by row.
        var order = Enumerable.Range(0, set.Count).Reverse().ToArray();
        var reordered = new float[data.Length];
        for (int r = 0; r < order.Length; r++) data.AsSpan(order[r] * d, d).CopyTo(reordered.AsSpan(r * d, d));
        return new EmbeddingSet(order.Select(r => set.Keys[r]).ToArray(), reordered, d);
    }

    [Fact]
    public void A_set_compared_with_itself_gives_overlap_1_cka_1_disparity_0()
    {
        var set = RandomSet(300, 16, 1, clusterSpread: 0.5);
        var result = SpaceComparer.Compare(set, set, new ComparisonOptions { K = 10 });
        Assert.Equal(300, result.Shared);
        Assert.Equal(0, result.OnlyA);
        Assert.Equal(1.0, result.MeanOverlap, 9);
        Assert.Equal(1.0, result.Cka, 6);
        Assert.Equal(0.0, result.ProcrustesDisparity, 6);
        Assert.Equal(10.0 / 299, result.ChanceOverlap, 12);
        Assert.All(result.MostChanged, k => Assert.Equal(1.0, k.Overlap));
    }

    [Fact]
    public void A_rotated_scaled_copy_gives_overlap_1_cka_1_disparity_near_0()
    {
        var set = RandomSet(400, 12, 2, clusterSpread: 0.5);
        var copy = RotatedScaledCopy(set, 3.5f, 9);
        var result = SpaceComparer.Compare(set, copy, new ComparisonOptions { K = 10 });
        Assert.Equal(400, result.Shared);
        Assert.Equal(1.0, result.MeanOverlap, 9);
        Assert.Equal(1.0, result.Cka, 4);
        Assert.InRange(result.ProcrustesDisparity, 0, 1e-5);
    }

    [Fact]
    public void Independent_random_sets_give_overlap_near_chance_and_low_cka()
    {
        var a = RandomSet(1000, 20, 3);
        var b = RandomSet(1000, 20, 4);
        var result = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 10 });
        Assert.InRange(result.MeanOverlap, 0, result.ChanceOverlap * 3 + 0.01);
        Assert.InRange(result.Cka, 0, 0.1);
        Assert.InRange(result.ProcrustesDisparity, 0.8, 1);
    }

    [Fact]
    public void Pairing_reports_the_keys_only_in_one_set_and_differing_dimensions_are_reduced_with_pca()
    {
        var a = RandomSet(200, 10, 5, clusterSpread: 0.5);
        var b = RandomSet(220, 6, 6, clusterSpread: 0.5);   // keys k0…k219: 20 only in B
        var result = SpaceComparer.Compare(a, b);
        Assert.Equal(200, result.Shared);
        Assert.Equal(0, result.OnlyA);
        Assert.Equal(20, result.OnlyB);
        Assert.Contains("k200", result.OnlyBExamples);
        Assert.Equal(6, result.ReducedTo);
        Assert.Contains(result.Notes(), n => n.Contains("reduced to 6"));
        Assert.Throws<ArgumentException>(() => SpaceComparer.Compare(a, RandomSet(50, 4, 7, prefix: "other")));
    }

    [Fact]
    public void Large_sets_sample_keys_for_the_overlap_and_say_so()
    {
        var set = RandomSet(600, 8, 8, clusterSpread: 0.5);
        var copy = RotatedScaledCopy(set, 2, 3);
        var result = SpaceComparer.Compare(set, copy, new ComparisonOptions { ExactKeyLimit = 100, SampleKeys = 50, MatrixSampleLimit = 300 });
        Assert.True(result.OverlapSampled);
        Assert.Equal(50, result.OverlapKeys);
        Assert.True(result.MatrixSampled);
        Assert.Equal(300, result.MatrixRows);
        Assert.Equal(1.0, result.MeanOverlap, 9);
        Assert.Equal(2, result.Notes().Count());
    }

    [Fact]
    public void Key_neighbourhoods_give_each_neighbours_rank_in_the_other_space()
    {
        var set = RandomSet(100, 6, 10, clusterSpread: 0.5);
        var (inA, inB) = SpaceComparer.KeyNeighborhoods(set, RotatedScaledCopy(set, 1, 1), "k5", 5);
        Assert.Equal(inA.Select(x => x.Key), inB.Select(x => x.Key));
        Assert.Equal([1, 2, 3, 4, 5], inA.Select(x => x.RankInB));
        Assert.Throws<KeyNotFoundException>(() => SpaceComparer.KeyNeighborhoods(set, set, "missing", 5));
    }

    /// <summary>Runs reference_cka_procrustes.py on two sets with the same keys in the same order.</summary>
    private static JsonDocument Reference(EmbeddingSet a, EmbeddingSet b)
    {
        Assert.True(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing: run ./test.sh (it installs python3-numpy and python3-scipy).");
        var dir = Directory.CreateTempSubdirectory("cka-");
        try
        {
            var fa = Path.Combine(dir.FullName, "a.f32");
            var fb = Path.Combine(dir.FullName, "b.f32");
            File.WriteAllBytes(fa, System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.Matrix).ToArray());
            File.WriteAllBytes(fb, System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.Matrix).ToArray());
            var psi = new ProcessStartInfo("/usr/bin/python3", [RepoPaths.TestData("comparison", "reference_cka_procrustes.py"), fa, fb,
                a.Count.ToString(), a.Dimensions.ToString(), b.Dimensions.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"numpy/scipy reference failed (apt-get install python3-numpy python3-scipy): {error}");
            return JsonDocument.Parse(output);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Cka_and_procrustes_equal_numpy_and_scipy()
    {
        var a = RandomSet(150, 7, 11, clusterSpread: 0.7);
        // B: a noisy, rotated version of A (so the answers are neither 0 nor 1), and a lower-dimensional space.
        var rotated = RotatedScaledCopy(a, 2, 12);
        var random = new Random(13);
        var noisyData = new float[a.Count * a.Dimensions];
        for (int r = 0; r < a.Count; r++)
        {
            var row = rotated.Vector(rotated.IndexOf(a.Keys[r]));
            for (int j = 0; j < a.Dimensions; j++) noisyData[r * a.Dimensions + j] = row[j] + (float)Gaussian(random) * 0.8f;
        }
        var noisy = new EmbeddingSet(a.Keys, noisyData, a.Dimensions);
        var small = RandomSet(150, 4, 14, clusterSpread: 0.7);
        foreach (var (b, checkProcrustes) in new[] { (noisy, true), (small, false) })
        {
            using var reference = Reference(a, b);
            double cka = Cka.Linear(a.Matrix.ToArray(), a.Count, a.Dimensions, b.Matrix.ToArray(), b.Dimensions);
            Assert.Equal(reference.RootElement.GetProperty("cka").GetDouble(), cka, 5);
            Assert.InRange(cka, 0.05, 0.98);
            if (checkProcrustes)
            {
                var fit = Procrustes.Fit(a.Matrix.ToArray(), b.Matrix.ToArray(), a.Count, a.Dimensions);
                double expected = reference.RootElement.GetProperty("disparity").GetDouble();
                Assert.Equal(expected, fit.Disparity, 5);
                // The aligned B really is at that distance from the standardised A.
                double sum = 0;
                for (int q = 0; q < fit.AlignedB.Length; q++) sum += Math.Pow(fit.StandardizedA[q] - fit.AlignedB[q], 2);
                Assert.Equal(expected, sum, 4);
            }
        }
    }

    [Fact]
    public void On_sets_of_different_dimensions_cka_and_the_pca_reduced_procrustes_disparity_equal_numpy_and_scipy()
    {
        // A: 160 keys in 9 dimensions; B: a noisy linear view of A in 5, so both measures land between 0 and 1.
        var a = RandomSet(160, 9, 61, clusterSpread: 0.8);
        var random = new Random(62);
        var w = Enumerable.Range(0, 9 * 5).Select(_ => Gaussian(random)).ToArray();
        var data = new float[160 * 5];
        for (int r = 0; r < 160; r++)
        {
            var row = a.Vector(r);
            for (int j = 0; j < 5; j++)
            {
                double v = Gaussian(random) * 0.9;
                for (int p = 0; p < 9; p++) v += row[p] * w[p * 5 + j];
                data[r * 5 + j] = (float)v;
            }
        }
        var b = new EmbeddingSet(a.Keys, data, 5);
        using var reference = Reference(a, b);
        var result = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 5 });
        Assert.Equal(5, result.ReducedTo);
        Assert.Equal(reference.RootElement.GetProperty("cka").GetDouble(), result.Cka, 5);
        Assert.Equal(reference.RootElement.GetProperty("cka_kernel").GetDouble(), result.Cka, 5);
        Assert.Equal(reference.RootElement.GetProperty("disparity").GetDouble(), result.ProcrustesDisparity, 4);
        Assert.InRange(result.Cka, 0.05, 0.98);
        Assert.InRange(result.ProcrustesDisparity, 0.02, 0.95);
        // Both CKA forms agree with the paper's kernel form on fewer keys than dimensions too (n < dx + dy).
        var few = a.Subset(Enumerable.Range(0, 12).ToArray());
        var fewB = b.Subset(Enumerable.Range(0, 12).ToArray());
        using var fewReference = Reference(few, fewB);
        Assert.True(Cka.UsesKernelForm(12, 9, 5));
        Assert.Equal(fewReference.RootElement.GetProperty("cka_kernel").GetDouble(), Cka.Linear(few.Matrix.ToArray(), 12, 9, fewB.Matrix.ToArray(), 5), 5);
    }

    [Fact]
    public void Semantic_change_finds_the_word_that_moved_between_eras()
    {
        // Era B is era A rotated, except "gay", which moves next to "happy"'s old neighbourhood's opposite.
        var eraA = RandomSet(200, 10, 20, prefix: "w", clusterSpread: 0.5);
        var rotated = RotatedScaledCopy(eraA, 1, 21);
        var data = rotated.Matrix.ToArray();
        int moved = rotated.IndexOf("w17");
        var far = eraA.Vector(eraA.IndexOf("w42"));
        for (int j = 0; j < 10; j++) data[moved * 10 + j] = -far[j] * 3;
        var eraB = new EmbeddingSet(rotated.Keys, data, 10);
        var result = SemanticChange.Compute(eraA, eraB, minCount: 0, top: 3);
        Assert.Equal(200, result.SharedVocabulary);
        Assert.Equal("w17", result.MostChanged[0].Word);
        Assert.True(result.MostChanged[0].Change > 0.5);
        Assert.True(result.LeastChanged[0].Change < 0.05);
        Assert.Equal(8, result.MostChanged[0].NeighborsA.Count);
    }
}

public class CompareCommandTests
{
    [Fact]
    public void Compare_prints_the_documented_json()
    {
        var dir = Directory.CreateTempSubdirectory("compare-");
        try
        {
            var a = Path.Combine(dir.FullName, "a.txt");
            var b = Path.Combine(dir.FullName, "b.txt");
            var random = new Random(1);
            string Row(string key, int d) => key + " " + string.Join(' ', Enumerable.Range(0, d).Select(_ => (random.NextDouble() * 2 - 1).ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllLines(a, new[] { "60 5" }.Concat(Enumerable.Range(0, 60).Select(i => Row($"w{i}", 5))));
            File.WriteAllLines(b, new[] { "55 5" }.Concat(Enumerable.Range(5, 55).Select(i => Row($"w{i}", 5))));
            var (code, stdout, stderr) = EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run("compare", "--a", a, "--b", a, "--k", "5", "--top", "3", "--json");
            Assert.True(code == 0, stderr);
            using (var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]))
            {
                var root = json.RootElement;
                Assert.Equal(60, root.GetProperty("shared").GetInt32());
                Assert.Equal(1.0, root.GetProperty("mean_overlap").GetDouble());
                Assert.Equal(1.0, root.GetProperty("cka").GetDouble(), 5);
                Assert.Equal(0.0, root.GetProperty("procrustes_disparity").GetDouble(), 5);
                Assert.Equal(3, root.GetProperty("most_changed").GetArrayLength());
                Assert.Equal(5, root.GetProperty("k").GetInt32());
            }
            (code, stdout, stderr) = EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run("compare", "--a", a, "--b", b, "--json");
            Assert.True(code == 0, stderr);
            using (var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]))
            {
                var root = json.RootElement;
                Assert.Equal(55, root.GetProperty("shared").GetInt32());
                Assert.Equal(5, root.GetProperty("only_a").GetInt32());
                Assert.Equal(0, root.GetProperty("only_b").GetInt32());
                Assert.Equal(10.0 / 54, root.GetProperty("chance_overlap").GetDouble(), 4);
                Assert.True(root.GetProperty("mean_overlap").GetDouble() < 0.6);
                Assert.Equal("w", root.GetProperty("least_changed")[0].GetProperty("key").GetString()![..1]);
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Compare_json_figures_equal_a_brute_force_reference()
    {
        // A: 40 clustered keys in 6 dimensions; B: a noisy 4-dimensional view of 36 of them plus 3 of its own, so
        // overlaps land between chance and 1 and differ from key to key.
        var random = new Random(7);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var centres = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var vecA = new Dictionary<string, double[]>();
        var vecB = new Dictionary<string, double[]>();
        static double Round(double v) => Math.Round(v, 4); // as written in the files, so both sides see the same numbers
        for (int i = 0; i < 40; i++)
            vecA[$"w{i}"] = centres[i % 4].Select(c => Round(c + (random.NextDouble() - 0.5) * 0.9)).ToArray();
        for (int i = 4; i < 43; i++)
        {
            var source = vecA.TryGetValue($"w{i}", out var v) ? v : Enumerable.Range(0, 6).Select(_ => random.NextDouble()).ToArray();
            vecB[$"w{i}"] = Enumerable.Range(0, 4).Select(j => Round(source[j] + source[j + 2] * 0.5 + (random.NextDouble() - 0.5) * 0.8)).ToArray();
        }
        var dir = Directory.CreateTempSubdirectory("compare-ref-");
        try
        {
            string Write(string name, Dictionary<string, double[]> vectors)
            {
                var path = Path.Combine(dir.FullName, name);
                File.WriteAllLines(path, new[] { $"{vectors.Count} {vectors.First().Value.Length}" }
                    .Concat(vectors.Select(kv => kv.Key + " " + string.Join(' ', kv.Value.Select(x => x.ToString("F4", inv))))));
                return path;
            }
            const int k = 3, top = 6;
            var (code, stdout, stderr) = EmbeddingLab.Tests.Cli.NeighborsCommandTests.Run("compare", "--a", Write("a.txt", vecA), "--b", Write("b.txt", vecB),
                "--k", k.ToString(inv), "--top", top.ToString(inv), "--json");
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
            var root = json.RootElement;

            // The reference: every shared key's k nearest by cosine in each space, sorted over all of them.
            var shared = vecA.Keys.Where(vecB.ContainsKey).ToList();
            HashSet<string> Nearest(Dictionary<string, double[]> space, string key) => shared.Where(o => o != key)
                .OrderByDescending(o => Cosine(space[key], space[o])).Take(k).ToHashSet();
            var overlap = shared.ToDictionary(key => key, key => Nearest(vecA, key).Intersect(Nearest(vecB, key)).Count() / (double)k);
            Assert.Equal(shared.Count, root.GetProperty("shared").GetInt32());
            Assert.Equal(4, root.GetProperty("only_a").GetInt32());
            Assert.Equal(3, root.GetProperty("only_b").GetInt32());
            Assert.Equal(overlap.Values.Average(), root.GetProperty("mean_overlap").GetDouble(), 6);
            Assert.Equal((double)k / (shared.Count - 1), root.GetProperty("chance_overlap").GetDouble(), 6);
            Assert.InRange(overlap.Values.Distinct().Count(), 3, k + 1); // the keys really differ, so the ranking means something

            // Most changed: the top lowest overlaps, each key's own; least changed: the top highest.
            var most = root.GetProperty("most_changed").EnumerateArray().Select(e => (Key: e.GetProperty("key").GetString()!, Overlap: e.GetProperty("overlap").GetDouble())).ToList();
            var least = root.GetProperty("least_changed").EnumerateArray().Select(e => (Key: e.GetProperty("key").GetString()!, Overlap: e.GetProperty("overlap").GetDouble())).ToList();
            Assert.Equal(overlap.Values.Order().Take(top), most.Select(m => m.Overlap), new RoundedComparer());
            Assert.Equal(overlap.Values.OrderDescending().Take(top), least.Select(m => m.Overlap), new RoundedComparer());
            Assert.All(most.Concat(least), m => Assert.Equal(overlap[m.Key], m.Overlap, 6));
            Assert.Equal(top, most.Select(m => m.Key).Distinct().Count());
            Assert.Equal(top, least.Select(m => m.Key).Distinct().Count());

            // CKA from the Gram matrices (the kernel form of Kornblith et al. 2019), centred with H = I − 11ᵀ/n.
            double KernelCka(Func<string, double[]> x, Func<string, double[]> y)
            {
                int n = shared.Count;
                double[,] Gram(Func<string, double[]> f)
                {
                    var g = new double[n, n];
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) g[i, j] = f(shared[i]).Zip(f(shared[j]), (p, q) => p * q).Sum();
                    var rowMean = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Average(j => g[i, j])).ToArray();
                    double all = rowMean.Average();
                    var c = new double[n, n];
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[i, j] = g[i, j] - rowMean[i] - rowMean[j] + all;
                    return c;
                }
                var (kx, ky) = (Gram(x), Gram(y));
                double Hsic(double[,] p, double[,] q) { double s = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += p[i, j] * q[i, j]; return s; }
                return Hsic(kx, ky) / Math.Sqrt(Hsic(kx, kx) * Hsic(ky, ky));
            }
            Assert.Equal(KernelCka(key => vecA[key], key => vecB[key]), root.GetProperty("cka").GetDouble(), 5);
        }
        finally { dir.Delete(true); }
    }

    private static double Cosine(double[] x, double[] y) =>
        x.Zip(y, (p, q) => p * q).Sum() / Math.Sqrt(x.Sum(p => p * p) * y.Sum(q => q * q));

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;
        public int GetHashCode(double obj) => 0;
    }
}
