using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EmbeddingLab.Bench.Load;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// <c>load [--workspaces 20] [--rounds 5] [--rows 2000] [--configuration Release]</c>: starts the built Web app on a
/// loopback port with a fresh data folder, drives N browsers at once (Debian's Chromium, one context each, so N
/// workspaces) through upload → project → search, and prints p50/p95 click-to-update, errors, isolation and the
/// server's memory. There is no reference implementation for this one: it reports absolute figures.
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    public string Name => "load";
    public string Description => "N browser workspaces at once (upload, project, search): p95 click-to-update and server memory";

    public int Run(string[] args)
    {
        int workspaces = IntOption(args, "--workspaces", 20), rounds = IntOption(args, "--rounds", 5), rows = IntOption(args, "--rows", 2000);
        var configuration = Option(args, "--configuration") ?? "Release";
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EmbeddingLab.sln"))) root = root.Parent;
        if (root is null) { Console.Error.WriteLine("EmbeddingLab.sln not found above " + AppContext.BaseDirectory); return 2; }
        var dll = Path.Combine(root.FullName, "EmbeddingLab.Web", "bin", configuration, "net10.0", "EmbeddingLab.Web.dll");
        if (!File.Exists(dll)) { Console.Error.WriteLine($"{dll} is missing: dotnet build EmbeddingLab.Web -c {configuration}."); return 2; }
        var work = Directory.CreateTempSubdirectory("el-load-");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["EmbeddingLab__DataPath"] = Path.Combine(work.FullName, "data");
        // Demo sets built once for every run of the bench (keyed by the build): the State of the Union words take
        // minutes to train and are not what this measures.
        start.Environment["EmbeddingLab__DemoCachePath"] = Path.Combine(Path.GetTempPath(), "embeddinglab-bench-demos");
        using var server = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var ready = Stopwatch.StartNew();
            var built = WaitReady(url, server);
            Console.WriteLine($"Waited {ready.Elapsed.TotalSeconds:F1} s until /health listed no demo set pending ({built}), so the clients do not compete with demo builds.");
            long idle = LoadScenario.Rss(server.Id);
            var cpuBefore = CpuTime(server.Id);
            Console.WriteLine($"Server ready at {url}; RSS idle {idle / 1048576.0:F0} MB. {workspaces} workspaces × (upload {rows} × 16, PCA, {rounds} searches)…");
            using var sampling = new CancellationTokenSource();
            var health = SampleHealthAsync(url, sampling.Token);
            var result = LoadScenario.RunAsync(url, server.Id, workspaces, rounds, rows, "/usr/bin/chromium", work.FullName).GetAwaiter().GetResult();
            sampling.Cancel();
            var (threads, pending) = health.GetAwaiter().GetResult();
            Console.WriteLine($"workspaces: {result.Workspaces}, clicks timed: {result.ClickMillis.Count}, elapsed {result.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"click-to-update: p50 {result.Percentile(0.5):F0} ms, p95 {result.Percentile(0.95):F0} ms, max {result.ClickMillis.DefaultIfEmpty().Max():F0} ms");
            foreach (var (step, millis) in result.StepMillis)
                Console.WriteLine($"  {step,-8} {millis.Count,3} clicks: p50 {LoadResult.Percentile(millis, 0.5):F0} ms, p95 {LoadResult.Percentile(millis, 0.95):F0} ms");
            Console.WriteLine($"server RSS: idle {idle / 1048576.0:F0} MB, peak {result.ServerPeakRssBytes / 1048576.0:F0} MB, after {result.ServerRssAfterBytes / 1048576.0:F0} MB");
            Console.WriteLine($"server thread pool: up to {threads} threads, up to {pending} work items waiting for one (sampled every 0.5 s)");
            var cpu = CpuTime(server.Id) - cpuBefore;
            Console.WriteLine($"server CPU: {cpu.TotalSeconds:F1} s in {result.Elapsed.TotalSeconds:F1} s ({cpu.TotalSeconds / result.Elapsed.TotalSeconds * 100:F0} % of one core); load average {LoadAverage()}");
            // The server's own view of each job (JobRunner logs it): time queued for a turn, then working.
            var jobs = log.Select(l => JobLine.Match(l)).Where(m => m.Success)
                .GroupBy(m => m.Groups["kind"].Value).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var g in jobs)
            {
                var waits = g.Select(m => double.Parse(m.Groups["wait"].Value, CultureInfo.InvariantCulture)).ToList();
                var runs = g.Select(m => double.Parse(m.Groups["run"].Value, CultureInfo.InvariantCulture)).ToList();
                Console.WriteLine($"  server-side {g.Key,-8} {waits.Count,3} jobs: waited p50 {LoadResult.Percentile(waits, 0.5):F0} / p95 {LoadResult.Percentile(waits, 0.95):F0} ms, " +
                    $"ran p50 {LoadResult.Percentile(runs, 0.5):F0} / p95 {LoadResult.Percentile(runs, 0.95):F0} ms");
            }
            Console.WriteLine($"isolation: {(result.Isolated ? "each workspace saw only its own set" : "BROKEN")}; errors: {result.Errors.Count}");
            foreach (var e in result.Errors) Console.WriteLine("  " + e);
            var problems = log.Where(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();
            Console.WriteLine($"server log: {problems.Count} warnings or errors");
            if (result.Errors.Count > 0)
                foreach (var line in log.TakeLast(40)) Console.WriteLine("  | " + line);
            Console.WriteLine("reference: none (no other implementation of this app); figures are absolute.");
            return result.Errors.Count == 0 && result.Isolated ? 0 : 1;
        }
        finally
        {
            if (!server.HasExited) { server.Kill(entireProcessTree: true); server.WaitForExit(); }
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Peak thread-pool threads and queued work items, as /health reports them, until cancelled.</summary>
    private static async Task<(long Threads, long Pending)> SampleHealthAsync(string url, CancellationToken cancellationToken)
    {
        long threads = 0, pending = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + "/health", cancellationToken));
                if (doc.RootElement.TryGetProperty("thread_pool", out var pool))
                {
                    threads = Math.Max(threads, pool.GetProperty("threads").GetInt64());
                    pending = Math.Max(pending, pool.GetProperty("pending").GetInt64());
                }
                await Task.Delay(500, cancellationToken);
            }
            catch (OperationCanceledException) { break; }
            catch (HttpRequestException) { }
        }
        return (threads, pending);
    }

    private static readonly System.Text.RegularExpressions.Regex JobLine =
        new(@"Job (?<kind>\w*) "".*"" \w+: waited (?<wait>\d+) ms, ran (?<run>\d+) ms", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// Waits until /health lists no demo set pending (built into the shared demo cache, or loaded from it); returns
    /// which sets were still pending at the first look. Demo builds take minutes on a busy machine, so the wait is long.
    /// </summary>
    private static string WaitReady(string url, Process server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string? first = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(20))
        {
            if (server.HasExited) throw new InvalidOperationException($"The server exited with code {server.ExitCode}.");
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(http.GetStringAsync(url + "/health").GetAwaiter().GetResult());
                var pending = doc.RootElement.GetProperty("demos_pending").EnumerateArray().Select(e => e.GetString()).ToList();
                first ??= pending.Count == 0 ? "none pending" : "pending at start: " + string.Join(", ", pending);
                if (pending.Count == 0) return first;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(250);
        }
        throw new TimeoutException("The server still had demo sets to build after 20 minutes.");
    }

    /// <summary>User + system CPU time of a process (Linux /proc), zero when unknown.</summary>
    private static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return TimeSpan.Zero; }
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;
}
