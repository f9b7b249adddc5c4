using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Neighbors;

/// <summary>Share of the k nearest neighbours that carry a row's own label, and what chance would give.</summary>
/// <param name="Share">Mean over rows of (neighbours with the same label) / k, cosine neighbours, the row itself excluded.</param>
/// <param name="Chance">Σ p² over labels (p = a label's share of the rows): the expected share for random neighbours.</param>
public sealed record LabelAgreementResult(double Share, double Chance, int K, int Rows);

/// <summary>
/// How well a space groups a label: for each row, the share of its <c>k</c> nearest (cosine) rows with the same value
/// in <c>column</c> — scikit-learn's kNN "purity" view of a labelled embedding — beside the chance level.
/// </summary>
public static class LabelAgreement
{
    public static LabelAgreementResult Measure(EmbeddingSet set, string column, int k = 10, CancellationToken cancellationToken = default)
    {
        var labels = set.Column(column)?.Values ?? throw new ArgumentException($"The set has no column \"{column}\".");
        if (set.Count < 2) throw new ArgumentException("Label agreement needs at least two rows.");
        k = Math.Min(k, set.Count - 1);
        var shares = new double[set.Count];
        Parallel.For(0, set.Count, new ParallelOptions { CancellationToken = cancellationToken }, row =>
        {
            int same = 0;
            foreach (var neighbor in set.Nearest(row, SimilarityMetric.Cosine, k))
                if (labels[neighbor.Index] == labels[row]) same++;
            shares[row] = (double)same / k;
        });
        double chance = labels.GroupBy(l => l).Sum(g => Math.Pow((double)g.Count() / labels.Count, 2));
        return new LabelAgreementResult(shares.Average(), chance, k, set.Count);
    }
}
