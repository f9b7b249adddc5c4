using MathNet.Numerics.LinearAlgebra;

namespace EmbeddingLab.Core.Projection;

/// <summary>
/// umap-learn's spectral initialisation: the eigenvectors of the normalised Laplacian I − D^−½ W D^−½ for the
/// smallest eigenvalues after the trivial one. A disconnected graph is laid out as umap-learn's
/// multi_component_layout does: components placed by a spectral embedding of their centroids (or on ± unit axes when
/// there are at most 2·dims of them), each component's own spectral layout scaled to half the distance to its
/// nearest neighbour component. Eigenvectors come from a restarted Lanczos iteration (tolerance 1e-4, as umap-learn's
/// eigsh) on the deflated, shifted operator (I + D^−½ W D^−½)/2; a component it cannot solve gets uniform random
/// positions in its box, as umap-learn falls back on an ARPACK failure.
/// </summary>
internal static class SpectralLayout
{
    private const double Tolerance = 1e-4;
    // Components up to this size are solved densely (an m × m eigendecomposition beats Lanczos there).
    private const int DenseMaxPoints = 400;

    /// <returns>Row-major n × dims, or null when the eigen solver failed on a connected graph (caller falls back to random).</returns>
    public static double[]? Layout(UmapGraph graph, float[] data, int d, int dims, UmapMetric metric, Random random,
        int threads, CancellationToken cancellationToken, int denseMaxPoints = DenseMaxPoints)
    {
        int n = graph.Count;
        var (components, labels) = ConnectedComponents(graph);
        var result = new double[n * dims];
        var members = new List<int>[components];
        for (int c = 0; c < components; c++) members[c] = [];
        for (int i = 0; i < n; i++) members[labels[i]].Add(i);
        var local = new int[n];
        if (components == 1)
        {
            var vectors = ComponentEigenvectors(graph, members[0], local, dims, random, threads, denseMaxPoints, cancellationToken);
            if (vectors is null) return null;
            Array.Copy(vectors, result, result.Length);
            return result;
        }

        var meta = components > 2 * dims
            ? ComponentLayout(data, d, dims, labels, components, metric)
            : UnitAxesLayout(components, dims);
        for (int c = 0; c < components; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Half the distance to the nearest other component centre.
            double nearest = double.PositiveInfinity;
            for (int o = 0; o < components; o++)
            {
                double s = 0;
                for (int a = 0; a < dims; a++) { double v = meta[c * dims + a] - meta[o * dims + a]; s += v * v; }
                if (s > 0) nearest = Math.Min(nearest, Math.Sqrt(s));
            }
            double range = double.IsPositiveInfinity(nearest) ? 1.0 : nearest / 2;
            var rows = members[c];
            double[]? vectors = rows.Count < 2 * dims || rows.Count <= dims + 1
                ? null
                : ComponentEigenvectors(graph, rows, local, dims, random, threads, denseMaxPoints, cancellationToken);
            if (vectors is null)
            {
                foreach (var i in rows)
                    for (int a = 0; a < dims; a++) result[i * dims + a] = meta[c * dims + a] + (random.NextDouble() * 2 - 1) * range;
                continue;
            }
            double maxAbs = 0;
            foreach (var v in vectors) maxAbs = Math.Max(maxAbs, Math.Abs(v));
            double expansion = maxAbs > 0 ? range / maxAbs : 0;
            for (int r = 0; r < rows.Count; r++)
                for (int a = 0; a < dims; a++) result[rows[r] * dims + a] = vectors[r * dims + a] * expansion + meta[c * dims + a];
        }
        return result;
    }

    public static (int Count, int[] Labels) ConnectedComponents(UmapGraph graph)
    {
        int n = graph.Count;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var stack = new Stack<int>();
        int count = 0;
        for (int s = 0; s < n; s++)
        {
            if (labels[s] >= 0) continue;
            labels[s] = count;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
                {
                    int j = graph.Columns[e];
                    if (labels[j] < 0) { labels[j] = count; stack.Push(j); }
                }
            }
            count++;
        }
        return (count, labels);
    }

    // umap-learn: with few components, centres at ±e_1, ±e_2, … in turn.
    private static double[] UnitAxesLayout(int components, int dims)
    {
        int k = (components + 1) / 2;
        var meta = new double[components * dims];
        for (int c = 0; c < components; c++) meta[c * dims + (c % k)] = c < k ? 1 : -1;
        return meta;
    }

    /// <summary>
    /// umap-learn's component_layout: centroids, affinities exp(−dist²), a spectral embedding of that affinity matrix
    /// (scikit-learn's SpectralEmbedding: normalised Laplacian, eigenvectors divided by √degree, first dropped),
    /// scaled by its maximum. When the centroids are so far apart that exp(−dist²) underflows and leaves a component
    /// without any affinity (umap-learn's layout then degenerates), distances are first divided by their median.
    /// </summary>
    private static double[] ComponentLayout(float[] data, int d, int dims, int[] labels, int components, UmapMetric metric)
    {
        var centroids = new double[components * d];
        var counts = new int[components];
        for (int i = 0; i < labels.Length; i++)
        {
            counts[labels[i]]++;
            for (int a = 0; a < d; a++) centroids[labels[i] * d + a] += data[i * d + a];
        }
        for (int c = 0; c < components; c++) for (int a = 0; a < d; a++) centroids[c * d + a] /= counts[c];
        var dist = new double[components, components];
        var offDiagonal = new List<double>();
        for (int c = 0; c < components; c++)
            for (int o = c + 1; o < components; o++)
            {
                double value;
                if (metric == UmapMetric.Cosine)
                {
                    double dot = 0, nc = 0, no = 0;
                    for (int a = 0; a < d; a++) { double x = centroids[c * d + a], y = centroids[o * d + a]; dot += x * y; nc += x * x; no += y * y; }
                    value = nc == 0 && no == 0 ? 0 : nc == 0 || no == 0 ? 1 : 1 - dot / Math.Sqrt(nc * no);
                }
                else
                {
                    double s = 0;
                    for (int a = 0; a < d; a++) { double v = centroids[c * d + a] - centroids[o * d + a]; s += v * v; }
                    value = Math.Sqrt(s);
                }
                dist[c, o] = dist[o, c] = value;
                offDiagonal.Add(value);
            }
        double scale = 1;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var affinity = Matrix<double>.Build.Dense(components, components);
            bool isolated = false;
            for (int c = 0; c < components; c++)
            {
                double rowSum = 0;
                for (int o = 0; o < components; o++)
                {
                    if (o == c) continue; // scipy's laplacian ignores the diagonal
                    double v = dist[c, o] / scale;
                    affinity[c, o] = Math.Exp(-v * v);
                    rowSum += affinity[c, o];
                }
                if (rowSum < 1e-300) isolated = true;
            }
            if (isolated && attempt == 0)
            {
                offDiagonal.Sort();
                scale = offDiagonal[offDiagonal.Count / 2] > 0 ? offDiagonal[offDiagonal.Count / 2] : 1;
                continue;
            }
            var degree = new double[components];
            for (int c = 0; c < components; c++) { for (int o = 0; o < components; o++) degree[c] += affinity[c, o]; degree[c] = degree[c] > 0 ? Math.Sqrt(degree[c]) : 1; }
            var laplacian = Matrix<double>.Build.Dense(components, components);
            for (int c = 0; c < components; c++)
                for (int o = 0; o < components; o++)
                    laplacian[c, o] = (c == o ? 1 : 0) - affinity[c, o] / (degree[c] * degree[o]);
            var evd = laplacian.Evd(Symmetricity.Symmetric);
            var meta = new double[components * dims];
            for (int a = 0; a < dims; a++)
            {
                int col = Math.Min(components - 1, a + 1); // ascending eigenvalues; skip the trivial first
                double maxAbs = 0, signed = 0;
                for (int c = 0; c < components; c++)
                {
                    double v = evd.EigenVectors[c, col] / degree[c];
                    meta[c * dims + a] = v;
                    if (Math.Abs(v) > maxAbs) { maxAbs = Math.Abs(v); signed = v; }
                }
                // scikit-learn's deterministic sign: the largest-magnitude entry positive.
                if (signed < 0) for (int c = 0; c < components; c++) meta[c * dims + a] = -meta[c * dims + a];
            }
            double max = meta.Max();
            if (!(max > 0)) max = meta.Max(Math.Abs);
            if (max > 0) for (int i = 0; i < meta.Length; i++) meta[i] /= max;
            return meta;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// The <paramref name="dims"/> non-trivial eigenvectors of one component's normalised Laplacian with the smallest
    /// eigenvalues (row r for rows[r]), or null when they did not converge.
    /// </summary>
    private static double[]? ComponentEigenvectors(UmapGraph graph, List<int> rows, int[] local, int dims, Random random,
        int threads, int denseMaxPoints, CancellationToken cancellationToken)
    {
        int m = rows.Count;
        for (int r = 0; r < m; r++) local[rows[r]] = r;
        // Local CSR of the normalised adjacency D^−½ W D^−½.
        var rowStart = new int[m + 1];
        for (int r = 0; r < m; r++) rowStart[r + 1] = rowStart[r] + graph.RowStart[rows[r] + 1] - graph.RowStart[rows[r]];
        var cols = new int[rowStart[m]];
        var vals = new double[rowStart[m]];
        var sqrtDegree = new double[m];
        for (int r = 0; r < m; r++)
        {
            double s = 0;
            for (int e = graph.RowStart[rows[r]]; e < graph.RowStart[rows[r] + 1]; e++) s += graph.Weights[e];
            sqrtDegree[r] = Math.Sqrt(s);
        }
        for (int r = 0; r < m; r++)
        {
            int o = rowStart[r];
            for (int e = graph.RowStart[rows[r]]; e < graph.RowStart[rows[r] + 1]; e++, o++)
            {
                int c = local[graph.Columns[e]];
                cols[o] = c;
                vals[o] = graph.Weights[e] / (sqrtDegree[r] * sqrtDegree[c]);
            }
        }
        // The trivial eigenvector (eigenvalue 1 of the normalised adjacency) is √degree.
        var trivial = (double[])sqrtDegree.Clone();
        Normalize(trivial);

        if (m <= denseMaxPoints) return DenseEigenvectors(rowStart, cols, vals, m, dims);
        return Lanczos(rowStart, cols, vals, trivial, m, dims, random, threads, cancellationToken);
    }

    private static double[]? DenseEigenvectors(int[] rowStart, int[] cols, double[] vals, int m, int dims)
    {
        var matrix = Matrix<double>.Build.Dense(m, m);
        for (int r = 0; r < m; r++) for (int e = rowStart[r]; e < rowStart[r + 1]; e++) matrix[r, cols[e]] = -vals[e];
        for (int r = 0; r < m; r++) matrix[r, r] += 1;
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var result = new double[m * dims];
        for (int a = 0; a < dims; a++)
            for (int r = 0; r < m; r++) result[r * dims + a] = evd.EigenVectors[r, a + 1];
        return result;
    }

    /// <summary>
    /// Thick-restarted Lanczos for the top eigenvectors of S = (I + A)/2 (A the normalised adjacency) orthogonal to
    /// the trivial one: each cycle extends [Ritz vectors, residual] by a Krylov sequence with full
    /// re-orthogonalisation, then takes the Rayleigh–Ritz pairs of the projected matrix.
    /// </summary>
    private static double[]? Lanczos(int[] rowStart, int[] cols, double[] vals, double[] trivial, int m, int dims, Random random,
        int threads, CancellationToken cancellationToken)
    {
        const int maxCycles = 300;
        int basisSize = Math.Min(m - 1, Math.Max(2 * (dims + 1) + 1, 40));
        int carry = Math.Min(basisSize - 2, dims + 4);
        var q = new double[basisSize][];
        var w = new double[basisSize][];
        for (int j = 0; j < basisSize; j++) { q[j] = new double[m]; w[j] = new double[m]; }
        // Start from ones (umap-learn's v0) with a little noise so symmetric structures do not hide eigenvectors.
        for (int r = 0; r < m; r++) q[0][r] = 1 + 1e-3 * (random.NextDouble() - 0.5);
        Orthogonalize(q[0], trivial, q, 0);
        if (Normalize(q[0]) == 0) return null;
        Apply(rowStart, cols, vals, q[0], w[0], threads);
        int size = 1;
        var ritz = new double[carry][];
        var ritzW = new double[carry][];
        for (int t = 0; t < carry; t++) { ritz[t] = new double[m]; ritzW[t] = new double[m]; }
        for (int cycle = 0; cycle < maxCycles; cycle++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Extend the basis by the Krylov sequence of its last vector (full re-orthogonalisation, twice).
            bool invariant = false;
            while (size < basisSize)
            {
                var next = q[size];
                w[size - 1].CopyTo(next, 0);
                Orthogonalize(next, trivial, q, size);
                Orthogonalize(next, trivial, q, size);
                if (Normalize(next) < 1e-10) { invariant = true; break; }
                Apply(rowStart, cols, vals, next, w[size], threads);
                size++;
            }
            // Rayleigh–Ritz on H = Qᵀ S Q.
            var h = Matrix<double>.Build.Dense(size, size);
            for (int a = 0; a < size; a++)
                for (int b = a; b < size; b++)
                {
                    double s = Dot(q[a], w[b]);
                    h[a, b] = s; h[b, a] = s;
                }
            var evd = h.Evd(Symmetricity.Symmetric);
            int kept = Math.Min(carry, size);
            bool converged = true;
            double worst = -1;
            int worstAt = 0;
            for (int t = 0; t < kept; t++)
            {
                int col = size - 1 - t; // eigenvalues ascending: the top ones are last
                Array.Clear(ritz[t]); Array.Clear(ritzW[t]);
                for (int a = 0; a < size; a++)
                {
                    double coef = evd.EigenVectors[a, col];
                    Axpy(coef, q[a], ritz[t]);
                    Axpy(coef, w[a], ritzW[t]);
                }
                double theta = evd.EigenValues[col].Real, residual = 0;
                for (int r = 0; r < m; r++) { double v = ritzW[t][r] - theta * ritz[t][r]; residual += v * v; }
                residual = Math.Sqrt(residual);
                if (t < dims && 2 * residual > Tolerance) converged = false; // S = (I + A)/2 halves the Laplacian's residuals
                if (residual > worst) { worst = residual; worstAt = t; }
            }
            if (converged || invariant || kept < dims)
            {
                if (kept < dims) return null;
                var result = new double[m * dims];
                for (int a = 0; a < dims; a++)
                    for (int r = 0; r < m; r++) result[r * dims + a] = ritz[a][r];
                return result;
            }
            // Thick restart: the Ritz vectors, then the (common direction of their) residual.
            double thetaWorst = evd.EigenValues[size - 1 - worstAt].Real;
            var residualVector = q[kept];
            for (int r = 0; r < m; r++) residualVector[r] = ritzW[worstAt][r] - thetaWorst * ritz[worstAt][r];
            for (int t = 0; t < kept; t++) { ritz[t].CopyTo(q[t], 0); ritzW[t].CopyTo(w[t], 0); }
            Orthogonalize(residualVector, trivial, q, kept);
            Orthogonalize(residualVector, trivial, q, kept);
            if (Normalize(residualVector) < 1e-14) return null;
            Apply(rowStart, cols, vals, residualVector, w[kept], threads);
            size = kept + 1;
        }
        return null;
    }

    // y = S x with S = (I + A)/2.
    private static void Apply(int[] rowStart, int[] cols, double[] vals, double[] x, double[] y, int threads)
    {
        int m = x.Length;
        ParallelRanges.For(m, 4096, threads, (_, s, e) =>
        {
            for (int r = s; r < e; r++)
            {
                double acc = 0;
                for (int k = rowStart[r]; k < rowStart[r + 1]; k++) acc += vals[k] * x[cols[k]];
                y[r] = 0.5 * (x[r] + acc);
            }
        });
    }

    private static void Orthogonalize(double[] v, double[] trivial, double[][] basis, int count)
    {
        Axpy(-Dot(v, trivial), trivial, v);
        for (int j = 0; j < count; j++) Axpy(-Dot(v, basis[j]), basis[j], v);
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);

    private static void Axpy(double alpha, double[] x, double[] y) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(x, alpha, y, y);

    private static double Normalize(double[] v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply<double>(v, 1 / norm, v);
        return norm;
    }
}
