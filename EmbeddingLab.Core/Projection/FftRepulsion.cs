namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Repulsive forces of 2-D t-SNE by FFT-accelerated interpolation (FIt-SNE, Linderman et al. 2019; openTSNE's
/// "fft" negative gradient). The embedding's square extent is cut into intervals (at least 50, about one per
/// unit), each with 3 equispaced Lagrange nodes; four charges per point (1, x, y, x² + y²) are spread onto the
/// node grid, convolved with the kernel 1/(1 + d²)² by FFT, and interpolated back. From those potentials
/// Σⱼ qᵢⱼ²(yᵢ − yⱼ) and Σⱼ qᵢⱼ follow exactly (since (1 + d²)·q² = q), so one kernel serves forces and Z.
/// </summary>
internal sealed class FftRepulsion
{
    private const int Nodes = 3;              // n_interpolation_points
    private readonly int _n, _threads, _minIntervals;
    private readonly double _unitsPerInterval;
    private readonly int[] _cell;             // grid index of each point's first node (row · L + column)
    private readonly double[] _wx, _wy;       // Lagrange weights, 3 per point per axis
    private int _length;
    private Fft2? _fft;
    private double[] _g0Re = [], _g0Im = [], _g1Re = [], _g1Im = [], _t0Re = [], _t0Im = [], _t1Re = [], _t1Im = [],
        _kRe = [], _kIm = [], _ktRe = [], _ktIm = [];

    public FftRepulsion(int n, int threads, int minIntervals = 50, double unitsPerInterval = 1)
    {
        _n = n; _threads = threads; _minIntervals = minIntervals; _unitsPerInterval = unitsPerInterval;
        _cell = new int[n];
        _wx = new double[n * Nodes];
        _wy = new double[n * Nodes];
    }

    /// <summary>Grid side (FFT length) used by the last call, for diagnostics.</summary>
    public int GridLength => _length;

    /// <summary>Writes Σⱼ qᵢⱼ²(yᵢ − yⱼ) into <paramref name="repulsion"/> and Σⱼ≠ᵢ qᵢⱼ into <paramref name="zPart"/>.</summary>
    public void Compute(double[] y, double[] repulsion, double[] zPart, CancellationToken ct)
    {
        int n = _n;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < 2 * n; i++) { double v = y[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
        double span = Math.Max(hi - lo, 1e-12);
        int required = Math.Max(_minIntervals, (int)Math.Min(1 << 20, Math.Ceiling(span / _unitsPerInterval)));
        // Linear convolution of m = intervals · 3 nodes needs an FFT of length ≥ 2m − 1; round the length up to a
        // power of two and use all the intervals it affords (more intervals only add accuracy).
        int length = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * Nodes * required));
        int intervals = length / (2 * Nodes);
        int m = intervals * Nodes;
        EnsureBuffers(length);
        double width = span / intervals;
        double spacing = width / Nodes;
        double center = (lo + hi) / 2;

        // Box and interpolation weights of every point.
        ParallelRanges.For(n, 4096, _threads, (_, start, end) =>
        {
            Span<double> w = stackalloc double[Nodes];
            for (int i = start; i < end; i++)
            {
                double fx = (y[2 * i] - lo) / width, fy = (y[2 * i + 1] - lo) / width;
                int bx = Math.Min((int)fx, intervals - 1), by = Math.Min((int)fy, intervals - 1);
                Lagrange(fx - bx, w); w.CopyTo(_wx.AsSpan(i * Nodes, Nodes));
                Lagrange(fy - by, w); w.CopyTo(_wy.AsSpan(i * Nodes, Nodes));
                _cell[i] = bx * Nodes * length + by * Nodes;
            }
        }, ct);

        // Spread the charges (serial: deterministic and a small part of the cost). Coordinates are taken
        // relative to the centre to keep the x² + y² charge small.
        Array.Clear(_g0Re); Array.Clear(_g0Im); Array.Clear(_g1Re); Array.Clear(_g1Im);
        for (int i = 0; i < n; i++)
        {
            double x = y[2 * i] - center, yy = y[2 * i + 1] - center, r2 = x * x + yy * yy;
            int cell = _cell[i];
            for (int a = 0; a < Nodes; a++)
            {
                double wa = _wx[i * Nodes + a];
                int row = cell + a * length;
                for (int b = 0; b < Nodes; b++)
                {
                    double w = wa * _wy[i * Nodes + b];
                    int g = row + b;
                    _g0Re[g] += w; _g0Im[g] += w * x; _g1Re[g] += w * yy; _g1Im[g] += w * r2;
                }
            }
        }

        // Kernel on signed grid offsets (wrapped), its spectrum, scaled by 1/L² for the unnormalised inverse.
        ParallelRanges.For(length, 32, _threads, (_, start, end) =>
        {
            for (int a = start; a < end; a++)
            {
                double da = (a <= length / 2 ? a : a - length) * spacing;
                for (int b = 0; b < length; b++)
                {
                    double db = (b <= length / 2 ? b : b - length) * spacing;
                    double q = 1.0 / (1.0 + da * da + db * db);
                    _kRe[a * length + b] = q * q;
                    _kIm[a * length + b] = 0;
                }
            }
        }, ct);
        Forward(_kRe, _kIm, _ktRe, _ktIm, length, ct);
        Forward(_g0Re, _g0Im, _t0Re, _t0Im, m, ct);
        Forward(_g1Re, _g1Im, _t1Re, _t1Im, m, ct);
        double scale = 1.0 / ((double)length * length);
        ParallelRanges.For(length, 32, _threads, (_, start, end) =>
        {
            for (int r = start * length; r < end * length; r++)
            {
                // The kernel is real and even, so its spectrum is real: multiplying a packed pair (c₁ + i c₂)
                // convolves both real charges at once.
                double k = _ktRe[r] * scale;
                _t0Re[r] *= k; _t0Im[r] *= k; _t1Re[r] *= k; _t1Im[r] *= k;
            }
        }, ct);
        Inverse(_t0Re, _t0Im, _g0Re, _g0Im, m, ct);
        Inverse(_t1Re, _t1Im, _g1Re, _g1Im, m, ct);

        // Interpolate the potentials back to the points.
        ParallelRanges.For(n, 2048, _threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double p1 = 0, p2 = 0, p3 = 0, p4 = 0;
                int cell = _cell[i];
                for (int a = 0; a < Nodes; a++)
                {
                    double wa = _wx[i * Nodes + a];
                    int row = cell + a * length;
                    for (int b = 0; b < Nodes; b++)
                    {
                        double w = wa * _wy[i * Nodes + b];
                        int g = row + b;
                        p1 += w * _g0Re[g]; p2 += w * _g0Im[g]; p3 += w * _g1Re[g]; p4 += w * _g1Im[g];
                    }
                }
                double x = y[2 * i] - center, yy = y[2 * i + 1] - center;
                repulsion[2 * i] = x * p1 - p2;
                repulsion[2 * i + 1] = yy * p1 - p3;
                // Σⱼ (1 + ‖yᵢ − yⱼ‖²) qᵢⱼ², minus the point's own term (1).
                zPart[i] = (1 + x * x + yy * yy) * p1 - 2 * (x * p2 + yy * p3) + p4 - 1;
            }
        }, ct);
    }

    // Lagrange basis on the nodes (k + ½)/3 of the unit interval, evaluated at u.
    private static void Lagrange(double u, Span<double> w)
    {
        for (int k = 0; k < Nodes; k++)
        {
            double tk = (k + 0.5) / Nodes, v = 1;
            for (int l = 0; l < Nodes; l++)
            {
                if (l == k) continue;
                double tl = (l + 0.5) / Nodes;
                v *= (u - tl) / (tk - tl);
            }
            w[k] = v;
        }
    }

    private void EnsureBuffers(int length)
    {
        if (length == _length) return;
        _length = length;
        _fft = new Fft2(length);
        int size = length * length;
        _g0Re = new double[size]; _g0Im = new double[size]; _g1Re = new double[size]; _g1Im = new double[size];
        _t0Re = new double[size]; _t0Im = new double[size]; _t1Re = new double[size]; _t1Im = new double[size];
        _kRe = new double[size]; _kIm = new double[size]; _ktRe = new double[size]; _ktIm = new double[size];
    }

    // 2-D forward transform; the spectrum lands transposed in (tRe, tIm). Only the first `rows` rows are non-zero.
    private void Forward(double[] re, double[] im, double[] tRe, double[] tIm, int rows, CancellationToken ct)
    {
        int length = _length;
        Rows(re, im, rows, false, ct);
        Transpose(re, tRe, length, ct);
        Transpose(im, tIm, length, ct);
        Rows(tRe, tIm, length, false, ct);
    }

    // Inverse of Forward; only the first `rows` rows of the result (re, im) are computed.
    private void Inverse(double[] tRe, double[] tIm, double[] re, double[] im, int rows, CancellationToken ct)
    {
        Rows(tRe, tIm, _length, true, ct);
        Transpose(tRe, re, rows, ct);
        Transpose(tIm, im, rows, ct);
        Rows(re, im, rows, true, ct);
    }

    private void Rows(double[] re, double[] im, int rows, bool inverse, CancellationToken ct)
    {
        int length = _length;
        var fft = _fft!;
        ParallelRanges.For(rows, 16, _threads, (_, start, end) =>
        {
            for (int r = start; r < end; r++)
                fft.Transform(re.AsSpan(r * length, length), im.AsSpan(r * length, length), inverse);
        }, ct);
    }

    // dst[a, b] = src[b, a] for destination rows a < dstRows, in 32 × 32 blocks.
    private void Transpose(double[] src, double[] dst, int dstRows, CancellationToken ct)
    {
        int length = _length;
        ParallelRanges.For(dstRows, 32, _threads, (_, start, end) =>
        {
            for (int b0 = 0; b0 < length; b0 += 32)
                for (int a = start; a < end; a++)
                {
                    int bEnd = Math.Min(length, b0 + 32);
                    for (int b = b0; b < bEnd; b++) dst[a * length + b] = src[b * length + a];
                }
        }, ct);
    }
}
