namespace EmbeddingLab.Core.Training;

/// <summary>gensim <c>Phrases</c> parameters, with its names and defaults.</summary>
public sealed record PhrasesOptions
{
    /// <summary>gensim <c>min_count</c>: a bigram's count is reduced by this in the score (and rarer ones never pass).</summary>
    public int MinCount { get; init; } = 5;

    /// <summary>gensim <c>threshold</c>: a bigram becomes a phrase when its score is strictly greater.</summary>
    public double Threshold { get; init; } = 10.0;

    /// <summary>gensim <c>delimiter</c>: joins the words of a phrase.</summary>
    public string Delimiter { get; init; } = "_";

    /// <summary>gensim <c>connector_words</c>: words that may sit inside a phrase ("bank_of_america") but never start or end one.</summary>
    public IReadOnlySet<string> ConnectorWords { get; init; } = new HashSet<string>();

    public void Validate()
    {
        if (MinCount < 0) throw new ArgumentException($"min_count must be zero or more, found {MinCount}.");
        if (!double.IsFinite(Threshold)) throw new ArgumentException($"threshold must be a number, found {Threshold}.");
        if (string.IsNullOrEmpty(Delimiter)) throw new ArgumentException("delimiter must not be empty.");
    }
}

/// <summary>
/// Phrase (collocation) detection as gensim 4's <c>Phrases</c> with its default scorer (Mikolov et al. 2013):
/// score(a, b) = (count(a_b) − min_count) / (count(a) · count(b)) · |vocab|, where |vocab| counts the distinct
/// unigrams and bigrams seen; a_b is a phrase when the score exceeds <c>threshold</c>. Applying it merges phrases
/// greedily left to right, exactly as gensim's <c>analyze_sentence</c> does, so "united states" becomes
/// "united_states".
/// </summary>
public sealed class Phrases
{
    private readonly Dictionary<string, long> _vocab;

    private Phrases(Dictionary<string, long> vocab, long corpusWordCount, PhrasesOptions options)
    {
        _vocab = vocab;
        CorpusWordCount = corpusWordCount;
        Options = options;
    }

    public PhrasesOptions Options { get; }

    /// <summary>Tokens seen while learning (gensim's <c>corpus_word_count</c>).</summary>
    public long CorpusWordCount { get; }

    /// <summary>Distinct unigrams and bigrams counted (gensim's <c>len(vocab)</c>, the scorer's <c>len_vocab</c>).</summary>
    public int VocabularySize => _vocab.Count;

    /// <summary>How often a unigram or a delimiter-joined bigram occurred (0 when never).</summary>
    public long Count(string token) => _vocab.GetValueOrDefault(token);

    /// <summary>Counts unigrams and bigrams over the sentences (gensim's <c>_learn_vocab</c>).</summary>
    public static Phrases Learn(IEnumerable<IReadOnlyList<string>> sentences, PhrasesOptions? options = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PhrasesOptions();
        options.Validate();
        var vocab = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var inBetween = new List<string>();
        long sentenceNo = 0;
        foreach (var sentence in sentences)
        {
            if ((++sentenceNo & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(total);
            }
            string? start = null;
            inBetween.Clear();
            foreach (var word in sentence)
            {
                if (!options.ConnectorWords.Contains(word))
                {
                    Increment(vocab, word);
                    if (start is not null) Increment(vocab, Join(start, inBetween, word, options.Delimiter));
                    // The word ends one candidate and starts the next.
                    start = word;
                    inBetween.Clear();
                }
                else if (start is not null)
                {
                    inBetween.Add(word);
                }
                total++;
            }
        }
        progress?.Report(total);
        return new Phrases(vocab, total, options);
    }

    /// <summary>gensim's <c>original_scorer</c>; −∞ when a word was never seen.</summary>
    public static double OriginalScore(long countA, long countB, long countAb, long vocabularySize, int minCount)
    {
        double denominator = (double)countA * countB;
        if (denominator == 0) return double.NegativeInfinity;
        return (countAb - minCount) / denominator * vocabularySize;
    }

    /// <summary>The score of "a [connectors…] b" as a phrase, or null when it is not one (gensim's <c>score_candidate</c>).</summary>
    public double? Score(string a, string b, IReadOnlyList<string>? inBetween = null)
    {
        long countA = Count(a);
        if (countA <= 0) return null;
        long countB = Count(b);
        if (countB <= 0) return null;
        long countAb = Count(Join(a, inBetween ?? [], b, Options.Delimiter));
        if (countAb <= 0) return null;
        double score = OriginalScore(countA, countB, countAb, VocabularySize, Options.MinCount);
        return score > Options.Threshold ? score : null;
    }

    /// <summary>A sentence with its phrases joined (gensim's <c>phrases[sentence]</c>).</summary>
    public List<string> Apply(IReadOnlyList<string> sentence)
    {
        var output = new List<string>(sentence.Count);
        string? start = null;
        var inBetween = new List<string>();
        foreach (var word in sentence)
        {
            if (!Options.ConnectorWords.Contains(word))
            {
                if (start is not null)
                {
                    if (Score(start, word, inBetween) is not null)
                    {
                        output.Add(Join(start, inBetween, word, Options.Delimiter));
                        start = null;
                        inBetween.Clear();
                    }
                    else
                    {
                        output.Add(start);
                        output.AddRange(inBetween);
                        start = word;
                        inBetween.Clear();
                    }
                }
                else
                {
                    start = word;
                    inBetween.Clear();
                }
            }
            else if (start is not null) inBetween.Add(word);
            else output.Add(word);
        }
        if (start is not null)
        {
            output.Add(start);
            output.AddRange(inBetween);
        }
        return output;
    }

    /// <summary>Every bigram that scores as a phrase, best first (gensim's <c>find_phrases</c> over the learned vocabulary).</summary>
    public IReadOnlyList<(string Phrase, double Score)> FoundPhrases(int top = int.MaxValue)
    {
        var found = new List<(string, double)>();
        foreach (var (token, _) in _vocab)
        {
            int at = token.IndexOf(Options.Delimiter, StringComparison.Ordinal);
            if (at <= 0) continue;
            var parts = token.Split(Options.Delimiter);
            if (parts.Length != 2 || parts.Any(p => p.Length == 0)) continue;
            if (Score(parts[0], parts[1]) is { } score) found.Add((token, score));
        }
        found.Sort((x, y) => y.Item2.CompareTo(x.Item2));
        return found.Take(top).ToList();
    }

    private static void Increment(Dictionary<string, long> vocab, string key)
    {
        ref long slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(vocab, key, out _);
        slot++;
    }

    private static string Join(string a, IReadOnlyList<string> inBetween, string b, string delimiter) =>
        inBetween.Count == 0 ? string.Concat(a, delimiter, b) : string.Join(delimiter, [a, .. inBetween, b]);
}
