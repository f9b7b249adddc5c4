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
    public string Description => "scatter in Chromium, PlotlyChart JSON vs typed arrays: click-to-drawn, zoom, bytes, server memory, hover lookup [--points 100000,1000000] [--repeat 2] [--web DLL]";

    public int Run(string[] args)
    {
        int repeat = 2;
        int[] points = [100_000, 1_000_000];
        string? web = null;
        for (int i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--points": points = args[i + 1].Split(',').Select(int.Parse).ToArray(); break;
                case "--repeat": repeat = int.Parse(args[i + 1]); break;
                case "--web": web = args[i + 1]; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}."); return 2;
            }
        }
        web ??= FindWebDll();
        if (web is null || !File.Exists(web)) { Console.Error.WriteLine("The Web app is not built: run dotnet build EmbeddingLab.Web -c Release, or pass --web DLL."); return 2; }
        foreach (var n in points)
        {
            int code = RunAsync(web, n, repeat).GetAwaiter().GetResult();
            if (code != 0) return code;
        }
        return 0;
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

    private sealed record Figures(double DrawMs, long Bytes, double ZoomMs, long RssBytes, long PeakBytes, string? Failure = null);

    private static async Task<int> RunAsync(string web, int points, int repeat)
    {
        Console.WriteLine($"scatter: {points:N0} points, headless Chromium, best of {repeat}; a fresh server per path (time from click to drawn, " +
                          "bytes the browser received over the circuit, a zoom to the middle half, the server's resident and peak memory)");
        var results = new Dictionary<string, Figures>();
        foreach (var (path, button, plot) in new[] { ("plot.js typed arrays", "bench-typed", "bench-typed-plot"), ("PlotlyChart JSON", "bench-json", "bench-json-plot") })
        {
            var figures = await MeasureAsync(web, points, repeat, button, plot, hoverLookup: button == "bench-typed");
            results[path] = figures;
            Console.WriteLine(figures.Failure is { } failure
                ? $"  {path,-22} failed: {failure}"
                : $"  {path,-22} draw {figures.DrawMs,8:F0} ms  zoom {figures.ZoomMs,6:F0} ms  {figures.Bytes / 1048576.0,8:F2} MB ({figures.Bytes / (double)points:F1} bytes/point)  " +
                  $"server RSS {figures.RssBytes / 1048576.0:F0} MB, peak {figures.PeakBytes / 1048576.0:F0} MB");
        }
        var (json, typed) = (results["PlotlyChart JSON"], results["plot.js typed arrays"]);
        if (json.Failure is null && typed.Failure is null)
            Console.WriteLine($"  ratio typed/JSON: draw {typed.DrawMs / json.DrawMs:F2}, zoom {typed.ZoomMs / json.ZoomMs:F2}, bytes {typed.Bytes / (double)json.Bytes:F2}, server peak {typed.PeakBytes / (double)json.PeakBytes:F2}");
        return typed.Failure is null ? 0 : 1;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    // VmRSS and VmHWM (peak resident) of a process, in bytes, from /proc.
    private static (long Rss, long Peak) Memory(int pid)
    {
        long Field(string[] lines, string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024 : 0;
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            return (Field(lines, "VmRSS:"), Field(lines, "VmHWM:"));
        }
        catch (IOException) { return (0, 0); }
    }

    private static async Task<Figures> MeasureAsync(string web, int points, int repeat, string button, string plot, bool hoverLookup)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [web, "--urls", url]) { WorkingDirectory = Path.GetDirectoryName(web)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["EmbeddingLab__ScatterBench"] = "true";
        var data = Directory.CreateTempSubdirectory("el-scatter-bench-").FullName;
        start.Environment["EmbeddingLab__DataPath"] = data;
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
            double best = double.MaxValue, bestZoom = double.MaxValue;
            long bytes = 0;
            for (int r = 0; r < repeat; r++)
            {
                var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
                page.SetDefaultTimeout(points > 200_000 ? 240_000 : 120_000);
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
                try
                {
                    await page.ClickAsync($"[data-testid={button}]");
                    await page.WaitForFunctionAsync($"n => document.getElementById('{plot}')?._fullData?.[0]?._length === n", points, new() { PollingInterval = 5 });
                    await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
                }
                catch (Exception e) when (e is TimeoutException or PlaywrightException)
                {
                    return new Figures(0, 0, 0, 0, Memory(server.Id).Peak, $"not drawn after {clock.Elapsed.TotalSeconds:F0} s ({e.GetType().Name})");
                }
                double ms = clock.Elapsed.TotalMilliseconds;
                counting = false;
                best = Math.Min(best, ms);
                bytes = Interlocked.Read(ref received);
                // A zoom to the middle half of both axes, until the frame after plotly has redrawn.
                double zoom = await page.EvaluateAsync<double>($$"""
                    async () => {
                        const el = document.getElementById('{{plot}}');
                        const xr = el._fullLayout.xaxis.range, yr = el._fullLayout.yaxis.range;
                        const w = xr[1] - xr[0], h = yr[1] - yr[0];
                        const t = performance.now();
                        await Plotly.relayout(el, { 'xaxis.range': [xr[0] + w / 4, xr[1] - w / 4], 'yaxis.range': [yr[0] + h / 4, yr[1] - h / 4] });
                        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                        return performance.now() - t;
                    }
                    """);
                bestZoom = Math.Min(bestZoom, zoom);
                if (hoverLookup && r == 0) await HoverLookupAsync(page, plot, points);
                await page.CloseAsync();
            }
            var (rss, peak) = Memory(server.Id);
            return new Figures(best, bytes, bestZoom, rss, peak);
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await server.WaitForExitAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    // Hover/click lookups on the drawn plot: plot.js's grid index against a scan of every point (the same answers).
    private static async Task HoverLookupAsync(IPage page, string plot, int points)
    {
        var figures = await page.EvaluateAsync<double[]>($$"""
            async () => {
                const si = await import('/js/spatial-index.js');
                const el = document.getElementById('{{plot}}');
                const coords = window.embeddingLabPlot.coordinates('{{plot}}');
                const full = el._fullLayout, box = el.getBoundingClientRect();
                let seed = 7; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
                const queries = Array.from({ length: 2000 }, () => [box.left + full._size.l + rnd() * full._size.w, box.top + full._size.t + rnd() * full._size.h]);
                let t = performance.now();
                window.embeddingLabPlot.nearestRow('{{plot}}', queries[0][0], queries[0][1]); // builds the index
                const build = performance.now() - t;
                t = performance.now();
                const grid = queries.map(([x, y]) => window.embeddingLabPlot.nearestRow('{{plot}}', x, y, 12));
                const gridMs = performance.now() - t;
                t = performance.now();
                const scan = queries.slice(0, 200).map(([x, y]) => si.nearestByScan(coords, 2, full.xaxis.p2l(x - box.left - full._size.l), full.yaxis.p2l(y - box.top - full._size.t), full.xaxis._m, full.yaxis._m, 12));
                const scanMs = performance.now() - t;
                const agree = scan.filter((r, i) => r === grid[i]).length;
                return [build, gridMs * 1000 / grid.length, scanMs * 1000 / scan.length, agree, scan.length];
            }
            """);
        Console.WriteLine($"  hover lookup ({points:N0} points): grid index built in {figures[0]:F0} ms, {figures[1]:F1} µs a lookup; scan of every point {figures[2]:F0} µs a lookup " +
                          $"(ratio {figures[1] / figures[2]:F4}); same point in {figures[3]:F0} of {figures[4]:F0}");
    }
}
