using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// The built Web app as its own process on a given data folder, for tests that stop and start it again (persistence
/// across a restart, a killed server). Waits for /health with every demo set ready.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int Id => _process.Id;
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<AppProcess> StartAsync(string dataPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var webDir = Path.Combine(RepoPaths.Root, "EmbeddingLab.Web", "bin", RepoPaths.Configuration, "net10.0");
        var dll = Path.Combine(webDir, "EmbeddingLab.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["EmbeddingLab__DataPath"] = dataPath;
        start.Environment["EmbeddingLab__ModelsPath"] = Path.Combine(dataPath, "no-models");
        // Demo sets built once per test run and shared with the browser fixture (see TestDemoCache).
        start.Environment["EmbeddingLab__DemoCachePath"] = TestDemoCache.Path;
        // Restart tests need no real corpus: the State of the Union words would add a minute to each start.
        start.Environment["EmbeddingLab__Demos__StateOfTheUnion"] = "false";
        start.Environment["EmbeddingLab__Demos__Emoji"] = "false";
        start.Environment["EmbeddingLab__Demos__SpamAssassin"] = "false";
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Web app.");
        var app = new AppProcess(process, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (app._log) app._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._log) app._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitReadyAsync(TimeSpan.FromSeconds(180));
        return app;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The Web app exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync($"{BaseUrl}/health"));
                if (doc.RootElement.GetProperty("demos_pending").GetArrayLength() == 0) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The Web app was not ready after {timeout.TotalSeconds} s.\n{Log}");
    }

    /// <summary>Ends the process at once (as a crash or kill -9 would).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
