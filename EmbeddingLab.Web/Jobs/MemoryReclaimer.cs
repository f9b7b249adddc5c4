namespace EmbeddingLab.Web.Jobs;

/// <summary>
/// Gives memory back to the operating system after big work: when a job ends or a session goes, one compacting,
/// decommitting collection runs a moment later (requests in between coalesce into it). Without it the GC keeps the
/// heap a 2 GB job grew to long after the job and its session are gone.
/// </summary>
public sealed class MemoryReclaimer
{
    private readonly object _gate = new();
    private bool _scheduled;

    private int _requests;

    /// <summary>Collections run so far (tests).</summary>
    public int Collections { get; private set; }

    /// <summary>Times a collection was asked for, coalesced or not (tests).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Asks for a collection about <paramref name="delay"/> from now (default one second: after the scope that ended has let go).</summary>
    public void Request(TimeSpan? delay = null)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            if (_scheduled) return;
            _scheduled = true;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay ?? TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            lock (_gate) _scheduled = false;
            // Aggressive: compacts every generation and the large-object heap and decommits the free space.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Collections++;
        });
    }
}
