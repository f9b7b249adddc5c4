namespace EmbeddingLab.Core.Training;

/// <summary>
/// word2vec with negative sampling (skip-gram and CBOW), following gensim 4's training semantics: random reduced window,
/// frequent-token downsampling, noise distribution count^0.75, learning rate decaying linearly over total progress,
/// updates skipped where the sigmoid saturates (|x| ≥ 6). Hogwild threads; one worker and a seed give identical results.
/// </summary>
public static class Word2Vec
{
    /// <summary>Builds the vocabulary from <paramref name="sentences"/> and trains.</summary>
    public static Word2VecResult Train(IEnumerable<IReadOnlyList<string>> sentences, Word2VecOptions options,
        IProgress<Word2VecProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var corpus = Word2VecCorpus.Build(sentences, options.MinCount, options.MaxFinalVocab, cancellationToken);
        return Train(corpus, options, progress, cancellationToken);
    }

    /// <summary>Trains on an already built corpus (its own min_count filtering is kept; Options.MinCount is not re-applied).</summary>
    public static Word2VecResult Train(Word2VecCorpus corpus, Word2VecOptions options,
        IProgress<Word2VecProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (corpus.Words.Count == 0)
            throw new ArgumentException($"No token occurs at least min_count = {options.MinCount} times, so there is nothing to train; lower min_count or give more data.");
        // Input vectors + output weights (vocabulary × vector_size each), the corpus ids already held, a noise table.
        options.Budget?.Ensure(Limits.MemoryBudget.FloatMatrixBytes(corpus.Words.Count, 2L * options.VectorSize) + corpus.TokenCount * 4 + corpus.Words.Count * 16L,
            $"training {options.VectorSize}-dimensional vectors for a vocabulary of {corpus.Words.Count:N0} words on {corpus.TokenCount:N0} tokens");
        using var trainer = new Word2VecTrainer(corpus, options);
        return trainer.Run(progress, cancellationToken);
    }
}
