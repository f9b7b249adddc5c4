using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class PcaTests
{
    // Points on a plane spanned by two known orthonormal directions in 20-D (spread 3 and 2) plus tiny noise.
    private static (float[] Data, double[] U, double[] V) PlantedPlane(int n, int d, int seed)
    {
        var random = new Random(seed);
        var u = new double[d]; var v = new double[d];
        for (int j = 0; j < d; j++) { u[j] = random.NextDouble() - 0.5; v[j] = random.NextDouble() - 0.5; }
        Normalize(u);
        double dot = u.Zip(v).Sum(p => p.First * p.Second);
        for (int j = 0; j < d; j++) v[j] -= dot * u[j];
        Normalize(v);
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double a = 3 * Gauss(random), b = 2 * Gauss(random);
            for (int j = 0; j < d; j++) data[i * d + j] = (float)(5 + a * u[j] + b * v[j] + 0.01 * Gauss(random));
        }
        return (data, u, v);
    }

    [Fact]
    public void Recovers_a_planted_plane_and_its_explained_variance()
    {
        const int n = 3000, d = 20;
        var (data, u, v) = PlantedPlane(n, d, seed: 1);
        var pca = Pca.Fit(data, n, d, new PcaOptions { NComponents = 3, Threads = 2 });

        // Variances 9 and 4 of a total ≈ 13: ratios ≈ 9/13 and 4/13, third ≈ 0 (noise only).
        Assert.InRange(pca.ExplainedVarianceRatio[0], 9.0 / 13 - 0.03, 9.0 / 13 + 0.03);
        Assert.InRange(pca.ExplainedVarianceRatio[1], 4.0 / 13 - 0.03, 4.0 / 13 + 0.03);
        Assert.True(pca.ExplainedVarianceRatio[2] < 1e-3, $"third ratio {pca.ExplainedVarianceRatio[2]}");
        Assert.InRange(pca.ExplainedVarianceRatio.Take(2).Sum(), 0.999, 1.0001);
        // The first axis is ±u, the second ±v.
        Assert.True(Math.Abs(Dot(pca.Components, 0, u)) > 0.999);
        Assert.True(Math.Abs(Dot(pca.Components, d, v)) > 0.999);
        // Coordinates are centred projections: their variance is the explained variance.
        double var0 = Enumerable.Range(0, n).Select(i => (double)pca.Coordinates[i * 3] * pca.Coordinates[i * 3]).Sum() / (n - 1);
        Assert.InRange(var0 / pca.ExplainedVariance[0], 0.999, 1.001);
    }

    [Fact]
    public void Same_result_for_one_or_many_threads()
    {
        var (data, _, _) = PlantedPlane(2500, 12, seed: 2);
        var one = Pca.Fit(data, 2500, 12, new PcaOptions { Threads = 1 });
        var two = Pca.Fit(data, 2500, 12, new PcaOptions { Threads = 2 });
        Assert.Equal(one.Coordinates, two.Coordinates);
    }

    private static double Dot(float[] components, int offset, double[] axis) =>
        axis.Select((a, j) => a * components[offset + j]).Sum();

    private static void Normalize(double[] x)
    {
        double n = Math.Sqrt(x.Sum(v => v * v));
        for (int j = 0; j < x.Length; j++) x[j] /= n;
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
