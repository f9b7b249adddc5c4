namespace EmbeddingLab.Core.Analysis;

/// <summary>Correlation coefficients with scipy.stats' definitions (pearsonr, spearmanr with average ranks for ties).</summary>
public static class Correlation
{
    /// <summary>Pearson's r (scipy.stats.pearsonr): centred vectors, each scaled to unit length, dotted; clipped to [−1, 1]. NaN when either side is constant.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"The two samples differ in length ({x.Count} and {y.Count}).");
        if (x.Count < 2) throw new ArgumentException("A correlation needs at least two pairs.");
        int n = x.Count;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) { sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        double nx = Math.Sqrt(sxx), ny = Math.Sqrt(syy);
        if (nx == 0 || ny == 0) return double.NaN;
        double r = 0;
        for (int i = 0; i < n; i++) r += (x[i] - mx) / nx * ((y[i] - my) / ny);
        return Math.Clamp(r, -1.0, 1.0);
    }

    /// <summary>Spearman's ρ (scipy.stats.spearmanr): Pearson's r of the ranks, tied values sharing their average rank.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(AverageRanks(x), AverageRanks(y));

    /// <summary>1-based ranks; a run of equal values gets the mean of the ranks it spans (scipy.stats.rankdata "average").</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        int n = values.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[n];
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && values[order[j + 1]].CompareTo(values[order[i]]) == 0) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
