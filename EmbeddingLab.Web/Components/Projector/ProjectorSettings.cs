using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>
/// What the user chose in the projector's controls (method and its parameters, with scikit-learn's and openTSNE's
/// names and defaults). Mutable because the form binds to it; <see cref="ToRequest"/> turns it into the immutable request.
/// </summary>
public sealed class ProjectorSettings
{
    public ProjectionMethod Method { get; set; } = ProjectionMethod.Pca;
    public int Dims { get; set; } = 2;
    public int Seed { get; set; }

    // t-SNE (scikit-learn's TSNE parameter names).
    public double Perplexity { get; set; } = 30;
    public int Iterations { get; set; } = 1000;
    public double EarlyExaggeration { get; set; } = 12;
    /// <summary>0 = "auto" (scikit-learn's max(N / early_exaggeration / 4, 50)).</summary>
    public double LearningRate { get; set; }
    public TsneInit Init { get; set; } = TsneInit.Pca;

    // UMAP (umap-learn's parameter names and defaults).
    public int NNeighbors { get; set; } = 15;
    public double MinDist { get; set; } = 0.1;
    public UmapMetric Metric { get; set; } = UmapMetric.Euclidean;

    public static string MethodName(ProjectionMethod method) => method switch
    {
        ProjectionMethod.Pca => "PCA",
        ProjectionMethod.Tsne => "t-SNE",
        _ => method.ToString().ToUpperInvariant(),
    };

    /// <summary>
    /// The request for a set of <paramref name="count"/> vectors of <paramref name="dimensions"/> dimensions, or the
    /// one sentence that says which setting is wrong (checked here so nothing starts that would fail at once).
    /// </summary>
    public (ProjectionRequest? Request, string? Error) ToRequest(int count, int dimensions)
    {
        if (count < 3) return (null, $"A projection needs at least 3 vectors; this set has {count}.");
        if (Dims is < 2 or > 3) return (null, "Choose 2-D or 3-D.");
        var tsne = new TsneOptions
        {
            NComponents = Dims,
            Perplexity = Perplexity,
            NIter = Iterations,
            EarlyExaggeration = EarlyExaggeration,
            LearningRate = LearningRate > 0 ? LearningRate : null,
            Init = Init,
            Seed = Seed,
            // Live frames: often enough to animate, rarer on large sets where each frame is big.
            SnapshotEvery = count > 20_000 ? 25 : 10,
        };
        switch (Method)
        {
            case ProjectionMethod.Pca when dimensions < Dims:
                return (null, $"PCA to {Dims}-D needs vectors of at least {Dims} dimensions; these have {dimensions}.");
            case ProjectionMethod.Tsne:
                if (LearningRate < 0) return (null, "Learning rate must be positive, or 0 for auto.");
                try { tsne.Validate(count); }
                catch (ArgumentException e) { return (null, e.Message); }
                break;
        }
        var umap = new UmapOptions { NComponents = Dims, NNeighbors = NNeighbors, MinDist = MinDist, Metric = Metric, RandomState = Seed,
            SnapshotEvery = count > 20_000 ? 25 : 10 };
        if (Method == ProjectionMethod.Umap)
        {
            try { umap.Validate(count); }
            catch (ArgumentException e) { return (null, e.Message); }
        }
        return (new ProjectionRequest { Method = Method, Dims = Dims, Seed = Seed, Tsne = tsne, Umap = umap }, null);
    }
}
