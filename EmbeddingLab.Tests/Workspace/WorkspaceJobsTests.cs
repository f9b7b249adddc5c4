using EmbeddingLab.Core.Storage;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Workspace;

public class WorkspaceJobsTests
{
    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }

    [Fact]
    public async Task A_job_outlives_the_runner_that_started_it_and_the_next_runner_sees_it()
    {
        using var dir = new TempFolder();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        var registry = new WorkspaceJobs(store, NullLogger<WorkspaceJobs>.Instance, new Lifetime());
        var ws = WorkspaceStore.NewWorkspaceId();
        var context = new WorkspaceContext();
        context.Bind(ws);
        var gate = new TaskCompletionSource();
        var first = new JobRunner(NullLogger<JobRunner>.Instance, context, registry);
        var job = first.Start("Training songs", async j => { await gate.Task; return 42; }, kind: "train");
        first.Dispose(); // the tab closed

        var secondContext = new WorkspaceContext();
        secondContext.Bind(ws);
        var second = new JobRunner(NullLogger<JobRunner>.Instance, secondContext, registry);
        Assert.Same(job, second.Latest("train"));
        Assert.True(job.IsRunning);
        gate.SetResult();
        await job.WaitAsync();
        Assert.Equal(JobState.Succeeded, second.Latest("train")!.State);

        // Another workspace does not see it.
        var other = new WorkspaceContext();
        other.Bind(WorkspaceStore.NewWorkspaceId());
        Assert.Empty(new JobRunner(NullLogger<JobRunner>.Instance, other, registry).Jobs);
    }

    [Fact]
    public async Task A_job_running_when_the_server_stopped_is_shown_interrupted_after_a_restart()
    {
        using var dir = new TempFolder();
        var ws = WorkspaceStore.NewWorkspaceId();
        var registry = new WorkspaceJobs(new WorkspaceStore(new WorkspaceStoreOptions(dir.Path)), NullLogger<WorkspaceJobs>.Instance, new Lifetime());
        var never = new TaskCompletionSource<int>();
        var job = registry.Start<int>(ws, "Encoding sentences", "encode", j => { j.Report(new JobProgress(0.3, "batch 3 of 10")); return never.Task; }, null);
        await Task.Delay(50);

        // "Restart": a new store and registry on the same folder, the old process gone.
        var restarted = new WorkspaceJobs(new WorkspaceStore(new WorkspaceStoreOptions(dir.Path)), NullLogger<WorkspaceJobs>.Instance, new Lifetime());
        var seen = Assert.Single(restarted.For(ws));
        Assert.Equal(job.Id, seen.Id);
        Assert.Equal(JobState.Interrupted, seen.State);
        Assert.Equal("Encoding sentences", seen.Title);
        Assert.Equal("Interrupted by a server stop (last: batch 3 of 10).", seen.Progress.Status);
        Assert.Equal(0.3, seen.Progress.Fraction);
        never.SetCanceled();
    }

    [Fact]
    public async Task Every_workspace_job_end_asks_for_the_memory_returning_collection()
    {
        // A 2 GB training in a persistent workspace (every job in the app) must hand its memory back when it ends,
        // whether it succeeded, failed or was cancelled, as a session's own jobs do.
        using var dir = new TempFolder();
        var reclaimer = new MemoryReclaimer();
        var registry = new WorkspaceJobs(new WorkspaceStore(new WorkspaceStoreOptions(dir.Path)), NullLogger<WorkspaceJobs>.Instance, new Lifetime(),
            new JobThrottle(), reclaimer);
        var ws = WorkspaceStore.NewWorkspaceId();
        var done = registry.Start(ws, "Training", "train", _ => Task.FromResult(1), null);
        var failed = registry.Start<int>(ws, "Loading", "upload", _ => throw new InvalidDataException("line 3: not a number"), null);
        var cancelled = registry.Start<int>(ws, "Encoding", "encode", async j => { j.Cancel(); await Task.Delay(Timeout.Infinite, j.CancellationToken); return 0; }, null);
        await Task.WhenAll(done.WaitAsync(), failed.WaitAsync(), cancelled.WaitAsync());
        Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.Cancelled], new[] { done.State, failed.State, cancelled.State });
        Assert.Equal(3, reclaimer.Requests);
    }
}
