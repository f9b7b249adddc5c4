using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Encoding.Transformers;

/// <summary>Token embeddings → one vector per sentence, with sentence-transformers' semantics (padding is masked out).</summary>
public static class Pooling
{
    /// <summary>
    /// Pools row <paramref name="row"/> of a [batch × seq × hidden] tensor into <paramref name="output"/> (hidden × modes),
    /// concatenating modes in sentence-transformers' order: cls, max, mean, mean_sqrt_len.
    /// </summary>
    public static void PoolRow(ReadOnlySpan<float> tokenEmbeddings, ReadOnlySpan<long> attentionMask, int row, int seq, int hidden,
        PoolingConfig config, Span<float> output)
    {
        var tokens = tokenEmbeddings.Slice(row * seq * hidden, seq * hidden);
        var mask = attentionMask.Slice(row * seq, seq);
        int o = 0;
        if (config.ClsToken)
        {
            tokens[..hidden].CopyTo(output[..hidden]);
            o += hidden;
        }
        if (config.MaxTokens)
        {
            // sentence-transformers sets masked positions to -1e9 before the max.
            var max = output.Slice(o, hidden);
            max.Fill(-1e9f);
            for (int t = 0; t < seq; t++)
                if (mask[t] != 0) TensorPrimitives.Max(max, tokens.Slice(t * hidden, hidden), max);
            o += hidden;
        }
        if (config.MeanTokens || config.MeanSqrtLenTokens)
        {
            Span<float> sum = hidden <= 4096 ? stackalloc float[hidden] : new float[hidden];
            sum.Clear();
            int count = 0;
            for (int t = 0; t < seq; t++)
            {
                if (mask[t] == 0) continue;
                TensorPrimitives.Add(sum, tokens.Slice(t * hidden, hidden), sum);
                count++;
            }
            float n = Math.Max(count, 1e-9f);
            if (config.MeanTokens)
            {
                TensorPrimitives.Divide(sum, n, output.Slice(o, hidden));
                o += hidden;
            }
            if (config.MeanSqrtLenTokens)
            {
                TensorPrimitives.Divide(sum, MathF.Sqrt(n), output.Slice(o, hidden));
                o += hidden;
            }
        }
    }

    /// <summary>L2-normalises in place (sentence-transformers' Normalize: divides by max(norm, 1e-12)).</summary>
    public static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, MathF.Max(norm, 1e-12f), vector);
    }
}
