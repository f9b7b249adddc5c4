namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// A document-frequency threshold as scikit-learn takes it: an absolute number of documents (sklearn's int) or a
/// proportion of the documents (sklearn's float). An int converts implicitly to a count.
/// </summary>
public readonly record struct DocumentFrequency(double Value, bool IsProportion)
{
    public static DocumentFrequency Count(int documents) =>
        documents >= 0 ? new(documents, false) : throw new ArgumentOutOfRangeException(nameof(documents), documents, "A document count cannot be negative.");

    public static DocumentFrequency Proportion(double fraction) =>
        fraction is >= 0 and <= 1 ? new(fraction, true) : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A proportion of documents is between 0 and 1.");

    public static implicit operator DocumentFrequency(int documents) => Count(documents);

    /// <summary>The threshold in documents for a corpus of <paramref name="documents"/> (sklearn: max_df * n_doc).</summary>
    public double Resolve(int documents) => IsProportion ? Value * documents : Value;

    public override string ToString() => IsProportion ? Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : ((int)Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>scikit-learn CountVectorizer options (defaults as sklearn's).</summary>
public record BagOfWordsOptions
{
    /// <summary>Lowercase before tokenising (sklearn lowercase=True).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Drop terms in fewer documents than this (sklearn min_df=1).</summary>
    public DocumentFrequency MinDf { get; init; } = DocumentFrequency.Count(1);

    /// <summary>Drop terms in more documents than this (sklearn max_df=1.0, i.e. keep all).</summary>
    public DocumentFrequency MaxDf { get; init; } = DocumentFrequency.Proportion(1.0);

    /// <summary>Keep only the most frequent terms over the corpus (sklearn max_features=None).</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Counts become 0/1 (sklearn binary=False).</summary>
    public bool Binary { get; init; }
}

/// <summary>How rows are normalised after weighting (sklearn norm='l2').</summary>
public enum TfidfNorm { None, L1, L2 }

/// <summary>scikit-learn TfidfVectorizer options (defaults as sklearn's).</summary>
public sealed record TfidfOptions : BagOfWordsOptions
{
    /// <summary>Weight counts by inverse document frequency (use_idf=True).</summary>
    public bool UseIdf { get; init; } = true;

    /// <summary>idf = ln((1+n)/(1+df)) + 1, as if one document held every term (smooth_idf=True); else ln(n/df) + 1.</summary>
    public bool SmoothIdf { get; init; } = true;

    /// <summary>tf becomes 1 + ln(tf) (sublinear_tf=False).</summary>
    public bool SublinearTf { get; init; }

    /// <summary>Row normalisation (norm='l2').</summary>
    public TfidfNorm Norm { get; init; } = TfidfNorm.L2;
}
