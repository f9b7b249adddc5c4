using System.Diagnostics;

namespace EmbeddingLab.Web.Jobs;

public enum JobState { Running, Succeeded, Failed, Cancelled }

/// <summary>What a job reports: a fraction done (null when unknown), a status line and named figures (words/s, loss…).</summary>
public sealed record JobProgress(double? Fraction, string Status, IReadOnlyList<(string Name, string Value)>? Figures = null);

/// <summary>
/// One piece of long work running off the circuit's thread. Pages show it with &lt;JobPanel&gt;: a bar, the figures,
/// elapsed time and ETA, and Cancel. Failures become a readable message, never an unhandled-error bar.
/// </summary>
public sealed class BackgroundJob : IProgress<JobProgress>
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastNotifyTicks;

    internal BackgroundJob(string title) => Title = title;

    public string Title { get; }
    public JobState State { get; private set; } = JobState.Running;
    public JobProgress Progress { get; private set; } = new(null, "");
    public string? Error { get; private set; }
    public TimeSpan Elapsed => _clock.Elapsed;
    public bool IsRunning => State == JobState.Running;
    public CancellationToken CancellationToken => _cancel.Token;
    internal Task Completion { get; set; } = Task.CompletedTask;

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
        if (now - Interlocked.Read(ref _lastNotifyTicks) < Stopwatch.Frequency / 10) return;
        Interlocked.Exchange(ref _lastNotifyTicks, now);
        Changed?.Invoke();
    }

    internal void Finish(JobState state, string? error = null)
    {
        _clock.Stop();
        State = state;
        Error = error;
        Changed?.Invoke();
    }

    /// <summary>Waits for the job to end (tests).</summary>
    public Task WaitAsync() => Completion;
}
