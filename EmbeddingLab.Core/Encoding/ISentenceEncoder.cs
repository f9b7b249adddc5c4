namespace EmbeddingLab.Core.Encoding;

/// <summary>Turns sentences into fixed-length vectors. Implementations: bag-of-words/TF-IDF, averaged word vectors, transformer models.</summary>
public interface ISentenceEncoder
{
    /// <summary>Short name shown to users, e.g. "tfidf", "mean", "sif", "transformer:all-MiniLM-L6-v2".</summary>
    string Name { get; }

    /// <summary>Length of every vector this encoder returns.</summary>
    int Dimensions { get; }

    /// <summary>Encodes sentences into a row-major matrix (sentences.Count × Dimensions).</summary>
    float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Sentences done of the total.</summary>
public readonly record struct EncodingProgress(int Done, int Total);
