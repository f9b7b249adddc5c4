using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class BarnesHutGradientTests
{
    [Theory]
    [InlineData(2, 1e-3, false)]   // the start of a run: a tiny layout
    [InlineData(2, 5.0, false)]
    [InlineData(3, 5.0, false)]
    [InlineData(2, 5.0, true)]     // every tenth point sits exactly on another one
    [InlineData(3, 5.0, true)]
    public void Barnes_hut_gradient_matches_the_exact_gradient(int dims, double spread, bool duplicates)
    {
        const int n = 500;
        var set = SyntheticClusters.Generate(n, 8, 4, seed: 2);
        var p = Affinities.Compute(set.Matrix.ToArray(), n, 8, perplexity: 15, exact: false, threads: 2, seed: 0);
        var random = new Random(9);
        var y = new double[dims * n];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < dims; a++)
                y[i * dims + a] = spread * ((i % 4 == a ? 1 : 0) + 0.3 * SyntheticClusters.Gaussian(random));
        if (duplicates)
            for (int i = 10; i < n; i += 10)
                Array.Copy(y, (i - 1) * dims, y, i * dims, dims);
        var exact = new double[dims * n];
        var bh = new double[dims * n];
        double klExact = new TsneGradient(p, dims, TsneMethod.Exact, 0.5, 2).Compute(y, exact, 1.0, true, CancellationToken.None);
        double klBh = new TsneGradient(p, dims, TsneMethod.BarnesHut, 0.5, 2).Compute(y, bh, 1.0, true, CancellationToken.None);
        double diff = 0, norm = 0;
        for (int i = 0; i < y.Length; i++) { diff += (bh[i] - exact[i]) * (bh[i] - exact[i]); norm += exact[i] * exact[i]; }
        Assert.True(Math.Sqrt(diff / norm) < 3e-2, $"relative gradient error {Math.Sqrt(diff / norm):E2}");
        Assert.True(Math.Abs(klBh - klExact) < 1e-2 * klExact, $"KL {klBh} vs exact {klExact}");
        // With θ = 0 nothing is summarised: the tree must give the exact forces (to single precision).
        var bh0 = new double[dims * n];
        new TsneGradient(p, dims, TsneMethod.BarnesHut, 0.0, 2).Compute(y, bh0, 1.0, false, CancellationToken.None);
        diff = 0;
        for (int i = 0; i < y.Length; i++) diff += (bh0[i] - exact[i]) * (bh0[i] - exact[i]);
        Assert.True(Math.Sqrt(diff / norm) < 1e-4, $"θ = 0: relative gradient error {Math.Sqrt(diff / norm):E2}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Exact_gradient_is_the_derivative_of_the_kl_divergence(int dims)
    {
        // The reference every approximation above is measured against, checked by central differences.
        const int n = 61;   // not a multiple of four: the vector loop's tail runs too
        var set = SyntheticClusters.Generate(n, 6, 3, seed: 4);
        var p = Affinities.Compute(set.Matrix.ToArray(), n, 6, perplexity: 10, exact: true, threads: 2, seed: 0);
        var random = new Random(1);
        var y = new double[dims * n];
        for (int i = 0; i < y.Length; i++) y[i] = 2 * SyntheticClusters.Gaussian(random);
        var gradient = new TsneGradient(p, dims, TsneMethod.Exact, 0.5, 2);
        var grad = new double[y.Length];
        gradient.Compute(y, grad, 1.0, false, CancellationToken.None);
        var scratch = new double[y.Length];
        foreach (int k in new[] { 0, 1, dims * 17 + dims - 1, dims * n - 1 })
        {
            const double h = 1e-5;
            double saved = y[k];
            y[k] = saved + h; double up = gradient.Compute(y, scratch, 1.0, true, CancellationToken.None);
            y[k] = saved - h; double down = gradient.Compute(y, scratch, 1.0, true, CancellationToken.None);
            y[k] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - grad[k]) < 1e-6 + 1e-4 * Math.Abs(grad[k]), $"coordinate {k}: numeric {numeric:E4}, gradient {grad[k]:E4}");
        }
    }
}
