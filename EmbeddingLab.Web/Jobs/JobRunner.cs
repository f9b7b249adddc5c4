using EmbeddingLab.Core.Formats;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Jobs;

/// <summary>
/// Starts long work on the thread pool and turns its outcome into job state. With a persistent workspace the jobs are
/// the workspace's (<see cref="WorkspaceJobs"/>): they run on when the tab closes, and the next page sees them in
/// <see cref="Jobs"/>. Without one (component tests) they belong to this circuit and stop with it.
/// The result callback runs on the worker thread; components re-render through <see cref="BackgroundJob.Changed"/>.
/// Every job has the same memory bound, <see cref="MemoryBudget"/> (<c>EmbeddingLab:MaxJobMemoryBytes</c>, 2 GiB by
/// default), which the work passes to the engine; when a job ends or the session goes, memory is given back.
/// </summary>
public sealed class JobRunner : IDisposable
{
    private readonly ILogger<JobRunner> _log;
    private readonly List<BackgroundJob> _jobs = new();
    private readonly WorkspaceContext? _context;
    private readonly WorkspaceJobs? _workspaceJobs;

    private readonly MemoryReclaimer? _reclaimer;
    private readonly JobThrottle? _throttle;

    public JobRunner(ILogger<JobRunner> log, IConfiguration? configuration = null, MemoryReclaimer? reclaimer = null, JobThrottle? throttle = null)
    {
        _log = log;
        _reclaimer = reclaimer;
        _throttle = throttle;
        MemoryBudget = new(configuration?.GetValue<long?>("EmbeddingLab:MaxJobMemoryBytes") ?? Core.Limits.MemoryBudget.DefaultMaxBytes);
    }

    /// <summary>The memory one job of this session may take; pass it to the engine's options (Budget).</summary>
    public Core.Limits.MemoryBudget MemoryBudget { get; }

    public JobRunner(ILogger<JobRunner> log, WorkspaceContext context, WorkspaceJobs workspaceJobs, IConfiguration? configuration = null,
        MemoryReclaimer? reclaimer = null, JobThrottle? throttle = null) : this(log, configuration, reclaimer, throttle)
    {
        _context = context;
        _workspaceJobs = workspaceJobs;
    }

    private bool Persistent => _workspaceJobs is not null && _context?.Id is not null;

    /// <summary>Jobs of this workspace (or session), newest last, including those started by earlier pages and tabs.</summary>
    public IReadOnlyList<BackgroundJob> Jobs
    {
        get
        {
            if (Persistent) return _workspaceJobs!.For(_context!.Id!);
            lock (_jobs) return _jobs.ToList();
        }
    }

    /// <summary>The newest job of a kind (e.g. "train"), running or finished, for a page to show when it opens.</summary>
    public BackgroundJob? Latest(string kind) => Jobs.LastOrDefault(j => j.Kind == kind);

    /// <param name="small">
    /// Work known to take milliseconds (a PCA of a small set, a small upload): it does not queue behind the long jobs
    /// in the <see cref="JobThrottle"/>, so a quick click answers at once while others train.
    /// </param>
    public BackgroundJob Start<T>(string title, Func<BackgroundJob, Task<T>> work, Action<T>? onSuccess = null, string kind = "", bool small = false)
    {
        if (Persistent) return _workspaceJobs!.Start(_context!.Id!, title, kind, work, onSuccess, small);
        var job = new BackgroundJob(title, kind);
        lock (_jobs) _jobs.Add(job);
        Run(job, work, onSuccess, _log, _reclaimer, small ? null : _throttle);
        return job;
    }

    public BackgroundJob Start(string title, Func<BackgroundJob, Task> work, Action? onSuccess = null, string kind = "", bool small = false) =>
        Start<bool>(title, async j => { await work(j).ConfigureAwait(false); return true; }, onSuccess is null ? null : _ => onSuccess(), kind, small);

    /// <summary>Work a "small" job may be (<see cref="Start{T}"/>): up to this many values (rows × dimensions, or bytes of a file).</summary>
    public const long SmallWork = 4L << 20;

    /// <param name="onStart">Runs first on the worker (recording the job), so the caller — a circuit's click — never waits for it.</param>
    internal static void Run<T>(BackgroundJob job, Func<BackgroundJob, Task<T>> work, Action<T>? onSuccess, ILogger log, MemoryReclaimer? reclaimer = null,
        JobThrottle? throttle = null, Action<BackgroundJob>? onStart = null)
    {
        job.Completion = Task.Run(async () =>
        {
            IDisposable? slot = null;
            long queued = System.Diagnostics.Stopwatch.GetTimestamp(), started = queued;
            try
            {
                onStart?.Invoke(job);
                if (throttle is not null) slot = await throttle.EnterAsync(job).ConfigureAwait(false);
                started = System.Diagnostics.Stopwatch.GetTimestamp();
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
                log.LogWarning(e, "Job {Title} failed", job.Title);
                job.Finish(JobState.Failed, Describe(e));
            }
            finally
            {
                slot?.Dispose();
                reclaimer?.Request();
                // Where a job's time went, for the load benchmark and operators: waiting for a turn, then working.
                log.LogInformation("Job {Kind} \"{Title}\" {State}: waited {WaitMs:F0} ms, ran {RunMs:F0} ms", job.Kind, job.Title, job.State,
                    System.Diagnostics.Stopwatch.GetElapsedTime(queued, started).TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

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
        // A session without a workspace is gone: stop its work so it does not run on for nobody. Workspace jobs go on.
        if (Persistent) return;
        foreach (var job in Jobs) job.Cancel();
        lock (_jobs) _jobs.Clear();
        _reclaimer?.Request();
    }
}
