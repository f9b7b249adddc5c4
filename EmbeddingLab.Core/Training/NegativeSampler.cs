namespace EmbeddingLab.Core.Training;

/// <summary>
/// Draws noise tokens with probability count^ns_exponent / Σ count^ns_exponent — gensim's distribution — through
/// Walker's alias method: one random number and one table entry per draw instead of gensim's binary search over
/// cum_table (17 dependent, unpredictable steps for 75,000 songs, 50 times per token).
/// </summary>
internal sealed class NegativeSampler
{
    // Interleaved (threshold, alias) pairs so a draw touches one cache line.
    private readonly uint[] _table;
    private readonly ulong _n;

    public NegativeSampler(IReadOnlyList<long> counts, double exponent)
    {
        int n = counts.Count;
        _n = (ulong)n;
        _table = new uint[2 * n];
        var p = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) { p[i] = Math.Pow(counts[i], exponent); total += p[i]; }
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            p[i] = p[i] / total * n;
            (p[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _table[2 * s] = ToThreshold(p[s]);
            _table[2 * s + 1] = (uint)l;
            p[l] = p[l] + p[s] - 1;
            (p[l] < 1 ? small : large).Push(l);
        }
        // Left-overs are 1 up to rounding: always themselves.
        while (large.Count > 0) { int l = large.Pop(); _table[2 * l] = uint.MaxValue; _table[2 * l + 1] = (uint)l; }
        while (small.Count > 0) { int s = small.Pop(); _table[2 * s] = uint.MaxValue; _table[2 * s + 1] = (uint)s; }
    }

    private static uint ToThreshold(double p) => p >= 1 ? uint.MaxValue : (uint)Math.Round(p * 4294967296.0);

    /// <summary>One draw from a 64-bit random number: high half picks the column, low half decides column vs alias.</summary>
    public int Sample(ulong random)
    {
        uint column = (uint)(((random >> 32) * _n) >> 32);
        uint u = (uint)random;
        ref uint entry = ref _table[2 * column];
        return (int)(u < entry ? column : System.Runtime.CompilerServices.Unsafe.Add(ref entry, 1));
    }
}

/// <summary>SplitMix64: tiny, fast, good enough for sampling; a value type so workers keep it in a register.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound).</summary>
    public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);

    public static ulong Mix(ulong a, ulong b) => new SplitMix64(a * 0x9E3779B97F4A7C15UL ^ b).Next();
}
