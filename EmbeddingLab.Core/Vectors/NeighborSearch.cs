using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Vectors;

/// <summary>Exact top-k search over an <see cref="EmbeddingSet"/>, with gensim's <c>most_similar</c> semantics.</summary>
public static class NeighborSearch
{
    // Below this many floats a single thread wins over the cost of starting workers.
    private const long ParallelThreshold = 1L << 19;

    // From this many floats on, a bfloat16 screening pass (half the memory traffic) picks candidates that are then
    // rescored exactly; below it the plain float32 scan is as fast and needs no second copy.
    internal const long ScreeningThreshold = 1L << 22;

    /// <summary>
    /// Bound on |bfloat16 cosine − float32 cosine| for unit vectors: each component is rounded to nearest with relative
    /// error ≤ 2⁻⁹, so by Cauchy–Schwarz the dot product moves by at most 2⁻⁹; plus float32 accumulation error.
    /// </summary>
    internal static float ScreeningError(int dimensions) => 1f / 512 + 2.5e-7f * dimensions + 1e-6f;

    /// <summary>
    /// gensim <c>KeyedVectors.most_similar</c>: the unit vectors of <paramref name="positive"/> (weight +1) and
    /// <paramref name="negative"/> (weight −1) are summed and normalised; rows are ranked by cosine to that mean;
    /// the query keys themselves never come back. An unknown key is a <see cref="KeyNotFoundException"/> naming it.
    /// </summary>
    /// <param name="restrictVocab">Search only the first N rows (files ordered by frequency), as gensim's restrict_vocab.</param>
    public static IReadOnlyList<Neighbor> MostSimilar(this EmbeddingSet set, IEnumerable<string> positive, IEnumerable<string>? negative = null,
        int topn = 10, int? restrictVocab = null, int threads = 0)
    {
        var pos = positive?.ToArray() ?? [];
        var neg = negative?.ToArray() ?? [];
        if (pos.Length + neg.Length == 0) throw new ArgumentException("Give at least one positive or negative key.");
        var weighted = pos.Select(k => (k, 1f)).Concat(neg.Select(k => (k, -1f))).ToArray();
        var mean = MeanOfUnitVectors(set, weighted);
        var exclude = weighted.Select(w => set.IndexOfRequired(w.Item1)).Distinct().ToArray();
        return MostSimilarToVector(set, mean, topn, exclude, restrictVocab, threads);
    }

    /// <summary>Neighbours of one key (the key itself excluded).</summary>
    public static IReadOnlyList<Neighbor> MostSimilar(this EmbeddingSet set, string key, int topn = 10) => set.MostSimilar([key], null, topn);

    /// <summary>The L2-normalised weighted sum of the keys' unit vectors (gensim get_mean_vector with pre- and post-normalisation).</summary>
    public static float[] MeanOfUnitVectors(EmbeddingSet set, IReadOnlyList<(string Key, float Weight)> keys)
    {
        var mean = new float[set.Dimensions];
        foreach (var (key, weight) in keys)
        {
            var unit = set.UnitVector(set.IndexOfRequired(key));
            TensorPrimitives.MultiplyAdd(unit, weight, mean, mean);
        }
        float norm = TensorPrimitives.Norm(mean);
        if (norm > 0) TensorPrimitives.Divide(mean, norm, mean);
        return mean;
    }

    /// <summary>
    /// The <paramref name="topn"/> rows with the highest cosine to <paramref name="vector"/>, best first, ties to the lower row,
    /// skipping the rows in <paramref name="exclude"/>. Multi-threaded on large sets (threads 0 = all cores).
    /// </summary>
    public static IReadOnlyList<Neighbor> MostSimilarToVector(this EmbeddingSet set, ReadOnlySpan<float> vector, int topn = 10,
        IReadOnlyCollection<int>? exclude = null, int? restrictVocab = null, int threads = 0)
    {
        if (vector.Length != set.Dimensions)
            throw new ArgumentException($"The query has {vector.Length} dimensions but the set has {set.Dimensions}.");
        if (topn <= 0) return [];
        int rows = Math.Min(set.Count, restrictVocab is > 0 ? restrictVocab.Value : set.Count);
        float norm = TensorPrimitives.Norm(vector);
        var query = new float[vector.Length];
        if (norm > 0) TensorPrimitives.Divide(vector, norm, query);

        int excluded = exclude?.Count ?? 0;
        int k = Math.Min(rows, topn + excluded);
        var unit = set.NormalizedArray;
        int d = set.Dimensions;
        int workers = threads > 0 ? threads : Environment.ProcessorCount;
        if ((long)rows * d < ParallelThreshold) workers = 1;
        workers = Math.Max(1, Math.Min(workers, rows));

        (int Row, float Score)[] best;
        if ((long)rows * d >= ScreeningThreshold)
        {
            best = ScreenThenRescore(set, query, rows, k, exclude, workers);
        }
        else if (workers == 1)
        {
            best = ScanRange(unit, d, query, 0, rows, k).ToSortedArray();
        }
        else
        {
            var heaps = new TopKHeap[workers];
            int chunk = (rows + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                int start = w * chunk, end = Math.Min(rows, start + chunk);
                heaps[w] = start < end ? ScanRange(unit, d, query, start, end, k) : new TopKHeap(0);
            });
            var merged = new TopKHeap(k);
            foreach (var heap in heaps)
                foreach (var (row, score) in heap.ToSortedArray()) merged.Offer(row, score);
            best = merged.ToSortedArray();
        }

        var result = new List<Neighbor>(Math.Min(topn, best.Length));
        foreach (var (row, score) in best)
        {
            if (exclude is not null && exclude.Contains(row)) continue;
            result.Add(new Neighbor(row, set.Keys[row], score));
            if (result.Count == topn) break;
        }
        return result;
    }

    /// <summary>
    /// Exact top-k in two passes. Pass 1 scores every row against its bfloat16 copy. With A the k-th best
    /// screened score and ε the screening error bound, every true top-k row has screened score ≥ A − 2ε (k rows have
    /// screened ≥ A, so exact ≥ A − ε, so the exact k-th best ≥ A − ε). Pass 2 rescores only those candidates in float32.
    /// </summary>
    private static (int Row, float Score)[] ScreenThenRescore(EmbeddingSet set, float[] query, int rows, int k,
        IReadOnlyCollection<int>? exclude, int workers)
    {
        int d = set.Dimensions;
        var bf16 = set.BFloat16NormalizedArray;
        var unit = set.NormalizedArray;
        var scores = System.Buffers.ArrayPool<float>.Shared.Rent(rows);
        try
        {
            int chunk = (rows + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                int start = w * chunk, end = Math.Min(rows, start + chunk);
                for (int r = start; r < end; r++) scores[r] = DotBFloat16(query, bf16.AsSpan(r * d, d));
            });
            // The query keys are never answers: drop them before choosing the cut.
            int kept = k;
            if (exclude is not null)
                foreach (int r in exclude)
                    if ((uint)r < (uint)rows) { scores[r] = float.NegativeInfinity; kept--; }
            kept = Math.Max(kept, 1);

            var screen = new TopKHeap(kept);
            for (int r = 0; r < rows; r++) screen.Offer(r, scores[r]);
            var screened = screen.ToSortedArray();
            float cut = screened.Length == 0 ? float.NegativeInfinity : screened[^1].Score - 2 * ScreeningError(d);

            var exact = new TopKHeap(k);
            ReadOnlySpan<float> full = unit;
            for (int r = 0; r < rows; r++)
            {
                if (scores[r] < cut || float.IsNegativeInfinity(scores[r])) continue;
                exact.Offer(r, TensorPrimitives.Dot(query, full.Slice(r * d, d)));
            }
            return exact.ToSortedArray();
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>Dot product of a float32 vector with a bfloat16 row; widening bfloat16 is a 16-bit shift.</summary>
    private static float DotBFloat16(ReadOnlySpan<float> query, ReadOnlySpan<ushort> row)
    {
        int i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && row.Length >= 16)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            ref float q = ref MemoryMarshal.GetReference(query);
            ref ushort x = ref MemoryMarshal.GetReference(row);
            for (; i <= row.Length - 16; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref x, (nuint)i));
                var a = Vector256.ShiftLeft(lo, 16).AsSingle();
                var b = Vector256.ShiftLeft(hi, 16).AsSingle();
                acc0 = Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref q, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(b, Vector256.LoadUnsafe(ref q, (nuint)(i + 8)), acc1);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < row.Length; i++) sum += query[i] * BitConverter.UInt32BitsToSingle((uint)row[i] << 16);
        return sum;
    }

    private static TopKHeap ScanRange(float[] unit, int d, float[] query, int start, int end, int k)
    {
        var heap = new TopKHeap(k);
        ReadOnlySpan<float> q = query;
        ReadOnlySpan<float> matrix = unit;
        float threshold = float.NegativeInfinity;
        for (int r = start; r < end; r++)
        {
            float s = TensorPrimitives.Dot(q, matrix.Slice(r * d, d));
            if (s < threshold) continue; // most rows stop here: no heap work
            heap.Offer(r, s);
            threshold = heap.Threshold;
        }
        return heap;
    }

    /// <summary>
    /// Neighbours of a row by any metric (cosine, dot, euclidean, manhattan), best first; scores are the metric's own
    /// values (distances for euclidean and manhattan).
    /// </summary>
    public static IReadOnlyList<Neighbor> Nearest(this EmbeddingSet set, int row, SimilarityMetric metric, int topn = 10)
    {
        var scores = Similarity.OneAgainstAll(metric, set.Vector(row), set);
        var heap = new TopKHeap(Math.Min(set.Count, topn + 1));
        bool higher = metric.HigherIsCloser();
        for (int r = 0; r < scores.Length; r++)
            if (r != row) heap.Offer(r, higher ? scores[r] : -scores[r]);
        return heap.ToSortedArray().Select(x => new Neighbor(x.Row, set.Keys[x.Row], higher ? x.Score : -x.Score)).Take(topn).ToList();
    }
}
