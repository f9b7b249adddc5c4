using EmbeddingLab.Core.Analysis.Density;

namespace EmbeddingLab.Tests.Projection;

/// <summary>The map's density contours: a binned Gaussian KDE with scipy's Scott bandwidth.</summary>
public class KernelDensity2DTests
{
    private static float[] Gaussian(int n, double meanX, double meanY, int seed)
    {
        var random = new Random(seed);
        var data = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            // Box–Muller: two independent standard normals.
            double u = 1 - random.NextDouble(), v = random.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u));
            data[i * 2] = (float)(meanX + r * Math.Cos(2 * Math.PI * v));
            data[i * 2 + 1] = (float)(meanY + r * Math.Sin(2 * Math.PI * v));
        }
        return data;
    }

    [Fact]
    public void Standard_normal_sample_gives_the_smoothed_normal_density_and_integrates_to_one()
    {
        const int n = 20_000;
        var grid = KernelDensity2D.Estimate(Gaussian(n, 0, 0, 7), 2, gridSize: 128);
        // Scott's factor in 2-D is n^(−1/6); σ ≈ 1 on both axes.
        Assert.InRange(grid.BandwidthX, 0.98 * Math.Pow(n, -1.0 / 6), 1.02 * Math.Pow(n, -1.0 / 6));
        double dx = grid.X[1] - grid.X[0], dy = grid.Y[1] - grid.Y[0], total = 0;
        foreach (var z in grid.Z) total += z * dx * dy;
        Assert.InRange(total, 0.99, 1.01);
        // The KDE of N(0, I) is N(0, (1 + h²) I): its peak is 1 / (2π (1 + h²)).
        double h = grid.BandwidthX, expected = 1 / (2 * Math.PI * (1 + h * h));
        int g = grid.X.Length, peak = Array.IndexOf(grid.Z, grid.Z.Max());
        Assert.InRange(grid.Z[peak], expected * 0.93, expected * 1.07);
        Assert.InRange(grid.X[peak % g], -0.3, 0.3);
        Assert.InRange(grid.Y[peak / g], -0.3, 0.3);
    }

    [Fact]
    public void Two_blobs_have_two_peaks_and_low_density_between()
    {
        var a = Gaussian(3000, -6, 0, 1);
        var b = Gaussian(3000, 6, 0, 2);
        var grid = KernelDensity2D.Estimate(a.Concat(b).ToArray(), 2, gridSize: 96);
        int g = grid.X.Length;
        int row = Array.FindIndex(grid.Y, y => y >= 0);
        float At(double x) => grid.Z[row * g + Array.FindIndex(grid.X, v => v >= x)];
        Assert.True(At(0) < 0.05 * At(-6), $"between {At(0)} vs peak {At(-6)}");
        Assert.True(At(6) > 10 * At(0));
    }
}
