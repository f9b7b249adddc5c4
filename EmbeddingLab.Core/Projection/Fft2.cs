using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// In-place radix-2 complex FFT of one power-of-two length on split real/imaginary arrays, with precomputed
/// twiddles and bit reversal. Unnormalised in both directions (the caller scales).
/// </summary>
internal sealed class Fft2
{
    private readonly int _length;
    private readonly double[] _twiddleCos, _twiddleSin;   // stage with half-size h at offset h − 1: e^(−iπk/h)
    private readonly int[] _reverse;

    public Fft2(int length)
    {
        if (length < 2 || (length & (length - 1)) != 0) throw new ArgumentException("FFT length must be a power of two.");
        _length = length;
        _twiddleCos = new double[length];
        _twiddleSin = new double[length];
        for (int half = 1; half < length; half <<= 1)
            for (int k = 0; k < half; k++)
            {
                double angle = -Math.PI * k / half;
                _twiddleCos[half - 1 + k] = Math.Cos(angle); _twiddleSin[half - 1 + k] = Math.Sin(angle);
            }
        _reverse = new int[length];
        int bits = System.Numerics.BitOperations.Log2((uint)length);
        for (int i = 0; i < length; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) if ((i & (1 << b)) != 0) r |= 1 << (bits - 1 - b);
            _reverse[i] = r;
        }
    }

    public int Length => _length;

    public void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        int n = _length;
        if (re.Length < n || im.Length < n) throw new ArgumentException("Buffers are shorter than the FFT length.");
        for (int i = 0; i < n; i++)
        {
            int j = _reverse[i];
            if (j > i) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        ref double r0 = ref MemoryMarshal.GetReference(re);
        ref double i0 = ref MemoryMarshal.GetReference(im);
        double sign = inverse ? -1 : 1;
        // Stages of half-size 1 and 2 are scalar; wider ones run four butterflies per Vector256<double>.
        for (int half = 1; half <= n / 2; half <<= 1)
        {
            ref double c0 = ref _twiddleCos[half - 1];
            ref double s0 = ref _twiddleSin[half - 1];
            int size = half << 1;
            if (half < 4)
            {
                for (int start = 0; start < n; start += size)
                    for (int k = 0; k < half; k++)
                    {
                        double wr = Unsafe.Add(ref c0, k), wi = sign * Unsafe.Add(ref s0, k);
                        ref double ar = ref Unsafe.Add(ref r0, start + k), ai = ref Unsafe.Add(ref i0, start + k);
                        ref double br = ref Unsafe.Add(ref r0, start + k + half), bi = ref Unsafe.Add(ref i0, start + k + half);
                        double tr = br * wr - bi * wi, ti = br * wi + bi * wr;
                        br = ar - tr; bi = ai - ti; ar += tr; ai += ti;
                    }
                continue;
            }
            var signV = Vector256.Create(sign);
            for (int start = 0; start < n; start += size)
                for (int k = 0; k < half; k += 4)
                {
                    var wr = Vector256.LoadUnsafe(ref c0, (nuint)k);
                    var wi = Vector256.LoadUnsafe(ref s0, (nuint)k) * signV;
                    nuint a = (nuint)(start + k), b = a + (nuint)half;
                    var ar = Vector256.LoadUnsafe(ref r0, a); var ai = Vector256.LoadUnsafe(ref i0, a);
                    var br = Vector256.LoadUnsafe(ref r0, b); var bi = Vector256.LoadUnsafe(ref i0, b);
                    var tr = br * wr - bi * wi;
                    var ti = br * wi + bi * wr;
                    (ar - tr).StoreUnsafe(ref r0, b); (ai - ti).StoreUnsafe(ref i0, b);
                    (ar + tr).StoreUnsafe(ref r0, a); (ai + ti).StoreUnsafe(ref i0, a);
                }
        }
    }
}
