using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Comparison;

/// <summary>How two spaces are compared.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Neighbours per key (k) for the overlap.</summary>
    public int K { get; init; } = 10;

    /// <summary>Up to this many shared keys, every key's overlap is computed exactly; above it, a seeded sample of
    /// <see cref="SampleKeys"/> keys is (each still against all shared keys).</summary>
    public int ExactKeyLimit { get; init; } = 20_000;

    public int SampleKeys { get; init; } = 2_000;

    /// <summary>CKA and Procrustes use every shared key up to this many, else a seeded sample of this size.</summary>
    public int MatrixSampleLimit { get; init; } = 20_000;

    /// <summary>How many most- and least-changed keys to list.</summary>
    public int Top { get; init; } = 20;

    public int Seed { get; init; }

    /// <summary>Worker threads (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>The job's memory bound: a comparison whose <see cref="SpaceComparer.EstimateBytes"/> is over it is refused
    /// with its size before any work (null = unbounded, as on the command line).</summary>
    public Limits.MemoryBudget? Budget { get; init; }
}

/// <summary>One key's neighbourhood in both spaces.</summary>
/// <param name="Overlap">|N_A ∩ N_B| / k.</param>
public sealed record KeyOverlap(string Key, double Overlap, IReadOnlyList<string> NeighborsA, IReadOnlyList<string> NeighborsB);

/// <summary>Everything the Compare page and the <c>compare</c> command report.</summary>
public sealed record SpaceComparison
{
    public required int Shared { get; init; }
    public required int OnlyA { get; init; }
    public required int OnlyB { get; init; }
    public required IReadOnlyList<string> OnlyAExamples { get; init; }
    public required IReadOnlyList<string> OnlyBExamples { get; init; }
    public required int K { get; init; }
    public required double MeanOverlap { get; init; }
    /// <summary>The overlap two unrelated spaces give on average: k / (n − 1).</summary>
    public required double ChanceOverlap { get; init; }
    /// <summary>Keys whose overlap was computed (all shared keys, or a sample: see <see cref="OverlapSampled"/>).</summary>
    public required int OverlapKeys { get; init; }
    public required bool OverlapSampled { get; init; }
    public required double Cka { get; init; }
    public required double ProcrustesDisparity { get; init; }
    /// <summary>Rows used for CKA and Procrustes (all shared keys or a sample).</summary>
    public required int MatrixRows { get; init; }
    public required bool MatrixSampled { get; init; }
    /// <summary>Dimensions Procrustes worked in after a PCA reduction of both sets: the smaller dimension when they differ,
    /// at most min(rows, <see cref="SpaceComparer.MaxProcrustesDimensions"/>); null when no reduction was needed.</summary>
    public required int? ReducedTo { get; init; }
    public int DimensionsA { get; init; }
    public int DimensionsB { get; init; }
    public required IReadOnlyList<KeyOverlap> MostChanged { get; init; }
    public required IReadOnlyList<KeyOverlap> LeastChanged { get; init; }
    /// <summary>Overlap per computed key (for colouring a projection).</summary>
    public required IReadOnlyDictionary<string, double> OverlapByKey { get; init; }
    public required double Seconds { get; init; }

    /// <summary>Plain-language notes on what was sampled or reduced.</summary>
    public IEnumerable<string> Notes()
    {
        if (OverlapSampled) yield return $"Neighbourhood overlap was computed for a random sample of {OverlapKeys:N0} of the {Shared:N0} shared keys (each against all of them).";
        if (MatrixSampled) yield return $"CKA and Procrustes were computed on a random sample of {MatrixRows:N0} shared keys.";
        if (ReducedTo is { } d)
            yield return DimensionsA != DimensionsB
                ? $"The two spaces have different dimensions, so both were reduced to {d} with PCA before Procrustes."
                : $"Both spaces were reduced to {d} dimensions with PCA before Procrustes (at most the number of rows, and {SpaceComparer.MaxProcrustesDimensions:N0}: the rotation's cost grows with the cube of the dimensions).";
    }
}
