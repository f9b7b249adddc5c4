using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// A fitted logistic regression: one weight row (binary: the positive class, <c>Classes[1]</c>) or one per class
/// (multinomial), each Dimensions long, and an intercept per row; classes as local indices 0..Classes−1.
/// </summary>
public sealed record LogisticRegressionModel(int Classes, int Dimensions, double[] Coefficients, double[] Intercepts,
    int Iterations, bool Converged, double Objective)
{
    internal int PredictRow(FeatureMatrix x, int row)
    {
        int d = Dimensions;
        if (Classes == 2) return x.Dot(row, Coefficients.AsSpan(0, d)) + Intercepts[0] > 0 ? 1 : 0;
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double z = x.Dot(row, Coefficients.AsSpan(k * d, d)) + Intercepts[k];
            if (z > bestScore) { bestScore = z; best = k; } // first maximum wins, as numpy's argmax
        }
        return best;
    }

    internal int[] Predict(FeatureMatrix x, int threads = 0)
    {
        var result = new int[x.Rows];
        ParallelRanges.For(x.Rows, 256, ParallelRanges.ResolveThreads(threads), (_, start, end) =>
        {
            for (int i = start; i < end; i++) result[i] = PredictRow(x, i);
        });
        return result;
    }
}

/// <summary>
/// scikit-learn's <c>LogisticRegression()</c> with the lbfgs solver: minimises Σᵢ loss(xᵢ, yᵢ) + ½·(1/C)·‖W‖² (the
/// intercepts are not penalised), where the loss is the softmax cross-entropy for three or more classes and the
/// logistic loss of the positive class for two (sklearn's <c>multi_class="auto"</c>). The objective is strictly convex,
/// so any solver that reaches its optimum gives sklearn's model; ours is L-BFGS on the full batch with sklearn's
/// stopping rules. The loss and gradient are summed over fixed row chunks on all cores, then added in chunk order.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Most doubles the per-chunk gradient buffers may hold together (64 MB).</summary>
    private const long BufferBudget = 8L << 20;

    /// <summary>Fits rows of a row-major float matrix with labels 0..classes−1 (every class must occur).</summary>
    public static LogisticRegressionModel Fit(ReadOnlySpan<float> matrix, int dimensions, IReadOnlyList<int> rows, int[] labels, int classes,
        LogisticRegressionOptions? options = null, IProgress<int>? iterations = null, CancellationToken cancellationToken = default) =>
        Fit(FeatureMatrix.FromRows(matrix, dimensions, rows), labels, classes, options ?? new(), iterations, cancellationToken);

    /// <summary>Predicted local class of each given row.</summary>
    public static int[] Predict(LogisticRegressionModel model, ReadOnlySpan<float> matrix, int dimensions, IReadOnlyList<int> rows, int threads = 0) =>
        model.Predict(FeatureMatrix.FromRows(matrix, dimensions, rows), threads);

    internal static LogisticRegressionModel Fit(FeatureMatrix x, int[] y, int classes, LogisticRegressionOptions options,
        IProgress<int>? iterations, CancellationToken cancellationToken)
    {
        if (classes < 2) throw new ArgumentException("Logistic regression needs at least two classes in the training rows.");
        if (y.Length != x.Rows) throw new ArgumentException($"{y.Length} labels for {x.Rows} rows.");
        if (options.C <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.C, "C must be positive.");
        int n = x.Rows, d = x.Columns;
        int blocks = classes == 2 ? 1 : classes;
        int stride = d + (options.FitIntercept ? 1 : 0);
        int parameters = blocks * stride;
        double lambda = 1 / options.C;
        int threads = ParallelRanges.ResolveThreads(options.Threads);
        int chunks = (int)Math.Clamp(Math.Min(64, (n + 127) / 128), 1, Math.Max(1, BufferBudget / parameters));
        int chunkRows = (n + chunks - 1) / chunks;
        chunks = (n + chunkRows - 1) / chunkRows;
        var buffers = new double[chunks][];
        var losses = new double[chunks];
        for (int c = 0; c < chunks; c++) buffers[c] = new double[parameters];

        double Evaluate(double[] w, double[] gradient)
        {
            ParallelRanges.For(n, chunkRows, threads, (chunk, start, end) =>
            {
                var grad = buffers[chunk];
                Array.Clear(grad);
                Span<double> z = stackalloc double[blocks];
                double loss = 0;
                for (int i = start; i < end; i++)
                {
                    for (int k = 0; k < blocks; k++)
                        z[k] = x.Dot(i, w.AsSpan(k * stride, d)) + (options.FitIntercept ? w[k * stride + d] : 0);
                    if (blocks == 1)
                    {
                        // Logistic loss log(1 + e^z) − y·z, computed without overflow.
                        double zi = z[0];
                        loss += (zi > 0 ? zi + Math.Log(1 + Math.Exp(-zi)) : Math.Log(1 + Math.Exp(zi))) - (y[i] == 1 ? zi : 0);
                        double p = zi >= 0 ? 1 / (1 + Math.Exp(-zi)) : Math.Exp(zi) / (1 + Math.Exp(zi));
                        double gi = p - (y[i] == 1 ? 1 : 0);
                        x.AddScaled(i, gi, grad.AsSpan(0, d));
                        if (options.FitIntercept) grad[d] += gi;
                    }
                    else
                    {
                        double max = double.NegativeInfinity;
                        for (int k = 0; k < blocks; k++) max = Math.Max(max, z[k]);
                        double sum = 0;
                        for (int k = 0; k < blocks; k++) sum += Math.Exp(z[k] - max);
                        double logSum = max + Math.Log(sum);
                        loss += logSum - z[y[i]];
                        for (int k = 0; k < blocks; k++)
                        {
                            double gk = Math.Exp(z[k] - logSum) - (k == y[i] ? 1 : 0);
                            x.AddScaled(i, gk, grad.AsSpan(k * stride, d));
                            if (options.FitIntercept) grad[k * stride + d] += gk;
                        }
                    }
                }
                losses[chunk] = loss;
            }, cancellationToken);

            // Ordered reduction, so the result does not depend on the thread count.
            double total = 0;
            for (int c = 0; c < chunks; c++) total += losses[c];
            ParallelRanges.For(parameters, 4096, threads, (_, start, end) =>
            {
                for (int p = start; p < end; p++)
                {
                    double sum = 0;
                    for (int c = 0; c < chunks; c++) sum += buffers[c][p];
                    gradient[p] = sum;
                }
            });
            double penalty = 0;
            for (int k = 0; k < blocks; k++)
            {
                var wk = w.AsSpan(k * stride, d);
                var gk = gradient.AsSpan(k * stride, d);
                for (int j = 0; j < d; j++)
                {
                    penalty += wk[j] * wk[j];
                    gk[j] += lambda * wk[j];
                }
            }
            return total + 0.5 * lambda * penalty;
        }

        var result = Lbfgs.Minimize(Evaluate, new double[parameters], options.Tol, options.MaxIter, cancellationToken,
            iterations is null ? null : (it, _) => iterations.Report(it));
        var coefficients = new double[blocks * d];
        var intercepts = new double[blocks];
        for (int k = 0; k < blocks; k++)
        {
            result.X.AsSpan(k * stride, d).CopyTo(coefficients.AsSpan(k * d, d));
            if (options.FitIntercept) intercepts[k] = result.X[k * stride + d];
        }
        return new LogisticRegressionModel(classes, d, coefficients, intercepts, result.Iterations, result.Converged, result.Value);
    }
}
