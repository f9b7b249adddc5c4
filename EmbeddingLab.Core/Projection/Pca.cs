using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EmbeddingLab.Core.Vectors;
using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Principal component analysis by randomized subspace iteration on the covariance (Halko et al.; what sklearn
/// uses for a few components of a large matrix). Each iteration is one streaming pass over the rows:
/// y = (x − μ)·Q then Z += y ⊗ (x − μ), so the n × d matrix is never copied or centred in memory, and the
/// covariance (d × d) is never formed — for 100,000 × 384 that is ~8× less arithmetic than X'X.
/// </summary>
public static class Pca
{
    public static PcaResult Fit(EmbeddingSet set, PcaOptions? options = null, CancellationToken cancellationToken = default) =>
        Fit(set.MatrixArray, set.Count, set.Dimensions, options, cancellationToken);

    /// <summary>
    /// Memory a fit takes beyond the input matrix: per-chunk partial sums (means, Z = p × d and the p × p Gram matrix
    /// for every 1,024 rows, kept so the sums run in a fixed order) and the coordinates.
    /// </summary>
    public static long EstimateBytes(long n, long d, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        long k = Math.Max(1, options.NComponents), p = Math.Min(d, k + Math.Max(0, options.NOversamples));
        long chunks = (n + 1023) / 1024;
        return Saturate(chunks, 8 * (d + p * d + p * p)) + Saturate(n, 4 * k) + 8 * 4 * p * d;
    }

    internal static long Saturate(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

    // Optimised at first call (no tier-0 code, no on-stack replacement): a server runs a PCA a few times, each one's
    // loops would run unoptimised first — 173 ms of CPU for a first 2,000 × 16 fit against 8 ms once optimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PcaResult Fit(float[] data, int n, int d, PcaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PcaOptions();
        int k = options.NComponents;
        if (k < 1 || k > d) throw new ArgumentOutOfRangeException(nameof(options), $"PCA needs 1 to {d} components, not {k}.");
        if (n < 2) throw new ArgumentException("PCA needs at least two vectors.");
        if ((long)n * d != data.LongLength) throw new ArgumentException("Matrix size does not match n × d.");
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        int p = Math.Min(d, k + Math.Max(0, options.NOversamples));
        const int chunk = 1024;
        int chunks = ParallelRanges.ChunkCount(n, chunk);

        // Column means (double per chunk, combined in chunk order: deterministic for any thread count).
        var partialMeans = new double[chunks * d];
        ParallelRanges.For(n, chunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, start, end) =>
        {
            var acc = partialMeans.AsSpan(c * d, d);
            for (int i = start; i < end; i++)
            {
                var row = data.AsSpan(i * d, d);
                for (int j = 0; j < d; j++) acc[j] += row[j];
            }
        }, cancellationToken);
        var meanD = new double[d];
        for (int c = 0; c < chunks; c++) for (int j = 0; j < d; j++) meanD[j] += partialMeans[c * d + j];
        var mean = new float[d];
        for (int j = 0; j < d; j++) { meanD[j] /= n; mean[j] = (float)meanD[j]; }

        // Total variance (trace of the covariance) for the explained-variance ratios.
        var partialVar = new double[chunks];
        ParallelRanges.For(n, chunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, start, end) =>
        {
            double s = 0;
            for (int i = start; i < end; i++)
            {
                var row = data.AsSpan(i * d, d);
                for (int j = 0; j < d; j++) { double v = row[j] - meanD[j]; s += v * v; }
            }
            partialVar[c] = s;
        }, cancellationToken);
        double totalVariance = 0;
        foreach (var v in partialVar) totalVariance += v;
        totalVariance /= n - 1;

        // Q: p orthonormal directions in input space (rows of length d).
        var random = new Random(options.Seed);
        var q = new double[p * d];
        for (int i = 0; i < q.Length; i++) q[i] = Data.SyntheticClusters.Gaussian(random);
        Orthonormalize(q, p, d);

        var qf = new float[p * d];
        var partialZ = new double[chunks * p * d];
        for (int iteration = 0; iteration < options.IteratedPower; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CovarianceTimes(data, n, d, mean, q, qf, p, partialZ, chunks, chunk, threads, cancellationToken);
            Orthonormalize(q, p, d);
        }

        // Rayleigh–Ritz: B = Xc·Qᵀ (n × p); eigen-decompose BᵀB (p × p) for the best k directions in span(Q).
        for (int i = 0; i < q.Length; i++) qf[i] = (float)q[i];
        var partialGram = new double[chunks * p * p];
        ParallelRanges.For(n, chunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, start, end) =>
        {
            var buffer = new float[d];
            var y = new double[p];
            var gram = partialGram.AsSpan(c * p * p, p * p);
            for (int i = start; i < end; i++)
            {
                TensorPrimitives.Subtract(data.AsSpan(i * d, d), mean, buffer);
                for (int a = 0; a < p; a++) y[a] = TensorPrimitives.Dot(buffer, qf.AsSpan(a * d, d));
                for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) gram[a * p + b] += y[a] * y[b];
            }
        }, cancellationToken);
        var g = Matrix<double>.Build.Dense(p, p);
        for (int c = 0; c < chunks; c++) for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) g[a, b] += partialGram[c * p * p + a * p + b];
        var evd = g.Evd(Symmetricity.Symmetric);
        // MathNet returns eigenvalues ascending; take the k largest.
        var components = new float[k * d];
        var explained = new double[k];
        var ratio = new double[k];
        for (int r = 0; r < k; r++)
        {
            int col = p - 1 - r;
            explained[r] = Math.Max(0, evd.EigenValues[col].Real) / (n - 1);
            ratio[r] = totalVariance > 0 ? explained[r] / totalVariance : 0;
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                for (int a = 0; a < p; a++) s += evd.EigenVectors[a, col] * q[a * d + j];
                components[r * d + j] = (float)s;
            }
            // sklearn's svd_flip convention (u-based): make the largest-magnitude coordinate positive — here on
            // the axis, which gives the same orientation across runs and thread counts.
            int argMax = TensorPrimitives.IndexOfMaxMagnitude(components.AsSpan(r * d, d));
            if (components[r * d + argMax] < 0) TensorPrimitives.Negate(components.AsSpan(r * d, d), components.AsSpan(r * d, d));
        }

        var coordinates = new float[n * k];
        ParallelRanges.For(n, chunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, start, end) =>
        {
            var buffer = new float[d];
            for (int i = start; i < end; i++)
            {
                TensorPrimitives.Subtract(data.AsSpan(i * d, d), mean, buffer);
                for (int r = 0; r < k; r++) coordinates[i * k + r] = TensorPrimitives.Dot(buffer, components.AsSpan(r * d, d));
            }
        }, cancellationToken);
        return new PcaResult(coordinates, n, k, components, mean, explained, ratio);
    }

    /// <summary>q ← Xcᵀ·Xc·qᵀ (one streaming pass; per-chunk partial sums combined in order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CovarianceTimes(float[] data, int n, int d, float[] mean, double[] q, float[] qf, int p,
        double[] partialZ, int chunks, int chunk, int threads, CancellationToken cancellationToken)
    {
        for (int i = 0; i < q.Length; i++) qf[i] = (float)q[i];
        Array.Clear(partialZ);
        ParallelRanges.For(n, chunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, start, end) =>
        {
            var buffer = new float[d];
            var y = new float[p];
            var z = new float[p * d]; // float accumulation per chunk (≤ 1024 rows), double across chunks
            for (int i = start; i < end; i++)
            {
                TensorPrimitives.Subtract(data.AsSpan(i * d, d), mean, buffer);
                for (int a = 0; a < p; a++) y[a] = TensorPrimitives.Dot(buffer, qf.AsSpan(a * d, d));
                for (int a = 0; a < p; a++) TensorPrimitives.MultiplyAdd(buffer, y[a], z.AsSpan(a * d, d), z.AsSpan(a * d, d));
            }
            var dst = partialZ.AsSpan(c * p * d, p * d);
            for (int j = 0; j < dst.Length; j++) dst[j] = z[j];
        }, cancellationToken);
        Array.Clear(q);
        for (int c = 0; c < chunks; c++)
        {
            var src = partialZ.AsSpan(c * p * d, p * d);
            for (int j = 0; j < q.Length; j++) q[j] += src[j];
        }
    }

    /// <summary>Modified Gram–Schmidt on p rows of length d (a row that collapses is replaced by a unit axis).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Orthonormalize(double[] q, int p, int d)
    {
        int replacements = 0;
        for (int a = 0; a < p; a++)
        {
            var row = q.AsSpan(a * d, d);
            for (int b = 0; b < a; b++)
            {
                var other = q.AsSpan(b * d, d);
                double dot = 0;
                for (int j = 0; j < d; j++) dot += row[j] * other[j];
                for (int j = 0; j < d; j++) row[j] -= dot * other[j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += row[j] * row[j];
            norm = Math.Sqrt(norm);
            if (norm < 1e-12)
            {
                if (++replacements > 2 * d) throw new InvalidOperationException("PCA basis could not be orthonormalised.");
                row.Clear();
                row[(a + replacements) % d] = 1;
                a--; // re-orthogonalise the replacement
                continue;
            }
            for (int j = 0; j < d; j++) row[j] /= norm;
        }
    }
}
