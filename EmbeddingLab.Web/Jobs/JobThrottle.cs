namespace EmbeddingLab.Web.Jobs;

/// <summary>
/// How many jobs compute at once on this server (<c>EmbeddingLab:MaxConcurrentJobs</c>, default max(4, 2 × cores));
/// the others wait their turn, in order, saying so, and without holding a thread. Job work is largely synchronous
/// (parsing, training, writing with fsync) on thread-pool threads: twenty workspaces uploading and projecting at
/// once held twenty pool threads on a two-core server, and the circuits' own messages (clicks, renders, uploads'
/// chunks) queued behind the pool's slow thread injection until browsers gave up.
/// </summary>
public sealed class JobThrottle
{
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public JobThrottle(IConfiguration? configuration = null)
    {
        int configured = configuration?.GetValue<int?>("EmbeddingLab:MaxConcurrentJobs") ?? 0;
        MaxConcurrent = configured > 0 ? configured : Math.Max(4, 2 * Environment.ProcessorCount);
        _slots = new SemaphoreSlim(MaxConcurrent, MaxConcurrent);
    }

    public int MaxConcurrent { get; }

    /// <summary>Jobs computing now.</summary>
    public int Running => MaxConcurrent - _slots.CurrentCount;

    /// <summary>Jobs waiting for a turn.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits (asynchronously; Cancel ends the wait) for a turn; dispose the result when the job's work is over.</summary>
    public async Task<IDisposable> EnterAsync(BackgroundJob job)
    {
        if (!_slots.Wait(0))
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                job.Report(new JobProgress(null, $"Waiting for a free worker ({MaxConcurrent} jobs run at once on this server)…"));
                await _slots.WaitAsync(job.CancellationToken).ConfigureAwait(false);
            }
            finally { Interlocked.Decrement(ref _waiting); }
        }
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose() { if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release(); }
    }
}
