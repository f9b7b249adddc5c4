using EmbeddingLab.Bench.Load;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>
/// The real server killed (SIGKILL, no chance to clean up) in the middle of a training and in the middle of writing a
/// set, then started again on the same data folder: the earlier set opens intact, the cut-off job says it was
/// interrupted, and nothing half-written appears — no set, no temporary or orphaned file.
/// </summary>
[Collection(BrowserCollection.Name)] // not in parallel with the other browser tests: the machine is small
public sealed class KilledServerTests(AppServerFixture fixture) : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private readonly EmbeddingLab.Core.Vectors.EmbeddingSet _earlier = FormatTestData.Small();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private string Data => Path.Combine(_dir.Path, "data");
    private string Sets => Path.Combine(Data, "sets");

    /// <summary>A workspace that already holds "earlier" (written by the store itself), and a browser whose cookie names it.</summary>
    private async Task<IBrowserContext> BrowserWithEarlierSetAsync()
    {
        var ws = WorkspaceStore.NewWorkspaceId();
        new WorkspaceStore(new WorkspaceStoreOptions(Data)).SaveSet(ws, "earlier", "Other", "written before the server started", _earlier);
        SqliteConnection.ClearAllPools();
        // A fresh context (its own cookies, so its own browser as the app sees it) in the fixture's Chromium: no launch per test.
        var context = (await fixture.NewPageAsync()).Context;
        context.SetDefaultTimeout(90_000);
        await context.AddCookiesAsync([new Cookie { Name = "el-workspace", Value = ws, Domain = "127.0.0.1", Path = "/", HttpOnly = true }]);
        return context;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        var page = context.Pages.FirstOrDefault() ?? await context.NewPageAsync();
        await page.GotoAsync(url);
        await AppServerFixture.WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>After the restart: "earlier" listed and byte-for-byte what was saved, one set file, no temporary file.</summary>
    private async Task AssertEarlierIntactAndNothingHalfWrittenAsync(IBrowserContext browser, AppProcess app, IPage home, string absentName)
    {
        await home.Locator("[data-testid=workspace-set]", new() { HasTextString = "earlier" }).WaitForAsync();
        var names = await home.Locator("[data-testid=workspace-set]").AllInnerTextsAsync();
        Assert.DoesNotContain(names, n => n.Contains(absentName, StringComparison.Ordinal));
        var response = await browser.APIRequest.GetAsync($"{app.BaseUrl}/workspace/download?set=earlier&format=parquet");
        Assert.True(response.Ok, $"download: {response.Status}");
        var path = _dir.File("earlier.parquet");
        await File.WriteAllBytesAsync(path, await response.BodyAsync());
        FormatTestData.AssertSameSet(_earlier, EmbeddingFiles.Read(path, EmbeddingFormat.Parquet));
        Assert.Empty(Directory.EnumerateFiles(Sets, "*.tmp"));
        Assert.Single(Directory.EnumerateFiles(Sets)); // only earlier's file: no torn or orphaned set
        Assert.False(await home.IsVisibleAsync("#blazor-error-ui"));
    }

    [Fact]
    public async Task A_server_killed_mid_training_restarts_with_earlier_sets_intact_and_the_job_marked_interrupted()
    {
        var browser = await BrowserWithEarlierSetAsync();
        await using (var app = await AppProcess.StartAsync(Data))
        {
            var page = await OpenAsync(browser, app.BaseUrl + "/songs");
            // The demo playlists with enough epochs to be still training when the server dies.
            await page.FillAsync("[data-testid=p-epochs]", "2000");
            await page.ClickAsync("[data-testid=train]");
            var status = page.Locator("[data-testid=job-panel][data-state=Running] [data-testid=job-status]", new() { HasTextString = "Epoch" });
            await status.WaitForAsync(new() { Timeout = 120_000 });
            // The job's progress is recorded every 2 s: let one record hold an epoch, then kill while it still trains.
            await Task.Delay(2500);
            Assert.Contains("/2000", await status.InnerTextAsync());
            await app.KillAsync();
        }

        await using (var app = await AppProcess.StartAsync(Data))
        {
            var home = await OpenAsync(browser, app.BaseUrl + "/");
            await AssertEarlierIntactAndNothingHalfWrittenAsync(browser, app, home, "(word2vec)");
            var job = home.Locator("[data-testid=workspace-job][data-state=Interrupted]", new() { HasTextString = "Training word2vec" });
            await job.WaitForAsync();
            Assert.Matches(@"Interrupted by a server stop \(last: Epoch \d+/2000, [\d,]+ of [\d,]+ songs\)\.", await job.InnerTextAsync());
            // The Songs page opens normally and can train again.
            var songs = await OpenAsync(browser, app.BaseUrl + "/songs");
            await Assertions.Expect(songs.Locator("[data-testid=train]")).ToBeEnabledAsync();
        }
        await browser.CloseAsync();
    }

    [Fact]
    public async Task A_server_killed_while_writing_a_set_restarts_with_the_previous_catalogue_and_no_torn_set()
    {
        LoadScenario.WriteTsv(_dir.File("halfway.tsv"), 3000, 32, seed: 3);
        var browser = await BrowserWithEarlierSetAsync();
        // Every set write pauses half-way (vectors written, keys not): the kill lands inside the write.
        await using (var app = await AppProcess.StartAsync(Data, new Dictionary<string, string> { ["EmbeddingLab__Testing__SetWritePauseMs"] = "120000" }))
        {
            var page = await OpenAsync(browser, app.BaseUrl + "/");
            await LoadScenario.UploadAsync(page, "workspace-upload", _dir.File("halfway.tsv"));
            // Wait until the set's temporary file holds the vectors (3,000 × 32 floats after the 64-byte header).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? temp = null;
            while (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                temp = Directory.EnumerateFiles(Sets, "*.tmp").FirstOrDefault(f => new FileInfo(f).Length >= 64 + 3000 * 32 * 4);
                if (temp is not null) break;
                await Task.Delay(50);
            }
            Assert.True(temp is not null, "the set write never reached its half-way point\n" + app.Log);
            await app.KillAsync();
            Assert.True(File.Exists(temp), "the half-written file is there when the server dies");
        }

        await using (var app = await AppProcess.StartAsync(Data))
        {
            var home = await OpenAsync(browser, app.BaseUrl + "/");
            await AssertEarlierIntactAndNothingHalfWrittenAsync(browser, app, home, "halfway");
            var job = home.Locator("[data-testid=workspace-job][data-kind=upload][data-state=Interrupted]");
            await job.WaitForAsync();
            Assert.Contains("Interrupted by a server stop", await job.InnerTextAsync());
            // The catalogue holds the previous state: one set, the earlier one.
            SqliteConnection.ClearAllPools();
            var ws = (await browser.CookiesAsync()).Single(c => c.Name == "el-workspace").Value;
            var stored = Assert.Single(new WorkspaceStore(new WorkspaceStoreOptions(Data)).ListSets(ws));
            Assert.Equal("earlier", stored.Name);
        }
        await browser.CloseAsync();
    }
}
