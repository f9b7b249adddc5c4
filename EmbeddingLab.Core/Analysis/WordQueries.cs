using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis;

/// <summary>How an analogy "a is to b as c is to ?" is answered.</summary>
public enum AnalogyMethod
{
    /// <summary>3CosAdd: cosine to unit(b) + unit(c) − unit(a) (gensim <c>most_similar</c>).</summary>
    CosAdd,
    /// <summary>3CosMul (Levy &amp; Goldberg 2014): cos(x,b)·cos(x,c) / (cos(x,a) + ε), cosines shifted to [0,1] (gensim <c>most_similar_cosmul</c>).</summary>
    CosMul,
}

/// <summary>
/// Word-vector queries with gensim 4 <c>KeyedVectors</c> semantics, so answers match gensim on the same vectors:
/// similarity, doesnt_match, most_similar (3CosAdd) and most_similar_cosmul (3CosMul). Input words never come back;
/// an unknown word is a <see cref="KeyNotFoundException"/> that names it.
/// </summary>
public static class WordQueries
{
    private const long ParallelThreshold = 1L << 19;

    /// <summary>gensim <c>similarity(w1, w2)</c>: cosine of the two vectors.</summary>
    public static float Similarity(this EmbeddingSet set, string word1, string word2) =>
        RowSimilarity(set, set.IndexOfRequired(word1), set.IndexOfRequired(word2));

    internal static float RowSimilarity(EmbeddingSet set, int row1, int row2) =>
        TensorPrimitives.Dot(set.UnitVector(row1), set.UnitVector(row2));

    /// <summary>
    /// gensim <c>rank_by_centrality</c>: the words ranked by cosine to the normalised mean of their unit vectors, most
    /// central first (ties: the larger word first, as Python's reverse tuple sort).
    /// </summary>
    public static IReadOnlyList<(string Word, float Similarity)> RankByCentrality(this EmbeddingSet set, IReadOnlyList<string> words)
    {
        if (words.Count == 0) throw new ArgumentException("Give at least one word.");
        var rows = words.Select(set.IndexOfRequired).ToArray();
        var mean = new float[set.Dimensions];
        foreach (int row in rows) TensorPrimitives.Add(mean, set.UnitVector(row), mean);
        float norm = TensorPrimitives.Norm(mean);
        if (norm > 0) TensorPrimitives.Divide(mean, norm, mean);
        var ranked = new (string Word, float Similarity)[rows.Length];
        for (int i = 0; i < rows.Length; i++) ranked[i] = (words[i], TensorPrimitives.Dot(set.UnitVector(rows[i]), mean));
        Array.Sort(ranked, (x, y) => x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : string.CompareOrdinal(y.Word, x.Word));
        return ranked;
    }

    /// <summary>gensim <c>doesnt_match(words)</c>: the word furthest from the mean of all the words' unit vectors.</summary>
    public static string DoesntMatch(this EmbeddingSet set, IReadOnlyList<string> words)
    {
        if (words.Count < 2) throw new ArgumentException("Give at least two words to pick the odd one out.");
        return set.RankByCentrality(words)[^1].Word;
    }

    /// <summary>
    /// The answers to "<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to ?": positive b and c,
    /// negative a, by either method.
    /// </summary>
    public static IReadOnlyList<Neighbor> Analogy(this EmbeddingSet set, string a, string b, string c, AnalogyMethod method = AnalogyMethod.CosAdd,
        int topn = 10, int? restrictVocab = null) =>
        set.MostSimilarBy(method, [b, c], [a], topn, restrictVocab);

    /// <summary>most_similar (3CosAdd) or most_similar_cosmul (3CosMul) with the given positive and negative words.</summary>
    public static IReadOnlyList<Neighbor> MostSimilarBy(this EmbeddingSet set, AnalogyMethod method, IReadOnlyList<string> positive,
        IReadOnlyList<string> negative, int topn = 10, int? restrictVocab = null) => method switch
        {
            AnalogyMethod.CosMul => set.MostSimilarCosMul(positive, negative, topn, restrictVocab),
            _ => set.MostSimilar(positive, negative, topn, restrictVocab),
        };

    /// <summary>
    /// gensim <c>most_similar_cosmul</c>: score(x) = Π_pos (1 + cos(x,p))/2 ÷ (Π_neg (1 + cos(x,n))/2 + 1e-6), highest first;
    /// the query words are never returned. With no negative words the denominator is 1 + 1e-6, as in gensim.
    /// </summary>
    /// <param name="restrictVocab">Search only the first N rows. (gensim 4.2 accepts but ignores this argument for cosmul.)</param>
    public static IReadOnlyList<Neighbor> MostSimilarCosMul(this EmbeddingSet set, IReadOnlyList<string> positive, IReadOnlyList<string>? negative = null,
        int topn = 10, int? restrictVocab = null, int threads = 0)
    {
        negative ??= [];
        if (positive.Count == 0) throw new ArgumentException("3CosMul needs at least one positive word.");
        if (topn <= 0) return [];
        var posRows = positive.Select(set.IndexOfRequired).ToArray();
        var negRows = negative.Select(set.IndexOfRequired).ToArray();
        var exclude = posRows.Concat(negRows).ToHashSet();
        int d = set.Dimensions;
        var terms = new float[(posRows.Length + negRows.Length) * d];
        for (int i = 0; i < posRows.Length; i++) set.UnitVector(posRows[i]).CopyTo(terms.AsSpan(i * d, d));
        for (int i = 0; i < negRows.Length; i++) set.UnitVector(negRows[i]).CopyTo(terms.AsSpan((posRows.Length + i) * d, d));

        int rows = Math.Min(set.Count, restrictVocab is > 0 ? restrictVocab.Value : set.Count);
        int k = Math.Min(rows, topn + exclude.Count);
        var unit = set.NormalizedArray;
        int workers = threads > 0 ? threads : Environment.ProcessorCount;
        if ((long)rows * d * (posRows.Length + negRows.Length) < ParallelThreshold) workers = 1;
        workers = Math.Max(1, Math.Min(workers, rows));
        var heaps = new TopKHeap[workers];
        int chunk = (rows + workers - 1) / workers;
        int nPos = posRows.Length, nNeg = negRows.Length;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = w * chunk, end = Math.Min(rows, start + chunk);
            var heap = new TopKHeap(start < end ? k : 0);
            ReadOnlySpan<float> matrix = unit;
            ReadOnlySpan<float> t = terms;
            for (int r = start; r < end; r++)
            {
                var x = matrix.Slice(r * d, d);
                float num = 1f, den = 1f;
                for (int p = 0; p < nPos; p++) num *= (1f + TensorPrimitives.Dot(x, t.Slice(p * d, d))) / 2f;
                for (int q = 0; q < nNeg; q++) den *= (1f + TensorPrimitives.Dot(x, t.Slice((nPos + q) * d, d))) / 2f;
                heap.Offer(r, num / (den + 0.000001f));
            }
            heaps[w] = heap;
        });
        var merged = new TopKHeap(k);
        foreach (var heap in heaps)
            foreach (var (row, score) in heap.ToSortedArray()) merged.Offer(row, score);
        var result = new List<Neighbor>(topn);
        foreach (var (row, score) in merged.ToSortedArray())
        {
            if (exclude.Contains(row)) continue;
            result.Add(new Neighbor(row, set.Keys[row], score));
            if (result.Count == topn) break;
        }
        return result;
    }
}
