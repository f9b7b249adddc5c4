using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// The projector's large scatter in headless Chromium: Plotly.Blazor's PlotlyChart (scattergl, data as JSON) against
/// plot.js with typed arrays, on the same points, on the Web app's /projector/bench page. Needs the Web app built
/// (dotnet build EmbeddingLab.Web -c Release) and Debian's chromium.
/// </summary>
public sealed class ScatterBenchmark : IBenchmark
{
    public string Name => "scatter";
    public string Description => "scatter in Chromium, PlotlyChart JSON vs typed arrays: click-to-drawn and bytes [--points 100000] [--repeat 3] [--web DLL]";

    public int Run(string[] args)
    {
        int points = 100_000, repeat = 3;
        string? web = null;
        for (int i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--points": points = int.Parse(args[i + 1]); break;
                case "--repeat": repeat = int.Parse(args[i + 1]); break;
                case "--web": web = args[i + 1]; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}."); return 2;
            }
        }
        web ??= FindWebDll();
        if (web is null || !File.Exists(web)) { Console.Error.WriteLine("The Web app is not built: run dotnet build EmbeddingLab.Web -c Release, or pass --web DLL."); return 2; }
        return RunAsync(web, points, repeat).GetAwaiter().GetResult();
    }

    private static string? FindWebDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "EmbeddingLab.sln"))) continue;
            return new[] { "Release", "Debug" }.Select(c => Path.Combine(dir.FullName, "EmbeddingLab.Web", "bin", c, "net10.0", "EmbeddingLab.Web.dll")).FirstOrDefault(File.Exists);
        }
        return null;
    }

    private static async Task<int> RunAsync(string web, int points, int repeat)
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0)) { listener.Start(); port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; listener.Stop(); }
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [web, "--urls", url]) { WorkingDirectory = Path.GetDirectoryName(web)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["EmbeddingLab__ScatterBench"] = "true";
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using (var http = new HttpClient())
                for (int i = 0; ; i++)
                {
                    try { if ((await http.GetAsync(url + "/health")).IsSuccessStatusCode) break; }
                    catch (HttpRequestException) { if (i > 600) throw; }
                    await Task.Delay(100);
                }
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
            Console.WriteLine($"scatter: {points:N0} points, headless Chromium, best of {repeat} (time from click to drawn; bytes the browser received over the circuit)");
            var results = new Dictionary<string, (double Ms, long Bytes)>();
            foreach (var (path, button, plot) in new[] { ("PlotlyChart JSON", "bench-json", "bench-json-plot"), ("plot.js typed arrays", "bench-typed", "bench-typed-plot") })
            {
                double best = double.MaxValue;
                long bytes = 0;
                for (int r = 0; r < repeat; r++)
                {
                    var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
                    page.SetDefaultTimeout(300_000);
                    long received = 0;
                    bool counting = false;
                    page.WebSocket += (_, ws) => ws.FrameReceived += (_, f) =>
                    {
                        if (counting) Interlocked.Add(ref received, f.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(f.Text ?? ""));
                    };
                    await page.GotoAsync($"{url}/projector/bench?n={points}");
                    await page.WaitForSelectorAsync("[data-el-interactive='true']", new() { State = WaitForSelectorState.Attached });
                    // plotly.js loaded before the clock starts: both paths share it.
                    await page.EvaluateAsync("async () => { const m = await import('/js/plot.js'); }");
                    await page.WaitForTimeoutAsync(500);
                    counting = true;
                    var clock = Stopwatch.StartNew();
                    await page.ClickAsync($"[data-testid={button}]");
                    await page.WaitForFunctionAsync($"n => document.getElementById('{plot}')?._fullData?.[0]?._length === n", points, new() { PollingInterval = 5 });
                    await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
                    double ms = clock.Elapsed.TotalMilliseconds;
                    counting = false;
                    best = Math.Min(best, ms);
                    bytes = Interlocked.Read(ref received);
                    await page.CloseAsync();
                }
                results[path] = (best, bytes);
                Console.WriteLine($"  {path,-22} {best,9:F0} ms  {bytes / 1048576.0,8:F2} MB  ({bytes / (double)points:F1} bytes/point)");
            }
            var (json, typed) = (results["PlotlyChart JSON"], results["plot.js typed arrays"]);
            Console.WriteLine($"  ratio typed/JSON: time {typed.Ms / json.Ms:F2}, bytes {typed.Bytes / (double)json.Bytes:F2}");
            return 0;
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }
}
