using System.Numerics.Tensors;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// scikit-learn's <c>KNeighborsClassifier(n_neighbors=k, metric="cosine", algorithm="brute")</c> with uniform weights:
/// each test row takes the k training rows of smallest cosine distance 1 − cos (clipped to [0, 2] as sklearn's
/// <c>cosine_distances</c>; a zero vector is at distance 1 from everything), and the class most of them hold; a tie
/// in votes goes to the lowest class index (scipy's <c>mode</c>), classes in ordinal order. Equal distances at the
/// k-th place go to the lower training row (numpy's <c>argpartition</c> leaves that order unspecified).
/// Cosines are computed in double precision on unit rows, dense or sparse (an inverted index for sparse rows).
/// </summary>
public static class KNeighborsClassifier
{
    /// <summary>Predicted local class (0..classes−1) of each test row.</summary>
    public static int[] Predict(ReadOnlySpan<float> matrix, int dimensions, IReadOnlyList<int> trainRows, int[] trainLabels, int classes,
        IReadOnlyList<int> testRows, KNeighborsOptions? options = null, CancellationToken cancellationToken = default) =>
        Predict(FeatureMatrix.FromRows(matrix, dimensions, trainRows, unit: true), trainLabels, classes,
            FeatureMatrix.FromRows(matrix, dimensions, testRows, unit: true), options ?? new(), null, cancellationToken);

    /// <param name="train">Unit rows.</param>
    /// <param name="test">Unit rows.</param>
    internal static int[] Predict(FeatureMatrix train, int[] trainLabels, int classes, FeatureMatrix test, KNeighborsOptions options,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        int k = options.NNeighbors;
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(options), k, "n_neighbors must be at least 1.");
        if (k > train.Rows) throw new ArgumentException($"n_neighbors ({k}) is more than the {train.Rows} training rows.");
        int n = train.Rows;
        var result = new int[test.Rows];
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        bool sparse = train.IsSparse && test.IsSparse;
        var inverted = sparse ? train.Columnwise() : default;
        int done = 0;
        const int Block = 32;
        ParallelRanges.For(test.Rows, Block, threads, (_, start, end) =>
        {
            var bestRow = new int[k];
            var bestSim = new double[k];
            var votes = new int[classes];
            var block = new double[(end - start) * n];
            if (!sparse && !train.IsSparse && !test.IsSparse)
            {
                // Each training row is read once per block of test rows (it stays in cache for all of them), not once per test row.
                for (int i = 0; i < n; i++)
                {
                    var row = train.DenseRow(i);
                    for (int q = start; q < end; q++) block[(q - start) * n + i] = TensorPrimitives.Dot(test.DenseRow(q), row);
                }
            }
            for (int q = start; q < end; q++)
            {
                var similarity = block.AsSpan((q - start) * n, n);
                if (sparse)
                {
                    var (columns, values) = test.SparseRow(q);
                    var cs = columns.Span;
                    var vs = values.Span;
                    for (int t = 0; t < cs.Length; t++)
                    {
                        int c = cs[t];
                        double v = vs[t];
                        for (int p = inverted.Start[c], e = inverted.Start[c + 1]; p < e; p++) similarity[inverted.Rows[p]] += v * inverted.Values[p];
                    }
                }
                else if (train.IsSparse || test.IsSparse)
                {
                    // Mixed storage (never produced by one set); dot through the sparse side.
                    var dense = new double[test.Columns];
                    test.AddScaled(q, 1, dense);
                    for (int i = 0; i < n; i++) similarity[i] = train.Dot(i, dense);
                }

                // The k largest cosines, ties to the lower row: insertion into a sorted list of k.
                int filled = 0;
                for (int i = 0; i < n; i++)
                {
                    double s = Math.Clamp(similarity[i], -1, 1);
                    if (filled == k && s <= bestSim[k - 1]) continue;
                    int at = filled < k ? filled++ : k - 1;
                    while (at > 0 && bestSim[at - 1] < s)
                    {
                        bestSim[at] = bestSim[at - 1];
                        bestRow[at] = bestRow[at - 1];
                        at--;
                    }
                    bestSim[at] = s;
                    bestRow[at] = i;
                }
                Array.Clear(votes);
                for (int j = 0; j < k; j++) votes[trainLabels[bestRow[j]]]++;
                int winner = 0;
                for (int c = 1; c < classes; c++) if (votes[c] > votes[winner]) winner = c;
                result[q] = winner;
            }
            int now = Interlocked.Add(ref done, end - start);
            progress?.Report((double)now / test.Rows);
        }, cancellationToken);
        return result;
    }
}
