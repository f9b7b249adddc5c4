using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Shared;
using EmbeddingLab.Web.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Web;

public class JobPanelTests
{
    private static readonly JobRunner Runner = new(NullLogger<JobRunner>.Instance);

    [Fact]
    public async Task Running_job_shows_bar_figures_and_cancel()
    {
        var gate = new TaskCompletionSource();
        var job = Runner.Start("Training", async j =>
        {
            j.Report(new JobProgress(0.25, "epoch 2 of 5", [("words/s", "1,234,567")]));
            await gate.Task;
        });
        try
        {
            await WaitUntil(() => job.Progress.Fraction == 0.25);
            var doc = await ComponentHarness.RenderAsync<JobPanel>(new Dictionary<string, object?> { ["Job"] = job });
            Assert.Equal("Running", doc.QuerySelector("[data-testid=job-panel]")!.GetAttribute("data-state"));
            Assert.Contains("width: 25.0%", doc.QuerySelector(".progress-bar")!.GetAttribute("style"));
            Assert.Contains("epoch 2 of 5", doc.QuerySelector("[data-testid=job-status]")!.TextContent);
            Assert.Contains("1,234,567", doc.Body!.TextContent);
            Assert.NotNull(doc.QuerySelector("[data-testid=job-cancel]"));
        }
        finally { gate.SetResult(); await job.WaitAsync(); }
    }

    [Fact]
    public async Task Failed_job_shows_the_message_as_text_not_markup()
    {
        var job = Runner.Start("Loading", _ => Task.FromException(new FormatException("songs.txt, line 3: <b>bad</b> id")));
        await job.WaitAsync();
        Assert.Equal(JobState.Failed, job.State);
        var doc = await ComponentHarness.RenderAsync<JobPanel>(new Dictionary<string, object?> { ["Job"] = job });
        var error = doc.QuerySelector("[data-testid=job-error]")!;
        Assert.Equal("songs.txt, line 3: <b>bad</b> id", error.TextContent);
        Assert.Null(error.QuerySelector("b")); // escaped, not rendered as an element
        Assert.Null(doc.QuerySelector("[data-testid=job-cancel]"));
    }

    [Fact]
    public async Task Cancel_stops_the_job_and_says_nothing_changed()
    {
        var job = Runner.Start("Long", async j => await Task.Delay(Timeout.Infinite, j.CancellationToken));
        job.Cancel();
        await job.WaitAsync();
        Assert.Equal(JobState.Cancelled, job.State);
        var doc = await ComponentHarness.RenderAsync<JobPanel>(new Dictionary<string, object?> { ["Job"] = job });
        Assert.Contains("Cancelled", doc.QuerySelector("[data-testid=job-status]")!.TextContent);
    }

    [Fact]
    public async Task Unexpected_exceptions_become_a_readable_sentence()
    {
        var job = Runner.Start("Boom", _ => Task.FromException(new NullReferenceException("Object reference not set")));
        await job.WaitAsync();
        Assert.StartsWith("Something went wrong:", job.Error);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
