namespace EmbeddingLab.Core.Projection;

/// <summary>PCA settings (scikit-learn names). Randomized subspace iteration, as sklearn's svd_solver="randomized".</summary>
public sealed record PcaOptions
{
    /// <summary>Output dimensions (sklearn n_components).</summary>
    public int NComponents { get; init; } = 2;
    /// <summary>Power iterations (sklearn iterated_power; "auto" there is 7 for few components).</summary>
    public int IteratedPower { get; init; } = 7;
    /// <summary>Extra random directions beyond NComponents (sklearn n_oversamples).</summary>
    public int NOversamples { get; init; } = 10;
    public int Seed { get; init; }
    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }
}

/// <summary>
/// A fitted PCA: row-major coordinates (Count × NComponents), principal axes (NComponents × input dims, unit rows),
/// and the variance each axis explains (absolute, and as a share of the total variance).
/// </summary>
public sealed record PcaResult(float[] Coordinates, int Count, int NComponents, float[] Components, float[] Mean,
    double[] ExplainedVariance, double[] ExplainedVarianceRatio);
