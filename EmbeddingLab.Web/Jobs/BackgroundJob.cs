using System.Diagnostics;

namespace EmbeddingLab.Web.Jobs;

/// <summary>Running, then one of the ends. Interrupted: the server stopped while it ran (shown after a restart).</summary>
public enum JobState { Running, Succeeded, Failed, Cancelled, Interrupted }

/// <summary>What a job reports: a fraction done (null when unknown), a status line and named figures (words/s, loss…).</summary>
public sealed record JobProgress(double? Fraction, string Status, IReadOnlyList<(string Name, string Value)>? Figures = null);

/// <summary>
/// One piece of long work running off the circuit's thread. Pages show it with &lt;JobPanel&gt;: a bar, the figures,
/// elapsed time and ETA, and Cancel. Failures become a readable message, never an unhandled-error bar.
/// Jobs of a persistent workspace belong to the workspace (<see cref="WorkspaceJobs"/>), not to the page.
/// </summary>
public sealed class BackgroundJob : IProgress<JobProgress>
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _elapsedBefore;
    private long _lastNotifyTicks;
    private long _lastSaveTicks = long.MinValue / 2; // the first report is recorded at once

    internal BackgroundJob(string title, string kind = "")
    {
        Title = title;
        Kind = kind;
        Id = Guid.NewGuid().ToString("N");
        Started = DateTimeOffset.UtcNow;
    }

    /// <summary>A job as recorded before a restart (finished, failed, cancelled or interrupted).</summary>
    internal BackgroundJob(string id, string title, string kind, JobState state, JobProgress progress, string? error, DateTimeOffset started, DateTimeOffset? finished)
    {
        Id = id;
        Title = title;
        Kind = kind;
        State = state;
        Progress = progress;
        Error = error;
        Started = started;
        _clock.Stop();
        _elapsedBefore = (finished ?? started) - started;
    }

    public string Id { get; }
    public string Title { get; }
    /// <summary>What made it ("train", "encode", "project"…), so a page finds its own jobs on opening.</summary>
    public string Kind { get; }
    public DateTimeOffset Started { get; }
    public JobState State { get; private set; } = JobState.Running;
    public JobProgress Progress { get; private set; } = new(null, "");
    public string? Error { get; private set; }
    public TimeSpan Elapsed => _elapsedBefore + _clock.Elapsed;
    public bool IsRunning => State == JobState.Running;
    public CancellationToken CancellationToken => _cancel.Token;
    internal Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Called (throttled) when progress or state changes, to record the job (workspace jobs).</summary>
    internal Action<BackgroundJob>? Persist { get; set; }

    /// <summary>Estimated time left from the fraction done so far (null until it can be told).</summary>
    public TimeSpan? Eta
    {
        get
        {
            var f = Progress.Fraction;
            if (State != JobState.Running || f is null or <= 0.01 or >= 1) return null;
            return TimeSpan.FromSeconds(Elapsed.TotalSeconds * (1 - f.Value) / f.Value);
        }
    }

    /// <summary>Raised on any thread when progress or state changes (throttled to about 10 per second for progress).</summary>
    public event Action? Changed;

    public void Cancel()
    {
        if (State == JobState.Running) _cancel.Cancel();
    }

    public void Report(JobProgress value)
    {
        Progress = value;
        long now = _clock.ElapsedTicks;
        if (Persist is not null && now - Interlocked.Read(ref _lastSaveTicks) >= Stopwatch.Frequency * 2)
        {
            Interlocked.Exchange(ref _lastSaveTicks, now);
            Persist(this);
        }
        if (now - Interlocked.Read(ref _lastNotifyTicks) < Stopwatch.Frequency / 10) return;
        Interlocked.Exchange(ref _lastNotifyTicks, now);
        Changed?.Invoke();
    }

    internal void Finish(JobState state, string? error = null)
    {
        _clock.Stop();
        State = state;
        Error = error;
        Persist?.Invoke(this);
        Changed?.Invoke();
    }

    /// <summary>Waits for the job to end (tests).</summary>
    public Task WaitAsync() => Completion;

    /// <summary>
    /// Runs <paramref name="ended"/> once the job has really ended, whatever the outcome, and returns the job. A page
    /// state uses it to tell its page: onSuccess runs while the job still counts as running, a failure calls nothing,
    /// and a job that ends within milliseconds can end before the page's JobPanel subscribes, so the page's buttons
    /// stayed disabled.
    /// </summary>
    public BackgroundJob WhenEnded(Action ended)
    {
        _ = Completion.ContinueWith(_ => ended(), TaskScheduler.Default);
        return this;
    }
}
