using System.Diagnostics;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Projection;

public enum ProjectionMethod { Pca, Tsne, Umap }

/// <summary>One request to project a vector set (what the CLI and the Projector page both run).</summary>
public sealed record ProjectionRequest
{
    public ProjectionMethod Method { get; init; } = ProjectionMethod.Pca;
    public int Dims { get; init; } = 2;
    /// <summary>t-SNE settings (NComponents is taken from Dims).</summary>
    public TsneOptions Tsne { get; init; } = new();
    /// <summary>UMAP settings (NComponents is taken from Dims; RandomState from Seed, Threads from Threads).</summary>
    public UmapOptions Umap { get; init; } = new();
    public int Seed { get; init; }
    public int Threads { get; init; }
    /// <summary>k of trustworthiness@k and kNN preservation@k.</summary>
    public int QualityK { get; init; } = 10;
    /// <summary>Points scored for the quality metrics (0 = all).</summary>
    public int QualitySample { get; init; } = 1000;
    /// <summary>The memory bound of the job: the run is sized first (<see cref="Projector.EnsureFits"/>) and refused when over it.</summary>
    public Limits.MemoryBudget? Budget { get; init; }
}

/// <summary>A projection of a set: row-major coordinates (Count × Dims), quality, and PCA's explained variance.</summary>
public sealed record ProjectionResult(ProjectionMethod Method, int Count, int Dims, float[] Coordinates, ProjectionQuality? Quality,
    double[]? ExplainedVarianceRatio, double? KlDivergence, TimeSpan Elapsed);

/// <summary>
/// Runs PCA, t-SNE or UMAP on an <see cref="EmbeddingSet"/> and scores the result. Progress comes as
/// <see cref="TsneProgress"/> for every method: for UMAP, Iteration/NIter are the epoch and n_epochs, the phases
/// are "neighbours", "graph", "init", "optimising", "done", KlDivergence is null, and snapshot epochs carry coordinates.
/// </summary>
public static class Projector
{
    public static ProjectionResult Project(EmbeddingSet set, ProjectionRequest request, IProgress<TsneProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (request.Dims is < 2 or > 3) throw new ArgumentException($"Projections have 2 or 3 dimensions, not {request.Dims}.");
        if (set.Count < 3) throw new ArgumentException($"A projection needs at least 3 vectors; this set has {set.Count}.");
        EnsureFits(set.Count, set.Dimensions, request);
        var clock = Stopwatch.StartNew();
        float[] coordinates;
        double[]? ratios = null;
        double? kl = null;
        if (request.Method == ProjectionMethod.Pca)
        {
            if (set.Dimensions < request.Dims) throw new ArgumentException($"PCA to {request.Dims} dimensions needs vectors of at least {request.Dims} dimensions.");
            var pca = Pca.Fit(set, new PcaOptions { NComponents = request.Dims, Seed = request.Seed, Threads = request.Threads }, cancellationToken);
            coordinates = pca.Coordinates;
            ratios = pca.ExplainedVarianceRatio;
        }
        else if (request.Method == ProjectionMethod.Umap)
        {
            var options = request.Umap with { NComponents = request.Dims, RandomState = request.Seed, Threads = request.Threads };
            var umapProgress = progress is null ? null : new UmapToTsneProgress(progress);
            coordinates = Umap.Run(set, options, umapProgress, cancellationToken).Coordinates;
        }
        else
        {
            var options = request.Tsne with { NComponents = request.Dims, Seed = request.Seed, Threads = request.Threads };
            var tsne = Tsne.Run(set, options, progress, cancellationToken);
            coordinates = tsne.Coordinates;
            kl = tsne.KlDivergence;
        }
        var elapsed = clock.Elapsed;
        var quality = Score(set, coordinates, request.Dims, request.QualityK, request.QualitySample, request.Seed, request.Threads, cancellationToken);
        return new ProjectionResult(request.Method, set.Count, request.Dims, coordinates, quality, ratios, kl, elapsed);
    }

    /// <summary>
    /// Sizes the run from the set's shape before any work: throws <see cref="Limits.MemoryBudgetException"/> (saying
    /// how big the work is and the bound) when it would take more than <see cref="ProjectionRequest.Budget"/>, or more
    /// than .NET arrays can hold whatever the budget (an exact t-SNE of many points).
    /// </summary>
    public static void EnsureFits(int count, int dimensions, ProjectionRequest request)
    {
        var budget = request.Budget ?? Limits.MemoryBudget.Unlimited;
        string shape = $"{count:N0} points × {dimensions:N0} dimensions";
        switch (request.Method)
        {
            case ProjectionMethod.Pca:
                budget.Ensure(Pca.EstimateBytes(count, dimensions, new PcaOptions { NComponents = request.Dims }), $"PCA of {shape}");
                break;
            case ProjectionMethod.Tsne:
                var options = request.Tsne with { NComponents = request.Dims };
                options.Validate(count); // the sizes below assume valid settings
                int k = Tsne.NeighborCount(options, count);
                var method = Tsne.ResolveMethod(options, count);
                string what = $"t-SNE of {shape} ({(method == TsneMethod.Exact ? "exact gradient, " : "")}{k:N0} neighbours a point)";
                long bytes = Tsne.EstimateBytes(count, dimensions, options);
                if (!Tsne.FitsInArrays(options, count)) throw new Limits.MemoryBudgetException(what, bytes, long.MaxValue);
                budget.Ensure(bytes, what);
                break;
            case ProjectionMethod.Umap:
                var umap = request.Umap with { NComponents = request.Dims };
                umap.Validate(count);
                string umapWhat = $"UMAP of {shape} ({Math.Min(umap.NNeighbors, count - 1):N0} neighbours a point)";
                long umapBytes = Umap.EstimateBytes(count, dimensions, umap);
                if (!Umap.FitsInArrays(umap, count)) throw new Limits.MemoryBudgetException(umapWhat, umapBytes, long.MaxValue);
                budget.Ensure(umapBytes, umapWhat);
                break;
        }
    }

    /// <summary>Quality at k (reduced for tiny sets so that k &lt; n/2), or null when the set is too small to score.</summary>
    public static ProjectionQuality? Score(EmbeddingSet set, float[] coordinates, int dims, int k = 10, int sample = 1000, int seed = 0,
        int threads = 0, CancellationToken cancellationToken = default)
    {
        int usableK = Math.Min(k, (set.Count - 1) / 2);
        if (usableK < 1) return null;
        // Keep the scoring cost bounded (sample × N × d) on very large, wide sets.
        int budgetSample = (int)Math.Clamp(4e9 / Math.Max(1.0, (double)set.Count * set.Dimensions), 200, Math.Max(200, sample));
        int effective = sample <= 0 ? 0 : Math.Min(sample, budgetSample);
        return ProjectionQuality.Evaluate(set.MatrixArray, set.Count, set.Dimensions, coordinates, dims, usableK, effective, seed, threads, cancellationToken);
    }
}

/// <summary>Forwards UMAP progress in the shape the projector reports for every method (synchronously, in order).</summary>
internal sealed class UmapToTsneProgress(IProgress<TsneProgress> inner) : IProgress<UmapProgress>
{
    public void Report(UmapProgress value) => inner.Report(new TsneProgress(value.Phase, value.Epoch, value.NEpochs, null, value.Coordinates));
}

/// <summary>Neighbours inside a projection (low-dimensional, brute force: fine for one click on 100,000 points).</summary>
public static class ProjectedNeighbors
{
    /// <returns>The k rows nearest to <paramref name="row"/> in the projection, nearest first.</returns>
    public static int[] Nearest(float[] coordinates, int dims, int row, int k)
    {
        int n = coordinates.Length / dims;
        k = Math.Min(k, n - 1);
        var rows = new int[k];
        var dist = new float[k];
        ProjectionQuality.NearestK(coordinates, n, dims, row, k, rows, dist);
        return rows;
    }
}
