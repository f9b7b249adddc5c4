using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Encoding.BagOfWords;

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

    /// <summary>Seed of the Gaussian test matrix (sklearn random_state): numpy's RandomState stream, so the same
    /// seed draws sklearn's test matrix.</summary>
    public int RandomState { get; init; }
}

/// <summary>
/// Truncated SVD of a sparse matrix without centring (LSA) with the semantics of sklearn's TruncatedSVD
/// (algorithm='randomized', i.e. <c>randomized_svd</c>): the tall orientation of X (transposed when there are fewer
/// documents than terms), a Gaussian test matrix of NComponents + NOversamples columns drawn from numpy's
/// RandomState(random_state), NIter power iterations, B = QᵀA for an orthonormal basis Q of the sampled range, the SVD
/// of B, signs fixed by svd_flip on the document side (the largest |u| entry of each component is positive), and
/// transform(X) = X · componentsᵀ.
/// </summary>
/// <remarks>
/// Why not sklearn's steps one for one: they orthonormalise both sides of every power iteration with LU and the big
/// side once more with QR (scipy, mostly serial). Any basis of the same subspace gives the same result, so we only
/// orthonormalise the small side (Cholesky-QR twice, falling back to Householder when the block is near rank
/// deficient) and reach QᵀA without forming Q: with C = A·Z and CᵀC = ZᵀAᵀAZ = RᵀR, Q = C·R⁻¹ and
/// Bᵀ = AᵀQ = (AᵀC)·R⁻¹. Sparse products run in parallel over rows of a CSR copy of each orientation.
/// </remarks>
public sealed class TruncatedSvd
{
    private readonly double[] _componentsByFeature; // Features × NComponents, for sparse × dense transform

    private TruncatedSvd(double[] components, int rows, int features, double[] singularValues, double[] explainedVariance)
    {
        Components = components;
        NComponents = rows;
        Features = features;
        SingularValues = singularValues;
        ExplainedVariance = explainedVariance;
        _componentsByFeature = new double[features * rows];
        for (int c = 0; c < rows; c++)
            for (int j = 0; j < features; j++) _componentsByFeature[j * rows + c] = components[c * features + j];
    }

    /// <summary>Row-major NComponents × Features matrix (sklearn components_), rows orthonormal.</summary>
    public double[] Components { get; }
    public int NComponents { get; }
    public int Features { get; }

    /// <summary>sklearn singular_values_, descending.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>sklearn explained_variance_: variance of each column of the transformed training data.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; private set; }

    public static TruncatedSvd Fit(SparseRows x, TruncatedSvdOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TruncatedSvdOptions();
        int n = x.RowCount, features = x.ColumnCount, k = options.NComponents;
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(options), k, "NComponents must be at least 1.");
        if (k > features) throw new ArgumentException($"n_components ({k}) must be <= the number of features ({features}).");
        if (k > n) throw new ArgumentException($"n_components ({k}) must be <= the number of documents ({n}).");
        if (options.NIter < 0) throw new ArgumentOutOfRangeException(nameof(options), options.NIter, "NIter must be 0 or more.");

        // sklearn works on the tall orientation A (a × b, a ≥ b): Xᵀ when there are fewer documents than terms.
        bool transpose = n < features;
        var xt = SparseAlgebra.Transpose(x);
        SparseRows a = transpose ? xt : x, at = transpose ? x : xt;
        int bSize = a.ColumnCount;
        int sampled = k + Math.Max(0, options.NOversamples);

        double[] z;
        int l;
        if (sampled >= bSize)
        {
            // The test matrix spans all of R^b: the decomposition is exact and power iterations change nothing.
            l = bSize;
            z = new double[bSize * l];
            for (int i = 0; i < bSize; i++) z[i * l + i] = 1;
        }
        else
        {
            l = sampled;
            var random = new NumpyRandomState(unchecked((uint)options.RandomState));
            z = new double[bSize * l];
            for (int i = 0; i < z.Length; i++) z[i] = random.NextGaussian();
            for (int it = 0; it < options.NIter; it++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var y = SparseAlgebra.Multiply(at, SparseAlgebra.Multiply(a, z, l), l);
                SmallDense.ThinQr(y, bSize, l, out _);
                z = y;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        // C = A·Z spans the sampled range; W = AᵀC. Q = C·R⁻¹ where RᵀR = CᵀC = ZᵀW, and Bᵀ = AᵀQ = W·R⁻¹.
        var c = SparseAlgebra.Multiply(a, z, l);
        var w = SparseAlgebra.Multiply(at, c, l);
        double[] q, bt;
        double[]? leftMap;
        var gram = SmallDense.TransposeTimes(z, w, bSize, l);
        if (SmallDense.Cholesky(gram, l) is { } r && SmallDense.WellConditioned(r, l))
        {
            q = c;
            bt = w;
            SmallDense.SolveUpperRows(bt, bSize, l, r);
            leftMap = r; // big-side vectors are C·R⁻¹·Û
        }
        else
        {
            // Near rank deficient (fewer independent documents than sampled directions): orthonormalise C itself.
            q = c;
            SmallDense.HouseholderQr(q, a.RowCount, l, out _);
            bt = SparseAlgebra.Multiply(at, q, l);
            leftMap = null;
        }
        cancellationToken.ThrowIfCancellationRequested();

        // SVD of B (l × b) through its transpose: Bᵀ = Q₂R₂, R₂ = U₂ΣV₂ᵀ, so B = V₂ Σ (Q₂U₂)ᵀ.
        SmallDense.ThinQr(bt, bSize, l, out var r2);
        var svd = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(l, l, r2).Svd(computeVectors: true);
        var sigma = svd.S.ToArray();
        var u2 = svd.U.ToRowMajorArray(); // l × l
        var v2 = svd.VT.Transpose().ToRowMajorArray(); // l × l: Û, the left singular vectors of B

        // Small side (b × k) = Q₂·U₂[:, :k]; big side (a × k) = Q·Û[:, :k], with Q = C·R⁻¹ on the fast path.
        var smallSide = SmallDense.Times(bt, bSize, l, Columns(u2, l, k), k);
        var hatK = Columns(v2, l, k);
        if (leftMap is not null) SmallDense.SolveUpper(leftMap, l, hatK, k); // R⁻¹·Û
        var bigSide = SmallDense.Times(q, a.RowCount, l, hatK, k);

        var documents = transpose ? smallSide : bigSide;
        var terms = transpose ? bigSide : smallSide;
        var components = new double[k * features];
        var singular = new double[k];
        for (int comp = 0; comp < k; comp++)
        {
            // svd_flip on the document side: the entry of largest magnitude (first of ties) becomes positive.
            int arg = 0;
            double best = -1;
            for (int i = 0; i < n; i++)
            {
                double v = Math.Abs(documents[i * k + comp]);
                if (v > best) { best = v; arg = i; }
            }
            double sign = documents[arg * k + comp] < 0 ? -1 : 1;
            for (int j = 0; j < features; j++) components[comp * features + j] = sign * terms[j * k + comp];
            singular[comp] = sigma[comp];
        }

        var result = new TruncatedSvd(components, k, features, singular, []);
        var transformed = result.Transform(x);
        var variance = new double[k];
        for (int comp = 0; comp < k; comp++)
        {
            double mean = 0, sq = 0;
            for (int row = 0; row < n; row++) mean += transformed[row * k + comp];
            mean /= n;
            for (int row = 0; row < n; row++) { double d = transformed[row * k + comp] - mean; sq += d * d; }
            variance[comp] = sq / n;
        }
        result.ExplainedVariance = variance;
        return result;
    }

    /// <summary>X · componentsᵀ, row-major rows × NComponents (sklearn transform).</summary>
    public double[] Transform(SparseRows x)
    {
        if (x.ColumnCount != Features) throw new ArgumentException($"The matrix has {x.ColumnCount} columns but the SVD was fitted on {Features}.");
        return SparseAlgebra.Multiply(x, _componentsByFeature, NComponents);
    }

    // The first k columns of a row-major l × l matrix, as l × k.
    private static double[] Columns(double[] m, int l, int k)
    {
        var result = new double[l * k];
        for (int i = 0; i < l; i++) Array.Copy(m, i * l, result, i * k, k);
        return result;
    }
}
