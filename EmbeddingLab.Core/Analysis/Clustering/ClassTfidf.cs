using EmbeddingLab.Core.Encoding.BagOfWords;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>One term of a cluster's label with its c-TF-IDF weight.</summary>
public sealed record WeightedTerm(string Term, double Weight);

/// <summary>
/// Class-based TF-IDF as BERTopic defines it (<c>ClassTfidfTransformer</c>, default settings): the texts of each
/// class are one document; tf(t, c) = count of t in c / words in c (L1 row normalisation);
/// weight(t, c) = tf(t, c) · log(1 + A / f(t)), A = the average number of words per class truncated to an integer
/// (BERTopic's <c>int(X.sum(axis=1).mean())</c>), f(t) = the count of t over all classes. Tokens as scikit-learn's
/// CountVectorizer (lower-cased words of two or more word characters), stop words removed before counting.
/// </summary>
public sealed class ClassTfidf
{
    private readonly string[] _vocabulary;
    private readonly Dictionary<int, double>[] _weights;

    private ClassTfidf(string[] vocabulary, Dictionary<int, double>[] weights, int[] totals, int[] frequency, int average)
    {
        _vocabulary = vocabulary;
        _weights = weights;
        WordsPerClass = totals;
        TermFrequency = frequency;
        AverageWords = average;
    }

    /// <summary>Words (after stop-word removal) in each class.</summary>
    public IReadOnlyList<int> WordsPerClass { get; }

    /// <summary>f(t): how often each vocabulary term occurs over all classes.</summary>
    public IReadOnlyList<int> TermFrequency { get; }

    /// <summary>A: the average number of words per class, truncated (as BERTopic).</summary>
    public int AverageWords { get; }

    public IReadOnlyList<string> Vocabulary => _vocabulary;

    public int ClassCount => _weights.Length;

    /// <param name="texts">One text per row (null or empty: no words).</param>
    /// <param name="classes">Class of every row, 0..classCount−1 (callers map noise to a class of its own, as BERTopic's topic −1).</param>
    public static ClassTfidf Fit(IReadOnlyList<string?> texts, IReadOnlyList<int> classes, int classCount, IReadOnlySet<string> stopWords)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(stopWords);
        if (texts.Count != classes.Count) throw new ArgumentException($"{texts.Count} texts for {classes.Count} class labels.");
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var vocabulary = new List<string>();
        var counts = new Dictionary<int, int>[classCount];
        for (int c = 0; c < classCount; c++) counts[c] = [];
        var totals = new int[classCount];
        for (int row = 0; row < texts.Count; row++)
        {
            int c = classes[row];
            if ((uint)c >= (uint)classCount) throw new ArgumentOutOfRangeException(nameof(classes), c, $"Row {row} has class {c}, outside 0..{classCount - 1}.");
            var text = texts[row];
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var token in SklearnTokenizer.Tokenize(text))
            {
                if (stopWords.Contains(token)) continue;
                if (!termIds.TryGetValue(token, out int id))
                {
                    id = vocabulary.Count;
                    termIds[token] = id;
                    vocabulary.Add(token);
                }
                counts[c][id] = counts[c].GetValueOrDefault(id) + 1;
                totals[c]++;
            }
        }
        var frequency = new int[vocabulary.Count];
        foreach (var classCounts in counts)
            foreach (var (id, count) in classCounts) frequency[id] += count;
        long all = 0;
        foreach (var t in totals) all += t;
        int average = classCount == 0 ? 0 : (int)((double)all / classCount);
        var weights = new Dictionary<int, double>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            weights[c] = new Dictionary<int, double>(counts[c].Count);
            foreach (var (id, count) in counts[c])
                weights[c][id] = (double)count / totals[c] * Math.Log(1.0 + (double)average / frequency[id]);
        }
        return new ClassTfidf(vocabulary.ToArray(), weights, totals, frequency, average);
    }

    /// <summary>weight(t, c), 0 when t does not occur in c or is not in the vocabulary.</summary>
    public double Weight(string term, int cls)
    {
        int id = Array.IndexOf(_vocabulary, term);
        return id < 0 ? 0 : _weights[cls].GetValueOrDefault(id);
    }

    /// <summary>The <paramref name="count"/> highest-weighted terms of a class (ties alphabetical).</summary>
    public IReadOnlyList<WeightedTerm> TopTerms(int cls, int count)
    {
        var terms = new List<WeightedTerm>(_weights[cls].Count);
        foreach (var (id, w) in _weights[cls]) if (w > 0) terms.Add(new WeightedTerm(_vocabulary[id], w));
        terms.Sort((a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Term, b.Term));
        return terms.Count > count ? terms.GetRange(0, count) : terms;
    }
}
