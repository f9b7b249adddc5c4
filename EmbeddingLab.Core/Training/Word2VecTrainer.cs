using System.Diagnostics;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Training;

/// <summary>
/// One training run: shared weights (pinned, updated lock-free by the workers — Hogwild), the job list,
/// and the progress/cancellation loop on the calling thread.
/// </summary>
internal sealed unsafe class Word2VecTrainer : IDisposable
{
    // gensim: MAX_EXP = 6, EXP_TABLE_SIZE = 1000.
    internal const int TableSize = 1000;
    internal const float MaxExp = 6f;
    private const int JobTokens = 10_000;

    private readonly Word2VecCorpus _corpus;
    private readonly Word2VecOptions _o;
    private readonly float[] _syn0;
    private readonly float[] _syn1neg;
    private readonly uint[] _sampleInt;
    private readonly NegativeSampler _sampler;
    private readonly int[] _jobSentenceStart; // per job: first sentence; plus one final entry
    private readonly long[] _jobTokenOffset;  // per job: tokens before it in an epoch
    internal readonly float[] SigmoidTable = new float[TableSize];
    internal readonly float[] LogSigmoidTable = new float[TableSize];
    private long _nextJob = -1;
    private long _tokensDone;
    private long _trainedTokens;

    public Word2VecTrainer(Word2VecCorpus corpus, Word2VecOptions options)
    {
        _corpus = corpus;
        _o = options;
        int v = corpus.Words.Count, d = options.VectorSize;
        _syn0 = GC.AllocateUninitializedArray<float>(checked(v * d), pinned: true);
        _syn1neg = GC.AllocateArray<float>(checked(v * d), pinned: true);
        // gensim: uniform in [-1/size, 1/size), seeded.
        var rng = new SplitMix64(SplitMix64.Mix((ulong)options.Seed, 0xC0FFEE));
        for (int i = 0; i < _syn0.Length; i++) _syn0[i] = (float)(((rng.Next() >> 11) * (1.0 / (1UL << 53)) * 2 - 1) / d);
        _sampler = new NegativeSampler(corpus.Counts, options.NsExponent);
        _sampleInt = ComputeSampleInts(corpus.Counts, options.Sample);
        for (int i = 0; i < TableSize; i++)
        {
            double x = (i / (double)TableSize * 2 - 1) * MaxExp;
            double s = 1 / (1 + Math.Exp(-x));
            SigmoidTable[i] = (float)s;
            LogSigmoidTable[i] = (float)Math.Log(s);
        }
        // Jobs of ~10,000 tokens made of whole sentences, as gensim's batch_words.
        var starts = new List<int> { 0 };
        var offsets = new List<long> { 0 };
        var ss = corpus.SentenceStarts;
        int acc = 0;
        for (int s = 0; s < corpus.SentenceCount; s++)
        {
            acc += ss[s + 1] - ss[s];
            if (acc >= JobTokens && s + 1 < corpus.SentenceCount) { starts.Add(s + 1); offsets.Add(ss[s + 1]); acc = 0; }
        }
        starts.Add(corpus.SentenceCount);
        _jobSentenceStart = starts.ToArray();
        _jobTokenOffset = offsets.ToArray();
    }

    /// <summary>gensim's downsampling: keep probability (sqrt(c/t)+1)·t/c with t = sample·total (or sample itself when ≥ 1), as a 32-bit threshold.</summary>
    internal static uint[] ComputeSampleInts(IReadOnlyList<long> counts, double sample)
    {
        var result = new uint[counts.Count];
        double total = 0;
        foreach (var c in counts) total += c;
        double threshold = sample >= 1 ? sample : sample * total;
        for (int i = 0; i < result.Length; i++)
        {
            double p = 1;
            if (sample > 0)
            {
                double c = counts[i];
                p = (Math.Sqrt(c / threshold) + 1) * (threshold / c);
            }
            result[i] = p >= 1 ? uint.MaxValue : (uint)Math.Round(p * 4294967296.0);
        }
        return result;
    }

    internal int Jobs => _jobSentenceStart.Length - 1;
    internal float* Syn0 { get { fixed (float* p = _syn0) return p; } }      // pinned: the address never moves
    internal float* Syn1Neg { get { fixed (float* p = _syn1neg) return p; } }
    internal Word2VecCorpus Corpus => _corpus;
    internal Word2VecOptions Options => _o;
    internal NegativeSampler Sampler => _sampler;
    internal uint[] SampleInt => _sampleInt;

    /// <summary>Next job for a worker: (epoch, job) in order, or false when all are handed out.</summary>
    internal bool TryTakeJob(out int epoch, out int job)
    {
        long g = Interlocked.Increment(ref _nextJob);
        long total = (long)Jobs * _o.Epochs;
        if (g >= total) { epoch = job = 0; return false; }
        epoch = (int)(g / Jobs);
        job = (int)(g % Jobs);
        return true;
    }

    internal (int First, int End) JobSentences(int job) => (_jobSentenceStart[job], _jobSentenceStart[job + 1]);

    /// <summary>gensim: alpha = start − (start − end) · progress, progress over all epochs.</summary>
    internal float AlphaFor(int epoch, int job)
    {
        double progress = (epoch * (double)_corpus.TokenCount + _jobTokenOffset[job]) / (_o.Epochs * (double)_corpus.TokenCount);
        return (float)(_o.Alpha - (_o.Alpha - _o.MinAlpha) * progress);
    }

    internal void JobDone(long tokens, long trained)
    {
        Interlocked.Add(ref _tokensDone, tokens);
        Interlocked.Add(ref _trainedTokens, trained);
    }

    public Word2VecResult Run(IProgress<Word2VecProgress>? progress, CancellationToken ct)
    {
        int workers = _o.Workers;
        var states = new Word2VecWorker[workers];
        var threads = new Thread[workers];
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        for (int w = 0; w < workers; w++)
        {
            var worker = states[w] = new Word2VecWorker(this);
            threads[w] = new Thread(() =>
            {
                try { worker.Run(stop.Token); }
                catch (OperationCanceledException) { }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); stop.Cancel(); }
            })
            { IsBackground = true, Name = $"word2vec worker {w + 1}" };
            threads[w].Start();
        }

        long total = _corpus.TokenCount * _o.Epochs;
        double lastLoss = 0;
        double lossSum = 0; long lossCount = 0;
        foreach (var t in threads)
        {
            while (!t.Join(200))
            {
                if (progress is not null) Report();
            }
        }
        clock.Stop();
        if (failure is not null) throw new InvalidOperationException($"Training failed: {failure.Message}", failure);
        ct.ThrowIfCancellationRequested();
        Report();

        var keys = _corpus.Words.ToArray();
        var counts = new Dictionary<string, long>(keys.Length, StringComparer.Ordinal);
        var countColumn = new string[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            counts[keys[i]] = _corpus.Counts[i];
            countColumn[i] = _corpus.Counts[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        double lastEpochLoss = 0;
        long lastEpochCount = 0;
        foreach (var s in states) { lastEpochLoss += s.LastEpochLoss; lastEpochCount += s.LastEpochCount; }
        return new Word2VecResult
        {
            Vectors = new EmbeddingSet(keys, _syn0, _o.VectorSize, [new MetadataColumn("count", countColumn)]),
            Counts = counts,
            TrainedTokens = Interlocked.Read(ref _trainedTokens),
            ProcessedTokens = Interlocked.Read(ref _tokensDone),
            Sentences = _corpus.SentenceCount,
            Epochs = _o.Epochs,
            Seconds = seconds,
            WordsPerSecond = Interlocked.Read(ref _tokensDone) / seconds,
            FinalLoss = lastEpochCount > 0 ? lastEpochLoss / lastEpochCount : lastLoss,
        };

        void Report()
        {
            if (progress is null) return;
            long done = Interlocked.Read(ref _tokensDone);
            double sum = 0; long count = 0;
            foreach (var s in states) { sum += Volatile.Read(ref s.LossSum); count += Volatile.Read(ref s.LossCount); }
            if (count > lossCount) lastLoss = (sum - lossSum) / (count - lossCount);
            lossSum = sum; lossCount = count;
            double secs = clock.Elapsed.TotalSeconds;
            double wps = secs > 0 ? done / secs : 0;
            var eta = wps > 0 ? TimeSpan.FromSeconds((total - done) / wps) : TimeSpan.Zero;
            int epoch = Math.Min(_o.Epochs, (int)(done / Math.Max(1, _corpus.TokenCount)) + 1);
            double alpha = _o.Alpha - (_o.Alpha - _o.MinAlpha) * Math.Clamp((double)done / Math.Max(1, total), 0, 1);
            progress.Report(new Word2VecProgress(epoch, _o.Epochs, done, total, wps, eta, lastLoss, alpha));
        }
    }

    public void Dispose() { }
}
