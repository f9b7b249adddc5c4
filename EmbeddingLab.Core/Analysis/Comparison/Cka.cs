using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>
/// Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton 2019) on column-centred X (n × dx) and
/// Y (n × dy). The paper's kernel form, ⟨K, L⟩_F / (‖K‖_F · ‖L‖_F) with the Gram matrices K = XXᵀ and L = YYᵀ (n × n),
/// equals its feature form ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F) (dx × dy products), since ⟨XXᵀ, YYᵀ⟩ = tr(XᵀYYᵀX) = ‖YᵀX‖².
/// The feature form costs n·(dx + dy)², the kernel form n²·(dx + dy): whichever is smaller runs (kernel when
/// n &lt; dx + dy, e.g. a few hundred TF-IDF sentences over thousands of terms). 1 for spaces that differ by a rotation and
/// an isotropic scaling; near 0 for unrelated ones.
/// </summary>
public static class Cka
{
    public static double Linear(float[] x, int n, int dx, float[] y, int dy, int threads = 0, CancellationToken cancellationToken = default) =>
        UsesKernelForm(n, dx, dy) ? Kernel(x, n, dx, y, dy, threads, cancellationToken) : Feature(x, n, dx, y, dy, threads, cancellationToken);

    /// <summary>True when the n × n Gram matrices are cheaper than the d × d products.</summary>
    public static bool UsesKernelForm(long n, long dx, long dy) => n < dx + dy;

    /// <summary>Memory <see cref="Linear"/> takes beyond its inputs (per-thread partial sums and the results).</summary>
    public static long EstimateBytes(long n, long dx, long dy, int threads = 0)
    {
        long chunks = Math.Clamp(threads <= 0 ? Environment.ProcessorCount : threads, 1, 64);
        // Each product: chunks × (double sums + float block) + the double result. Feature form keeps three results;
        // kernel form two Gram matrices plus the transposed, centred inputs.
        static long Product(long chunks, long a, long b) => Pca.Saturate(a, b) is var cells && cells == long.MaxValue ? long.MaxValue : Pca.Saturate(cells, 12 * chunks + 8);
        if (UsesKernelForm(n, dx, dy))
            return Sum(Product(chunks, n, n), Pca.Saturate(n, 8 * n), Pca.Saturate(n, 4 * (dx + dy)));
        return Sum(Product(chunks, Math.Max(dx, dy), Math.Max(dx, dy)), Pca.Saturate(dx * dy + dx * dx + dy * dy, 8));
    }

    /// <summary>The feature form (d × d products).</summary>
    internal static double Feature(float[] x, int n, int dx, float[] y, int dy, int threads, CancellationToken cancellationToken)
    {
        if (n < 2) throw new ArgumentException("CKA needs at least two shared keys.");
        var meanX = CrossProduct.ColumnMeans(x, n, dx);
        var meanY = CrossProduct.ColumnMeans(y, n, dy);
        var yx = CrossProduct.Compute(y, n, dy, meanY, x, dx, meanX, threads, cancellationToken);
        var xx = CrossProduct.Compute(x, n, dx, meanX, x, dx, meanX, threads, cancellationToken);
        var yy = CrossProduct.Compute(y, n, dy, meanY, y, dy, meanY, threads, cancellationToken);
        double cross = SumOfSquares(yx), normX = Math.Sqrt(SumOfSquares(xx)), normY = Math.Sqrt(SumOfSquares(yy));
        if (normX == 0 || normY == 0) return 0;
        return cross / (normX * normY);
    }

    /// <summary>The kernel form (n × n Gram matrices of the centred rows; centring the columns centres the Gram matrix).</summary>
    internal static double Kernel(float[] x, int n, int dx, float[] y, int dy, int threads, CancellationToken cancellationToken)
    {
        if (n < 2) throw new ArgumentException("CKA needs at least two shared keys.");
        var k = Gram(x, n, dx, threads, cancellationToken);
        var l = Gram(y, n, dy, threads, cancellationToken);
        double cross = 0, normK = 0, normL = 0;
        for (int q = 0; q < k.Length; q++) { cross += k[q] * l[q]; normK += k[q] * k[q]; normL += l[q] * l[q]; }
        if (normK == 0 || normL == 0) return 0;
        return cross / Math.Sqrt(normK * normL);
    }

    /// <summary>X_c X_cᵀ (n × n) as the cross product of the centred, transposed X (d rows of n) with itself.</summary>
    private static double[] Gram(float[] x, int n, int d, int threads, CancellationToken cancellationToken)
    {
        var mean = CrossProduct.ColumnMeans(x, n, d);
        var transposed = new float[d * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) transposed[j * n + i] = x[i * d + j] - mean[j];
        return CrossProduct.Compute(transposed, d, n, null, transposed, n, null, threads, cancellationToken);
    }

    /// <summary>A sum of byte counts that saturates instead of overflowing.</summary>
    internal static long Sum(params long[] parts)
    {
        long total = 0;
        foreach (var p in parts) total = p == long.MaxValue || total > long.MaxValue - p ? long.MaxValue : total + p;
        return total;
    }

    private static double SumOfSquares(double[] m)
    {
        double s = 0;
        foreach (var v in m) s += v * v;
        return s;
    }
}
