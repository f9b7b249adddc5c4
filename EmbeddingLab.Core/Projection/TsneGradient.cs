namespace EmbeddingLab.Core.Projection;

/// <summary>
/// The KL-divergence gradient of t-SNE (Student-t, one degree of freedom, sklearn's factor 4):
/// ∂C/∂yᵢ = 4 (Σⱼ pᵢⱼ qᵢⱼ·(yᵢ − yⱼ) − Σⱼ qᵢⱼ²·(yᵢ − yⱼ) / Z), qᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²), Z = Σ qᵢⱼ.
/// The attractive part runs over the sparse P; the repulsive part is exact (O(N²)), Barnes-Hut or FFT-interpolated (2-D).
/// </summary>
internal sealed class TsneGradient
{
    private readonly Affinities _p;
    private readonly int _n, _dims, _threads;
    private readonly bool _exact;
    private readonly float _theta2;
    private readonly SpaceTree? _tree;
    private readonly FftRepulsion? _fft;
    private readonly double[] _repulsion;   // per point, Σ q² (yᵢ − y)
    private readonly double[] _zPart;       // per point, Σ q (combined in index order: deterministic)
    private readonly double[] _klPart;
    private const int Chunk = 128;
    private readonly int[][] _stacks;

    public TsneGradient(Affinities p, int dims, TsneMethod method, double angle, int threads, int minNumIntervals = 50, double intsInInterval = 1)
    {
        if (method == TsneMethod.Auto) throw new ArgumentException("Resolve the method first.");
        if (method == TsneMethod.Fft && dims != 2) throw new ArgumentException("The FFT gradient is 2-D only.");
        _p = p; _n = p.Count; _dims = dims; _exact = method == TsneMethod.Exact; _threads = threads;
        _theta2 = (float)(angle * angle);
        _fft = method == TsneMethod.Fft ? new FftRepulsion(_n, threads, minNumIntervals, intsInInterval) : null;
        _tree = method == TsneMethod.BarnesHut ? new SpaceTree(_n, dims) : null;
        _repulsion = new double[_n * dims];
        _zPart = new double[_n];
        _klPart = new double[_n];
        _stacks = new int[ParallelRanges.ChunkCount(_n, Chunk)][];
    }

    /// <summary>Writes the gradient into <paramref name="grad"/>; returns the KL divergence when asked (else NaN).</summary>
    public double Compute(double[] y, double[] grad, double exaggeration, bool computeError, CancellationToken ct)
    {
        int n = _n, d = _dims;
        if (_exact) ExactRepulsion(y, ct);
        else if (_fft is not null) _fft.Compute(y, _repulsion, _zPart, ct);
        else
        {
            _tree!.Build(y);
            var order = _tree.Order;
            ParallelRanges.For(n, Chunk, _threads, (c, start, end) =>
            {
                var stack = _stacks[c] ??= new int[SpaceTree.StackSize];
                Span<double> force = stackalloc double[3];
                for (int r = start; r < end; r++)
                {
                    int i = order[r];
                    _zPart[i] = _tree.Repulsion(y, i, _theta2, force, stack);
                    for (int a = 0; a < d; a++) _repulsion[i * d + a] = force[a];
                }
            }, ct);
        }
        double z = 0;
        for (int i = 0; i < n; i++) z += _zPart[i];
        double invZ = 1.0 / Math.Max(z, double.Epsilon);

        var rowStart = _p.RowStart; var cols = _p.Columns; var vals = _p.Values;
        ParallelRanges.For(n, Chunk, _threads, (c, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double a0 = 0, a1 = 0, a2 = 0, kl = 0;
                double y0 = y[i * d], y1 = d > 1 ? y[i * d + 1] : 0, y2 = d > 2 ? y[i * d + 2] : 0;
                for (int r = rowStart[i]; r < rowStart[i + 1]; r++)
                {
                    int j = cols[r];
                    double d0 = y0 - y[j * d], d1 = d > 1 ? y1 - y[j * d + 1] : 0, d2 = d > 2 ? y2 - y[j * d + 2] : 0;
                    double q = 1.0 / (1.0 + d0 * d0 + d1 * d1 + d2 * d2);
                    double pij = vals[r];
                    double m = pij * exaggeration * q;
                    a0 += m * d0; a1 += m * d1; a2 += m * d2;
                    if (computeError) kl += pij * Math.Log(Math.Max(pij, 1e-12) / Math.Max(q * invZ, 1e-12));
                }
                grad[i * d] = 4 * (a0 - _repulsion[i * d] * invZ);
                if (d > 1) grad[i * d + 1] = 4 * (a1 - _repulsion[i * d + 1] * invZ);
                if (d > 2) grad[i * d + 2] = 4 * (a2 - _repulsion[i * d + 2] * invZ);
                _klPart[i] = kl;
            }
        }, ct);
        if (!computeError) return double.NaN;
        double total = 0;
        for (int i = 0; i < n; i++) total += _klPart[i];
        return total;
    }

    private void ExactRepulsion(double[] y, CancellationToken ct)
    {
        int n = _n, d = _dims;
        ParallelRanges.For(n, 16, _threads, (c, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double f0 = 0, f1 = 0, f2 = 0, z = 0;
                double y0 = y[i * d], y1 = d > 1 ? y[i * d + 1] : 0, y2 = d > 2 ? y[i * d + 2] : 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double d0 = y0 - y[j * d], d1 = d > 1 ? y1 - y[j * d + 1] : 0, d2 = d > 2 ? y2 - y[j * d + 2] : 0;
                    double q = 1.0 / (1.0 + d0 * d0 + d1 * d1 + d2 * d2);
                    z += q;
                    double q2 = q * q;
                    f0 += q2 * d0; f1 += q2 * d1; f2 += q2 * d2;
                }
                _zPart[i] = z;
                _repulsion[i * d] = f0;
                if (d > 1) _repulsion[i * d + 1] = f1;
                if (d > 2) _repulsion[i * d + 2] = f2;
            }
        }, ct);
    }
}
