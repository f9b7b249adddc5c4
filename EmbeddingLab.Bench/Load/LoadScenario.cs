using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace EmbeddingLab.Bench.Load;

/// <summary>What one run of the load scenario saw: click-to-update times, errors, isolation, server memory.</summary>
public sealed record LoadResult(int Workspaces, int Rounds, IReadOnlyList<double> ClickMillis, IReadOnlyList<string> Errors, bool Isolated,
    long ServerPeakRssBytes, long ServerRssAfterBytes, TimeSpan Elapsed)
{
    /// <summary>The same click times by step ("upload", "project", "search").</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> StepMillis { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    public double Percentile(double p) => Percentile(ClickMillis, p);

    public static double Percentile(IReadOnlyList<double> millis, double p)
    {
        if (millis.Count == 0) return double.NaN;
        var sorted = millis.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Many browsers at once on one server (loopback only): each its own Chromium context (its own cookie, so its own
/// workspace) that opens the home page, uploads a TF Projector TSV set, projects it (PCA job), and searches it a few
/// times. Every click is timed until the page shows its result (click-to-update). Bounded: a fixed number of rounds,
/// every wait with a timeout. Used by the bench's "load" command (20 workspaces) and the test suite (3).
/// </summary>
public static class LoadScenario
{
    public static async Task<LoadResult> RunAsync(string baseUrl, int serverPid, int workspaces, int rounds, int rows, string chromiumPath, string workFolder,
        TextWriter? log = null)
    {
        var clicks = new List<double>();
        var steps = new Dictionary<string, List<double>> { ["upload"] = [], ["project"] = [], ["search"] = [] };
        var errors = new List<string>();
        bool isolated = true;
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(serverPid));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var names = Enumerable.Range(0, workspaces).Select(i => $"load-set-{i:00}").ToArray();
        var tasks = Enumerable.Range(0, workspaces).Select(async i =>
        {
            var file = Path.Combine(workFolder, names[i] + ".tsv");
            WriteTsv(file, rows, 16, seed: i);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
            context.SetDefaultTimeout(120_000);
            string step = "open the home page";
            try
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(baseUrl + "/");
                await page.WaitForSelectorAsync("[data-el-interactive='true']", new() { State = WaitForSelectorState.Attached });
                var own = page.Locator("[data-testid=workspace-set]", new() { HasTextString = names[i] });

                step = "upload";
                var t = Stopwatch.StartNew();
                await UploadAsync(page, "workspace-upload", file);
                await own.WaitForAsync();
                lock (clicks) { clicks.Add(t.Elapsed.TotalMilliseconds); steps["upload"].Add(t.Elapsed.TotalMilliseconds); }

                var row = page.Locator("tr", new() { Has = own });
                step = "project";
                t.Restart();
                await row.Locator("[data-testid=workspace-project]").ClickAsync();
                await row.Locator("[data-testid=workspace-projection]", new() { HasTextString = "PCA 2-D" }).WaitForAsync();
                lock (clicks) { clicks.Add(t.Elapsed.TotalMilliseconds); steps["project"].Add(t.Elapsed.TotalMilliseconds); }

                for (int r = 0; r < rounds; r++)
                {
                    var key = (r * 7 % rows).ToString(CultureInfo.InvariantCulture);
                    step = $"search {r + 1}";
                    await page.FillAsync("[data-testid=search-key] input, input[data-testid=search-key]", key);
                    t.Restart();
                    await page.ClickAsync("[data-testid=search-go]");
                    await page.Locator($"[data-testid=search-results][data-query='{key}'] [data-testid=workspace-neighbor]").First.WaitForAsync();
                    lock (clicks) { clicks.Add(t.Elapsed.TotalMilliseconds); steps["search"].Add(t.Elapsed.TotalMilliseconds); }
                }
                // Each workspace sees its own set and no one else's.
                var listed = await page.Locator("[data-testid=workspace-set]").AllInnerTextsAsync();
                if (listed.Any(n => n.StartsWith("load-set-", StringComparison.Ordinal) && n != names[i]))
                    lock (errors) { isolated = false; errors.Add($"workspace {i} sees {string.Join(", ", listed.Where(n => n.StartsWith("load-set-") && n != names[i]))}"); }
                if (await page.IsVisibleAsync("#blazor-error-ui")) lock (errors) errors.Add($"workspace {i}: the Blazor error bar is showing");
                log?.WriteLine($"workspace {i:00} done");
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // Which step waited, and whether the page had lost its circuit (Blazor's reconnect dialog) meanwhile.
                bool reconnecting = false;
                try { reconnecting = await context.Pages[0].IsVisibleAsync("#components-reconnect-modal, .components-reconnect-show"); }
                catch (PlaywrightException) { }
                lock (errors) errors.Add($"workspace {i}, {step}{(reconnecting ? " (circuit reconnecting)" : "")}: {e.Message.Split('\n')[0]}");
            }
            finally
            {
                await context.CloseAsync();
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        sampling.Cancel();
        await sampler;
        return new LoadResult(workspaces, rounds, clicks, errors, isolated, peak, Rss(serverPid), elapsed)
        {
            StepMillis = steps.ToDictionary(s => s.Key, s => (IReadOnlyList<double>)s.Value),
        };
    }

    /// <summary>
    /// Sets a file on an upload control once Blazor's InputFile script has wired the input (a file set before that is
    /// silently lost).
    /// </summary>
    public static async Task UploadAsync(IPage page, string testId, string file)
    {
        var selector = $"input[type=file][data-testid={testId}]";
        await page.WaitForFunctionAsync($"() => {{ const e = document.querySelector('{selector}'); return !!e && (e._blazorInputFileNextFileId !== undefined || e._blazorFilesById !== undefined); }}",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 });
        await page.SetInputFilesAsync(selector, file);
    }

    /// <summary>Resident memory of a process (Linux /proc), 0 when unknown.</summary>
    public static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>A TF Projector vectors.tsv of rows × dims; keys are the row numbers (no metadata file).</summary>
    public static void WriteTsv(string path, int rows, int dims, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            for (int d = 0; d < dims; d++)
            {
                if (d > 0) sb.Append('\t');
                sb.Append((rng.NextDouble() * 2 - 1 + (r % 5 == d % 5 ? 1 : 0)).ToString("0.####", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }
}
