using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Encoding.WordVectors;

/// <summary>
/// A sentence is the plain mean of its known words' vectors (raw vectors, not unit; repeats count again), as
/// sentence-transformers' WordEmbeddings + mean Pooling. A sentence with no known word is the zero vector.
/// </summary>
public sealed class MeanWordVectorEncoder(EmbeddingSet words) : ISentenceEncoder
{
    private readonly WordLookup _lookup = new(words);

    public string Name => "mean";
    public int Dimensions => _lookup.Words.Dimensions;

    public float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int d = Dimensions;
        var result = new float[sentences.Count * d];
        for (int s = 0; s < sentences.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = _lookup.Rows(sentences[s]);
            var dst = result.AsSpan(s * d, d);
            foreach (int row in rows) TensorPrimitives.Add(dst, _lookup.Words.Vector(row), dst);
            if (rows.Count > 0) TensorPrimitives.Divide(dst, rows.Count, dst);
            if ((s & 255) == 255) progress?.Report(new EncodingProgress(s + 1, sentences.Count));
        }
        progress?.Report(new EncodingProgress(sentences.Count, sentences.Count));
        return result;
    }
}
