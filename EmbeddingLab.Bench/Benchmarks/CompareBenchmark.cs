using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// Comparing two spaces of 100,000 shared keys × 300 dimensions (B = A rotated, plus noise): the whole comparison
/// (sampled overlap, CKA and Procrustes on a 20,000-key sample), CKA and Procrustes on all rows, and numpy/scipy's
/// CKA and procrustes on the same matrices.
/// </summary>
public sealed class CompareBenchmark : IBenchmark
{
    public string Name => "compare";
    public string Description => "compare two 100,000 × 300 spaces: overlap, CKA, Procrustes; vs numpy/scipy";

    public int Run(string[] args)
    {
        int n = int.Parse(Reference.Arg(args, "--n", "100000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "--d", "300"), CultureInfo.InvariantCulture);
        var random = new Random(1);
        var a = new float[n * d];
        var centres = new float[50 * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) a[i * d + j] = centres[(i % 50) * d + j] + (float)(random.NextDouble() - 0.5) * 0.8f;
        // B: A with the coordinates permuted and sign-flipped (an orthogonal map), scaled, plus noise.
        var perm = Enumerable.Range(0, d).ToArray();
        random.Shuffle(perm);
        var b = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) b[i * d + j] = 2 * (j % 2 == 0 ? 1 : -1) * a[i * d + perm[j]] + (float)(random.NextDouble() - 0.5) * 0.3f;
        var keys = Enumerable.Range(0, n).Select(i => $"k{i}").ToArray();
        var setA = new EmbeddingSet(keys, a, d);
        var setB = new EmbeddingSet(keys, b, d);

        var sw = Stopwatch.StartNew();
        var result = SpaceComparer.Compare(setA, setB);
        double whole = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"EmbeddingLab compare, {n:N0} shared keys × {d}: {whole:F2} s — overlap@{result.K} {result.MeanOverlap:F3} (chance {result.ChanceOverlap:G3}), " +
                          $"CKA {result.Cka:F4}, disparity {result.ProcrustesDisparity:F4}");
        foreach (var note in result.Notes()) Console.WriteLine("  " + note);
        sw.Restart();
        double cka = Cka.Linear(a, n, d, b, d);
        double ckaSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var fit = Procrustes.Fit(a, b, n, d);
        double procrustesSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"EmbeddingLab on all {n:N0} rows: CKA {cka:F4} in {ckaSeconds:F2} s, procrustes disparity {fit.Disparity:F4} in {procrustesSeconds:F2} s");

        if (args.Contains("--skip-reference")) return 0;
        var dir = Directory.CreateTempSubdirectory("compare-");
        try
        {
            var fa = Path.Combine(dir.FullName, "a.f32");
            var fb = Path.Combine(dir.FullName, "b.f32");
            Reference.WriteFloats(fa, a);
            Reference.WriteFloats(fb, b);
            var output = Reference.Run("compare_numpy.py", fa, fb, n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture));
            if (output is not null) Console.Write(output);
        }
        finally { dir.Delete(recursive: true); }
        return 0;
    }
}
