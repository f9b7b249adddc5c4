using System.Collections.Concurrent;
using EmbeddingLab.Core.Storage;

namespace EmbeddingLab.Web.Jobs;

/// <summary>
/// The jobs of every workspace, by workspace id (a singleton): training, encoding and projecting go on when the tab that
/// started them closes, and any page of the same workspace sees their progress and result. Each job is recorded in the
/// catalogue; at start-up, jobs recorded as running were cut off by a server stop and are shown as interrupted.
/// </summary>
public sealed class WorkspaceJobs
{
    private readonly WorkspaceStore _store;
    private readonly ILogger<WorkspaceJobs> _log;
    private readonly ConcurrentDictionary<string, List<BackgroundJob>> _jobs = new(StringComparer.Ordinal);

    private readonly JobThrottle? _throttle;
    private readonly MemoryReclaimer? _reclaimer;

    public WorkspaceJobs(WorkspaceStore store, ILogger<WorkspaceJobs> log, IHostApplicationLifetime lifetime, JobThrottle? throttle = null,
        MemoryReclaimer? reclaimer = null)
    {
        _store = store;
        _log = log;
        _throttle = throttle;
        _reclaimer = reclaimer;
        int interrupted = store.MarkRunningJobsInterrupted();
        if (interrupted > 0) log.LogInformation("{Count} job(s) were interrupted by the last server stop", interrupted);
        // A graceful stop: record the running jobs as interrupted before the process ends.
        lifetime.ApplicationStopping.Register(() => store.MarkRunningJobsInterrupted());
    }

    /// <summary>Raised (on any thread) when a job is added to a workspace (its id is the argument).</summary>
    public event Action<string>? JobAdded;

    public IReadOnlyList<BackgroundJob> For(string workspaceId)
    {
        var list = List(workspaceId);
        lock (list) return list.ToList();
    }

    /// <param name="small">Work of milliseconds: it does not queue behind long jobs (see <see cref="JobRunner.Start{T}"/>).</param>
    public BackgroundJob Start<T>(string workspaceId, string title, string kind, Func<BackgroundJob, Task<T>> work, Action<T>? onSuccess, bool small = false)
    {
        var job = new BackgroundJob(title, kind) { Persist = j => Save(workspaceId, j) };
        var list = List(workspaceId);
        lock (list)
        {
            list.Add(job);
            // Keep the last 50 per workspace in memory; the catalogue keeps the record.
            if (list.Count > 50) list.RemoveAll(j => !j.IsRunning && list.IndexOf(j) < list.Count - 50);
        }
        // Recorded by the worker, not by the caller: a click never waits for the catalogue's write lock. Every job's end
        // asks for the memory-returning collection, as a session's own jobs do.
        JobRunner.Run(job, work, onSuccess, _log, _reclaimer, small ? null : _throttle, j => Save(workspaceId, j));
        JobAdded?.Invoke(workspaceId);
        return job;
    }

    private List<BackgroundJob> List(string workspaceId) =>
        _jobs.GetOrAdd(workspaceId, id => _store.Jobs(id).Select(Restore).ToList());

    private static BackgroundJob Restore(StoredJob s)
    {
        var state = Enum.TryParse<JobState>(s.State, out var parsed) && parsed != JobState.Running ? parsed : JobState.Interrupted;
        var status = state == JobState.Interrupted ? $"Interrupted by a server stop{(s.Status.Length > 0 ? $" (last: {s.Status})" : "")}." : s.Status;
        return new BackgroundJob(s.Id, s.Title, s.Kind, state, new JobProgress(s.Fraction, status), s.Error, s.Started, s.Finished);
    }

    private void Save(string workspaceId, BackgroundJob job)
    {
        try
        {
            _store.SaveJob(workspaceId, new StoredJob(job.Id, job.Title, job.Kind, job.State.ToString(), job.Progress.Fraction, job.Progress.Status, job.Error,
                job.Started, job.IsRunning ? null : DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log.LogWarning(e, "Job {Title} could not be recorded", job.Title);
        }
    }
}
