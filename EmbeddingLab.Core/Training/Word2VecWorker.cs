using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EmbeddingLab.Core.Training;

/// <summary>
/// One training thread: takes ~10,000-token jobs, downsamples, and trains each position. All scratch buffers are
/// allocated once here, so the inner loops never allocate. Random draws are seeded per job, so with one worker the
/// sequence of updates — and the result — depends only on the seed.
/// </summary>
internal sealed unsafe class Word2VecWorker
{
    private readonly Word2VecTrainer _t;
    private readonly int _d, _window, _negative;
    private readonly bool _sg, _cbowMean;
    private readonly ulong _seed;
    private readonly int[] _sentence;
    private readonly int[] _targets;
    private readonly float[] _neu1, _work, _inBuf, _outBuf;
    private readonly float[] _sigmoid, _logSigmoid;

    public double LossSum;
    public long LossCount;
    public double LastEpochLoss;
    public long LastEpochCount;

    public Word2VecWorker(Word2VecTrainer trainer)
    {
        _t = trainer;
        var o = trainer.Options;
        _d = o.VectorSize;
        _window = o.Window;
        _negative = o.Negative;
        _sg = o.Sg;
        _cbowMean = o.CbowMean;
        _seed = (ulong)o.Seed;
        _sentence = new int[Word2VecCorpus.MaxSentenceLength];
        _targets = new int[2 * (_negative + 1)];
        _neu1 = GC.AllocateArray<float>(_d, pinned: true);
        _work = GC.AllocateArray<float>(_d, pinned: true);
        _inBuf = GC.AllocateArray<float>(_sg ? (_negative + 1) * _d : 1, pinned: true);
        _outBuf = GC.AllocateArray<float>(_sg ? (_negative + 1) * _d : 1, pinned: true);
        _sigmoid = trainer.SigmoidTable;
        _logSigmoid = trainer.LogSigmoidTable;
    }

    public void Run(CancellationToken ct)
    {
        var corpus = _t.Corpus;
        var tokens = corpus.Tokens;
        var starts = corpus.SentenceStarts;
        var sampleInt = _t.SampleInt;
        int lastEpoch = _t.Options.Epochs - 1;
        while (_t.TryTakeJob(out int epoch, out int job))
        {
            ct.ThrowIfCancellationRequested();
            float alpha = _t.AlphaFor(epoch, job);
            var rng = new SplitMix64(SplitMix64.Mix(_seed, (ulong)epoch * (ulong)_t.Jobs + (ulong)job));
            var (first, end) = _t.JobSentences(job);
            long raw = 0, trained = 0;
            double loss = 0;
            for (int s = first; s < end; s++)
            {
                if (ct.IsCancellationRequested) break;
                int len = 0;
                for (int p = starts[s]; p < starts[s + 1]; p++)
                {
                    int token = tokens[p];
                    uint keep = sampleInt[token];
                    // gensim: drop when sample_int < a random 32-bit number.
                    if (keep != uint.MaxValue && keep < (uint)rng.Next()) continue;
                    _sentence[len++] = token;
                }
                raw += starts[s + 1] - starts[s];
                trained += len;
                if (len < 2) continue;
                loss += _sg ? TrainSkipGram(len, alpha, ref rng)
                    : _d == 32 && Vector256.IsHardwareAccelerated ? TrainCbow32(len, alpha, ref rng)
                    : TrainCbow(len, alpha, ref rng);
            }
            _t.JobDone(raw, trained);
            Volatile.Write(ref LossSum, LossSum + loss);
            Volatile.Write(ref LossCount, LossCount + trained);
            if (epoch == lastEpoch) { LastEpochLoss += loss; LastEpochCount += trained; }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DrawTargets(int word, ref SplitMix64 rng, float* syn1, int d, int* targets)
    {
        var sampler = _t.Sampler;
        targets[0] = word;
        int count = 1;
        for (int n = 0; n < _negative; n++)
        {
            int t = sampler.Sample(rng.Next());
            if (t == word) continue; // gensim skips a noise draw equal to the target
            targets[count++] = t;
            if (Sse.IsSupported) Sse.Prefetch0(syn1 + (long)t * d);
        }
        return count;
    }

    private double TrainCbow(int len, float alpha, ref SplitMix64 rng)
    {
        int d = _d, window = _window;
        float* syn0 = _t.Syn0, syn1 = _t.Syn1Neg;
        const float scale = Word2VecTrainer.TableSize / Word2VecTrainer.MaxExp / 2;
        double loss = 0;
        fixed (int* sent = _sentence)
        fixed (int* targetBuf = _targets)
        fixed (float* neu1 = _neu1, work = _work, sig = _sigmoid, logSig = _logSigmoid)
        {
            int stride = _negative + 1;
            int nextCount = DrawTargets(sent[0], ref rng, syn1, _d, targetBuf);
            for (int i = 0; i < len; i++)
            {
                int b = rng.NextInt(window);
                int j = Math.Max(0, i - window + b), k = Math.Min(len, i + window + 1 - b);
                int count = k - j - 1;
                int* targets = targetBuf + (i & 1) * stride;
                int tcount = nextCount;
                // Draw (and prefetch) the next position's noise rows now, so they arrive while this one trains.
                if (i + 1 < len) nextCount = DrawTargets(sent[i + 1], ref rng, syn1, d, targetBuf + ((i + 1) & 1) * stride);
                if (count <= 0) continue; // (only when len < 2, which never reaches here)

                Simd.Clear(neu1, d);
                for (int m = j; m < k; m++)
                    if (m != i) Simd.Add(syn0 + (long)sent[m] * d, neu1, d);
                if (_cbowMean) Simd.Scale(1f / count, neu1, d);
                Simd.Clear(work, d);

                for (int t = 0; t < tcount; t++)
                {
                    float* row = syn1 + (long)targets[t] * d;
                    float f = Simd.Dot(neu1, row, d);
                    float label = t == 0 ? 1f : 0f;
                    if (f <= -Word2VecTrainer.MaxExp || f >= Word2VecTrainer.MaxExp)
                    {
                        // gensim skips saturated terms; they still count towards the loss estimate when wrong.
                        if (t == 0 ? f < 0 : f > 0) loss += Math.Abs(f);
                        continue;
                    }
                    int idx = (int)((f + Word2VecTrainer.MaxExp) * scale);
                    float g = (label - sig[idx]) * alpha;
                    loss -= t == 0 ? logSig[idx] : logSig[Word2VecTrainer.TableSize - 1 - idx];
                    Simd.Axpy(g, row, work, d);
                    Simd.Axpy(g, neu1, row, d);
                }
                // gensim quirk kept for parity: with a summed context the error is divided over the window.
                if (!_cbowMean) Simd.Scale(1f / count, work, d);
                for (int m = j; m < k; m++)
                    if (m != i) Simd.Add(work, syn0 + (long)sent[m] * d, d);
            }
        }
        return loss;
    }

    /// <summary>
    /// CBOW for 32 dimensions (the song preset) with the hidden vector and the error kept in eight AVX registers:
    /// the same arithmetic as <see cref="TrainCbow"/> without a load or store of neu1/work per target.
    /// </summary>
    private double TrainCbow32(int len, float alpha, ref SplitMix64 rng)
    {
        int window = _window;
        float* syn0 = _t.Syn0, syn1 = _t.Syn1Neg;
        const float scale = Word2VecTrainer.TableSize / Word2VecTrainer.MaxExp / 2;
        double loss = 0;
        bool mean = _cbowMean;
        fixed (int* sent = _sentence)
        fixed (int* targetBuf = _targets)
        fixed (float* sig = _sigmoid, logSig = _logSigmoid)
        {
            int stride = _negative + 1;
            int nextCount = DrawTargets(sent[0], ref rng, syn1, _d, targetBuf);
            for (int i = 0; i < len; i++)
            {
                int b = rng.NextInt(window);
                int j = Math.Max(0, i - window + b), k = Math.Min(len, i + window + 1 - b);
                int count = k - j - 1;
                int* targets = targetBuf + (i & 1) * stride;
                int tcount = nextCount;
                // Draw (and prefetch) the next position's noise rows now, so they arrive while this one trains.
                if (i + 1 < len) nextCount = DrawTargets(sent[i + 1], ref rng, syn1, 32, targetBuf + ((i + 1) & 1) * stride);
                if (count <= 0) continue; // (only when len < 2, which never reaches here)

                var h0 = Vector256<float>.Zero; var h1 = h0; var h2 = h0; var h3 = h0;
                for (int m = j; m < k; m++)
                {
                    if (m == i) continue;
                    float* r = syn0 + (long)sent[m] * 32;
                    h0 += Vector256.Load(r); h1 += Vector256.Load(r + 8); h2 += Vector256.Load(r + 16); h3 += Vector256.Load(r + 24);
                }
                if (mean)
                {
                    var inv = Vector256.Create(1f / count);
                    h0 *= inv; h1 *= inv; h2 *= inv; h3 *= inv;
                }
                var w0 = Vector256<float>.Zero; var w1 = w0; var w2 = w0; var w3 = w0;
                for (int t = 0; t < tcount; t++)
                {
                    float* row = syn1 + (long)targets[t] * 32;
                    var r0 = Vector256.Load(row); var r1 = Vector256.Load(row + 8); var r2 = Vector256.Load(row + 16); var r3 = Vector256.Load(row + 24);
                    float f = Vector256.Sum(Vector256.FusedMultiplyAdd(h0, r0, Vector256.FusedMultiplyAdd(h1, r1, Vector256.FusedMultiplyAdd(h2, r2, h3 * r3))));
                    if (f <= -Word2VecTrainer.MaxExp || f >= Word2VecTrainer.MaxExp)
                    {
                        if (t == 0 ? f < 0 : f > 0) loss += Math.Abs(f);
                        continue;
                    }
                    int idx = (int)((f + Word2VecTrainer.MaxExp) * scale);
                    float g = ((t == 0 ? 1f : 0f) - sig[idx]) * alpha;
                    loss -= t == 0 ? logSig[idx] : logSig[Word2VecTrainer.TableSize - 1 - idx];
                    var vg = Vector256.Create(g);
                    w0 = Vector256.FusedMultiplyAdd(vg, r0, w0); w1 = Vector256.FusedMultiplyAdd(vg, r1, w1);
                    w2 = Vector256.FusedMultiplyAdd(vg, r2, w2); w3 = Vector256.FusedMultiplyAdd(vg, r3, w3);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vg, h0, r0), row);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vg, h1, r1), row + 8);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vg, h2, r2), row + 16);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vg, h3, r3), row + 24);
                }
                if (!mean)
                {
                    var inv = Vector256.Create(1f / count);
                    w0 *= inv; w1 *= inv; w2 *= inv; w3 *= inv;
                }
                for (int m = j; m < k; m++)
                {
                    if (m == i) continue;
                    float* r = syn0 + (long)sent[m] * 32;
                    Vector256.Store(Vector256.Load(r) + w0, r); Vector256.Store(Vector256.Load(r + 8) + w1, r + 8);
                    Vector256.Store(Vector256.Load(r + 16) + w2, r + 16); Vector256.Store(Vector256.Load(r + 24) + w3, r + 24);
                }
            }
        }
        return loss;
    }

    /// <summary>
    /// Skip-gram with the noise tokens shared across one centre's window (Ji et al., "Parallelizing Word2Vec in Shared
    /// and Distributed Memory" / BlazingText): the centre's row and its noise rows are drawn once per window and kept in
    /// a small working block (L1-resident) while every context of the window trains against them in turn — the pairs
    /// update the block sequentially exactly as gensim updates syn1neg pair by pair — then the block's change is added
    /// back to the shared weights in one pass. Each context still predicts the centre as in gensim.
    /// </summary>
    private double TrainSkipGram(int len, float alpha, ref SplitMix64 rng)
    {
        int d = _d, window = _window;
        float* syn0 = _t.Syn0, syn1 = _t.Syn1Neg;
        const float scale = Word2VecTrainer.TableSize / Word2VecTrainer.MaxExp / 2;
        double loss = 0;
        fixed (int* sent = _sentence)
        fixed (int* targetBuf = _targets)
        fixed (float* original = _inBuf, block = _outBuf, work = _work, sig = _sigmoid, logSig = _logSigmoid)
        {
            int stride = _negative + 1;
            int nextCount = DrawTargets(sent[0], ref rng, syn1, _d, targetBuf);
            for (int i = 0; i < len; i++)
            {
                int b = rng.NextInt(window);
                int j = Math.Max(0, i - window + b), k = Math.Min(len, i + window + 1 - b);
                int* targets = targetBuf + (i & 1) * stride;
                int tcount = nextCount;
                // Draw (and prefetch) the next position's noise rows now, so they arrive while this one trains.
                if (i + 1 < len) nextCount = DrawTargets(sent[i + 1], ref rng, syn1, d, targetBuf + ((i + 1) & 1) * stride);
                if (k - j - 1 <= 0) continue; // (only when len < 2, which never reaches here)
                Simd.Copy(syn1 + (long)targets[0] * d, block, d);
                for (int t = 1; t < tcount; t++) Simd.Copy(syn1 + (long)targets[t] * d, block + t * d, d);
                Simd.Copy(block, original, tcount * d);

                for (int m = j; m < k; m++)
                {
                    if (m == i) continue;
                    float* inRow = syn0 + (long)sent[m] * d;
                    Simd.Clear(work, d);
                    for (int t = 0; t < tcount; t++)
                    {
                        float* outRow = block + t * d;
                        float f = Simd.Dot(inRow, outRow, d);
                        if (f <= -Word2VecTrainer.MaxExp || f >= Word2VecTrainer.MaxExp)
                        {
                            if (t == 0 ? f < 0 : f > 0) loss += Math.Abs(f);
                            continue;
                        }
                        int idx = (int)((f + Word2VecTrainer.MaxExp) * scale);
                        float g = ((t == 0 ? 1f : 0f) - sig[idx]) * alpha;
                        loss -= t == 0 ? logSig[idx] : logSig[Word2VecTrainer.TableSize - 1 - idx];
                        Simd.Axpy(g, outRow, work, d);
                        Simd.Axpy(g, inRow, outRow, d);
                    }
                    Simd.Add(work, inRow, d);
                }
                // Hand the block's change back (a delta, so other threads' concurrent updates are kept — Hogwild).
                for (int t = 0; t < tcount; t++)
                {
                    float* outRow = block + t * d, orig = original + t * d, shared = syn1 + (long)targets[t] * d;
                    Simd.Axpy(-1f, orig, outRow, d);
                    Simd.Add(outRow, shared, d);
                }
            }
        }
        return loss;
    }
}
