using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Forward complex FFT of one 2·3·5-smooth length, run on four independent sequences at once: element t of the
/// buffers holds sample t of all four, one per Vector256 lane, so every butterfly is plain SIMD with a broadcast
/// twiddle and no shuffles. Self-sorting (Stockham) with radices 4, 2, 3 and 5, so no bit reversal and any smooth
/// length (not only powers of two: the t-SNE grid need not be padded to the next power). Unnormalised; the inverse
/// is conj(F(conj x)), which callers fold into the copies they make anyway.
/// </summary>
internal sealed class LanedFft
{
    private readonly int _length;
    private readonly int[] _radices;
    private readonly double[][] _cos, _sin;   // per stage, [k·(R − 1) + r − 1] = e^(−2πi·k·r / (Ns·R))

    public LanedFft(int length)
    {
        if (!IsSmooth(length)) throw new ArgumentException($"FFT length {length} is not a product of 2, 3 and 5.");
        _length = length;
        var radices = new List<int>();
        int rest = length;
        foreach (int r in new[] { 4, 2, 3, 5 })
            while (rest % r == 0) { radices.Add(r); rest /= r; }
        _radices = radices.ToArray();
        _cos = new double[_radices.Length][];
        _sin = new double[_radices.Length][];
        int ns = 1;
        for (int s = 0; s < _radices.Length; s++)
        {
            int radix = _radices[s];
            var c = new double[ns * (radix - 1)];
            var si = new double[ns * (radix - 1)];
            for (int k = 0; k < ns; k++)
                for (int r = 1; r < radix; r++)
                {
                    double angle = -2 * Math.PI * k * r / (ns * radix);
                    c[k * (radix - 1) + r - 1] = Math.Cos(angle);
                    si[k * (radix - 1) + r - 1] = Math.Sin(angle);
                }
            _cos[s] = c; _sin[s] = si;
            ns *= radix;
        }
    }

    public int Length => _length;

    public static bool IsSmooth(int n)
    {
        if (n < 1) return false;
        foreach (int p in new[] { 2, 3, 5 })
            while (n % p == 0) n /= p;
        return n == 1;
    }

    /// <summary>The smallest even 2·3·5-smooth number that is at least <paramref name="n"/>.</summary>
    public static int NextSmoothEven(int n)
    {
        int m = Math.Max(2, n + (n & 1));
        while (!IsSmooth(m)) m += 2;
        return m;
    }

    /// <summary>Transforms (re, im) in place; (workRe, workIm) are scratch of the same length.</summary>
    public void Forward(Span<V> re, Span<V> im, Span<V> workRe, Span<V> workIm)
    {
        int n = _length;
        if (re.Length < n || im.Length < n || workRe.Length < n || workIm.Length < n)
            throw new ArgumentException("Buffers are shorter than the FFT length.");
        ref V inR = ref MemoryMarshal.GetReference(re), inI = ref MemoryMarshal.GetReference(im);
        ref V outR = ref MemoryMarshal.GetReference(workRe), outI = ref MemoryMarshal.GetReference(workIm);
        int ns = 1;
        for (int s = 0; s < _radices.Length; s++)
        {
            int radix = _radices[s];
            int stride = n / radix;
            switch (radix)
            {
                case 4: Radix4(ref inR, ref inI, ref outR, ref outI, stride, ns, _cos[s], _sin[s]); break;
                case 2: Radix2(ref inR, ref inI, ref outR, ref outI, stride, ns, _cos[s], _sin[s]); break;
                case 3: Radix3(ref inR, ref inI, ref outR, ref outI, stride, ns, _cos[s], _sin[s]); break;
                default: Radix5(ref inR, ref inI, ref outR, ref outI, stride, ns, _cos[s], _sin[s]); break;
            }
            ns *= radix;
            ref V tR = ref inR, tI = ref inI;
            inR = ref outR; inI = ref outI;
            outR = ref tR; outI = ref tI;
        }
        if ((_radices.Length & 1) == 1)
        {
            workRe[..n].CopyTo(re);
            workIm[..n].CopyTo(im);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Twiddle(ref V r, ref V i, double c, double s)
    {
        var vc = Vector256.Create(c); var vs = Vector256.Create(s);
        var nr = r * vc - i * vs;
        i = r * vs + i * vc;
        r = nr;
    }

    // Stockham step: j = b·Ns + k reads x[j + r·stride], writes X[b·Ns·R + k + r·Ns].
    private static void Radix2(ref V ir, ref V ii, ref V or, ref V oi, int stride, int ns, double[] cos, double[] sin)
    {
        bool twiddle = ns > 1;
        for (int j0 = 0, o0 = 0; j0 < stride; j0 += ns, o0 += 2 * ns)
            for (int k = 0; k < ns; k++)
            {
                int j = j0 + k, o = o0 + k;
                V ar = Unsafe.Add(ref ir, j), ai = Unsafe.Add(ref ii, j);
                V br = Unsafe.Add(ref ir, j + stride), bi = Unsafe.Add(ref ii, j + stride);
                if (twiddle) Twiddle(ref br, ref bi, cos[k], sin[k]);
                Unsafe.Add(ref or, o) = ar + br; Unsafe.Add(ref oi, o) = ai + bi;
                Unsafe.Add(ref or, o + ns) = ar - br; Unsafe.Add(ref oi, o + ns) = ai - bi;
            }
    }

    private static void Radix3(ref V ir, ref V ii, ref V or, ref V oi, int stride, int ns, double[] cos, double[] sin)
    {
        bool twiddle = ns > 1;
        var half = Vector256.Create(0.5);
        var h = Vector256.Create(Math.Sqrt(3) / 2);
        for (int j0 = 0, o0 = 0; j0 < stride; j0 += ns, o0 += 3 * ns)
            for (int k = 0; k < ns; k++)
            {
                int j = j0 + k, o = o0 + k;
                V ar = Unsafe.Add(ref ir, j), ai = Unsafe.Add(ref ii, j);
                V br = Unsafe.Add(ref ir, j + stride), bi = Unsafe.Add(ref ii, j + stride);
                V cr = Unsafe.Add(ref ir, j + 2 * stride), ci = Unsafe.Add(ref ii, j + 2 * stride);
                if (twiddle)
                {
                    Twiddle(ref br, ref bi, cos[2 * k], sin[2 * k]);
                    Twiddle(ref cr, ref ci, cos[2 * k + 1], sin[2 * k + 1]);
                }
                V t1r = br + cr, t1i = bi + ci;
                V t2r = ar - half * t1r, t2i = ai - half * t1i;
                V sr = h * (br - cr), si = h * (bi - ci);
                Unsafe.Add(ref or, o) = ar + t1r; Unsafe.Add(ref oi, o) = ai + t1i;
                // X1 = t2 − i·s, X2 = t2 + i·s
                Unsafe.Add(ref or, o + ns) = t2r + si; Unsafe.Add(ref oi, o + ns) = t2i - sr;
                Unsafe.Add(ref or, o + 2 * ns) = t2r - si; Unsafe.Add(ref oi, o + 2 * ns) = t2i + sr;
            }
    }

    private static void Radix4(ref V ir, ref V ii, ref V or, ref V oi, int stride, int ns, double[] cos, double[] sin)
    {
        bool twiddle = ns > 1;
        for (int j0 = 0, o0 = 0; j0 < stride; j0 += ns, o0 += 4 * ns)
            for (int k = 0; k < ns; k++)
            {
                int j = j0 + k, o = o0 + k;
                V x0r = Unsafe.Add(ref ir, j), x0i = Unsafe.Add(ref ii, j);
                V x1r = Unsafe.Add(ref ir, j + stride), x1i = Unsafe.Add(ref ii, j + stride);
                V x2r = Unsafe.Add(ref ir, j + 2 * stride), x2i = Unsafe.Add(ref ii, j + 2 * stride);
                V x3r = Unsafe.Add(ref ir, j + 3 * stride), x3i = Unsafe.Add(ref ii, j + 3 * stride);
                if (twiddle)
                {
                    Twiddle(ref x1r, ref x1i, cos[3 * k], sin[3 * k]);
                    Twiddle(ref x2r, ref x2i, cos[3 * k + 1], sin[3 * k + 1]);
                    Twiddle(ref x3r, ref x3i, cos[3 * k + 2], sin[3 * k + 2]);
                }
                V t0r = x0r + x2r, t0i = x0i + x2i, t1r = x0r - x2r, t1i = x0i - x2i;
                V t2r = x1r + x3r, t2i = x1i + x3i, t3r = x1r - x3r, t3i = x1i - x3i;
                Unsafe.Add(ref or, o) = t0r + t2r; Unsafe.Add(ref oi, o) = t0i + t2i;
                Unsafe.Add(ref or, o + 2 * ns) = t0r - t2r; Unsafe.Add(ref oi, o + 2 * ns) = t0i - t2i;
                // X1 = t1 − i·t3, X3 = t1 + i·t3
                Unsafe.Add(ref or, o + ns) = t1r + t3i; Unsafe.Add(ref oi, o + ns) = t1i - t3r;
                Unsafe.Add(ref or, o + 3 * ns) = t1r - t3i; Unsafe.Add(ref oi, o + 3 * ns) = t1i + t3r;
            }
    }

    private static void Radix5(ref V ir, ref V ii, ref V or, ref V oi, int stride, int ns, double[] cos, double[] sin)
    {
        bool twiddle = ns > 1;
        var c1 = Vector256.Create(Math.Cos(2 * Math.PI / 5)); var c2 = Vector256.Create(Math.Cos(4 * Math.PI / 5));
        var s1 = Vector256.Create(Math.Sin(2 * Math.PI / 5)); var s2 = Vector256.Create(Math.Sin(4 * Math.PI / 5));
        for (int j0 = 0, o0 = 0; j0 < stride; j0 += ns, o0 += 5 * ns)
            for (int k = 0; k < ns; k++)
            {
                int j = j0 + k, o = o0 + k;
                V ar = Unsafe.Add(ref ir, j), ai = Unsafe.Add(ref ii, j);
                V br = Unsafe.Add(ref ir, j + stride), bi = Unsafe.Add(ref ii, j + stride);
                V cr = Unsafe.Add(ref ir, j + 2 * stride), ci = Unsafe.Add(ref ii, j + 2 * stride);
                V dr = Unsafe.Add(ref ir, j + 3 * stride), di = Unsafe.Add(ref ii, j + 3 * stride);
                V er = Unsafe.Add(ref ir, j + 4 * stride), ei = Unsafe.Add(ref ii, j + 4 * stride);
                if (twiddle)
                {
                    Twiddle(ref br, ref bi, cos[4 * k], sin[4 * k]);
                    Twiddle(ref cr, ref ci, cos[4 * k + 1], sin[4 * k + 1]);
                    Twiddle(ref dr, ref di, cos[4 * k + 2], sin[4 * k + 2]);
                    Twiddle(ref er, ref ei, cos[4 * k + 3], sin[4 * k + 3]);
                }
                V pAr = br + er, pAi = bi + ei, mBr = br - er, mBi = bi - ei;
                V pCr = cr + dr, pCi = ci + di, mDr = cr - dr, mDi = ci - di;
                Unsafe.Add(ref or, o) = ar + pAr + pCr; Unsafe.Add(ref oi, o) = ai + pAi + pCi;
                V r1r = ar + c1 * pAr + c2 * pCr, r1i = ai + c1 * pAi + c2 * pCi;
                V q1r = s1 * mBr + s2 * mDr, q1i = s1 * mBi + s2 * mDi;
                V r2r = ar + c2 * pAr + c1 * pCr, r2i = ai + c2 * pAi + c1 * pCi;
                V q2r = s2 * mBr - s1 * mDr, q2i = s2 * mBi - s1 * mDi;
                // X1 = R1 − i·Q1, X4 = R1 + i·Q1, X2 = R2 − i·Q2, X3 = R2 + i·Q2
                Unsafe.Add(ref or, o + ns) = r1r + q1i; Unsafe.Add(ref oi, o + ns) = r1i - q1r;
                Unsafe.Add(ref or, o + 4 * ns) = r1r - q1i; Unsafe.Add(ref oi, o + 4 * ns) = r1i + q1r;
                Unsafe.Add(ref or, o + 2 * ns) = r2r + q2i; Unsafe.Add(ref oi, o + 2 * ns) = r2i - q2r;
                Unsafe.Add(ref or, o + 3 * ns) = r2r - q2i; Unsafe.Add(ref oi, o + 3 * ns) = r2i + q2r;
            }
    }
}
