namespace EmbeddingLab.Core.Projection;

/// <summary>A symmetric weighted graph in compressed sparse rows (columns sorted within a row, no self loops).</summary>
public sealed class UmapGraph
{
    internal UmapGraph(int count, int[] rowStart, int[] columns, float[] weights)
    {
        Count = count; RowStart = rowStart; Columns = columns; Weights = weights;
    }

    public int Count { get; }
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public float[] Weights { get; }
    public int NonZeros => Columns.Length;

    /// <summary>The weight of edge (i, j), 0 when absent.</summary>
    public float Weight(int i, int j)
    {
        int at = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
        return at >= 0 ? Weights[at] : 0f;
    }

    /// <summary>umap-learn's pruning before layout: edges lighter than max / nEpochs can never be sampled, drop them.</summary>
    internal UmapGraph Prune(int nEpochs)
    {
        float max = 0;
        foreach (var w in Weights) max = Math.Max(max, w);
        float threshold = max / nEpochs;
        var rowStart = new int[Count + 1];
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            for (int e = RowStart[i]; e < RowStart[i + 1]; e++) if (Weights[e] >= threshold) kept++;
            rowStart[i + 1] = kept;
        }
        var cols = new int[kept];
        var weights = new float[kept];
        for (int i = 0, o = 0; i < Count; i++)
            for (int e = RowStart[i]; e < RowStart[i + 1]; e++)
                if (Weights[e] >= threshold) { cols[o] = Columns[e]; weights[o] = Weights[e]; o++; }
        return new UmapGraph(Count, rowStart, cols, weights);
    }
}

/// <summary>
/// The fuzzy simplicial set of umap-learn (fuzzy_simplicial_set): per point a distance to its nearest neighbour (ρ)
/// and a bandwidth (σ) found by binary search so that Σ exp(−(d − ρ)/σ) = log2(k), memberships
/// exp(−(d − ρ)/σ) on the directed kNN graph, then the fuzzy union R + Rᵀ − R∘Rᵀ (mixed with the intersection
/// R∘Rᵀ by set_op_mix_ratio).
/// </summary>
public static class FuzzySimplicialSet
{
    private const double SmoothKTolerance = 1e-5;
    private const double MinKDistScale = 1e-3;

    /// <summary>
    /// umap-learn's smooth_knn_dist. <paramref name="distances"/> is n × k, row-sorted ascending, the point itself
    /// (distance 0) in column 0, as umap-learn's kNN arrays.
    /// </summary>
    public static (float[] Sigmas, float[] Rhos) SmoothKnnDist(float[] distances, int n, int k, double localConnectivity = 1.0,
        int threads = 0, double bandwidth = 1.0)
    {
        var sigmas = new float[n];
        var rhos = new float[n];
        double target = Math.Log2(k) * bandwidth;
        double meanAll = 0;
        for (int i = 0; i < distances.Length; i++) meanAll += distances[i];
        meanAll /= distances.Length;
        ParallelRanges.For(n, 1024, ParallelRanges.ResolveThreads(threads), (_, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = distances.AsSpan(i * k, k);
                // ρ: the local_connectivity-th smallest non-zero distance (interpolated between neighbours).
                int nonZero = 0;
                float maxNonZero = 0;
                foreach (var v in row) if (v > 0) { nonZero++; maxNonZero = Math.Max(maxNonZero, v); }
                float rho = 0;
                if (nonZero >= localConnectivity)
                {
                    int index = (int)Math.Floor(localConnectivity);
                    double interpolation = localConnectivity - index;
                    if (index > 0)
                    {
                        rho = NthNonZero(row, index - 1);
                        if (interpolation > SmoothKTolerance) rho += (float)(interpolation * (NthNonZero(row, index) - NthNonZero(row, index - 1)));
                    }
                    else rho = (float)(interpolation * NthNonZero(row, 0));
                }
                else if (nonZero > 0) rho = maxNonZero;

                double lo = 0, hi = double.PositiveInfinity, mid = 1;
                for (int step = 0; step < 64; step++)
                {
                    double psum = 0;
                    for (int j = 1; j < k; j++)
                    {
                        float d = row[j] - rho;
                        psum += d > 0 ? Math.Exp(-(d / mid)) : 1.0;
                    }
                    if (Math.Abs(psum - target) < SmoothKTolerance) break;
                    if (psum > target) { hi = mid; mid = (lo + hi) / 2; }
                    else
                    {
                        lo = mid;
                        mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
                    }
                }
                float sigma = (float)mid;
                // Keep σ away from 0 (relative to the row's, or the whole set's, mean distance).
                if (rho > 0)
                {
                    double mean = 0;
                    foreach (var v in row) mean += v;
                    mean /= k;
                    if (sigma < MinKDistScale * mean) sigma = (float)(MinKDistScale * mean);
                }
                else if (sigma < MinKDistScale * meanAll) sigma = (float)(MinKDistScale * meanAll);
                sigmas[i] = sigma;
                rhos[i] = rho;
            }
        });
        return (sigmas, rhos);
    }

    private static float NthNonZero(ReadOnlySpan<float> row, int nth)
    {
        foreach (var v in row)
            if (v > 0 && nth-- == 0) return v;
        return 0;
    }

    /// <summary>
    /// The symmetric graph from the kNN arrays (n × k, self in column 0) and the per-point σ and ρ: umap-learn's
    /// compute_membership_strengths followed by the fuzzy set union/intersection.
    /// </summary>
    public static UmapGraph Build(int[] knnIndices, float[] knnDistances, int n, int k, float[] sigmas, float[] rhos,
        double setOpMixRatio = 1.0, int threads = 0)
    {
        threads = ParallelRanges.ResolveThreads(threads);
        // Directed memberships R, each row sorted by column (zeros dropped, as scipy's eliminate_zeros).
        var rStart = new int[n + 1];
        var rCols = new int[n * k];
        var rVals = new float[n * k];
        var rowCount = new int[n];
        ParallelRanges.For(n, 1024, threads, (_, start, end) =>
        {
            Span<int> cols = stackalloc int[k];
            Span<float> vals = stackalloc float[k];
            for (int i = start; i < end; i++)
            {
                int m = 0;
                for (int j = 0; j < k; j++)
                {
                    int col = knnIndices[i * k + j];
                    if (col < 0 || col == i) continue;
                    float d = knnDistances[i * k + j];
                    float val = d - rhos[i] <= 0 || sigmas[i] == 0 ? 1f : MathF.Exp(-((d - rhos[i]) / sigmas[i]));
                    if (val == 0) continue;
                    cols[m] = col; vals[m] = val; m++;
                }
                // Insertion sort by column (k is small).
                for (int a = 1; a < m; a++)
                {
                    int c = cols[a]; float v = vals[a]; int b = a - 1;
                    while (b >= 0 && cols[b] > c) { cols[b + 1] = cols[b]; vals[b + 1] = vals[b]; b--; }
                    cols[b + 1] = c; vals[b + 1] = v;
                }
                cols[..m].CopyTo(rCols.AsSpan(i * k, m));
                vals[..m].CopyTo(rVals.AsSpan(i * k, m));
                rowCount[i] = m;
            }
        });
        // Compact R into CSR.
        for (int i = 0; i < n; i++) rStart[i + 1] = rStart[i] + rowCount[i];
        var cR = new int[rStart[n]];
        var vR = new float[rStart[n]];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(rCols, i * k, cR, rStart[i], rowCount[i]);
            Array.Copy(rVals, i * k, vR, rStart[i], rowCount[i]);
        }
        // Rᵀ by counting (rows come out sorted by column because i runs in order).
        var tStart = new int[n + 1];
        foreach (var c in cR) tStart[c + 1]++;
        for (int i = 0; i < n; i++) tStart[i + 1] += tStart[i];
        var fill = (int[])tStart.Clone();
        var cT = new int[cR.Length];
        var vT = new float[cR.Length];
        for (int i = 0; i < n; i++)
            for (int e = rStart[i]; e < rStart[i + 1]; e++) { int at = fill[cR[e]]++; cT[at] = i; vT[at] = vR[e]; }

        // Merge row i of R and of Rᵀ: union value mix·(r + t − r·t) + (1 − mix)·r·t, zeros dropped.
        float mix = (float)setOpMixRatio;
        var outCount = new int[n];
        ParallelRanges.For(n, 1024, threads, (_, start, end) =>
        {
            for (int i = start; i < end; i++)
                outCount[i] = Merge(i, rStart, cR, vR, tStart, cT, vT, mix, null, null, 0);
        });
        var start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + outCount[i];
        var columns = new int[start[n]];
        var weights = new float[start[n]];
        ParallelRanges.For(n, 1024, threads, (_, s, e) =>
        {
            for (int i = s; i < e; i++) Merge(i, rStart, cR, vR, tStart, cT, vT, mix, columns, weights, start[i]);
        });
        return new UmapGraph(n, start, columns, weights);
    }

    private static int Merge(int i, int[] rStart, int[] cR, float[] vR, int[] tStart, int[] cT, float[] vT, float mix,
        int[]? columns, float[]? weights, int offset)
    {
        int a = rStart[i], aEnd = rStart[i + 1], b = tStart[i], bEnd = tStart[i + 1], count = 0;
        while (a < aEnd || b < bEnd)
        {
            int col;
            float r = 0, t = 0;
            if (b >= bEnd || (a < aEnd && cR[a] < cT[b])) { col = cR[a]; r = vR[a++]; }
            else if (a >= aEnd || cT[b] < cR[a]) { col = cT[b]; t = vT[b++]; }
            else { col = cR[a]; r = vR[a++]; t = vT[b++]; }
            float product = r * t;
            float value = mix * (r + t - product) + (1 - mix) * product;
            if (value == 0) continue;
            if (columns is not null) { columns[offset + count] = col; weights![offset + count] = value; }
            count++;
        }
        return count;
    }
}
