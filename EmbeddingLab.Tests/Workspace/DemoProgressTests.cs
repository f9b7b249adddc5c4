using Bunit;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>
/// The home page while the built-in demo sets are still being built at start-up: which set is being built and how far
/// it is, which wait, and each set in the workspace list the moment it is ready.
/// </summary>
public sealed class DemoProgressTests : MudTestContext
{
    private readonly TempFolder _dir = new();
    private readonly GatedSource _first = new("Alpha (demo)", 1);
    private readonly GatedSource _second = new("Beta (demo)", 2);
    private readonly DemoLibrary _demos;

    /// <summary>A demo source that reports what the test tells it and finishes when the test says so.</summary>
    private sealed class GatedSource(string name, int order) : IDemoSetSource
    {
        public readonly TaskCompletionSource<IProgress<DemoBuildProgress>> Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => name;
        public string Kind => "Words";
        public string Description => "a demo set for the test";
        public int Order => order;
        public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the progress overload is used");

        public async Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken)
        {
            Started.SetResult(progress);
            await Finish.Task.WaitAsync(cancellationToken);
            return new EmbeddingSet(["a", "b", "c"], [1, 0, 0, 1, 1, 1], 2);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }

    public DemoProgressTests()
    {
        _demos = new DemoLibrary([_second, _first], NullLogger<DemoLibrary>.Instance);
        AddWorkspaceServices(_demos);
        Services.AddSingleton(new WorkspaceStore(new WorkspaceStoreOptions(_dir.Path)));
        Services.AddSingleton<IHostApplicationLifetime, Lifetime>();
        Services.AddSingleton<WorkspaceJobs>();
    }

    private async Task StopAsync()
    {
        _first.Finish.TrySetResult();
        _second.Finish.TrySetResult();
        await _demos.StopAsync(CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_home_page_shows_which_demo_set_is_being_built_how_far_it_is_and_each_set_when_ready()
    {
        try { await ShowsProgressAsync(); }
        finally { await StopAsync(); }
    }

    private async Task ShowsProgressAsync()
    {
        RenderProviders();
        var home = Render<EmbeddingLab.Web.Components.Pages.Home>();
        await _demos.StartAsync(CancellationToken.None);
        var progress = await _first.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        progress.Report(new DemoBuildProgress(0.4, "training word2vec: epoch 2 of 5"));
        home.WaitForAssertion(() =>
        {
            var rows = home.FindAll("[data-testid=demo-pending]");
            Assert.Equal(["Alpha (demo)", "Beta (demo)"], rows.Select(r => r.GetAttribute("data-name")));
            Assert.Equal("true", rows[0].GetAttribute("data-building"));
            Assert.Equal("0.4", rows[0].GetAttribute("data-fraction"));
            Assert.Equal("40 % · training word2vec: epoch 2 of 5", rows[0].QuerySelector("[data-testid=demo-status]")!.TextContent.Trim());
            Assert.Equal("waiting", rows[1].QuerySelector("[data-testid=demo-status]")!.TextContent.Trim());
        });
        // Not ready yet: the workspace list says the set is being prepared and offers nothing to open.
        Assert.Contains("Alpha (demo)", home.FindAll("[data-testid=workspace-set]").Select(e => e.TextContent));
        Assert.Contains("preparing…", home.Find("[data-testid=workspace-table]").TextContent);

        // A newer report replaces the older one (throttled reports still end at the last value shown on the next change).
        await Task.Delay(300);
        progress.Report(new DemoBuildProgress(0.9, "training word2vec: epoch 5 of 5"));
        home.WaitForAssertion(() => Assert.Equal("0.9", home.Find("[data-testid=demo-pending][data-name='Alpha (demo)']").GetAttribute("data-fraction")));

        _first.Finish.SetResult();
        var second = await _second.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        home.WaitForAssertion(() =>
        {
            var rows = home.FindAll("[data-testid=demo-pending]");
            Assert.Equal(["Beta (demo)"], rows.Select(r => r.GetAttribute("data-name")));
            Assert.Equal("true", rows[0].GetAttribute("data-building"));
            // Alpha is in the list with its size.
            var alpha = home.FindAll("tr").Single(r => r.QuerySelector("[data-testid=workspace-set]")?.TextContent == "Alpha (demo)");
            Assert.DoesNotContain("preparing…", alpha.TextContent);
            Assert.Contains("3", alpha.QuerySelectorAll("td")[2].TextContent);
        });

        second.Report(new DemoBuildProgress(null, "generating playlists"));
        home.WaitForAssertion(() => Assert.Equal("generating playlists", home.Find("[data-testid=demo-pending] [data-testid=demo-status]").TextContent.Trim()));
        _second.Finish.SetResult();
        home.WaitForAssertion(() =>
        {
            Assert.Empty(home.FindAll("[data-testid=demo-progress]"));
            Assert.DoesNotContain("preparing…", home.Find("[data-testid=workspace-table]").TextContent);
            Assert.Contains("Beta (demo)", home.FindAll("[data-testid=workspace-set]").Select(e => e.TextContent));
        });
    }
}
