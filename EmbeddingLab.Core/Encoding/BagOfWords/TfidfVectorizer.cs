namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// scikit-learn TfidfVectorizer: counts from a fitted <see cref="CountVectorizer"/>, times
/// idf = ln((1+n)/(1+df)) + 1 (smooth_idf) or ln(n/df) + 1, optional 1 + ln(tf), then each row scaled to unit
/// L2 (or L1) norm. Computed in double precision like sklearn.
/// </summary>
public sealed class TfidfVectorizer
{
    private TfidfVectorizer(CountVectorizer counts, double[] idf, TfidfOptions options)
    {
        Counts = counts;
        Idf = idf;
        Options = options;
    }

    public CountVectorizer Counts { get; }
    public TfidfOptions Options { get; }

    /// <summary>idf per column (sklearn idf_); all ones when UseIdf is off.</summary>
    public IReadOnlyList<double> Idf { get; }

    public IReadOnlyList<string> Vocabulary => Counts.Vocabulary;

    public static TfidfVectorizer Fit(IReadOnlyList<string> corpus, TfidfOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new TfidfOptions();
        var counts = CountVectorizer.Fit(corpus, options, progress, cancellationToken);
        int n = counts.FittedDocuments;
        var idf = new double[counts.Vocabulary.Count];
        for (int j = 0; j < idf.Length; j++)
        {
            if (!options.UseIdf) { idf[j] = 1; continue; }
            double df = counts.DocumentFrequencies[j];
            idf[j] = options.SmoothIdf ? Math.Log((1.0 + n) / (1.0 + df)) + 1.0 : Math.Log(n / df) + 1.0;
        }
        return new TfidfVectorizer(counts, idf, options);
    }

    /// <summary>TF-IDF rows of documents over the fitted vocabulary (sklearn transform).</summary>
    public SparseRows Transform(IReadOnlyList<string> documents, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = Counts.Transform(documents, progress, cancellationToken);
        var values = rows.Values;
        for (int r = 0; r < rows.RowCount; r++)
        {
            int start = rows.RowStarts[r], end = rows.RowStarts[r + 1];
            double norm = 0;
            for (int i = start; i < end; i++)
            {
                double tf = values[i];
                if (Options.SublinearTf) tf = Math.Log(tf) + 1.0;
                double v = tf * Idf[rows.Columns[i]];
                values[i] = v;
                norm += Options.Norm == TfidfNorm.L1 ? Math.Abs(v) : v * v;
            }
            if (Options.Norm == TfidfNorm.None || norm == 0) continue; // empty rows stay zero, as in sklearn
            double scale = Options.Norm == TfidfNorm.L2 ? 1.0 / Math.Sqrt(norm) : 1.0 / norm;
            for (int i = start; i < end; i++) values[i] *= scale;
        }
        return rows;
    }
}
