namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// The part of numpy's legacy <c>RandomState(seed)</c> that <c>StratifiedKFold(shuffle=True)</c> uses: MT19937 seeded
/// by Matsumoto and Nishimura's init_genrand, and <c>shuffle</c> (Fisher–Yates from the end, j drawn by masked
/// rejection on 32-bit outputs as numpy's <c>random_interval</c>), so the same seed gives sklearn's folds; and
/// <c>normal()</c> (53-bit doubles from two outputs, Marsaglia's polar method with the second value cached, as numpy's
/// legacy_gauss), so TruncatedSVD's Gaussian test matrix is sklearn's for the same random_state.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _position;
    private double _cachedGauss;
    private bool _hasGauss;

    public NumpyRandomState(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++) _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _position = N;
    }

    public uint NextUInt32()
    {
        if (_position >= N) Twist();
        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % N] & 0x7fffffffu);
            _state[i] = _state[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0);
        }
        _position = 0;
    }

    /// <summary>A uniform integer in 0..max (inclusive).</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (numpy random_sample).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal draw (numpy's legacy <c>standard_normal</c>).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _cachedGauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _cachedGauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }
}
