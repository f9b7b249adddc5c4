using EmbeddingLab.Core.Encoding.BagOfWords;
using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Encoding.Lsa;

/// <summary>scikit-learn TruncatedSVD options (algorithm='randomized').</summary>
public sealed record TruncatedSvdOptions
{
    /// <summary>Number of components kept (n_components=2 in sklearn; LSA usually wants ~100).</summary>
    public int NComponents { get; init; } = 100;

    /// <summary>Power iterations (n_iter=5).</summary>
    public int NIter { get; init; } = 5;

    /// <summary>Extra random directions sampled beyond NComponents (n_oversamples=10).</summary>
    public int NOversamples { get; init; } = 10;

    /// <summary>Seed of the Gaussian test matrix (sklearn random_state); same seed, same components.</summary>
    public int RandomState { get; init; }
}

/// <summary>
/// Truncated SVD of a sparse matrix without centring (LSA), following sklearn's TruncatedSVD with
/// algorithm='randomized': Halko et al. randomized range finder (Gaussian test matrix of NComponents + NOversamples
/// columns, NIter power iterations), SVD of the small projected matrix, signs fixed by sklearn's svd_flip
/// (u-based: the largest |U| entry of each component is positive), and transform(X) = X · componentsᵀ.
/// Differences: power iterations are re-orthonormalised with QR (sklearn's 'auto' uses LU), and the random stream
/// is .NET's, not numpy's, so components match sklearn's to the accuracy of the method (exactly, up to rounding,
/// when the spectrum is well separated), not bit for bit.
/// </summary>
public sealed class TruncatedSvd
{
    private TruncatedSvd(double[] components, int rows, int features, double[] singularValues, double[] explainedVariance)
    {
        Components = components;
        NComponents = rows;
        Features = features;
        SingularValues = singularValues;
        ExplainedVariance = explainedVariance;
    }

    /// <summary>Row-major NComponents × Features matrix (sklearn components_), rows orthonormal.</summary>
    public double[] Components { get; }
    public int NComponents { get; }
    public int Features { get; }

    /// <summary>sklearn singular_values_, descending.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>sklearn explained_variance_: variance of each column of the transformed training data.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    public static TruncatedSvd Fit(SparseRows x, TruncatedSvdOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TruncatedSvdOptions();
        int n = x.RowCount, features = x.ColumnCount, k = options.NComponents;
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(options), k, "NComponents must be at least 1.");
        if (k > features) throw new ArgumentException($"n_components ({k}) must be <= the number of features ({features}).");
        if (k > n) throw new ArgumentException($"n_components ({k}) must be <= the number of documents ({n}).");
        int l = Math.Min(Math.Min(n, features), k + Math.Max(0, options.NOversamples));

        var random = new Random(options.RandomState);
        var omega = new double[features * l];
        for (int i = 0; i < omega.Length; i++) omega[i] = Gaussian(random);

        // Range finder: Q spans the top left singular subspace of X.
        var q = Orthonormalize(MultiplyRight(x, omega, l), n, l);
        for (int it = 0; it < options.NIter; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var z = Orthonormalize(MultiplyTransposeRight(x, q, l), features, l);
            q = Orthonormalize(MultiplyRight(x, z, l), n, l);
        }
        cancellationToken.ThrowIfCancellationRequested();

        // B = Qᵀ X (l × features); its SVD through the small l × l matrix B Bᵀ = U S² Uᵀ, then Vᵀ = S⁻¹ Uᵀ B.
        var b = MultiplyTransposeRight(x, q, l); // features × l, i.e. Bᵀ row-major
        var bt = Matrix<double>.Build.DenseOfRowMajor(features, l, b);
        var gram = bt.TransposeThisAndMultiply(bt); // l × l = B Bᵀ
        var evd = gram.Evd(Symmetricity.Symmetric);
        var eigen = evd.EigenValues.Real().ToArray();
        var order = Enumerable.Range(0, l).OrderByDescending(i => eigen[i]).Take(k).ToArray();
        var uSmall = evd.EigenVectors;
        var qm = Matrix<double>.Build.DenseOfRowMajor(n, l, q);

        var components = new double[k * features];
        var singular = new double[k];
        for (int c = 0; c < k; c++)
        {
            int e = order[c];
            double s = Math.Sqrt(Math.Max(0, eigen[e]));
            singular[c] = s;
            var uCol = uSmall.Column(e);
            var v = bt * uCol; // features: Bᵀ u = s v
            var uBig = qm * uCol; // n: left singular vector
            // svd_flip (u-based): make the largest |u| entry positive.
            int arg = 0;
            for (int i = 1; i < n; i++) if (Math.Abs(uBig[i]) > Math.Abs(uBig[arg])) arg = i;
            double sign = uBig[arg] < 0 ? -1 : 1;
            double scale = s > 0 ? sign / s : 0;
            for (int j = 0; j < features; j++) components[c * features + j] = v[j] * scale;
        }

        var svd = new TruncatedSvd(components, k, features, singular, []);
        var transformed = svd.Transform(x);
        var variance = new double[k];
        for (int c = 0; c < k; c++)
        {
            double mean = 0, sq = 0;
            for (int r = 0; r < n; r++) mean += transformed[r * k + c];
            mean /= n;
            for (int r = 0; r < n; r++) { double d = transformed[r * k + c] - mean; sq += d * d; }
            variance[c] = sq / n;
        }
        return new TruncatedSvd(components, k, features, singular, variance);
    }

    /// <summary>X · componentsᵀ, row-major rows × NComponents (sklearn transform).</summary>
    public double[] Transform(SparseRows x)
    {
        if (x.ColumnCount != Features) throw new ArgumentException($"The matrix has {x.ColumnCount} columns but the SVD was fitted on {Features}.");
        int k = NComponents;
        var result = new double[x.RowCount * k];
        for (int r = 0; r < x.RowCount; r++)
        {
            var cols = x.RowColumns(r);
            var vals = x.RowValues(r);
            for (int c = 0; c < k; c++)
            {
                double sum = 0;
                int offset = c * Features;
                for (int i = 0; i < cols.Length; i++) sum += vals[i] * Components[offset + cols[i]];
                result[r * k + c] = sum;
            }
        }
        return result;
    }

    // X (n × features) · M (features × l, row-major) → n × l row-major.
    private static double[] MultiplyRight(SparseRows x, double[] m, int l)
    {
        var result = new double[x.RowCount * l];
        for (int r = 0; r < x.RowCount; r++)
        {
            var cols = x.RowColumns(r);
            var vals = x.RowValues(r);
            var dst = result.AsSpan(r * l, l);
            for (int i = 0; i < cols.Length; i++)
            {
                var src = m.AsSpan(cols[i] * l, l);
                double v = vals[i];
                for (int j = 0; j < l; j++) dst[j] += v * src[j];
            }
        }
        return result;
    }

    // Xᵀ (features × n) · M (n × l, row-major) → features × l row-major.
    private static double[] MultiplyTransposeRight(SparseRows x, double[] m, int l)
    {
        var result = new double[x.ColumnCount * l];
        for (int r = 0; r < x.RowCount; r++)
        {
            var cols = x.RowColumns(r);
            var vals = x.RowValues(r);
            var src = m.AsSpan(r * l, l);
            for (int i = 0; i < cols.Length; i++)
            {
                var dst = result.AsSpan(cols[i] * l, l);
                double v = vals[i];
                for (int j = 0; j < l; j++) dst[j] += v * src[j];
            }
        }
        return result;
    }

    private static double[] Orthonormalize(double[] rowMajor, int rows, int cols)
    {
        var qr = Matrix<double>.Build.DenseOfRowMajor(rows, cols, rowMajor).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        return qr.Q.ToRowMajorArray();
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 - U avoids log(0).
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
