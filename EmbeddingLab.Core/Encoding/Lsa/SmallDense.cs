using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Encoding.Lsa;

/// <summary>
/// Dense kernels for thin row-major blocks (many rows × a few hundred columns at most) and their small square factors:
/// Gram products and row-wise triangular solves run in parallel over rows; the l × l factorizations are serial.
/// </summary>
internal static class SmallDense
{
    private const int RowsPerChunk = 512;

    /// <summary>
    /// Y = QR in place (Y becomes Q with orthonormal columns; R is cols × cols upper triangular, row-major):
    /// Cholesky-QR twice, which is as accurate as Householder while the block is well conditioned, and Householder
    /// itself when it is not.
    /// </summary>
    public static void ThinQr(double[] y, int rows, int cols, out double[] r)
    {
        if (Cholesky(TransposeTimes(y, y, rows, cols), cols) is { } r1 && IsUsable(r1, cols, 1e7))
        {
            SolveUpperRows(y, rows, cols, r1);
            if (Cholesky(TransposeTimes(y, y, rows, cols), cols) is { } r2)
            {
                SolveUpperRows(y, rows, cols, r2);
                r = UpperTimesUpper(r2, r1, cols);
                return;
            }
        }
        HouseholderQr(y, rows, cols, out r);
    }

    /// <summary>True when R's diagonal spread keeps Cholesky-QR's loss of orthogonality (ε·cond²) negligible.</summary>
    public static bool WellConditioned(double[] r, int n) => IsUsable(r, n, 1e4);

    private static bool IsUsable(double[] r, int n, double limit)
    {
        double max = 0, min = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double d = Math.Abs(r[i * n + i]);
            max = Math.Max(max, d);
            min = Math.Min(min, d);
        }
        return min > 0 && max / min < limit;
    }

    /// <summary>Aᵀ·B for two rows × cols row-major blocks → cols × cols (symmetrised when A is B).</summary>
    public static double[] TransposeTimes(double[] a, double[] b, int rows, int cols)
    {
        var total = new double[cols * cols];
        var gate = new object();
        int chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, () => new double[cols * cols], (chunk, _, local) =>
        {
            int end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (int row = chunk * RowsPerChunk; row < end; row++)
            {
                var ar = a.AsSpan(row * cols, cols);
                var br = b.AsSpan(row * cols, cols);
                for (int i = 0; i < cols; i++)
                {
                    var dst = local.AsSpan(i * cols, cols);
                    TensorPrimitives.MultiplyAdd(br, ar[i], dst, dst);
                }
            }
            return local;
        }, local => { lock (gate) TensorPrimitives.Add(total, local, total); });
        for (int i = 0; i < cols; i++)
            for (int j = i + 1; j < cols; j++)
            {
                double v = 0.5 * (total[i * cols + j] + total[j * cols + i]);
                total[i * cols + j] = v;
                total[j * cols + i] = v;
            }
        return total;
    }

    /// <summary>Upper R with RᵀR = G (n × n, symmetric), or null when G is not numerically positive definite.</summary>
    public static double[]? Cholesky(double[] g, int n)
    {
        var r = new double[n * n];
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, g[i * n + i]);
        if (!(scale > 0)) return null;
        for (int i = 0; i < n; i++)
        {
            double d = g[i * n + i];
            for (int k = 0; k < i; k++) d -= r[k * n + i] * r[k * n + i];
            if (!(d > scale * 1e-15)) return null;
            double rii = Math.Sqrt(d);
            r[i * n + i] = rii;
            for (int j = i + 1; j < n; j++)
            {
                double s = g[i * n + j];
                for (int k = 0; k < i; k++) s -= r[k * n + i] * r[k * n + j];
                r[i * n + j] = s / rii;
            }
        }
        return r;
    }

    /// <summary>Each row y of the block becomes y·R⁻¹ (R upper triangular), in place.</summary>
    public static void SolveUpperRows(double[] y, int rows, int cols, double[] r)
    {
        int chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, chunk =>
        {
            int end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (int row = chunk * RowsPerChunk; row < end; row++)
            {
                var x = y.AsSpan(row * cols, cols);
                for (int i = 0; i < cols; i++)
                {
                    double xi = x[i] / r[i * cols + i];
                    x[i] = xi;
                    if (i + 1 < cols)
                    {
                        var rest = x[(i + 1)..];
                        TensorPrimitives.MultiplyAdd(r.AsSpan(i * cols + i + 1, cols - i - 1), -xi, rest, rest);
                    }
                }
            }
        });
    }

    /// <summary>X = R⁻¹·X for an upper triangular n × n R and a row-major n × m X, in place (back substitution).</summary>
    public static void SolveUpper(double[] r, int n, double[] x, int m)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            var xi = x.AsSpan(i * m, m);
            for (int j = i + 1; j < n; j++) TensorPrimitives.MultiplyAdd(x.AsSpan(j * m, m), -r[i * n + j], xi, xi);
            TensorPrimitives.Multiply(xi, 1.0 / r[i * n + i], xi);
        }
    }

    /// <summary>M (rows × l) · S (l × k), both row-major → rows × k.</summary>
    public static double[] Times(double[] m, int rows, int l, double[] s, int k)
    {
        var result = new double[rows * k];
        int chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, chunk =>
        {
            int end = Math.Min(rows, (chunk + 1) * RowsPerChunk);
            for (int row = chunk * RowsPerChunk; row < end; row++)
            {
                var dst = result.AsSpan(row * k, k);
                for (int j = 0; j < l; j++) TensorPrimitives.MultiplyAdd(s.AsSpan(j * k, k), m[row * l + j], dst, dst);
            }
        });
        return result;
    }

    private static double[] UpperTimesUpper(double[] a, double[] b, int n)
    {
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = i; k < n; k++)
            {
                double aik = a[i * n + k];
                for (int j = k; j < n; j++) result[i * n + j] += aik * b[k * n + j];
            }
        return result;
    }

    /// <summary>
    /// Householder QR of a row-major rows × cols block (rows ≥ cols), in place: Y becomes the thin Q. Stays orthonormal
    /// when columns are dependent (a zero column leaves its reflector out), which Cholesky-QR cannot.
    /// </summary>
    public static void HouseholderQr(double[] y, int rows, int cols, out double[] r)
    {
        r = new double[cols * cols];
        var reflectors = new double[cols][];
        var betas = new double[cols];
        for (int j = 0; j < cols; j++)
        {
            double norm = 0;
            for (int i = j; i < rows; i++) norm += y[i * cols + j] * y[i * cols + j];
            norm = Math.Sqrt(norm);
            if (norm > 0)
            {
                double alpha = y[j * cols + j] >= 0 ? -norm : norm;
                var v = new double[rows - j];
                for (int i = j; i < rows; i++) v[i - j] = y[i * cols + j];
                v[0] -= alpha;
                double vv = 0;
                foreach (double e in v) vv += e * e;
                if (vv > 0)
                {
                    double beta = 2.0 / vv;
                    for (int c = j; c < cols; c++)
                    {
                        double s = 0;
                        for (int i = j; i < rows; i++) s += v[i - j] * y[i * cols + c];
                        s *= beta;
                        for (int i = j; i < rows; i++) y[i * cols + c] -= s * v[i - j];
                    }
                    reflectors[j] = v;
                    betas[j] = beta;
                }
            }
            for (int c = j; c < cols; c++) r[j * cols + c] = y[j * cols + c];
        }
        // Q = H₀ H₁ … H_{cols−1} applied to the first cols columns of the identity.
        Array.Clear(y);
        for (int i = 0; i < cols; i++) y[i * cols + i] = 1;
        for (int j = cols - 1; j >= 0; j--)
        {
            if (reflectors[j] is not { } v) continue;
            for (int c = 0; c < cols; c++)
            {
                double s = 0;
                for (int i = j; i < rows; i++) s += v[i - j] * y[i * cols + c];
                s *= betas[j];
                for (int i = j; i < rows; i++) y[i * cols + c] -= s * v[i - j];
            }
        }
    }
}
