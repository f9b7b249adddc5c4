using System.Globalization;
using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;
using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Encoding.WordVectors;

/// <summary>SIF options (Arora, Liang and Ma 2017, "A simple but tough-to-beat baseline for sentence embeddings").</summary>
public sealed record SifOptions
{
    /// <summary>The smoothing parameter a in a/(a + p(w)) (paper: 1e-3 works across corpora).</summary>
    public double A { get; init; } = 1e-3;

    /// <summary>
    /// A numeric metadata column of the word set holding each word's corpus count (e.g. "count"); p(w) = count/total.
    /// Null: word frequencies are counted in the corpus the encoder is fitted on.
    /// </summary>
    public string? FrequencyColumn { get; init; }

    /// <summary>How many principal components to remove (paper: 1; 0 = weighted average only).</summary>
    public int RemoveComponents { get; init; } = 1;

    /// <summary>The job's memory bound: fitting and encoding are sized first and refused when over it.</summary>
    public Limits.MemoryBudget? Budget { get; init; }
}

/// <summary>
/// Smooth inverse frequency sentence vectors, as the authors' reference code (PrincetonML/SIF) computes them:
/// v_s = (1/|s|) Σ_w a/(a + p(w)) v_w over the known words of s (|s| = number of known words), then the projection
/// on the first principal component(s) of the fitted sentence matrix is removed: v_s − u uᵀ v_s. As in the
/// reference code the components are the top right singular vectors of the uncentred matrix (TruncatedSVD), here
/// computed exactly from the d × d matrix XᵀX. Fit on a corpus; queries encoded later reuse the corpus'
/// frequencies and components. Words absent from the frequency table get p(w) = 0 (weight 1, like the rarest words).
/// </summary>
public sealed class SifEncoder : ISentenceEncoder
{
    private readonly WordLookup _lookup;
    private readonly float[] _weights; // per word row
    private readonly float[] _components; // RemoveComponents × d, unit rows

    private SifEncoder(WordLookup lookup, float[] weights, float[] components, int componentCount, SifOptions options)
    {
        _lookup = lookup;
        _weights = weights;
        _components = components;
        ComponentCount = componentCount;
        Options = options;
    }

    public SifOptions Options { get; }
    public string Name => "sif";
    public int Dimensions => _lookup.Words.Dimensions;

    /// <summary>Number of principal components actually removed.</summary>
    public int ComponentCount { get; }

    /// <summary>The removed components (ComponentCount × Dimensions, unit rows).</summary>
    public ReadOnlySpan<float> Components => _components;

    /// <summary>The SIF weight a/(a + p(w)) of a word row.</summary>
    public float WeightOfRow(int row) => _weights[row];

    public static SifEncoder Fit(EmbeddingSet words, IReadOnlyList<string> corpus, SifOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SifOptions();
        if (options.A <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.A, "SIF's a must be positive.");
        if (options.RemoveComponents < 0 || options.RemoveComponents > words.Dimensions)
            throw new ArgumentOutOfRangeException(nameof(options), options.RemoveComponents, $"RemoveComponents must be between 0 and {words.Dimensions}.");
        options.Budget?.Ensure(EstimateFitBytes(words.Count, words.Dimensions, corpus.Count, options.RemoveComponents),
            $"SIF on {corpus.Count:N0} sentences with {words.Count:N0} words × {words.Dimensions:N0} dimensions");
        var lookup = new WordLookup(words);
        var probability = options.FrequencyColumn is { } column ? FromColumn(words, column) : FromCorpus(lookup, corpus, cancellationToken);
        var weights = new float[words.Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(options.A / (options.A + probability[i]));

        var plain = new SifEncoder(lookup, weights, [], 0, options);
        int k = Math.Min(options.RemoveComponents, corpus.Count);
        if (k == 0) return plain;
        var x = plain.WeightedAverages(corpus, progress, cancellationToken);
        var components = TopRightSingularVectors(x, corpus.Count, words.Dimensions, k);
        return new SifEncoder(lookup, weights, components, k, options);
    }

    /// <summary>
    /// Memory a fit takes: the word lookup and weights (about 48 bytes a word), the weighted averages of the corpus
    /// (sentences × d floats) and, to remove components, XᵀX and its eigen-decomposition (about four d × d double matrices).
    /// </summary>
    public static long EstimateFitBytes(long words, long dimensions, long sentences, int removeComponents = 1)
    {
        long bytes = words * 48 + Limits.MemoryBudget.FloatMatrixBytes(sentences, dimensions);
        if (removeComponents > 0) bytes += 4 * 8 * dimensions * dimensions;
        return bytes;
    }

    public float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Options.Budget?.Ensure(Limits.MemoryBudget.FloatMatrixBytes(sentences.Count, Dimensions),
            $"SIF vectors of {sentences.Count:N0} sentences × {Dimensions:N0} dimensions");
        var x = WeightedAverages(sentences, progress, cancellationToken);
        int d = Dimensions;
        for (int s = 0; s < sentences.Count; s++)
        {
            var row = x.AsSpan(s * d, d);
            for (int c = 0; c < ComponentCount; c++)
            {
                var u = _components.AsSpan(c * d, d);
                TensorPrimitives.MultiplyAdd(u, -TensorPrimitives.Dot(row, u), row, row);
            }
        }
        return x;
    }

    private float[] WeightedAverages(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress, CancellationToken cancellationToken)
    {
        int d = Dimensions;
        var result = new float[sentences.Count * d];
        for (int s = 0; s < sentences.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = _lookup.Rows(sentences[s]);
            var dst = result.AsSpan(s * d, d);
            foreach (int row in rows) TensorPrimitives.MultiplyAdd(_lookup.Words.Vector(row), _weights[row], dst, dst);
            if (rows.Count > 0) TensorPrimitives.Divide(dst, rows.Count, dst);
            if ((s & 255) == 255) progress?.Report(new EncodingProgress(s + 1, sentences.Count));
        }
        progress?.Report(new EncodingProgress(sentences.Count, sentences.Count));
        return result;
    }

    private static double[] FromCorpus(WordLookup lookup, IReadOnlyList<string> corpus, CancellationToken cancellationToken)
    {
        var counts = new double[lookup.Words.Count];
        long total = 0;
        foreach (var sentence in corpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var token in WordLookup.Tokenize(sentence))
            {
                total++; // every token counts toward the total, known or not
                int row = lookup.RowOf(token);
                if (row >= 0) counts[row]++;
            }
        }
        if (total > 0) for (int i = 0; i < counts.Length; i++) counts[i] /= total;
        return counts;
    }

    private static double[] FromColumn(EmbeddingSet words, string column)
    {
        var values = words.Column(column)?.Values
            ?? throw new ArgumentException($"The word set has no metadata column \"{column}\" to take word frequencies from.");
        var counts = new double[words.Count];
        double total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i])) continue;
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double c) || c < 0 || !double.IsFinite(c))
                throw new FormatException($"Frequency column \"{column}\" has \"{values[i]}\" for \"{words.Keys[i]}\"; expected a non-negative count.");
            counts[i] = c;
            total += c;
        }
        if (total <= 0) throw new ArgumentException($"Frequency column \"{column}\" sums to zero.");
        for (int i = 0; i < counts.Length; i++) counts[i] /= total;
        return counts;
    }

    // Top right singular vectors of the n × d matrix X = top eigenvectors of XᵀX (d × d, exact).
    private static float[] TopRightSingularVectors(float[] x, int n, int d, int k)
    {
        var gram = Matrix<double>.Build.Dense(d, d);
        var row = new double[d];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++) row[j] = x[s * d + j];
            for (int i = 0; i < d; i++)
            {
                double ri = row[i];
                if (ri == 0) continue;
                for (int j = i; j < d; j++) gram[i, j] += ri * row[j];
            }
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) gram[i, j] = gram[j, i];
        var evd = gram.Evd(Symmetricity.Symmetric);
        var eigen = evd.EigenValues.Real().ToArray();
        var order = Enumerable.Range(0, d).OrderByDescending(i => eigen[i]).Take(k).ToArray();
        var result = new float[k * d];
        for (int c = 0; c < k; c++)
        {
            var v = evd.EigenVectors.Column(order[c]);
            for (int j = 0; j < d; j++) result[c * d + j] = (float)v[j];
        }
        return result;
    }
}
