using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Repulsive forces of 2-D t-SNE by FFT-accelerated interpolation (FIt-SNE, Linderman et al. 2019; openTSNE's
/// "fft" negative gradient). The embedding's square extent is cut into intervals (at least MinNumIntervals, each
/// IntsInInterval units wide once the extent is large), each with 3 equispaced Lagrange nodes; four charges per point (1, x, y, x² + y²) are spread onto the
/// node grid, convolved with the kernel 1/(1 + d²)² by FFT, and interpolated back. From those potentials
/// Σⱼ qᵢⱼ²(yᵢ − yⱼ) and Σⱼ qᵢⱼ follow exactly (since (1 + d²)·q² = q), so one kernel serves forces and Z.
/// </summary>
/// <remarks>
/// Why it is fast: the interval count is rounded up to an even 2·3·5-smooth number, not to a power of two, so the
/// grid is rarely more than 10% larger than needed (a power of two can double it); the interval width is quantised to steps of
/// 2^(1/16), so the kernel's spectrum (which depends only on grid size and node spacing) is reused across most
/// iterations; the column transforms run forward, multiply and inverse in one pass over four-column strips; and
/// only the m × m corner that holds charges is read or written (the rest of the 2m × 2m grid is zero padding).
/// </remarks>
internal sealed class FftRepulsion
{
    private const int Nodes = 3;              // n_interpolation_points
    private const int Lanes = 4;              // doubles per Vector256: rows (or columns) transformed together
    private const double WidthSteps = 16;     // interval widths are 2^(k/16)
    private readonly int _n, _threads, _minIntervals;
    private readonly double _unitsPerInterval;
    private readonly int[] _cell;             // compact-grid index of each point's first node (row · stride + column)
    private readonly double[] _wx, _wy;       // Lagrange weights, 3 per point per axis
    private readonly ConcurrentBag<Scratch> _scratch = new();

    private int _length, _m, _stride;         // FFT length 2m, nodes per side m, compact row stride (m rounded up to 4)
    private LanedFft? _fft;
    private double[][] _charges = [];         // 4 compact stride × stride grids (1, x, y, x² + y²); kept zero between calls
    private double[][] _potentials = [];      // their convolutions with the kernel
    private double[][] _spectrum = [];        // re/im of the two packed signals, stride rows × L columns
    private V[] _kernel = [];                 // kernel spectrum / L², by four-column strip: [strip · L + row]
    private double[][] _kernelWork = [[], []];   // the kernel's row transforms, reused while the grid size holds
    private double _kernelSpacing = double.NaN;
    private int _kernelLength;

    public FftRepulsion(int n, int threads, int minIntervals, double unitsPerInterval)
    {
        _n = n; _threads = threads; _minIntervals = minIntervals; _unitsPerInterval = unitsPerInterval;
        _cell = new int[n];
        _wx = new double[n * Nodes];
        _wy = new double[n * Nodes];
    }

    /// <summary>Writes Σⱼ qᵢⱼ²(yᵢ − yⱼ) into <paramref name="repulsion"/> and Σⱼ≠ᵢ qᵢⱼ into <paramref name="zPart"/>.</summary>
    public void Compute(double[] y, double[] repulsion, double[] zPart, CancellationToken ct)
    {
        int n = _n;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < 2 * n; i++) { double v = y[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
        double span = Math.Max(hi - lo, 1e-12);
        int required = Math.Max(_minIntervals, (int)Math.Min(1 << 20, Math.Ceiling(span / _unitsPerInterval)));
        // Linear convolution of m = intervals · 3 nodes needs an FFT of length ≥ 2m − 1. L = 2m is smooth, and even
        // intervals make it a multiple of 4, so rows and columns go through the FFT four at a time with no remainder.
        int intervals = LanedFft.NextSmoothEven(required);
        double width = Math.Pow(2, Math.Ceiling(Math.Log2(span / intervals) * WidthSteps) / WidthSteps);
        if (width * intervals < span) width *= Math.Pow(2, 1 / WidthSteps);   // guard against rounding
        EnsureGrid(intervals * Nodes);
        int m = _m, stride = _stride;
        double spacing = width / Nodes;
        double center = (lo + hi) / 2;
        if (_kernelLength != _length || _kernelSpacing != spacing) BuildKernel(spacing, ct);

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
                _cell[i] = bx * Nodes * stride + by * Nodes;
            }
        }, ct);

        // Spread the charges (serial: deterministic and a small part of the cost). Coordinates are taken
        // relative to the centre to keep the x² + y² charge small.
        double[] g0 = _charges[0], g1 = _charges[1], g2 = _charges[2], g3 = _charges[3];
        for (int i = 0; i < n; i++)
        {
            double x = y[2 * i] - center, yy = y[2 * i + 1] - center, r2 = x * x + yy * yy;
            int cell = _cell[i];
            for (int a = 0; a < Nodes; a++)
            {
                double wa = _wx[i * Nodes + a];
                int row = cell + a * stride;
                for (int b = 0; b < Nodes; b++)
                {
                    double w = wa * _wy[i * Nodes + b];
                    int g = row + b;
                    g0[g] += w; g1[g] += w * x; g2[g] += w * yy; g3[g] += w * r2;
                }
            }
        }

        Convolve(ct);

        // Interpolate the potentials back to the points.
        double[] p0 = _potentials[0], p1 = _potentials[1], p2 = _potentials[2], p3 = _potentials[3];
        ParallelRanges.For(n, 2048, _threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
                int cell = _cell[i];
                for (int a = 0; a < Nodes; a++)
                {
                    double wa = _wx[i * Nodes + a];
                    int row = cell + a * stride;
                    for (int b = 0; b < Nodes; b++)
                    {
                        double w = wa * _wy[i * Nodes + b];
                        int g = row + b;
                        s1 += w * p0[g]; s2 += w * p1[g]; s3 += w * p2[g]; s4 += w * p3[g];
                    }
                }
                double x = y[2 * i] - center, yy = y[2 * i + 1] - center;
                repulsion[2 * i] = x * s1 - s2;
                repulsion[2 * i + 1] = yy * s1 - s3;
                // Σⱼ (1 + ‖yᵢ − yⱼ‖²) qᵢⱼ², minus the point's own term (1).
                zPart[i] = (1 + x * x + yy * yy) * s1 - 2 * (x * s2 + yy * s3) + s4 - 1;
            }
        }, ct);
    }

    /// <summary>
    /// potentials = kernel ⊛ charges (linear convolution on the m × m node grid) as two complex signals
    /// (charge 0 + i·charge 1, charge 2 + i·charge 3): the kernel is real, so each part convolves separately.
    /// </summary>
    private void Convolve(CancellationToken ct)
    {
        int length = _length, m = _m, stride = _stride;
        // 1. Forward row transforms of the m charge rows, four rows at a time; the charges are cleared as they are read.
        ForEach(stride / Lanes, ct, (s, group) =>
        {
            int row = group * Lanes;
            for (int signal = 0; signal < 2; signal++)
            {
                GatherRows(_charges[2 * signal], stride, row, m, s.Re, clear: true);
                GatherRows(_charges[2 * signal + 1], stride, row, m, s.Im, clear: true);
                _fft!.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
                ScatterRows(s.Re, _spectrum[2 * signal], length, row, length);
                ScatterRows(s.Im, _spectrum[2 * signal + 1], length, row, length);
            }
        });

        // 2. Per four-column strip: forward column transform, multiply by the kernel spectrum, inverse transform
        //    (conj ∘ F ∘ conj), keeping only the m rows the potentials need.
        ForEach(length / Lanes, ct, (s, strip) =>
        {
            int column = strip * Lanes;
            ReadOnlySpan<V> kernel = _kernel.AsSpan(strip * length, length);
            for (int signal = 0; signal < 2; signal++)
            {
                double[] re = _spectrum[2 * signal], im = _spectrum[2 * signal + 1];
                GatherColumns(re, im, length, column, stride, s);
                _fft!.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
                for (int t = 0; t < length; t++)
                {
                    s.Re[t] *= kernel[t];
                    s.Im[t] = -(s.Im[t] * kernel[t]);
                }
                _fft.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
                for (int t = 0; t < stride; t++)
                {
                    s.Re[t].CopyTo(re.AsSpan(t * length + column, Lanes));
                    (-s.Im[t]).CopyTo(im.AsSpan(t * length + column, Lanes));
                }
            }
        });

        // 3. Inverse row transforms; the first m entries of each row are the potentials.
        ForEach(stride / Lanes, ct, (s, group) =>
        {
            int row = group * Lanes;
            for (int signal = 0; signal < 2; signal++)
            {
                GatherRows(_spectrum[2 * signal], length, row, length, s.Re, clear: false);
                GatherRows(_spectrum[2 * signal + 1], length, row, length, s.Im, clear: false);
                for (int t = 0; t < length; t++) s.Im[t] = -s.Im[t];
                _fft!.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
                for (int t = 0; t < stride; t++) s.Im[t] = -s.Im[t];
                ScatterRows(s.Re, _potentials[2 * signal], stride, row, stride);
                ScatterRows(s.Im, _potentials[2 * signal + 1], stride, row, stride);
            }
        });
    }

    // The spectrum of the kernel 1/(1 + d²)² on the 2m × 2m grid of node offsets (wrapped, so it is real and even),
    // divided by L² so the unnormalised inverse transform needs no further scaling. Stored by four-column strip.
    private void BuildKernel(double spacing, CancellationToken ct)
    {
        int length = _length;
        if (_kernel.Length != length * length) _kernel = new V[length * length];
        if (_kernelWork[0].Length != length * length) _kernelWork = [new double[length * length], new double[length * length]];
        double[] tRe = _kernelWork[0], tIm = _kernelWork[1];
        double Offset(int index) => (index <= length / 2 ? index : index - length) * spacing;
        ForEach(length / Lanes, ct, (s, group) =>
        {
            int row = group * Lanes;
            double a0 = Offset(row), a1 = Offset(row + 1), a2 = Offset(row + 2), a3 = Offset(row + 3);
            for (int t = 0; t < length; t++)
            {
                double b = Offset(t);
                s.Re[t] = Vector256.Create(Kernel(a0, b), Kernel(a1, b), Kernel(a2, b), Kernel(a3, b));
                s.Im[t] = V.Zero;
            }
            _fft!.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
            ScatterRows(s.Re, tRe, length, row, length);
            ScatterRows(s.Im, tIm, length, row, length);
        });
        var scale = Vector256.Create(1.0 / ((double)length * length));
        ForEach(length / Lanes, ct, (s, strip) =>
        {
            GatherColumns(tRe, tIm, length, strip * Lanes, length, s);
            _fft!.Forward(s.Re, s.Im, s.WorkRe, s.WorkIm);
            // The wrapped kernel is even, so its spectrum is real: the imaginary part is rounding noise.
            for (int t = 0; t < length; t++) _kernel[strip * length + t] = s.Re[t] * scale;
        });
        _kernelLength = length;
        _kernelSpacing = spacing;
    }

    private static double Kernel(double da, double db)
    {
        double q = 1.0 / (1.0 + da * da + db * db);
        return q * q;
    }

    // body(scratch, index) for every index in [0, count) on the worker threads, one pooled scratch per range.
    private void ForEach(int count, CancellationToken ct, Action<Scratch, int> body) =>
        ParallelRanges.For(count, 4, _threads, (_, start, end) =>
        {
            var s = Rent();
            for (int index = start; index < end; index++) body(s, index);
            _scratch.Add(s);
        }, ct);

    // Columns column..column+3 of the first `rows` rows into the scratch (zero below).
    private static void GatherColumns(double[] re, double[] im, int rowLength, int column, int rows, Scratch s)
    {
        for (int t = 0; t < rows; t++)
        {
            s.Re[t] = Vector256.Create(re.AsSpan(t * rowLength + column, Lanes));
            s.Im[t] = Vector256.Create(im.AsSpan(t * rowLength + column, Lanes));
        }
        s.Re.AsSpan(rows).Clear();
        s.Im.AsSpan(rows).Clear();
    }

    private void EnsureGrid(int m)
    {
        if (m == _m) return;
        _m = m;
        _length = 2 * m;
        _stride = (m + Lanes - 1) / Lanes * Lanes;
        _fft = new LanedFft(_length);
        _scratch.Clear();
        _charges = [new double[_stride * _stride], new double[_stride * _stride], new double[_stride * _stride], new double[_stride * _stride]];
        _potentials = [new double[_stride * _stride], new double[_stride * _stride], new double[_stride * _stride], new double[_stride * _stride]];
        _spectrum = [new double[_stride * _length], new double[_stride * _length], new double[_stride * _length], new double[_stride * _length]];
        _kernelLength = 0;
    }

    private Scratch Rent() => _scratch.TryTake(out var s) && s.Re.Length == _length ? s : new Scratch(_length);

    // buffer[t] = (rows row..row+3 of grid)[t] for t < count (zero beyond); optionally zeroes what it read.
    private static void GatherRows(double[] grid, int rowLength, int row, int count, V[] buffer, bool clear)
    {
        var r0 = grid.AsSpan(row * rowLength, count); var r1 = grid.AsSpan((row + 1) * rowLength, count);
        var r2 = grid.AsSpan((row + 2) * rowLength, count); var r3 = grid.AsSpan((row + 3) * rowLength, count);
        int t = 0;
        if (Avx.IsSupported)
            for (; t + Lanes <= count; t += Lanes)
            {
                V a = Vector256.Create(r0.Slice(t, Lanes)), b = Vector256.Create(r1.Slice(t, Lanes)),
                  c = Vector256.Create(r2.Slice(t, Lanes)), d = Vector256.Create(r3.Slice(t, Lanes));
                Transpose4(ref a, ref b, ref c, ref d);
                buffer[t] = a; buffer[t + 1] = b; buffer[t + 2] = c; buffer[t + 3] = d;
            }
        for (; t < count; t++) buffer[t] = Vector256.Create(r0[t], r1[t], r2[t], r3[t]);
        buffer.AsSpan(count).Clear();
        if (clear) { r0.Clear(); r1.Clear(); r2.Clear(); r3.Clear(); }
    }

    // (rows row..row+3 of grid)[t] = buffer[t] for t < count.
    private static void ScatterRows(V[] buffer, double[] grid, int rowLength, int row, int count)
    {
        var r0 = grid.AsSpan(row * rowLength, count); var r1 = grid.AsSpan((row + 1) * rowLength, count);
        var r2 = grid.AsSpan((row + 2) * rowLength, count); var r3 = grid.AsSpan((row + 3) * rowLength, count);
        int t = 0;
        if (Avx.IsSupported)
            for (; t + Lanes <= count; t += Lanes)
            {
                V a = buffer[t], b = buffer[t + 1], c = buffer[t + 2], d = buffer[t + 3];
                Transpose4(ref a, ref b, ref c, ref d);
                a.CopyTo(r0.Slice(t, Lanes)); b.CopyTo(r1.Slice(t, Lanes)); c.CopyTo(r2.Slice(t, Lanes)); d.CopyTo(r3.Slice(t, Lanes));
            }
        for (; t < count; t++)
        {
            var v = buffer[t];
            r0[t] = v.GetElement(0); r1[t] = v.GetElement(1); r2[t] = v.GetElement(2); r3[t] = v.GetElement(3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref V a, ref V b, ref V c, ref V d)
    {
        var t0 = Avx.UnpackLow(a, b); var t1 = Avx.UnpackHigh(a, b);   // a0 b0 a2 b2 | a1 b1 a3 b3
        var t2 = Avx.UnpackLow(c, d); var t3 = Avx.UnpackHigh(c, d);
        a = Avx.Permute2x128(t0, t2, 0x20); b = Avx.Permute2x128(t1, t3, 0x20);
        c = Avx.Permute2x128(t0, t2, 0x31); d = Avx.Permute2x128(t1, t3, 0x31);
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

    private sealed class Scratch(int length)
    {
        public readonly V[] Re = new V[length], Im = new V[length], WorkRe = new V[length], WorkIm = new V[length];
    }
}
