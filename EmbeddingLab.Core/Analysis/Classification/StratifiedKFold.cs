namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// scikit-learn's <c>StratifiedKFold</c>: classes numbered in order of first appearance; each fold's share of every
/// class dealt round-robin over the labels sorted by that number (so fold sizes differ by at most one per class);
/// each class's rows, in row order, take the fold numbers 0,0,…,1,1,… in blocks, shuffled per class with numpy's
/// <c>RandomState(random_state)</c> when <c>shuffle</c>. The same seed gives sklearn's folds exactly.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>The test fold (0..n_splits−1) of each row.</summary>
    public static int[] TestFolds(IReadOnlyList<int> labels, StratifiedKFoldOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int splits = options.NSplits;
        if (splits < 2) throw new ArgumentOutOfRangeException(nameof(options), splits, "Cross-validation needs at least 2 folds.");
        // Classes by first appearance.
        var order = new Dictionary<int, int>();
        var encoded = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (!order.TryGetValue(labels[i], out int c)) order[labels[i]] = c = order.Count;
            encoded[i] = c;
        }
        int classes = order.Count;
        var counts = new int[classes];
        foreach (int c in encoded) counts[c]++;
        if (counts.All(count => count < splits))
            throw new ArgumentException($"{splits} folds need a class with at least {splits} rows; the largest has {counts.DefaultIfEmpty(0).Max()}.");

        // allocation[f, c] = how many of the sorted labels at positions f, f + splits, … are class c.
        var allocation = new int[splits, classes];
        int position = 0;
        for (int c = 0; c < classes; c++)
            for (int j = 0; j < counts[c]; j++, position++) allocation[position % splits, c]++;

        var random = options.Shuffle ? new NumpyRandomState(options.RandomState) : null;
        var folds = new int[labels.Count];
        var next = new int[classes];
        var perClass = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            var assignment = new int[counts[c]];
            int at = 0;
            for (int f = 0; f < splits; f++)
                for (int j = 0; j < allocation[f, c]; j++) assignment[at++] = f;
            random?.Shuffle(assignment);
            perClass[c] = assignment;
        }
        for (int i = 0; i < labels.Count; i++) folds[i] = perClass[encoded[i]][next[encoded[i]]++];
        return folds;
    }
}
