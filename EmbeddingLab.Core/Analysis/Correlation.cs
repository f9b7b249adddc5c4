namespace EmbeddingLab.Core.Analysis;

/// <summary>Pearson and Spearman correlation with scipy.stats semantics (Spearman = Pearson of average ranks).</summary>
public static class Correlation
{
    /// <summary>scipy.stats.pearsonr's r. NaN when either side is constant or there are fewer than two pairs.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Pearson needs pairs: {x.Length} vs {y.Length} values.");
        int n = x.Length;
        if (n < 2) return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>scipy.stats.spearmanr's rho: Pearson of the ranks, ties sharing their average rank.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Spearman needs pairs: {x.Length} vs {y.Length} values.");
        return Pearson(Rank(x), Rank(y));
    }

    /// <summary>1-based ranks with ties given their average rank (scipy.stats.rankdata method='average').</summary>
    public static double[] Rank(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            double average = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            for (int i = start; i < end; i++) ranks[order[i]] = average;
            start = end;
        }
        return ranks;
    }
}
