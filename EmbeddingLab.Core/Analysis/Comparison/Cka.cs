namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>
/// Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton 2019):
/// CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F) on column-centred X (n × dx) and Y (n × dy). 1 for spaces that differ
/// by a rotation and an isotropic scaling; near 0 for unrelated ones. Computed in feature space (dx × dy products),
/// so its cost is n·(dx + dy)², never n².
/// </summary>
public static class Cka
{
    public static double Linear(float[] x, int n, int dx, float[] y, int dy, int threads = 0, CancellationToken cancellationToken = default)
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

    private static double SumOfSquares(double[] m)
    {
        double s = 0;
        foreach (var v in m) s += v * v;
        return s;
    }
}
