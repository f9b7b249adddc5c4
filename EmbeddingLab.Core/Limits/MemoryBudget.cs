namespace EmbeddingLab.Core.Limits;

/// <summary>
/// How much memory one job may take. Work that can be sized from its input (a vector file's rows × dimensions, a
/// corpus's bytes, a dense matrix) is estimated before it starts and refused when the estimate is over the bound, with
/// a message that says how big the work is — instead of an out-of-memory failure (or a server swapping) half-way.
/// </summary>
public sealed record MemoryBudget(long MaxBytes)
{
    /// <summary>The default bound per job: 2 GiB.</summary>
    public const long DefaultMaxBytes = 2L << 30;

    /// <summary>No bound beyond what .NET itself can allocate (the CLI, where the user owns the machine).</summary>
    public static MemoryBudget Unlimited { get; } = new(long.MaxValue);

    public static MemoryBudget Default { get; } = new(DefaultMaxBytes);

    /// <summary>Throws <see cref="MemoryBudgetException"/> when <paramref name="bytes"/> is over the bound.</summary>
    /// <param name="what">The work, as a phrase: "a 40,639 × 98,123 dense matrix".</param>
    public void Ensure(long bytes, string what)
    {
        if (bytes > MaxBytes) throw new MemoryBudgetException(what, bytes, MaxBytes);
    }

    /// <summary>1.5 GB, 320 MB, 12 KB: bytes as people read them (powers of 1024, as the settings are written).</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} bytes",
    };

    /// <summary>Bytes of <paramref name="rows"/> × <paramref name="columns"/> float32 values, saturating instead of overflowing.</summary>
    public static long FloatMatrixBytes(long rows, long columns)
    {
        if (rows <= 0 || columns <= 0) return 0;
        return rows > long.MaxValue / 4 / columns ? long.MaxValue : rows * columns * 4;
    }
}

/// <summary>Work refused because its estimated memory is over the job's bound.</summary>
public sealed class MemoryBudgetException(string what, long neededBytes, long maxBytes)
    : InvalidOperationException(maxBytes == long.MaxValue
        ? $"{Capitalise(what)} needs about {MemoryBudget.Format(neededBytes)} of memory, more than one array can hold."
        : $"{Capitalise(what)} needs about {MemoryBudget.Format(neededBytes)} of memory, over the limit of {MemoryBudget.Format(maxBytes)} per job.")
{
    public long NeededBytes { get; } = neededBytes;
    public long MaxBytes { get; } = maxBytes;

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
