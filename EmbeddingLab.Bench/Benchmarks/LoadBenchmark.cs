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
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            WaitReady(url, server);
            long idle = LoadScenario.Rss(server.Id);
            Console.WriteLine($"Server ready at {url}; RSS idle {idle / 1048576.0:F0} MB. {workspaces} workspaces × (upload {rows} × 16, PCA, {rounds} searches)…");
            var result = LoadScenario.RunAsync(url, server.Id, workspaces, rounds, rows, "/usr/bin/chromium", work.FullName).GetAwaiter().GetResult();
            Console.WriteLine($"workspaces: {result.Workspaces}, clicks timed: {result.ClickMillis.Count}, elapsed {result.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"click-to-update: p50 {result.Percentile(0.5):F0} ms, p95 {result.Percentile(0.95):F0} ms, max {result.ClickMillis.DefaultIfEmpty().Max():F0} ms");
            Console.WriteLine($"server RSS: idle {idle / 1048576.0:F0} MB, peak {result.ServerPeakRssBytes / 1048576.0:F0} MB, after {result.ServerRssAfterBytes / 1048576.0:F0} MB");
            Console.WriteLine($"isolation: {(result.Isolated ? "each workspace saw only its own set" : "BROKEN")}; errors: {result.Errors.Count}");
            foreach (var e in result.Errors) Console.WriteLine("  " + e);
            Console.WriteLine("reference: none (no other implementation of this app); figures are absolute.");
            return result.Errors.Count == 0 && result.Isolated ? 0 : 1;
        }
        finally
        {
            if (!server.HasExited) { server.Kill(entireProcessTree: true); server.WaitForExit(); }
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static void WaitReady(string url, Process server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (server.HasExited) throw new InvalidOperationException($"The server exited with code {server.ExitCode}.");
            try
            {
                var json = http.GetStringAsync(url + "/health").GetAwaiter().GetResult();
                if (json.Contains("\"demos_pending\":[]", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(250);
        }
        throw new TimeoutException("The server was not ready after 180 s.");
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;
}
