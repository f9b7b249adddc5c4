using Microsoft.Extensions.DependencyInjection;
using Bunit;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Shared;
using EmbeddingLab.Web.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Web;

public class JobPanelTests : MudTestContext
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
            var panel = Render<JobPanel>(p => p.Add(c => c.Job, job));
            Assert.Equal("Running", panel.Find("[data-testid=job-panel]").GetAttribute("data-state"));
            Assert.Equal("25", panel.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
            Assert.Contains("epoch 2 of 5", panel.Find("[data-testid=job-status]").TextContent);
            Assert.Contains("1,234,567", panel.Markup);
            Assert.NotNull(panel.Find("[data-testid=job-cancel]"));
        }
        finally { gate.SetResult(); await job.WaitAsync(); }
    }

    [Fact]
    public async Task Cancel_button_cancels_and_the_panel_says_nothing_changed()
    {
        var job = Runner.Start("Long", async j => await Task.Delay(Timeout.Infinite, j.CancellationToken));
        var panel = Render<JobPanel>(p => p.Add(c => c.Job, job));
        panel.Find("[data-testid=job-cancel] button, button[data-testid=job-cancel]").Click();
        await job.WaitAsync();
        panel.WaitForAssertion(() => Assert.Contains("Cancelled", panel.Find("[data-testid=job-status]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=job-cancel]"));
    }

    [Fact]
    public async Task A_finished_job_re_renders_its_owner_through_OnFinished_and_shows_a_snackbar()
    {
        RenderProviders();
        var gate = new TaskCompletionSource();
        var job = Runner.Start("Training songs", async _ => await gate.Task);
        BackgroundJob? finished = null;
        var panel = Render<JobPanel>(p => p.Add(c => c.Job, job).Add(c => c.OnFinished, j => finished = j));
        Assert.Null(finished);
        gate.SetResult();
        await job.WaitAsync();
        panel.WaitForAssertion(() => Assert.Same(job, finished));
        panel.WaitForAssertion(() => Assert.Contains("Done in", panel.Find("[data-testid=job-status]").TextContent));
        var snackbars = Services.GetRequiredService<MudBlazor.ISnackbar>();
        Assert.Contains(snackbars.ShownSnackbars, s => s.Message != null && s.Message.Contains("Training songs: done"));
    }

    [Fact]
    public async Task Failed_job_shows_the_message_as_text_not_markup()
    {
        var job = Runner.Start("Loading", _ => Task.FromException(new FormatException("songs.txt, line 3: <b>bad</b> id <img src=x onerror=alert(1)>")));
        await job.WaitAsync();
        Assert.Equal(JobState.Failed, job.State);
        var panel = Render<JobPanel>(p => p.Add(c => c.Job, job));
        var error = panel.Find("[data-testid=job-error]");
        Assert.Contains("songs.txt, line 3: <b>bad</b> id <img src=x onerror=alert(1)>", error.TextContent);
        Assert.Empty(error.QuerySelectorAll("b"));
        Assert.Empty(error.QuerySelectorAll("img"));
        Assert.Empty(panel.FindAll("[data-testid=job-cancel]"));
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
