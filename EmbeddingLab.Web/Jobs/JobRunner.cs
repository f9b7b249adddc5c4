using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Web.Jobs;

/// <summary>
/// Starts long work on the thread pool for one session and turns its outcome into job state. The result callback
/// runs on the worker thread; components re-render through <see cref="BackgroundJob.Changed"/>.
/// Every job has the same memory bound, <see cref="MemoryBudget"/> (<c>EmbeddingLab:MaxJobMemoryBytes</c>, 2 GiB by
/// default), which the work passes to the engine; when a job ends or the session goes, memory is given back.
/// </summary>
public sealed class JobRunner(ILogger<JobRunner> log, IConfiguration? configuration = null, MemoryReclaimer? reclaimer = null) : IDisposable
{
    private readonly List<BackgroundJob> _jobs = new();

    /// <summary>The memory one job of this session may take; pass it to the engine's options (Budget).</summary>
    public Core.Limits.MemoryBudget MemoryBudget { get; } =
        new(configuration?.GetValue<long?>("EmbeddingLab:MaxJobMemoryBytes") ?? Core.Limits.MemoryBudget.DefaultMaxBytes);

    /// <summary>Jobs of this session, newest last.</summary>
    public IReadOnlyList<BackgroundJob> Jobs { get { lock (_jobs) return _jobs.ToList(); } }

    public BackgroundJob Start<T>(string title, Func<BackgroundJob, Task<T>> work, Action<T>? onSuccess = null)
    {
        var job = new BackgroundJob(title);
        lock (_jobs) _jobs.Add(job);
        job.Completion = Task.Run(async () =>
        {
            try
            {
                var result = await work(job).ConfigureAwait(false);
                onSuccess?.Invoke(result);
                job.Finish(JobState.Succeeded);
            }
            catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested)
            {
                job.Finish(JobState.Cancelled);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Job {Title} failed", title);
                job.Finish(JobState.Failed, Describe(e));
            }
            finally
            {
                reclaimer?.Request();
            }
        });
        return job;
    }

    public BackgroundJob Start(string title, Func<BackgroundJob, Task> work, Action? onSuccess = null) =>
        Start<bool>(title, async j => { await work(j).ConfigureAwait(false); return true; }, onSuccess is null ? null : _ => onSuccess());

    /// <summary>A message a user can act on: the exception's own sentence for input problems, a short note otherwise.</summary>
    public static string Describe(Exception e) => e switch
    {
        VectorFormatException or FormatException or InvalidDataException or ArgumentException or KeyNotFoundException
            or FileNotFoundException or IOException or InvalidOperationException or NotSupportedException
            or Core.Encoding.Onnx.OnnxRuntimeException or Core.Encoding.Hub.ModelDownloadException => e.Message.Trim('"'),
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        OutOfMemoryException => "The machine ran out of memory for this job; try fewer items or smaller settings.",
        _ => $"Something went wrong: {e.Message}",
    };

    public void Dispose()
    {
        // The session is gone: stop its work so it does not run on for nobody.
        foreach (var job in Jobs) job.Cancel();
        lock (_jobs) _jobs.Clear();
        reclaimer?.Request();
    }
}
