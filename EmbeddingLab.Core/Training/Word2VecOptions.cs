namespace EmbeddingLab.Core.Training;

/// <summary>
/// word2vec training options with gensim 4's names and defaults (<c>gensim.models.Word2Vec</c>).
/// Only negative sampling is implemented (gensim's default <c>hs=0, negative=5</c>).
/// </summary>
public sealed record Word2VecOptions
{
    /// <summary>gensim <c>vector_size</c>: dimensions of the vectors.</summary>
    public int VectorSize { get; init; } = 100;

    /// <summary>gensim <c>window</c>: maximum distance between the current and a context token (each position uses a random reduced window 1..Window).</summary>
    public int Window { get; init; } = 5;

    /// <summary>gensim <c>negative</c>: noise tokens drawn per positive example.</summary>
    public int Negative { get; init; } = 5;

    /// <summary>gensim <c>ns_exponent</c>: the noise distribution is count^NsExponent.</summary>
    public double NsExponent { get; init; } = 0.75;

    /// <summary>gensim <c>min_count</c>: tokens seen fewer times are dropped from the vocabulary.</summary>
    public int MinCount { get; init; } = 5;

    /// <summary>gensim <c>max_final_vocab</c>: when set, MinCount is raised so that at most this many tokens remain.</summary>
    public int? MaxFinalVocab { get; init; }

    /// <summary>gensim <c>sample</c>: downsampling threshold for frequent tokens (0 = off; &gt;= 1 = an absolute count).</summary>
    public double Sample { get; init; } = 1e-3;

    /// <summary>gensim <c>alpha</c>: initial learning rate.</summary>
    public double Alpha { get; init; } = 0.025;

    /// <summary>gensim <c>min_alpha</c>: learning rate reached at the end (linear decay over total progress).</summary>
    public double MinAlpha { get; init; } = 0.0001;

    /// <summary>gensim <c>epochs</c>: passes over the corpus.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>gensim <c>workers</c>: training threads (1 = deterministic for a given seed).</summary>
    public int Workers { get; init; } = 3;

    /// <summary>gensim <c>seed</c>: seeds the initial vectors and every random draw.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>gensim <c>sg</c>: true = skip-gram, false = CBOW (gensim's default).</summary>
    public bool Sg { get; init; }

    /// <summary>gensim <c>cbow_mean</c>: CBOW uses the mean (true) or the sum (false) of the context vectors.</summary>
    public bool CbowMean { get; init; } = true;

    /// <summary>Memory training may take (vectors and output weights: vocabulary × vector_size × 2 float32), checked before they are allocated; null: no bound.</summary>
    public Limits.MemoryBudget? Budget { get; init; }

    /// <summary>The settings of the "Training a Song Embedding Model" chapter: 32 dimensions, window 20, 50 negatives, min_count 1, 5 epochs.</summary>
    public static Word2VecOptions SongPreset => new() { VectorSize = 32, Window = 20, Negative = 50, MinCount = 1, Epochs = 5, Workers = 2 };

    /// <summary>Checks every value; a bad one is an <see cref="ArgumentException"/> naming the option and the allowed range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string expected, object value)
        {
            if (!ok) throw new ArgumentException($"{name} must be {expected}, found {value}.");
        }
        Check(VectorSize is >= 1 and <= 10_000, "vector_size", "between 1 and 10000", VectorSize);
        Check(Window is >= 1 and <= 1_000, "window", "between 1 and 1000", Window);
        Check(Negative is >= 1 and <= 1_000, "negative", "between 1 and 1000 (only negative sampling is implemented)", Negative);
        Check(double.IsFinite(NsExponent) && NsExponent >= -10 && NsExponent <= 10, "ns_exponent", "a number between -10 and 10", NsExponent);
        Check(MinCount >= 1, "min_count", "at least 1", MinCount);
        Check(MaxFinalVocab is null or >= 1, "max_final_vocab", "at least 1 when given", MaxFinalVocab ?? 0);
        Check(double.IsFinite(Sample) && Sample >= 0, "sample", "zero or more", Sample);
        Check(double.IsFinite(Alpha) && Alpha > 0 && Alpha <= 10, "alpha", "above 0 and at most 10", Alpha);
        Check(double.IsFinite(MinAlpha) && MinAlpha >= 0 && MinAlpha <= Alpha, "min_alpha", $"between 0 and alpha ({Alpha})", MinAlpha);
        Check(Epochs is >= 1 and <= 10_000, "epochs", "between 1 and 10000", Epochs);
        Check(Workers is >= 1 and <= 256, "workers", "between 1 and 256", Workers);
    }
}

/// <summary>A progress report: where training is, how fast it goes, and a running loss estimate.</summary>
/// <param name="Epoch">Current epoch, 1-based.</param>
/// <param name="TokensDone">Corpus tokens processed so far over all epochs.</param>
/// <param name="TotalTokens">Corpus tokens × epochs.</param>
/// <param name="WordsPerSecond">Corpus tokens per second since training started.</param>
/// <param name="Loss">Mean negative-sampling loss per trained token since the previous report (gensim's compute_loss terms).</param>
/// <param name="Alpha">Learning rate in use.</param>
public sealed record Word2VecProgress(int Epoch, int Epochs, long TokensDone, long TotalTokens, double WordsPerSecond, TimeSpan Eta, double Loss, double Alpha)
{
    public double Fraction => TotalTokens == 0 ? 1 : Math.Clamp((double)TokensDone / TotalTokens, 0, 1);
}

/// <summary>The trained vectors and how the run went.</summary>
public sealed class Word2VecResult
{
    /// <summary>Input vectors (gensim's <c>wv</c>), keys = tokens by descending frequency, with a "count" metadata column.</summary>
    public required Vectors.EmbeddingSet Vectors { get; init; }

    /// <summary>Corpus count of every token kept in the vocabulary.</summary>
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    /// <summary>Tokens actually trained on (after frequent-token downsampling), all epochs (gensim's trained_word_count).</summary>
    public long TrainedTokens { get; init; }

    /// <summary>In-vocabulary corpus tokens processed, all epochs (gensim's raw word count minus out-of-vocabulary tokens).</summary>
    public long ProcessedTokens { get; init; }

    /// <summary>Sentences (playlists) in the corpus after dropping empty ones.</summary>
    public int Sentences { get; init; }

    public int Epochs { get; init; }

    /// <summary>Wall-clock seconds of training (vocabulary building excluded).</summary>
    public double Seconds { get; init; }

    /// <summary><see cref="ProcessedTokens"/> per second.</summary>
    public double WordsPerSecond { get; init; }

    /// <summary>Mean loss per trained token in the last epoch.</summary>
    public double FinalLoss { get; init; }
}
