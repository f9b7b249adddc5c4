using Bunit;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Words;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmbeddingLab.Tests.Words;

/// <summary>
/// Loading pretrained vectors on the Words page: the load panel with the page's job panel, in each state — nothing
/// loaded, loading (the form locked, progress with Cancel), loaded (the set in the workspace), and a bad file named
/// with its line.
/// </summary>
public sealed class LoadVectorsPanelTests : MudTestContext
{
    private readonly string _folder = Directory.CreateTempSubdirectory("el-load-vectors-").FullName;
    private readonly JobThrottle _throttle;

    public LoadVectorsPanelTests()
    {
        AddWordsServices();
        // One job at a time, so a test can hold the only turn and see the load waiting (running, not yet done).
        _throttle = new JobThrottle(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:MaxConcurrentJobs"] = "1" }).Build());
        Services.AddSingleton(_throttle);
    }

    private WordsState State => Services.GetRequiredService<WordsState>();

    private UploadedFile Upload(string displayName, string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return new UploadedFile(displayName, path, new FileInfo(path).Length);
    }

    private IRenderedComponent<EmbeddingLab.Web.Components.Pages.Words> Page()
    {
        RenderProviders();
        return Render<EmbeddingLab.Web.Components.Pages.Words>();
    }

    private static bool Locked(IRenderedComponent<EmbeddingLab.Web.Components.Pages.Words> cut) =>
        cut.FindAll("[data-testid=load-card] input").Where(i => i.GetAttribute("type") != "hidden").All(i => i.HasAttribute("disabled"));

    [Fact]
    public async Task Empty_then_loading_then_loaded()
    {
        var cut = Page();
        // Empty: the form is open, no job.
        Assert.NotNull(cut.Find("[data-testid=load-card]"));
        Assert.Empty(cut.FindAll("[data-testid=job-panel]"));
        Assert.False(Locked(cut));

        // Loading: the only turn is taken, so the load waits as a running job; the form is locked meanwhile.
        var holder = await _throttle.EnterAsync(new BackgroundJob("another job"));
        await cut.InvokeAsync(() => State.Load(Upload("tiny vectors.txt", "3 2\nking 1 2\nqueen 1 3\nman 2 1\n")));
        cut.Render();
        Assert.Equal("Running", cut.Find("[data-testid=job-panel]").GetAttribute("data-state"));
        Assert.Contains("Loading tiny vectors.txt", cut.Find("[data-testid=job-panel]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=job-cancel]"));
        Assert.True(Locked(cut), "the format, limit and upload are disabled while loading");

        // Loaded: the set lands in the workspace under the file's name and the form opens again.
        holder.Dispose();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(20));
        var entry = Services.GetRequiredService<SessionWorkspace>().Get("tiny vectors");
        Assert.NotNull(entry);
        Assert.Equal(3, entry!.Set.Count);
        Assert.Equal("tiny vectors", State.SetName);
        cut.WaitForAssertion(() => Assert.False(Locked(cut)));
    }

    [Fact]
    public void A_bad_file_is_named_with_its_line_and_the_form_opens_again()
    {
        var cut = Page();
        cut.InvokeAsync(() => State.Load(Upload("bad vectors.txt", "2 3\nking 1 2 3\nqueen 1 x 3\n")));
        cut.Render();
        cut.WaitForAssertion(() => Assert.Equal("Failed", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(20));
        var message = cut.Find("[data-testid=job-error]").TextContent;
        Assert.Contains("bad vectors.txt", message);
        Assert.Contains("line 3", message);
        Assert.DoesNotContain(_folder, message);
        Assert.Null(Services.GetRequiredService<SessionWorkspace>().Get("bad vectors"));
        cut.WaitForAssertion(() => Assert.False(Locked(cut)));
    }

    [Fact]
    public async Task A_failed_load_tells_the_page_once_it_has_ended()
    {
        // A job failing within milliseconds can end before the page's JobPanel subscribes; the state itself must say so,
        // after the job stopped counting as running, or Train and Load stay disabled until something else re-renders.
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        State.Changed += () => { if (!State.IsBusy) ended.TrySetResult(true); };
        State.Load(Upload("bad vectors.txt", "2 3\nking 1 2 3\nqueen 1 x 3\n"));
        await State.Job!.WaitAsync();
        Assert.Equal(JobState.Failed, State.Job.State);
        Assert.True(await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
