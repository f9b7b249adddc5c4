using System.Diagnostics;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>
/// Compares two embedding spaces on the keys they share: neighbourhood overlap at k by cosine (exact neighbours), linear
/// CKA and Procrustes disparity. The dimensions may differ.
/// </summary>
public static class SpaceComparer
{
    /// <summary>Procrustes never rotates in more dimensions than this (nor than the rows it is fitted on): both sets are
    /// reduced with PCA first. A d × d SVD costs d³; with fewer rows than dimensions the extra ones carry nothing.</summary>
    public const int MaxProcrustesDimensions = 1024;

    /// <summary>The dimensions Procrustes works in for <paramref name="rows"/> rows of <paramref name="dimsA"/> and
    /// <paramref name="dimsB"/> dimensions.</summary>
    public static int ProcrustesDimensions(int rows, int dimsA, int dimsB) => Math.Min(Math.Min(dimsA, dimsB), Math.Min(rows, MaxProcrustesDimensions));

    /// <summary>
    /// Memory a comparison of <paramref name="shared"/> shared keys takes beyond the two input sets: the paired copies,
    /// the exact neighbour search of each side, the matrices CKA and Procrustes run on (all rows or the sample), CKA's
    /// products, the PCA reductions and the rotation's SVD.
    /// </summary>
    public static long EstimateBytes(int shared, int dimsA, int dimsB, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        long n = shared, da = dimsA, db = dimsB;
        int k = (int)Math.Clamp(Math.Min(options.K, n - 1), 1, int.MaxValue);
        long queries = n > options.ExactKeyLimit ? Math.Min(options.SampleKeys, n) : n;
        long m = Math.Min(n, options.MatrixSampleLimit);
        int d = ProcrustesDimensions((int)m, dimsA, dimsB);
        // Paired copies of both sets (and their cached unit rows), then per side: unit, centred and packed copies.
        long paired = Pca.Saturate(n, 8 * (da + db));
        long knn = Pca.Saturate(n, 12 * Math.Max(da, db)) + Pca.Saturate(queries, (long)k * (8 + 2 * 48));
        long matrices = Pca.Saturate(m, 4 * (da + db));
        long cka = Cka.EstimateBytes(m, da, db, options.Threads);
        long pca = d == dimsA && d == dimsB ? 0
            : Cka.Sum(Pca.EstimateBytes(m, da, new PcaOptions { NComponents = d }), Pca.EstimateBytes(m, db, new PcaOptions { NComponents = d }));
        long threads = Math.Clamp(options.Threads <= 0 ? Environment.ProcessorCount : options.Threads, 1, 64);
        long procrustes = Cka.Sum(Pca.Saturate(m, 12L * d), Pca.Saturate((long)d * d, 12 * threads + 6 * 8));
        return Cka.Sum(paired, knn, matrices, Math.Max(cka, Cka.Sum(pca, procrustes)));
    }

    /// <summary>Both sets restricted to their shared keys, in A's order.</summary>
    public static (EmbeddingSet A, EmbeddingSet B, int OnlyA, int OnlyB, List<string> OnlyAExamples, List<string> OnlyBExamples) Pair(EmbeddingSet a, EmbeddingSet b)
    {
        var rowsA = new List<int>();
        var rowsB = new List<int>();
        var onlyA = new List<string>();
        for (int i = 0; i < a.Count; i++)
        {
            int j = b.IndexOf(a.Keys[i]);
            if (j >= 0) { rowsA.Add(i); rowsB.Add(j); }
            else onlyA.Add(a.Keys[i]);
        }
        var onlyB = b.Keys.Where(k => !a.Contains(k)).ToList();
        return (a.Subset(rowsA), b.Subset(rowsB), onlyA.Count, onlyB.Count, onlyA.Take(10).ToList(), onlyB.Take(10).ToList());
    }

    public static SpaceComparison Compare(EmbeddingSet a, EmbeddingSet b, ComparisonOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ComparisonOptions();
        var clock = Stopwatch.StartNew();
        if (options.Budget is { } budget)
        {
            // Sized before any copy: the shared keys are counted, not paired.
            int shared = 0;
            for (int i = 0; i < a.Count; i++) if (b.Contains(a.Keys[i])) shared++;
            budget.Ensure(EstimateBytes(shared, a.Dimensions, b.Dimensions, options),
                $"comparing {shared:N0} shared keys ({a.Dimensions:N0} and {b.Dimensions:N0} dimensions)");
        }
        var (pa, pb, onlyA, onlyB, exA, exB) = Pair(a, b);
        int n = pa.Count;
        if (n < 3) throw new ArgumentException($"The two sets share {n} key{(n == 1 ? "" : "s")}; a comparison needs at least 3.");
        int k = Math.Min(options.K, n - 1);
        if (k < 1) throw new ArgumentException("k must be at least 1.");
        int threads = options.Threads <= 0 ? Environment.ProcessorCount : options.Threads;

        // Neighbourhood overlap.
        progress?.Report("neighbours");
        var random = new Random(options.Seed);
        bool sampled = n > options.ExactKeyLimit;
        int[] queryRows = sampled ? Sample(n, options.SampleKeys, random) : Enumerable.Range(0, n).ToArray();
        var neighborsA = Neighbors(pa, queryRows, k, threads, cancellationToken);
        var neighborsB = Neighbors(pb, queryRows, k, threads, cancellationToken);
        var overlaps = new KeyOverlap[queryRows.Length];
        double sum = 0;
        for (int q = 0; q < queryRows.Length; q++)
        {
            var setA = neighborsA[q];
            var setB = neighborsB[q];
            int common = setA.Count(setB.Contains);
            double overlap = (double)common / k;
            sum += overlap;
            overlaps[q] = new KeyOverlap(pa.Keys[queryRows[q]], overlap,
                setA.Select(r => pa.Keys[r]).ToList(), setB.Select(r => pb.Keys[r]).ToList());
        }
        var ordered = overlaps.OrderBy(o => o.Overlap).ThenBy(o => o.Key, StringComparer.Ordinal).ToList();

        // Whole-space measures on all rows or a sample.
        progress?.Report("CKA and Procrustes");
        bool matrixSampled = n > options.MatrixSampleLimit;
        int[] matrixRows = matrixSampled ? Sample(n, options.MatrixSampleLimit, random) : Enumerable.Range(0, n).ToArray();
        var ma = Rows(pa, matrixRows);
        var mb = Rows(pb, matrixRows);
        int m = matrixRows.Length;
        double cka = Cka.Linear(ma, m, pa.Dimensions, mb, pb.Dimensions, threads, cancellationToken);
        int? reducedTo = null;
        int d = ProcrustesDimensions(m, pa.Dimensions, pb.Dimensions);
        if (d != pa.Dimensions || d != pb.Dimensions)
        {
            // Different dimensions, or more than the rows (or the cap) hold: PCA to d first (exact when d ≥ the rank).
            reducedTo = d;
            ma = Pca.Fit(ma, m, pa.Dimensions, new PcaOptions { NComponents = d, Seed = options.Seed, Threads = threads }, cancellationToken).Coordinates;
            mb = Pca.Fit(mb, m, pb.Dimensions, new PcaOptions { NComponents = d, Seed = options.Seed, Threads = threads }, cancellationToken).Coordinates;
        }
        var procrustes = Procrustes.Fit(ma, mb, m, d, threads, cancellationToken);

        return new SpaceComparison
        {
            Shared = n, OnlyA = onlyA, OnlyB = onlyB, OnlyAExamples = exA, OnlyBExamples = exB, K = k,
            MeanOverlap = sum / queryRows.Length, ChanceOverlap = (double)k / (n - 1),
            OverlapKeys = queryRows.Length, OverlapSampled = sampled,
            Cka = cka, ProcrustesDisparity = procrustes.Disparity, MatrixRows = m, MatrixSampled = matrixSampled, ReducedTo = reducedTo,
            DimensionsA = pa.Dimensions, DimensionsB = pb.Dimensions,
            MostChanged = ordered.Take(options.Top).ToList(),
            LeastChanged = ordered.AsEnumerable().Reverse().Take(options.Top).ToList(),
            OverlapByKey = overlaps.ToDictionary(o => o.Key, o => o.Overlap, StringComparer.Ordinal),
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>One key's neighbours in both spaces, each with its rank in the other space (1 = nearest).</summary>
    public static (IReadOnlyList<(string Key, float Score, int RankInB)> InA, IReadOnlyList<(string Key, float Score, int RankInA)> InB) KeyNeighborhoods(
        EmbeddingSet a, EmbeddingSet b, string key, int k)
    {
        var (pa, pb, _, _, _, _) = Pair(a, b);
        int row = pa.IndexOf(key);
        if (row < 0) throw new KeyNotFoundException($"\"{key}\" is not a key both sets share.");
        var ranksA = Ranks(pa, row);
        var ranksB = Ranks(pb, row);
        var inA = pa.MostSimilarToVector(pa.UnitVector(row), k, [row]).Select(nb => (nb.Key, nb.Score, ranksB[nb.Index])).ToList();
        var inB = pb.MostSimilarToVector(pb.UnitVector(row), k, [row]).Select(nb => (nb.Key, nb.Score, ranksA[nb.Index])).ToList();
        return (inA, inB);
    }

    /// <summary>Rank of every other row by cosine to <paramref name="row"/> (1 = nearest; the row itself 0).</summary>
    private static int[] Ranks(EmbeddingSet set, int row)
    {
        var query = set.UnitVector(row);
        var scores = new float[set.Count];
        for (int i = 0; i < set.Count; i++) scores[i] = System.Numerics.Tensors.TensorPrimitives.Dot(query, set.UnitVector(i));
        scores[row] = float.PositiveInfinity;
        var order = Enumerable.Range(0, set.Count).ToArray();
        Array.Sort(scores.ToArray(), order, Comparer<float>.Create((x, y) => y.CompareTo(x)));
        var ranks = new int[set.Count];
        for (int r = 0; r < order.Length; r++) ranks[order[r]] = r;
        return ranks;
    }

    private static HashSet<int>[] Neighbors(EmbeddingSet set, int[] queryRows, int k, int threads, CancellationToken cancellationToken)
    {
        int n = set.Count;
        var result = new HashSet<int>[queryRows.Length];
        // Blocked brute force on unit vectors (Euclidean order on unit vectors is cosine order): the sampled keys
        // (or every key) against all shared keys.
        var unit = set.Normalized.ToArray();
        var neighbors = new int[queryRows.Length * k];
        var distances = new float[queryRows.Length * k];
        BruteForceKnn.Search(unit, n, set.Dimensions, k, neighbors, distances, threads, cancellationToken,
            queryRows.Length == n ? null : queryRows);
        for (int q = 0; q < queryRows.Length; q++) result[q] = new HashSet<int>(neighbors.AsSpan(q * k, k).ToArray());
        return result;
    }

    private static float[] Rows(EmbeddingSet set, int[] rows)
    {
        int d = set.Dimensions;
        var data = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) set.Vector(rows[i]).CopyTo(data.AsSpan(i * d, d));
        return data;
    }

    private static int[] Sample(int n, int size, Random random)
    {
        var all = Enumerable.Range(0, n).ToArray();
        random.Shuffle(all);
        var chosen = all.Take(Math.Min(size, n)).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
