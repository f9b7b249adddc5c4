using EmbeddingLab.Core.Text;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>How the State of the Union word vectors are made.</summary>
public sealed record SotuWordsOptions
{
    /// <summary>Phrase detection before training (gensim defaults: min_count 5, threshold 10).</summary>
    public PhrasesOptions? Phrases { get; init; } = new();

    /// <summary>
    /// Skip-gram for a 1.8 M-word corpus: 100 dimensions, window 5, 5 negatives, min_count 5, 10 epochs (a small corpus
    /// needs more passes than gensim's default 5), two workers.
    /// </summary>
    public Word2VecOptions Word2Vec { get; init; } = new()
    {
        Sg = true, VectorSize = 100, Window = 5, Negative = 5, MinCount = 5, Epochs = 10, Workers = 2, Seed = 1,
    };

    /// <summary>Only addresses from this year on (inclusive), e.g. for one era of a semantic-change comparison.</summary>
    public int? FromYear { get; init; }

    /// <summary>Only addresses up to this year (inclusive).</summary>
    public int? ToYear { get; init; }
}

/// <summary>What a State of the Union training run used and produced.</summary>
public sealed record SotuWordsResult(EmbeddingSet Vectors, int Addresses, long Tokens, int Sentences, int PhrasesFound, Word2VecResult Training);

/// <summary>
/// Word vectors of the State of the Union addresses: running-text tokens (<see cref="RunningText"/>), gensim-style
/// phrases ("united_states", "federal_government"), then word2vec. Each word carries metadata for the projector:
/// <c>frequency</c>, <c>afinn</c> (AFINN-111 valence when the word has one) and <c>name</c> ("male name" / "female name").
/// </summary>
public static class SotuWords
{
    public static SotuWordsResult Train(IReadOnlyList<SotuAddress> addresses, WordLexicons? lexicons, SotuWordsOptions? options = null,
        IProgress<Word2VecProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SotuWordsOptions();
        var chosen = addresses.Where(a => (options.FromYear is null || a.Year >= options.FromYear) && (options.ToYear is null || a.Year <= options.ToYear)).ToList();
        if (chosen.Count == 0)
            throw new ArgumentException($"No address falls between {options.FromYear?.ToString() ?? "the first year"} and {options.ToYear?.ToString() ?? "the last year"}.");

        var (sentences, phrasesFound) = Sentences(chosen, options.Phrases, cancellationToken);
        long tokens = sentences.Sum(s => (long)s.Count);
        var training = Word2Vec.Train(sentences, options.Word2Vec, progress, cancellationToken);
        var vectors = WithLexiconColumns(training.Vectors, training.Counts, lexicons);
        return new SotuWordsResult(vectors, chosen.Count, tokens, sentences.Count, phrasesFound, training);
    }

    /// <summary>
    /// The training sentences: running-text tokens of every address, then (when <paramref name="phraseOptions"/> is
    /// given) phrases learnt on them and merged ("united_states"); with the number of distinct phrase tokens.
    /// </summary>
    public static (List<IReadOnlyList<string>> Sentences, int PhrasesFound) Sentences(IEnumerable<SotuAddress> addresses, PhrasesOptions? phraseOptions,
        CancellationToken cancellationToken = default)
    {
        var sentences = new List<IReadOnlyList<string>>();
        foreach (var address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sentences.AddRange(RunningText.Sentences(address.Text));
        }
        int phrasesFound = 0;
        if (phraseOptions is not null)
        {
            var phrases = Phrases.Learn(sentences, phraseOptions, cancellationToken: cancellationToken);
            for (int i = 0; i < sentences.Count; i++) sentences[i] = phrases.Apply(sentences[i]);
            phrasesFound = sentences.SelectMany(s => s).Where(t => t.Contains(phraseOptions.Delimiter, StringComparison.Ordinal)).Distinct().Count();
        }
        return (sentences, phrasesFound);
    }

    /// <summary>The set with <c>frequency</c>, and when lexicons are given <c>afinn</c> and <c>name</c> columns.</summary>
    public static EmbeddingSet WithLexiconColumns(EmbeddingSet set, IReadOnlyDictionary<string, long> counts, WordLexicons? lexicons)
    {
        var keys = set.Keys;
        var result = set;
        if (set.Column("frequency") is null)
            result = result.WithColumn(new MetadataColumn("frequency", keys.Select(k => counts.GetValueOrDefault(k).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        if (lexicons is not null)
        {
            result = result.WithColumn(new MetadataColumn("afinn", keys.Select(k => lexicons.Afinn.TryGetValue(k, out var v) ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "").ToArray()));
            result = result.WithColumn(new MetadataColumn("name", keys.Select(k => lexicons.NameGender(k) ?? "").ToArray()));
        }
        return result;
    }
}
