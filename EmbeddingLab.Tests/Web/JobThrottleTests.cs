using EmbeddingLab.Web.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Web;

/// <summary>At most MaxConcurrentJobs jobs compute at once; the others wait in turn, say so, and can be cancelled while they wait.</summary>
public class JobThrottleTests
{
    private static JobThrottle Throttle(int max) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:MaxConcurrentJobs"] = max.ToString() }).Build());

    [Fact]
    public async Task A_job_over_the_limit_waits_for_a_turn_saying_so_and_runs_when_one_ends()
    {
        var throttle = Throttle(1);
        Assert.Equal(1, throttle.MaxConcurrent);
        var runner = new JobRunner(NullLogger<JobRunner>.Instance, throttle: throttle);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = runner.Start("first", async _ => { await release.Task; });
        // Task.Run gives no order between jobs: the first must hold the one slot before the others start.
        await WaitUntil(() => throttle.Running == 1);
        var secondRan = false;
        var second = runner.Start("second", _ => { secondRan = true; return Task.CompletedTask; });
        var third = runner.Start("third", _ => Task.CompletedTask);

        await WaitUntil(() => throttle.Waiting == 2);
        Assert.Equal(1, throttle.Running);
        Assert.False(secondRan);
        Assert.StartsWith("Waiting for a free worker (1 jobs run at once on this server)", second.Progress.Status);
        Assert.Equal(JobState.Running, second.State);

        third.Cancel(); // cancelled while waiting: never runs, ends as Cancelled
        await WaitUntil(() => third.State == JobState.Cancelled);

        release.SetResult();
        await WaitUntil(() => second.State == JobState.Succeeded);
        Assert.True(secondRan);
        Assert.Equal(JobState.Succeeded, first.State);
        Assert.Equal(0, throttle.Running);
        Assert.Equal(0, throttle.Waiting);
    }

    [Fact]
    public async Task A_small_job_answers_while_every_slot_is_taken_by_long_ones()
    {
        // The home page's quick PCA of a small set must not wait behind others' trainings.
        var throttle = Throttle(1);
        var runner = new JobRunner(NullLogger<JobRunner>.Instance, throttle: throttle);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var training = runner.Start("training", async _ => { await release.Task; });
        await WaitUntil(() => throttle.Running == 1);
        var queued = runner.Start("another training", _ => Task.CompletedTask);
        await WaitUntil(() => throttle.Waiting == 1);

        var quick = runner.Start("PCA of a small set", _ => Task.CompletedTask, small: true);
        await WaitUntil(() => quick.State == JobState.Succeeded);
        Assert.Equal(JobState.Running, training.State);
        Assert.Equal(JobState.Running, queued.State); // still waiting its turn
        release.SetResult();
        await WaitUntil(() => queued.State == JobState.Succeeded);
    }

    [Fact]
    public void The_default_limit_is_at_least_four_and_twice_the_cores() =>
        Assert.Equal(Math.Max(4, 2 * Environment.ProcessorCount), new JobThrottle().MaxConcurrent);

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(10);
        }
    }
}
