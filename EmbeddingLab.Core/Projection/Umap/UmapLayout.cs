using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// umap-learn's optimize_layout_euclidean: stochastic gradient descent on the fuzzy cross-entropy. Each edge is
/// sampled every max(w)/w epochs (make_epochs_per_sample); a sample pulls both ends together with
/// −2ab·d^(2(b−1)) / (1 + a·d^(2b)) and pushes the head away from negative_sample_rate random points with
/// 2γb / ((0.001 + d²)(1 + a·d^(2b))), every gradient component clipped to ±4, the step decaying linearly from
/// learning_rate. Threads update the shared layout without locks (Hogwild, as umap-learn's parallel mode). One
/// difference in order: the negative samples of all the edges a row samples in an epoch are drawn after its positive
/// samples and evaluated together at that position, eight per Vector256 step (umap-learn interleaves them and moves
/// the head between them; each push is tiny, and the difference is noise next to the Hogwild races).
/// </summary>
internal static class UmapLayout
{
    private const int RowsPerChunk = 512;

    public static void Optimize(float[] y, int dims, UmapGraph graph, double a, double b, double gamma, double learningRate,
        int negativeSampleRate, int nEpochs, int seed, int threads, IProgress<UmapProgress>? progress, int snapshotEvery,
        CancellationToken cancellationToken)
    {
        int n = graph.Count, m = graph.NonZeros;
        float wmax = 0;
        foreach (var w in graph.Weights) wmax = Math.Max(wmax, w);
        var epochsPerSample = new float[m];
        var epochsPerNegative = new float[m];
        var nextSample = new float[m];
        var nextNegative = new float[m];
        for (int e = 0; e < m; e++)
        {
            double samples = nEpochs * (graph.Weights[e] / (double)wmax);
            double eps = samples > 0 ? nEpochs / samples : double.PositiveInfinity;
            epochsPerSample[e] = (float)eps;
            epochsPerNegative[e] = negativeSampleRate > 0 ? (float)(eps / negativeSampleRate) : float.PositiveInfinity;
            nextSample[e] = epochsPerSample[e];
            nextNegative[e] = epochsPerNegative[e];
        }
        var state = new EpochState(y, graph.RowStart, graph.Columns, epochsPerSample, epochsPerNegative, nextSample, nextNegative,
            (float)a, (float)b, (float)gamma, n);
        double alpha = learningRate;
        for (int epoch = 0; epoch < nEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float stepAlpha = (float)alpha;
            int currentEpoch = epoch;
            ParallelRanges.For(n, RowsPerChunk, threads, (chunk, start, end) =>
            {
                ulong rng = SeedOf(seed, currentEpoch, chunk);
                if (dims == 2) state.Rows2(start, end, currentEpoch, stepAlpha, ref rng);
                else state.Rows3(start, end, currentEpoch, stepAlpha, ref rng);
            }, cancellationToken);
            alpha = learningRate * (1.0 - (double)epoch / nEpochs);
            if (progress is not null)
            {
                bool snapshot = snapshotEvery > 0 && (epoch + 1) % snapshotEvery == 0 && epoch + 1 < nEpochs;
                progress.Report(new UmapProgress("optimising", epoch + 1, nEpochs, snapshot ? (float[])y.Clone() : null));
            }
        }
    }

    /// <summary>
    /// x^p for x &gt; 0 as 2^(p·log2 x) with short polynomials (relative error below 1e-6 over the range SGD meets,
    /// where MathF.Pow and Vector256.Exp/Log cost several times more); umap-learn compiles pow with fastmath too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Pow(Vector256<float> x, Vector256<float> p) => Exp2(p * Log2(x));

    /// <summary>One x^p through the same lanes (upper lanes zero: log2 0 and 2^0 stay finite and cheap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Pow(float x, float p) => Pow(Vector256.CreateScalar(x), Vector256.CreateScalar(p)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log2(Vector256<float> x)
    {
        // x = m·2^e with m in [1, 2); log2 m = (2/ln 2)·atanh((m − 1)/(m + 1)), five odd terms (t < 1/3).
        var bits = x.AsInt32();
        var e = Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127));
        var m = (bits & Vector256.Create(0x007FFFFF) | Vector256.Create(0x3F800000)).AsSingle();
        var t = (m - Vector256<float>.One) / (m + Vector256<float>.One);
        var t2 = t * t;
        var series = Vector256.Create(1f / 9);
        series = series * t2 + Vector256.Create(1f / 7);
        series = series * t2 + Vector256.Create(1f / 5);
        series = series * t2 + Vector256.Create(1f / 3);
        series = series * t2 + Vector256<float>.One;
        return e + Vector256.Create(2.8853900817779268f) * t * series;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp2(Vector256<float> y)
    {
        y = Vector256.Min(Vector256.Max(y, Vector256.Create(-126f)), Vector256.Create(126f));
        var i = Vector256.Floor(y + Vector256.Create(0.5f));
        var f = (y - i) * Vector256.Create(0.6931471805599453f); // 2^(y − i) = e^f, |f| ≤ ln2 / 2
        var poly = Vector256.Create(1f / 720);
        poly = poly * f + Vector256.Create(1f / 120);
        poly = poly * f + Vector256.Create(1f / 24);
        poly = poly * f + Vector256.Create(1f / 6);
        poly = poly * f + Vector256.Create(0.5f);
        poly = poly * f + Vector256<float>.One;
        poly = poly * f + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(i) + Vector256.Create(127), 23).AsSingle();
        return poly * scale;
    }

    private static ulong SeedOf(int seed, int epoch, int chunk)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xBF58476D1CE4E5B9UL ^ (ulong)chunk * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z == 0 ? 0x2545F4914F6CDD1DUL : z;
    }

    private sealed class EpochState(float[] y, int[] rowStart, int[] columns, float[] epochsPerSample,
        float[] epochsPerNegative, float[] nextSample, float[] nextNegative, float a, float b, float gamma, int n)
    {
        private readonly float _twoAb = 2 * a * b, _bMinusOne = b - 1, _twoGammaB = 2 * gamma * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Clip(float v) => v > 4f ? 4f : v < -4f ? -4f : v;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int NextIndex(ref ulong s, int n)
        {
            // xorshift64*, then Lemire's multiply-shift into [0, n).
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
            uint r = (uint)((s * 0x2545F4914F6CDD1DUL) >> 32);
            return (int)(((ulong)r * (ulong)n) >> 32);
        }

        public void Rows2(int start, int end, int epoch, float alpha, ref ulong rng)
        {
            ref float yr = ref MemoryMarshal.GetArrayDataReference(y);
            Span<float> ox = stackalloc float[8];
            Span<float> oy = stackalloc float[8];
            Span<int> ok = stackalloc int[8];
            for (int j = start; j < end; j++)
            {
                ref float cx = ref Unsafe.Add(ref yr, 2 * j);
                ref float cy = ref Unsafe.Add(ref yr, 2 * j + 1);
                int negatives = 0;
                for (int e = rowStart[j]; e < rowStart[j + 1]; e++)
                {
                    if (nextSample[e] > epoch) continue;
                    int k = columns[e];
                    ref float kx = ref Unsafe.Add(ref yr, 2 * k);
                    ref float ky = ref Unsafe.Add(ref yr, 2 * k + 1);
                    float dx = cx - kx, dy = cy - ky;
                    float d2 = dx * dx + dy * dy;
                    float coeff = 0;
                    if (d2 > 0)
                    {
                        float p = Pow(d2, _bMinusOne);
                        coeff = -_twoAb * p / (a * p * d2 + 1);
                    }
                    float gx = Clip(coeff * dx) * alpha, gy = Clip(coeff * dy) * alpha;
                    cx += gx; cy += gy;
                    kx -= gx; ky -= gy;
                    nextSample[e] += epochsPerSample[e];
                    int due = (int)((epoch - nextNegative[e]) / epochsPerNegative[e]);
                    if (due <= 0) continue;
                    nextNegative[e] += due * epochsPerNegative[e];
                    negatives += due;
                }
                if (negatives == 0) continue;
                // The row's negative samples, eight per step, at the head's position after its positive samples.
                float px = cx, py = cy;
                var vpx = Vector256.Create(px);
                var vpy = Vector256.Create(py);
                var sumX = Vector256<float>.Zero;
                var sumY = Vector256<float>.Zero;
                while (negatives > 0)
                {
                    int count = Math.Min(8, negatives);
                    negatives -= count;
                    for (int l = 0; l < 8; l++)
                    {
                        if (l < count)
                        {
                            int t = NextIndex(ref rng, n);
                            ok[l] = t == j ? 0 : -1;
                            ox[l] = Unsafe.Add(ref yr, 2 * t);
                            oy[l] = Unsafe.Add(ref yr, 2 * t + 1);
                        }
                        else { ok[l] = 0; ox[l] = px; oy[l] = py; }
                    }
                    var ddx = vpx - Vector256.Create<float>(ox);
                    var ddy = vpy - Vector256.Create<float>(oy);
                    var dist2 = ddx * ddx + ddy * ddy;
                    var (gradX, gradY) = Repulse(dist2, ddx, ddy, ddx, Vector256.Create<int>(ok).AsSingle(), out _);
                    sumX += gradX; sumY += gradY;
                }
                cx += Vector256.Sum(sumX) * alpha;
                cy += Vector256.Sum(sumY) * alpha;
            }
        }

        public void Rows3(int start, int end, int epoch, float alpha, ref ulong rng)
        {
            ref float yr = ref MemoryMarshal.GetArrayDataReference(y);
            Span<float> ox = stackalloc float[8];
            Span<float> oy = stackalloc float[8];
            Span<float> oz = stackalloc float[8];
            Span<int> ok = stackalloc int[8];
            for (int j = start; j < end; j++)
            {
                ref float cx = ref Unsafe.Add(ref yr, 3 * j);
                ref float cy = ref Unsafe.Add(ref yr, 3 * j + 1);
                ref float cz = ref Unsafe.Add(ref yr, 3 * j + 2);
                int negatives = 0;
                for (int e = rowStart[j]; e < rowStart[j + 1]; e++)
                {
                    if (nextSample[e] > epoch) continue;
                    int k = columns[e];
                    ref float kx = ref Unsafe.Add(ref yr, 3 * k);
                    ref float ky = ref Unsafe.Add(ref yr, 3 * k + 1);
                    ref float kz = ref Unsafe.Add(ref yr, 3 * k + 2);
                    float dx = cx - kx, dy = cy - ky, dz = cz - kz;
                    float d2 = dx * dx + dy * dy + dz * dz;
                    float coeff = 0;
                    if (d2 > 0)
                    {
                        float p = Pow(d2, _bMinusOne);
                        coeff = -_twoAb * p / (a * p * d2 + 1);
                    }
                    float gx = Clip(coeff * dx) * alpha, gy = Clip(coeff * dy) * alpha, gz = Clip(coeff * dz) * alpha;
                    cx += gx; cy += gy; cz += gz;
                    kx -= gx; ky -= gy; kz -= gz;
                    nextSample[e] += epochsPerSample[e];
                    int due = (int)((epoch - nextNegative[e]) / epochsPerNegative[e]);
                    if (due <= 0) continue;
                    nextNegative[e] += due * epochsPerNegative[e];
                    negatives += due;
                }
                if (negatives == 0) continue;
                float px = cx, py = cy, pz = cz;
                var vpx = Vector256.Create(px);
                var vpy = Vector256.Create(py);
                var vpz = Vector256.Create(pz);
                var sumX = Vector256<float>.Zero;
                var sumY = Vector256<float>.Zero;
                var sumZ = Vector256<float>.Zero;
                while (negatives > 0)
                {
                    int count = Math.Min(8, negatives);
                    negatives -= count;
                    for (int l = 0; l < 8; l++)
                    {
                        if (l < count)
                        {
                            int t = NextIndex(ref rng, n);
                            ok[l] = t == j ? 0 : -1;
                            ox[l] = Unsafe.Add(ref yr, 3 * t);
                            oy[l] = Unsafe.Add(ref yr, 3 * t + 1);
                            oz[l] = Unsafe.Add(ref yr, 3 * t + 2);
                        }
                        else { ok[l] = 0; ox[l] = px; oy[l] = py; oz[l] = pz; }
                    }
                    var ddx = vpx - Vector256.Create<float>(ox);
                    var ddy = vpy - Vector256.Create<float>(oy);
                    var ddz = vpz - Vector256.Create<float>(oz);
                    var dist2 = ddx * ddx + ddy * ddy + ddz * ddz;
                    var (gradX, gradY) = Repulse(dist2, ddx, ddy, ddz, Vector256.Create<int>(ok).AsSingle(), out var gradZ);
                    sumX += gradX; sumY += gradY; sumZ += gradZ;
                }
                cx += Vector256.Sum(sumX) * alpha;
                cy += Vector256.Sum(sumY) * alpha;
                cz += Vector256.Sum(sumZ) * alpha;
            }
        }

        // Eight negative samples: clipped repulsive gradient per lane (umap-learn: 4 per axis for a coincident point
        // other than the head itself; lanes outside the mask contribute nothing).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private (Vector256<float>, Vector256<float>) Repulse(Vector256<float> dist2, Vector256<float> dx, Vector256<float> dy,
            Vector256<float> dz, Vector256<float> mask, out Vector256<float> gz)
        {
            var positive = Vector256.GreaterThan(dist2, Vector256<float>.Zero);
            var powB = Pow(dist2, Vector256.Create(b));
            var coeff = Vector256.Create(_twoGammaB) / ((Vector256.Create(0.001f) + dist2) * (Vector256.Create(a) * powB + Vector256<float>.One));
            coeff = Vector256.ConditionalSelect(positive, coeff, Vector256<float>.Zero);
            var usable = Vector256.GreaterThan(coeff, Vector256<float>.Zero);
            var four = Vector256.Create(4f);
            var lo = Vector256.Create(-4f);
            var gx = Vector256.ConditionalSelect(usable, Vector256.Min(Vector256.Max(coeff * dx, lo), four), four) & mask;
            var gy = Vector256.ConditionalSelect(usable, Vector256.Min(Vector256.Max(coeff * dy, lo), four), four) & mask;
            gz = Vector256.ConditionalSelect(usable, Vector256.Min(Vector256.Max(coeff * dz, lo), four), four) & mask;
            return (gx, gy);
        }
    }
}
