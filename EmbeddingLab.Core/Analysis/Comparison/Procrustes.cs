using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>The orthogonal Procrustes fit of B onto A.</summary>
/// <param name="Disparity">scipy.spatial.procrustes' disparity: Σ (A′ − B′)² after both are centred, scaled to unit
/// Frobenius norm, and B′ is rotated and scaled to fit A′ best. 0 for a rotated, scaled copy; up to 1.</param>
/// <param name="Rotation">The d × d orthogonal matrix R (row-major) with B′ ≈ s · B′ Rᵀ… applied as b ↦ s·(R b).</param>
/// <param name="Scale">The scale s applied to the rotated, standardised B.</param>
/// <param name="AlignedB">B standardised, rotated and scaled into A's standardised frame (n × d, row-major).</param>
/// <param name="StandardizedA">A centred and scaled to unit Frobenius norm (n × d).</param>
public sealed record ProcrustesResult(double Disparity, double[] Rotation, double Scale, float[] AlignedB, float[] StandardizedA, int Rows, int Dimensions);

/// <summary>
/// Orthogonal Procrustes analysis as <c>scipy.spatial.procrustes</c>: centre both matrices, scale each to unit
/// Frobenius norm, find the rotation R and scale s minimising ‖A − s·B·Rᵀ‖ (R = U·Vᵀ from the SVD of AᵀB = U·S·Vᵀ,
/// s = ΣS), and report the disparity 1 − s².
/// </summary>
public static class Procrustes
{
    public static ProcrustesResult Fit(float[] a, float[] b, int n, int d, int threads = 0, CancellationToken cancellationToken = default)
    {
        if (n < 2) throw new ArgumentException("Procrustes needs at least two shared keys.");
        if (a.Length != n * d || b.Length != n * d) throw new ArgumentException("Both matrices must be n × d.");
        var sa = Standardize(a, n, d, "A");
        var sb = Standardize(b, n, d, "B");
        // M = Aᵀ B (d × d); its SVD gives the rotation.
        var m = CrossProduct.Compute(sa, n, d, null, sb, d, null, threads, cancellationToken);
        var matrix = Matrix<double>.Build.Dense(d, d, (i, j) => m[i * d + j]);
        var svd = matrix.Svd(computeVectors: true);
        var r = svd.U * svd.VT;          // maps b (as a column) onto a: a ≈ s · R b
        double scale = svd.S.Sum();
        double disparity = Math.Max(0, 1 - scale * scale);
        var rotation = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) rotation[i * d + j] = r[i, j];
        var aligned = new float[n * d];
        var rf = new float[d * d];
        for (int q = 0; q < rf.Length; q++) rf[q] = (float)(rotation[q] * scale);
        Projection.ParallelRanges.For(n, 1024, threads <= 0 ? Environment.ProcessorCount : threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = sb.AsSpan(i * d, d);
                var target = aligned.AsSpan(i * d, d);
                for (int p = 0; p < d; p++) target[p] = System.Numerics.Tensors.TensorPrimitives.Dot(rf.AsSpan(p * d, d), row);
            }
        }, cancellationToken);
        return new ProcrustesResult(disparity, rotation, scale, aligned, sa, n, d);
    }

    private static float[] Standardize(float[] x, int n, int d, string name)
    {
        var mean = CrossProduct.ColumnMeans(x, n, d);
        var result = new float[n * d];
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            var src = x.AsSpan(i * d, d);
            var dst = result.AsSpan(i * d, d);
            System.Numerics.Tensors.TensorPrimitives.Subtract(src, mean, dst);
            for (int j = 0; j < d; j++) sumSquares += (double)dst[j] * dst[j];
        }
        if (sumSquares == 0) throw new ArgumentException($"Every row of {name} is the same point; Procrustes needs spread.");
        float inv = (float)(1 / Math.Sqrt(sumSquares));
        System.Numerics.Tensors.TensorPrimitives.Multiply(result, inv, result);
        return result;
    }
}
