using EmbeddingLab.Bench.Load;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>
/// The persistent workspace end to end: the app runs as its own process on a data folder of its own (so it can be
/// killed and started again on the same folder), driven by Debian's Chromium; each browser context is one browser
/// (own cookie, own workspace).
/// </summary>
[Collection(BrowserCollection.Name)] // not in parallel with the other browser tests: the machine is small
public class WorkspaceBrowserTests(AppServerFixture fixture) : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private string Data => Path.Combine(_dir.Path, "data");

    private async Task<IBrowserContext> NewBrowserAsync()
    {
        // A fresh context (its own cookies, so its own browser as the app sees it) in the fixture's Chromium: no launch per test.
        var context = (await fixture.NewPageAsync()).Context;
        context.SetDefaultTimeout(60_000);
        return context;
    }

    private static async Task<IPage> OpenHomeAsync(IBrowserContext context, string baseUrl)
    {
        var page = context.Pages.FirstOrDefault() ?? await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/");
        await AppServerFixture.WaitForInteractiveAsync(page);
        return page;
    }

    private static ILocator SetName(IPage page, string name) => page.Locator("[data-testid=workspace-set]", new() { HasTextString = name });

    [Fact]
    public async Task Sets_projections_and_the_cookie_survive_a_killed_and_restarted_server_and_stay_in_their_own_browser()
    {
        // Parquet carries keys and metadata in one file.
        EmbeddingFiles.Write(FormatTestData.Small(), _dir.File("mysongs.parquet"), EmbeddingFormat.Parquet);
        var alice = await NewBrowserAsync();
        var bob = await NewBrowserAsync();
        await using (var app = await AppProcess.StartAsync(Data))
        {
            var page = await OpenHomeAsync(alice, app.BaseUrl);
            var cookie = Assert.Single(await alice.CookiesAsync(), c => c.Name == "el-workspace");
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
            Assert.True(cookie.Expires > DateTimeOffset.UtcNow.AddDays(300).ToUnixTimeSeconds(), "the workspace cookie must outlive the browser session");
            Assert.Equal(43, cookie.Value.Length);

            await LoadScenario.UploadAsync(page, "workspace-upload", _dir.File("mysongs.parquet"));
            await SetName(page, "mysongs").WaitForAsync();
            var row = page.Locator("tr", new() { Has = SetName(page, "mysongs") });
            await row.Locator("[data-testid=workspace-project]").ClickAsync();
            await row.Locator("[data-testid=workspace-projection]", new() { HasTextString = "PCA 2-D" }).WaitForAsync();
            // Rename keeps the set and its projection.
            await row.Locator("[data-testid=workspace-rename]").ClickAsync();
            await page.FillAsync("[data-testid=rename-input] input, input[data-testid=rename-input]", "my songs <b>");
            await page.ClickAsync("[data-testid=rename-save]");
            await SetName(page, "my songs <b>").WaitForAsync();

            // A new tab of the same browser: same workspace.
            var tab = await alice.NewPageAsync();
            await tab.GotoAsync(app.BaseUrl + "/");
            await AppServerFixture.WaitForInteractiveAsync(tab);
            await SetName(tab, "my songs <b>").WaitForAsync();

            // Another browser: its own workspace, without alice's set.
            var other = await OpenHomeAsync(bob, app.BaseUrl);
            await SetName(other, "Words (demo)").WaitForAsync();
            Assert.DoesNotContain("my songs <b>", await other.Locator("[data-testid=workspace-set]").AllInnerTextsAsync());
            await app.KillAsync();
        }

        await using (var app = await AppProcess.StartAsync(Data))
        {
            var page = await OpenHomeAsync(alice, app.BaseUrl);
            await SetName(page, "my songs <b>").WaitForAsync();
            var row = page.Locator("tr", new() { Has = SetName(page, "my songs <b>") });
            Assert.Contains("PCA 2-D", await row.Locator("[data-testid=workspace-projection]").InnerTextAsync());
            Assert.Contains("title, genre", await row.InnerTextAsync());
            var other = await OpenHomeAsync(bob, app.BaseUrl);
            await SetName(other, "Words (demo)").WaitForAsync();
            Assert.DoesNotContain("my songs <b>", await other.Locator("[data-testid=workspace-set]").AllInnerTextsAsync());

            // Download in every format through the browser's own cookie; bob cannot fetch alice's set.
            foreach (var format in new[] { "parquet", "npy", "tsv", "word2vec-text" })
            {
                var response = await alice.APIRequest.GetAsync($"{app.BaseUrl}/workspace/download?set={Uri.EscapeDataString("my songs <b>")}&format={format}");
                Assert.True(response.Ok, $"{format}: {response.Status}");
                var bytes = await response.BodyAsync();
                var path = _dir.File("download-" + format);
                await File.WriteAllBytesAsync(path, bytes);
                if (format == "parquet") FormatTestData.AssertSameSet(FormatTestData.Small(), EmbeddingFiles.Read(path, EmbeddingFormat.Parquet));
                if (format is "npy" or "tsv") Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(bytes, 0, 2)); // a zip of vectors + metadata.tsv
            }
            var denied = await bob.APIRequest.GetAsync($"{app.BaseUrl}/workspace/download?set={Uri.EscapeDataString("my songs <b>")}&format=npy");
            Assert.Equal(404, denied.Status);

            // Delete: gone, also after a reload.
            var delete = row.Locator("[data-testid=workspace-delete]");
            await delete.ClickAsync();
            await SetName(page, "my songs <b>").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.ReloadAsync();
            await AppServerFixture.WaitForInteractiveAsync(page);
            await SetName(page, "Words (demo)").WaitForAsync();
            Assert.DoesNotContain("my songs <b>", await page.Locator("[data-testid=workspace-set]").AllInnerTextsAsync());
        }
        await alice.CloseAsync();
        await bob.CloseAsync();
    }

    [Fact]
    public async Task A_job_started_on_a_closed_page_shows_on_the_next_page_and_bad_files_get_a_clear_message()
    {
        LoadScenario.WriteTsv(_dir.File("big.tsv"), 12_000, 32, seed: 5);
        File.WriteAllText(_dir.File("ragged.tsv"), "1\t2\t3\n4\t5\n");
        await using var app = await AppProcess.StartAsync(Data);
        var browser = await NewBrowserAsync();
        var page = await OpenHomeAsync(browser, app.BaseUrl);
        await LoadScenario.UploadAsync(page, "workspace-upload", _dir.File("big.tsv"));
        // The upload became a workspace job; close the page at once and open another.
        await page.Locator("[data-testid=workspace-job][data-kind=upload]").First.WaitForAsync(new() { Timeout = 120_000 });
        await page.CloseAsync();
        var next = await OpenHomeAsync(browser, app.BaseUrl);
        await next.Locator("[data-testid=workspace-job][data-kind=upload]").First.WaitForAsync();
        await SetName(next, "big").WaitForAsync(new() { Timeout = 120_000 });
        await next.Locator("[data-testid=workspace-job][data-kind=upload][data-state=Succeeded]").First.WaitForAsync();

        await LoadScenario.UploadAsync(next, "workspace-upload", _dir.File("ragged.tsv"));
        var error = next.Locator("[data-testid=job-error]", new() { HasTextString = "ragged.tsv, line 2" });
        await error.First.WaitForAsync();
        Assert.Equal("ragged.tsv, line 2: 2 values; every line must have as many as the first (3).", (await error.First.InnerTextAsync()).Trim());
        Assert.False(await next.IsVisibleAsync("#blazor-error-ui"));
        await browser.CloseAsync();
    }

    [Fact]
    public async Task Three_workspaces_at_once_upload_project_and_search_without_errors_and_see_only_their_own_sets()
    {
        await using var app = await AppProcess.StartAsync(Data);
        var result = await LoadScenario.RunAsync(app.BaseUrl, app.Id, workspaces: 3, rounds: 2, rows: 300, AppServerFixture.ChromiumPath, _dir.Path);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors) + "\n" + app.Log);
        Assert.True(result.Isolated);
        Assert.Equal(3 * (2 + 2), result.ClickMillis.Count);
    }

    [Fact]
    public async Task A_quota_overrun_is_refused_with_the_quota_in_the_message()
    {
        LoadScenario.WriteTsv(_dir.File("large.tsv"), 4000, 32, seed: 1); // ~0.5 MB stored
        await using var app = await AppProcess.StartAsync(Data, new Dictionary<string, string> { ["EmbeddingLab__WorkspaceQuotaBytes"] = "200000" });
        var browser = await NewBrowserAsync();
        var page = await OpenHomeAsync(browser, app.BaseUrl);
        await LoadScenario.UploadAsync(page, "workspace-upload", _dir.File("large.tsv"));
        var error = page.Locator("[data-testid=job-error]").First;
        await error.WaitForAsync();
        Assert.Matches(@"^This needs [\d.]+ KB but the workspace has [\d.]+ KB left of its 195.3 KB quota; delete or download sets to make room\.$", (await error.InnerTextAsync()).Trim());
        Assert.DoesNotContain("large", await page.Locator("[data-testid=workspace-set]").AllInnerTextsAsync());
        await browser.CloseAsync();
    }
}
