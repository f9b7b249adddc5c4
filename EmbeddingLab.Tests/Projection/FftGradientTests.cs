using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class FftGradientTests
{
    [Theory]
    [InlineData(1e-3)]   // the start of a run: everything inside one interval of the minimum grid
    [InlineData(3.0)]    // clusters a few units apart
    [InlineData(15.0)]   // wider than 50 units: the grid must grow past the minimum
    [InlineData(40.0)]   // clusters far apart: most of the grid is empty padding between them
    public void Fft_gradient_matches_the_exact_gradient(double spread)
    {
        const int n = 600;
        var set = SyntheticClusters.Generate(n, 10, 4, seed: 11);
        var p = Affinities.Compute(set.Matrix.ToArray(), n, 10, perplexity: 20, exact: false, threads: 2, seed: 0);
        var random = new Random(5);
        var y = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            int cluster = i % 4;
            y[2 * i] = spread * (cluster + 0.3 * SyntheticClusters.Gaussian(random));
            y[2 * i + 1] = spread * ((cluster % 2) + 0.3 * SyntheticClusters.Gaussian(random));
        }
        var exact = new double[2 * n];
        var fft = new double[2 * n];
        double klExact = new TsneGradient(p, 2, TsneMethod.Exact, 0.5, 2).Compute(y, exact, 1.0, true, CancellationToken.None);
        double klFft = new TsneGradient(p, 2, TsneMethod.Fft, 0.5, 2).Compute(y, fft, 1.0, true, CancellationToken.None);
        double diff = 0, norm = 0;
        for (int i = 0; i < 2 * n; i++) { diff += (fft[i] - exact[i]) * (fft[i] - exact[i]); norm += exact[i] * exact[i]; }
        double relative = Math.Sqrt(diff / norm);
        // At the default half unit per interval the interpolation is finer than Barnes-Hut's θ = 0.5 (1–2% here).
        Assert.True(relative < 1e-2, $"relative gradient error {relative:E2}");
        // Z enters the KL divergence: it must agree too.
        Assert.True(Math.Abs(klFft - klExact) < 1e-2 * klExact, $"KL {klFft} vs exact {klExact}");
    }

    [Fact]
    public void Fft_t_sne_separates_planted_clusters_like_barnes_hut()
    {
        // A coarse minimum grid (10 intervals) keeps this quick in a Debug build.
        var set = SyntheticClusters.Generate(300, 20, 5, seed: 7, centerSpread: 1.5);
        var data = set.Matrix.ToArray();
        var options = new TsneOptions { NIter = 400, Threads = 2, Seed = 1, SnapshotEvery = 0, MinNumIntervals = 10 };
        var fft = Tsne.Run(set, options with { Method = TsneMethod.Fft });
        var bh = Tsne.Run(set, options with { Method = TsneMethod.BarnesHut });
        Assert.All(fft.Coordinates, c => Assert.True(float.IsFinite(c)));
        var qf = ProjectionQuality.Evaluate(data, 300, 20, fft.Coordinates, 2, k: 10, sampleSize: 0);
        var qb = ProjectionQuality.Evaluate(data, 300, 20, bh.Coordinates, 2, k: 10, sampleSize: 0);
        Assert.True(qf.Trustworthiness > 0.85, $"trustworthiness {qf.Trustworthiness:F3}");
        Assert.InRange(qf.Trustworthiness, qb.Trustworthiness - 0.02, qb.Trustworthiness + 0.02);
        Assert.InRange(fft.KlDivergence, bh.KlDivergence * 0.9, bh.KlDivergence * 1.1);
    }

    [Fact]
    public void Method_resolution_uses_fft_only_for_large_2d_runs()
    {
        var options = new TsneOptions { Method = TsneMethod.Fft, NComponents = 3 };
        Assert.Equal(TsneMethod.BarnesHut, Tsne.ResolveMethod(options, 5000));
        var auto = new TsneOptions();
        Assert.Equal(TsneMethod.Exact, Tsne.ResolveMethod(auto, 1000));
        Assert.Equal(TsneMethod.BarnesHut, Tsne.ResolveMethod(auto, 20_000));
        Assert.Equal(TsneMethod.Fft, Tsne.ResolveMethod(auto, 20_001));
        Assert.Equal(TsneMethod.Fft, Tsne.ResolveMethod(auto, 100_000));
        Assert.Equal(TsneMethod.BarnesHut, Tsne.ResolveMethod(auto with { NComponents = 3 }, 100_000));
    }

    [Fact]
    public void The_layout_does_not_depend_on_the_order_of_the_input_points()
    {
        // Large enough that the optimiser renumbers the points along a space-filling curve internally; the result
        // must still come back in the caller's order, so a shuffled input gives the same layout, shuffled.
        const int n = 6000, d = 5;
        var set = SyntheticClusters.Generate(n, d, 6, seed: 3);
        var data = set.Matrix.ToArray();
        var shuffle = Enumerable.Range(0, n).OrderBy(i => (i * 7919L) % n).ToArray();   // a fixed permutation
        var shuffled = new float[data.Length];
        for (int r = 0; r < n; r++) Array.Copy(data, shuffle[r] * d, shuffled, r * d, d);
        var options = new TsneOptions { Method = TsneMethod.Fft, NIter = 40, Threads = 2, SnapshotEvery = 0, Perplexity = 10 };

        // The same starting layout for both (PCA of a shuffled matrix may flip an axis).
        var y0 = Tsne.Initialize(data, n, d, options with { Init = TsneInit.Random });
        var y0Shuffled = new double[2 * n];
        for (int r = 0; r < n; r++) { y0Shuffled[2 * r] = y0[2 * shuffle[r]]; y0Shuffled[2 * r + 1] = y0[2 * shuffle[r] + 1]; }
        var a = Tsne.Optimize(Affinities.Compute(data, n, d, options.Perplexity, false, 2, 0), y0, options);
        var b = Tsne.Optimize(Affinities.Compute(shuffled, n, d, options.Perplexity, false, 2, 0), y0Shuffled, options);

        double worst = 0, scale = 0;
        for (int r = 0; r < n; r++)
            for (int k = 0; k < 2; k++)
            {
                worst = Math.Max(worst, Math.Abs(a.Coordinates[shuffle[r] * 2 + k] - b.Coordinates[r * 2 + k]));
                scale = Math.Max(scale, Math.Abs(a.Coordinates[shuffle[r] * 2 + k]));
            }
        Assert.True(scale > 0.01, $"layout did not move from its 1e-4 start: extent {scale}");
        Assert.True(worst < 1e-3 * scale, $"largest difference {worst:E2} at extent {scale:F3}");
        Assert.InRange(b.KlDivergence, a.KlDivergence * (1 - 1e-4), a.KlDivergence * (1 + 1e-4));
    }
}
