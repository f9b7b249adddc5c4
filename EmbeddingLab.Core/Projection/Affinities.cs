using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Symmetric joint probabilities P (sum 1) in compressed sparse rows: the input side of t-SNE, kept apart from
/// initialisation and optimisation (openTSNE's split) so one P can drive several runs.
/// </summary>
public sealed class Affinities
{
    internal Affinities(int count, int[] rowStart, int[] columns, double[] values)
    {
        Count = count; RowStart = rowStart; Columns = columns; Values = values;
    }

    public int Count { get; }
    internal int[] RowStart { get; }
    internal int[] Columns { get; }
    internal double[] Values { get; }
    public int NonZeros => Columns.Length;

    /// <summary>
    /// The same P with the points renumbered: new point r is old point <paramref name="order"/>[r]. Rows keep their
    /// columns sorted, so sums over a row run in a fixed order.
    /// </summary>
    internal Affinities Permute(int[] order, int threads)
    {
        int n = Count;
        if (order.Length != n) throw new ArgumentException("The order must list every point once.");
        var newIndex = new int[n];
        for (int r = 0; r < n; r++) newIndex[order[r]] = r;
        var rowStart = new int[n + 1];
        for (int r = 0; r < n; r++) rowStart[r + 1] = rowStart[r] + RowStart[order[r] + 1] - RowStart[order[r]];
        var cols = new int[Columns.Length];
        var vals = new double[Values.Length];
        ParallelRanges.For(n, 1024, threads, (_, start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                int source = RowStart[order[r]], length = rowStart[r + 1] - rowStart[r];
                for (int e = 0; e < length; e++)
                {
                    cols[rowStart[r] + e] = newIndex[Columns[source + e]];
                    vals[rowStart[r] + e] = Values[source + e];
                }
                Array.Sort(cols, vals, rowStart[r], length);
            }
        });
        return new Affinities(n, rowStart, cols, vals);
    }

    /// <summary>
    /// sklearn's P: conditional probabilities over each point's nearest neighbours (3·perplexity + 1 of them, or all
    /// points when <paramref name="exact"/>), each row calibrated by binary search on the Gaussian precision so its
    /// entropy is log(perplexity), then P = (P + Pᵀ) / sum.
    /// </summary>
    public static Affinities Compute(float[] data, int n, int d, double perplexity, bool exact, int threads, int seed,
        IProgress<TsneProgress>? progress = null, CancellationToken cancellationToken = default,
        TsneNeighbors neighborSearch = TsneNeighbors.Auto)
    {
        if (n < 2) throw new ArgumentException("t-SNE needs at least two points.");
        int k = exact ? n - 1 : Math.Min(n - 1, (int)(3.0 * perplexity + 1));
        var neighbors = new int[n * k];
        var sqDistances = new float[n * k];
        progress?.Report(new TsneProgress("neighbours", 0, 0, null, null));
        if (exact)
        {
            ParallelRanges.For(n, 64, threads, (_, start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    int m = 0;
                    var row = data.AsSpan(i * d, d);
                    for (int j = 0; j < n; j++)
                    {
                        if (j == i) continue;
                        float dist = TensorPrimitives.Distance(row, data.AsSpan(j * d, d));
                        neighbors[i * k + m] = j; sqDistances[i * k + m] = dist * dist; m++;
                    }
                }
            }, cancellationToken);
        }
        else if (ResolveNeighbors(neighborSearch, n, d) == TsneNeighbors.BruteForce)
        {
            BruteForceKnn.Search(data, n, d, k, neighbors, sqDistances, threads, cancellationToken);
        }
        else
        {
            var tree = new VpTree(data, n, d, seed);
            ParallelRanges.For(n, 256, threads, (_, start, end) =>
            {
                var stack = new int[VpTree.StackSize];
                for (int i = start; i < end; i++)
                {
                    var idx = neighbors.AsSpan(i * k, k);
                    var dist = sqDistances.AsSpan(i * k, k);
                    tree.Search(i, k, idx, dist, stack);
                    TensorPrimitives.Multiply(dist, dist, dist);
                }
            }, cancellationToken);
        }

        progress?.Report(new TsneProgress("perplexity", 0, 0, null, null));
        var conditional = new double[n * k];
        double desiredEntropy = Math.Log(perplexity);
        ParallelRanges.For(n, 256, threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
                CalibrateRow(sqDistances.AsSpan(i * k, k), conditional.AsSpan(i * k, k), desiredEntropy);
        }, cancellationToken);

        return Symmetrize(n, k, neighbors, conditional);
    }

    /// <summary>
    /// The VP tree prunes well only in low intrinsic dimension; blocked brute force does the N² work as dense SIMD
    /// arithmetic and wins beyond a few dimensions (measured: see TsneBenchmark --neighbors).
    /// </summary>
    public static TsneNeighbors ResolveNeighbors(TsneNeighbors requested, int n, int d) =>
        requested != TsneNeighbors.Auto ? requested : d > BruteForceMinDims ? TsneNeighbors.BruteForce : TsneNeighbors.VpTree;

    private const int BruteForceMinDims = 8;

    // sklearn _binary_search_perplexity for one row: 100 steps, tolerance 1e-5 on the entropy (nats).
    private static void CalibrateRow(ReadOnlySpan<float> sqDist, Span<double> p, double desiredEntropy)
    {
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
        for (int step = 0; step < 100; step++)
        {
            double sum = 0;
            for (int j = 0; j < p.Length; j++) { p[j] = Math.Exp(-sqDist[j] * beta); sum += p[j]; }
            if (sum == 0) sum = 1e-8;
            double sumDistP = 0;
            for (int j = 0; j < p.Length; j++) { p[j] /= sum; sumDistP += sqDist[j] * p[j]; }
            double entropy = Math.Log(sum) + beta * sumDistP;
            double diff = entropy - desiredEntropy;
            if (Math.Abs(diff) <= 1e-5) break;
            if (diff > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    private static Affinities Symmetrize(int n, int k, int[] neighbors, double[] conditional)
    {
        // Each conditional entry (i, j) contributes to rows i and j; merge duplicates after sorting each row.
        var counts = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            counts[i] += k;
            for (int m = 0; m < k; m++) counts[neighbors[i * k + m]]++;
        }
        var start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + counts[i];
        var cols = new int[start[n]];
        var vals = new double[start[n]];
        var fill = new int[n];
        Array.Copy(start, fill, n);
        for (int i = 0; i < n; i++)
        {
            for (int m = 0; m < k; m++)
            {
                int j = neighbors[i * k + m];
                double v = conditional[i * k + m];
                cols[fill[i]] = j; vals[fill[i]++] = v;
                cols[fill[j]] = i; vals[fill[j]++] = v;
            }
        }
        double total = 0;
        var rowStart = new int[n + 1];
        int write = 0;
        for (int i = 0; i < n; i++)
        {
            int s = start[i], e = start[i + 1];
            Array.Sort(cols, vals, s, e - s);
            rowStart[i] = write;
            for (int r = s; r < e; r++)
            {
                if (write > rowStart[i] && cols[write - 1] == cols[r]) vals[write - 1] += vals[r];
                else { cols[write] = cols[r]; vals[write] = vals[r]; write++; }
                total += vals[r];
            }
        }
        rowStart[n] = write;
        Array.Resize(ref cols, write);
        Array.Resize(ref vals, write);
        double scale = 1.0 / Math.Max(total, double.Epsilon);
        for (int r = 0; r < vals.Length; r++) vals[r] *= scale;
        return new Affinities(n, rowStart, cols, vals);
    }
}
