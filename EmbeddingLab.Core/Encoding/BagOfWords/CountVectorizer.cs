namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// A fitted bag-of-words vocabulary with scikit-learn CountVectorizer semantics: terms from
/// <see cref="SklearnTokenizer"/>, vocabulary sorted by term in code-point order (Python's string order),
/// min_df/max_df/max_features pruning. Immutable once fitted.
/// </summary>
public sealed class CountVectorizer
{
    private readonly Dictionary<string, int> _index;
    private readonly string[] _vocabulary;

    private CountVectorizer(string[] vocabulary, int[] documentFrequencies, BagOfWordsOptions options, int documents)
    {
        _vocabulary = vocabulary;
        DocumentFrequencies = documentFrequencies;
        Options = options;
        FittedDocuments = documents;
        _index = new Dictionary<string, int>(vocabulary.Length, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Length; i++) _index[vocabulary[i]] = i;
    }

    public BagOfWordsOptions Options { get; }

    /// <summary>Terms by column (sklearn get_feature_names_out()).</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary;

    /// <summary>In how many fitted documents each term occurs (by column).</summary>
    public IReadOnlyList<int> DocumentFrequencies { get; }

    /// <summary>Number of documents the vocabulary was fitted on.</summary>
    public int FittedDocuments { get; }

    /// <summary>Column of a term, or -1.</summary>
    public int IndexOf(string term) => _index.TryGetValue(term, out var i) ? i : -1;

    /// <summary>Learns the vocabulary of a corpus (sklearn fit).</summary>
    public static CountVectorizer Fit(IReadOnlyList<string> corpus, BagOfWordsOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new BagOfWordsOptions();
        ArgumentNullException.ThrowIfNull(corpus);
        if (options.MaxFeatures is <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxFeatures, "MaxFeatures must be positive.");
        int n = corpus.Count;
        double maxDocs = options.MaxDf.Resolve(n), minDocs = options.MinDf.Resolve(n);
        if (maxDocs < minDocs) throw new ArgumentException($"max_df ({options.MaxDf}) corresponds to fewer documents than min_df ({options.MinDf}).");

        // First pass: term ids in order of first appearance, document and total frequencies.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var df = new List<int>();
        var tf = new List<long>();
        var seenIn = new List<int>(); // last document that counted the term, to count each document once
        for (int d = 0; d < n; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var token in SklearnTokenizer.Tokenize(corpus[d] ?? "", options.Lowercase))
            {
                if (!ids.TryGetValue(token, out int id))
                {
                    id = terms.Count;
                    ids.Add(token, id);
                    terms.Add(token);
                    df.Add(0);
                    tf.Add(0);
                    seenIn.Add(-1);
                }
                if (seenIn[id] != d) { seenIn[id] = d; df[id]++; tf[id] += options.Binary ? 1 : 0; }
                if (!options.Binary) tf[id]++;
            }
            if ((d & 255) == 255) progress?.Report(new EncodingProgress(d + 1, n));
        }
        if (terms.Count == 0)
            throw new ArgumentException("The corpus has no terms: no document contains a word of two or more letters or digits.");

        // sklearn sorts the vocabulary before pruning, so max_features ties fall to the alphabetically first term.
        var order = Enumerable.Range(0, terms.Count).ToArray();
        Array.Sort(order, (a, b) => CompareCodePoints(terms[a], terms[b]));
        var kept = order.Where(id => df[id] <= maxDocs && df[id] >= minDocs).ToList();
        if (options.MaxFeatures is int limit && kept.Count > limit)
        {
            var byFrequency = kept.Select((id, position) => (id, position)).OrderByDescending(x => tf[x.id]).ThenBy(x => x.position).Take(limit).Select(x => x.position).ToHashSet();
            kept = kept.Where((_, position) => byFrequency.Contains(position)).ToList();
        }
        if (kept.Count == 0)
            throw new ArgumentException("After pruning, no terms remain. Try a lower min_df or higher max_df.");
        progress?.Report(new EncodingProgress(n, n));
        return new CountVectorizer(kept.Select(id => terms[id]).ToArray(), kept.Select(id => df[id]).ToArray(), options, n);
    }

    /// <summary>Term counts of documents over the fitted vocabulary (unknown terms ignored), sklearn transform.</summary>
    public SparseRows Transform(IReadOnlyList<string> documents, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int n = documents.Count;
        var rowStarts = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        var counts = new SortedDictionary<int, int>();
        for (int d = 0; d < n; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts.Clear();
            foreach (var token in SklearnTokenizer.Tokenize(documents[d] ?? "", Options.Lowercase))
            {
                if (_index.TryGetValue(token, out int column)) counts[column] = counts.TryGetValue(column, out int c) ? c + 1 : 1;
            }
            foreach (var (column, count) in counts)
            {
                columns.Add(column);
                values.Add(Options.Binary ? 1 : count);
            }
            rowStarts[d + 1] = columns.Count;
            if ((d & 255) == 255) progress?.Report(new EncodingProgress(d + 1, n));
        }
        progress?.Report(new EncodingProgress(n, n));
        return new SparseRows(n, _vocabulary.Length, rowStarts, columns.ToArray(), values.ToArray());
    }

    /// <summary>Python's string order: by code point, so astral characters sort after U+E000–U+FFFF (UTF-16 order differs).</summary>
    internal static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (x >= 0xD800 && y >= 0xD800) return Fix(x) - Fix(y);
            return x - y;
        }
        return a.Length - b.Length;

        static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
