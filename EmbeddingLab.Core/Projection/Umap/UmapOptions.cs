namespace EmbeddingLab.Core.Projection;

public enum UmapMetric { Euclidean, Cosine }

/// <summary>umap-learn's init: spectral layout of the graph (per connected component), PCA of the data, or uniform random.</summary>
public enum UmapInit { Spectral, Pca, Random }

/// <summary>Nearest-neighbour search for the graph. Auto: exact below <see cref="UmapOptions.ExactMaxPoints"/>, NN-descent above.</summary>
public enum UmapNeighbors { Auto, Exact, NnDescent }

/// <summary>
/// UMAP settings with umap-learn's names and defaults (umap.UMAP, 0.5.3). NEpochs null is umap-learn's auto: 500 up to
/// 10,000 points, 200 above. RandomState null draws a fresh seed per run (umap-learn's random_state=None).
/// </summary>
public sealed record UmapOptions
{
    public int NComponents { get; init; } = 2;
    /// <summary>n_neighbors: size of the local neighbourhood, the point itself included (as umap-learn counts it).</summary>
    public int NNeighbors { get; init; } = 15;
    /// <summary>min_dist: how tightly points may be packed in the embedding.</summary>
    public double MinDist { get; init; } = 0.1;
    /// <summary>spread: scale of the embedded points; with MinDist it fixes the curve 1 / (1 + a·d^(2b)).</summary>
    public double Spread { get; init; } = 1.0;
    public UmapMetric Metric { get; init; } = UmapMetric.Euclidean;
    /// <summary>n_epochs; null = auto (500 up to 10,000 points, else 200).</summary>
    public int? NEpochs { get; init; }
    /// <summary>learning_rate: the initial SGD step (decays linearly to 0).</summary>
    public double LearningRate { get; init; } = 1.0;
    /// <summary>negative_sample_rate: negative samples per positive sample.</summary>
    public int NegativeSampleRate { get; init; } = 5;
    /// <summary>repulsion_strength (gamma): weight of the negative samples.</summary>
    public double RepulsionStrength { get; init; } = 1.0;
    /// <summary>set_op_mix_ratio: 1 = fuzzy union of the directed graphs (R + Rᵀ − R∘Rᵀ), 0 = intersection.</summary>
    public double SetOpMixRatio { get; init; } = 1.0;
    /// <summary>local_connectivity: neighbours assumed connected at full strength.</summary>
    public double LocalConnectivity { get; init; } = 1.0;
    public UmapInit Init { get; init; } = UmapInit.Spectral;
    /// <summary>umap-learn's init=array: a starting layout (row-major n × NComponents) used instead of <see cref="Init"/>,
    /// e.g. another projection's coordinates so two maps are comparable. Like umap-learn, each axis is then scaled to [0, 10].</summary>
    public float[]? InitLayout { get; init; }
    /// <summary>random_state; null = a fresh seed per run.</summary>
    public int? RandomState { get; init; }
    public UmapNeighbors Neighbors { get; init; } = UmapNeighbors.Auto;
    /// <summary>Worker threads; 0 = all cores. With 1 thread and a RandomState, results are reproducible bit for bit.</summary>
    public int Threads { get; init; }
    /// <summary>Report a copy of the coordinates every this many epochs (0 = never), for live animation.</summary>
    public int SnapshotEvery { get; init; } = 10;

    /// <summary>Exact (blocked brute-force) neighbours up to this many points when Neighbors is Auto.</summary>
    public const int ExactMaxPoints = 10_000;

    public int ResolveNEpochs(int n) => NEpochs ?? (n <= 10_000 ? 500 : 200);

    public void Validate(int n)
    {
        if (NComponents is < 2 or > 3) throw new ArgumentException($"UMAP makes 2 or 3 dimensions, not {NComponents}.");
        if (NNeighbors < 2) throw new ArgumentException($"n_neighbors must be at least 2, not {NNeighbors}.");
        if (n < 3) throw new ArgumentException($"UMAP needs at least 3 points; there are {n}.");
        if (!(MinDist >= 0)) throw new ArgumentException($"min_dist must be non-negative, not {MinDist}.");
        if (!(Spread > 0)) throw new ArgumentException($"spread must be positive, not {Spread}.");
        if (MinDist > Spread) throw new ArgumentException($"min_dist ({MinDist}) must be less than or equal to spread ({Spread}).");
        if (NEpochs is < 1) throw new ArgumentException($"n_epochs must be at least 1, not {NEpochs}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning_rate must be positive, not {LearningRate}.");
        if (NegativeSampleRate < 0) throw new ArgumentException($"negative_sample_rate must be non-negative, not {NegativeSampleRate}.");
        if (!(RepulsionStrength >= 0)) throw new ArgumentException($"repulsion_strength must be non-negative, not {RepulsionStrength}.");
        if (SetOpMixRatio is < 0 or > 1) throw new ArgumentException($"set_op_mix_ratio must be between 0 and 1, not {SetOpMixRatio}.");
        if (!(LocalConnectivity >= 0)) throw new ArgumentException($"local_connectivity must be non-negative, not {LocalConnectivity}.");
    }
}

/// <summary>Progress of a UMAP run: phase ("neighbours", "graph", "init", "optimising", "done"), epoch, and on snapshot epochs a copy of the coordinates.</summary>
public sealed record UmapProgress(string Phase, int Epoch, int NEpochs, float[]? Coordinates);

/// <summary>Final embedding (row-major Count × NComponents) with the curve parameters and epochs used.</summary>
public sealed record UmapResult(float[] Coordinates, int Count, int NComponents, double A, double B, int NEpochs, string InitUsed, TimeSpan Elapsed);
