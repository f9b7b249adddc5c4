using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    private readonly float[] _yF = [], _valuesF = [];   // single-precision copies for the SIMD attractive term
    private double[][]? _axes;                           // per-axis copies of the layout for the exact repulsion

    public TsneGradient(Affinities p, int dims, TsneMethod method, double angle, int threads, int minNumIntervals = TsneOptions.DefaultMinNumIntervals, double intsInInterval = TsneOptions.DefaultIntsInInterval)
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
        if (dims == 2 && Avx2.IsSupported)
        {
            _yF = new float[2 * _n];
            _valuesF = new float[p.Values.Length];
            for (int r = 0; r < _valuesF.Length; r++) _valuesF[r] = (float)p.Values[r];
        }
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
        if (d == 2 && Avx2.IsSupported)
            for (int i = 0; i < _yF.Length; i++) _yF[i] = (float)y[i];
        double z = 0;
        for (int i = 0; i < n; i++) z += _zPart[i];
        double invZ = 1.0 / Math.Max(z, double.Epsilon);

        ParallelRanges.For(n, Chunk, _threads, (c, start, end) =>
        {
            if (d == 2 && Avx2.IsSupported) Attract2Simd(grad, start, end, exaggeration, invZ);
            else AttractScalar(y, grad, start, end, exaggeration, invZ);
            if (computeError) KlRows(y, start, end, invZ);
        }, ct);
        if (!computeError) return double.NaN;
        double total = 0;
        for (int i = 0; i < n; i++) total += _klPart[i];
        return total;
    }

    // The attractive term over the sparse P plus the normalised repulsion, for rows [start, end): the hot loop of
    // every method. In 2-D, eight neighbours at a time in single precision (as sklearn's Barnes-Hut computes it):
    // a scalar loop is bound by one double division per non-zero.
    private unsafe void Attract2Simd(double[] grad, int start, int end, double exaggeration, double invZ)
    {
        fixed (float* yf = _yF, vals = _valuesF)
        fixed (int* cols = _p.Columns, rowStart = _p.RowStart)
        {
            var one = Vector256.Create(1f);
            for (int i = start; i < end; i++)
            {
                float x0 = yf[2 * i], x1 = yf[2 * i + 1];
                var vx0 = Vector256.Create(x0); var vx1 = Vector256.Create(x1);
                var acc0 = Vector256<float>.Zero; var acc1 = Vector256<float>.Zero;
                int r = rowStart[i], rEnd = rowStart[i + 1];
                for (; r + 8 <= rEnd; r += 8)
                {
                    var index = Vector256.Load(cols + r) << 1;
                    var d0 = vx0 - Avx2.GatherVector256(yf, index, 4);
                    var d1 = vx1 - Avx2.GatherVector256(yf + 1, index, 4);
                    var m = Vector256.Load(vals + r) / (one + d0 * d0 + d1 * d1);
                    acc0 += m * d0; acc1 += m * d1;
                }
                double a0 = Vector256.Sum(acc0), a1 = Vector256.Sum(acc1);
                for (; r < rEnd; r++)
                {
                    int j = cols[r];
                    float d0 = x0 - yf[2 * j], d1 = x1 - yf[2 * j + 1];
                    float m = vals[r] / (1f + d0 * d0 + d1 * d1);
                    a0 += m * d0; a1 += m * d1;
                }
                grad[2 * i] = 4 * (exaggeration * a0 - _repulsion[2 * i] * invZ);
                grad[2 * i + 1] = 4 * (exaggeration * a1 - _repulsion[2 * i + 1] * invZ);
            }
        }
    }

    // The same in double precision, for 3-D and for processors without AVX2 (z is 0 in 2-D).
    private void AttractScalar(double[] y, double[] grad, int start, int end, double exaggeration, double invZ)
    {
        int d = _dims;
        bool three = d == 3;
        int[] rowStart = _p.RowStart, cols = _p.Columns;
        double[] vals = _p.Values;
        for (int i = start; i < end; i++)
        {
            double a0 = 0, a1 = 0, a2 = 0;
            double y0 = y[d * i], y1 = y[d * i + 1], y2 = three ? y[d * i + 2] : 0;
            for (int r = rowStart[i]; r < rowStart[i + 1]; r++)
            {
                int j = cols[r];
                double d0 = y0 - y[d * j], d1 = y1 - y[d * j + 1], d2 = three ? y2 - y[d * j + 2] : 0;
                double m = vals[r] / (1.0 + d0 * d0 + d1 * d1 + d2 * d2);
                a0 += m * d0; a1 += m * d1; a2 += m * d2;
            }
            grad[d * i] = 4 * (exaggeration * a0 - _repulsion[d * i] * invZ);
            grad[d * i + 1] = 4 * (exaggeration * a1 - _repulsion[d * i + 1] * invZ);
            if (three) grad[d * i + 2] = 4 * (exaggeration * a2 - _repulsion[d * i + 2] * invZ);
        }
    }

    // KL(P‖Q) contributions of rows [start, end), with Q normalised by Z.
    private void KlRows(double[] y, int start, int end, double invZ)
    {
        int d = _dims;
        int[] rowStart = _p.RowStart, cols = _p.Columns;
        double[] vals = _p.Values;
        for (int i = start; i < end; i++)
        {
            double kl = 0;
            for (int r = rowStart[i]; r < rowStart[i + 1]; r++)
            {
                int j = cols[r];
                double dist2 = 0;
                for (int a = 0; a < d; a++) { double diff = y[i * d + a] - y[j * d + a]; dist2 += diff * diff; }
                double q = 1.0 / (1.0 + dist2);
                double pij = vals[r];
                kl += pij * Math.Log(Math.Max(pij, 1e-12) / Math.Max(q * invZ, 1e-12));
            }
            _klPart[i] = kl;
        }
    }

    // All pairs, four at a time in double precision over per-axis copies of the layout. The point's own term
    // (distance 0, q = 1, no force) is included and taken off afterwards; duplicates of it count, as they should.
    private void ExactRepulsion(double[] y, CancellationToken ct)
    {
        int n = _n, d = _dims;
        var axes = _axes ??= [new double[n], new double[n], new double[n]];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) axes[a][i] = y[i * d + a];
        ParallelRanges.For(n, 16, _threads, (c, start, end) =>
        {
            ReadOnlySpan<double> xs = axes[0], ys = axes[1], zs = axes[2];   // zs stays zero in 2-D
            var one = Vector256.Create(1.0);
            for (int i = start; i < end; i++)
            {
                var p0 = Vector256.Create(xs[i]); var p1 = Vector256.Create(ys[i]); var p2 = Vector256.Create(zs[i]);
                var vf0 = Vector256<double>.Zero; var vf1 = Vector256<double>.Zero; var vf2 = Vector256<double>.Zero;
                var vz = Vector256<double>.Zero;
                int j = 0;
                for (; j + 4 <= n; j += 4)
                {
                    var d0 = p0 - Vector256.Create(xs.Slice(j, 4));
                    var d1 = p1 - Vector256.Create(ys.Slice(j, 4));
                    var d2 = p2 - Vector256.Create(zs.Slice(j, 4));
                    var q = one / (one + d0 * d0 + d1 * d1 + d2 * d2);
                    vz += q;
                    var q2 = q * q;
                    vf0 += q2 * d0; vf1 += q2 * d1; vf2 += q2 * d2;
                }
                double f0 = Vector256.Sum(vf0), f1 = Vector256.Sum(vf1), f2 = Vector256.Sum(vf2), z = Vector256.Sum(vz);
                for (; j < n; j++)
                {
                    double d0 = xs[i] - xs[j], d1 = ys[i] - ys[j], d2 = zs[i] - zs[j];
                    double q = 1.0 / (1.0 + d0 * d0 + d1 * d1 + d2 * d2);
                    z += q;
                    double q2 = q * q;
                    f0 += q2 * d0; f1 += q2 * d1; f2 += q2 * d2;
                }
                _zPart[i] = z - 1;
                _repulsion[i * d] = f0;
                _repulsion[i * d + 1] = f1;
                if (d > 2) _repulsion[i * d + 2] = f2;
            }
        }, ct);
    }
}
