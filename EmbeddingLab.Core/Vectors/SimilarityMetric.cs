using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Vectors;

/// <summary>How two vectors are compared.</summary>
public enum SimilarityMetric
{
    /// <summary>Cosine similarity, in [-1, 1]; higher is closer.</summary>
    Cosine,
    /// <summary>Dot product; higher is closer.</summary>
    Dot,
    /// <summary>Euclidean (L2) distance; lower is closer.</summary>
    Euclidean,
    /// <summary>Manhattan (L1) distance; lower is closer.</summary>
    Manhattan,
}

/// <summary>SIMD similarity and distance functions (TensorPrimitives), pairwise and one-against-all.</summary>
public static class Similarity
{
    /// <summary>True when a larger value of the metric means "more similar".</summary>
    public static bool HigherIsCloser(this SimilarityMetric metric) => metric is SimilarityMetric.Cosine or SimilarityMetric.Dot;

    /// <summary>The metric's value for two vectors of equal length. Cosine of a zero vector is 0.</summary>
    public static float Compute(SimilarityMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Vectors differ in length ({a.Length} vs {b.Length}).");
        return metric switch
        {
            SimilarityMetric.Cosine => Cosine(a, b),
            SimilarityMetric.Dot => TensorPrimitives.Dot(a, b),
            SimilarityMetric.Euclidean => TensorPrimitives.Distance(a, b),
            SimilarityMetric.Manhattan => Manhattan(a, b),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float na = TensorPrimitives.Norm(a), nb = TensorPrimitives.Norm(b);
        if (na == 0 || nb == 0) return 0f;
        return TensorPrimitives.Dot(a, b) / (na * nb);
    }

    public static float Manhattan(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        // Chunked through a stack buffer so the subtraction and absolute value stay SIMD without allocating.
        Span<float> buffer = stackalloc float[256];
        float sum = 0;
        for (int start = 0; start < a.Length; start += buffer.Length)
        {
            int n = Math.Min(buffer.Length, a.Length - start);
            var chunk = buffer[..n];
            TensorPrimitives.Subtract(a.Slice(start, n), b.Slice(start, n), chunk);
            sum += TensorPrimitives.SumOfMagnitudes(chunk);
        }
        return sum;
    }

    /// <summary>
    /// The metric between <paramref name="query"/> and every row of a row-major matrix, into <paramref name="destination"/>.
    /// For cosine, pass unit rows and a unit query and use <see cref="SimilarityMetric.Dot"/> to skip the norms.
    /// </summary>
    public static void OneAgainstAll(SimilarityMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> matrix, int dimensions, Span<float> destination)
    {
        if (query.Length != dimensions) throw new ArgumentException($"Query has {query.Length} dimensions, the matrix {dimensions}.");
        int rows = matrix.Length / dimensions;
        if (destination.Length < rows) throw new ArgumentException("Destination is shorter than the number of rows.");
        float queryNorm = metric == SimilarityMetric.Cosine ? TensorPrimitives.Norm(query) : 0f;
        for (int r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * dimensions, dimensions);
            destination[r] = metric switch
            {
                SimilarityMetric.Cosine => CosineWithKnownNorm(query, queryNorm, row),
                SimilarityMetric.Dot => TensorPrimitives.Dot(query, row),
                SimilarityMetric.Euclidean => TensorPrimitives.Distance(query, row),
                _ => Manhattan(query, row),
            };
        }
    }

    /// <summary>One-against-all over an <see cref="EmbeddingSet"/> (cosine uses its cached unit rows).</summary>
    public static float[] OneAgainstAll(SimilarityMetric metric, ReadOnlySpan<float> query, EmbeddingSet set)
    {
        var result = new float[set.Count];
        if (metric == SimilarityMetric.Cosine)
        {
            float n = TensorPrimitives.Norm(query);
            if (n == 0) return result;
            var unit = new float[query.Length];
            TensorPrimitives.Divide(query, n, unit);
            OneAgainstAll(SimilarityMetric.Dot, unit, set.Normalized, set.Dimensions, result);
        }
        else OneAgainstAll(metric, query, set.Matrix, set.Dimensions, result);
        return result;
    }

    /// <summary>The full matrix of the metric between the rows of <paramref name="set"/> given by <paramref name="rows"/> (row-major, n × n).</summary>
    public static float[] Pairwise(SimilarityMetric metric, EmbeddingSet set, IReadOnlyList<int> rows)
    {
        int n = rows.Count;
        var result = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            var a = metric == SimilarityMetric.Cosine ? set.UnitVector(rows[i]) : set.Vector(rows[i]);
            for (int j = i; j < n; j++)
            {
                var b = metric == SimilarityMetric.Cosine ? set.UnitVector(rows[j]) : set.Vector(rows[j]);
                float v = metric == SimilarityMetric.Cosine
                    ? (i == j && set.Norms[rows[i]] > 0 ? 1f : TensorPrimitives.Dot(a, b))
                    : Compute(metric, a, b);
                result[i * n + j] = v;
                result[j * n + i] = v;
            }
        }
        return result;
    }

    private static float CosineWithKnownNorm(ReadOnlySpan<float> query, float queryNorm, ReadOnlySpan<float> row)
    {
        float rn = TensorPrimitives.Norm(row);
        if (queryNorm == 0 || rn == 0) return 0f;
        return TensorPrimitives.Dot(query, row) / (queryNorm * rn);
    }
}
