using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// Starts the built Web app as its own process on a free loopback port (as a user runs it), waits until it answers
/// /health and its demo sets are ready, and hands out Playwright pages in Debian's Chromium (no browser download).
/// One instance is shared by every test in <see cref="BrowserCollection"/>.
/// </summary>
public sealed class AppServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private Process? _process;
    private readonly StringBuilder _log = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's transformer models folder (EmbeddingLab:ModelsPath): a fresh temp folder, empty at start, deleted at the end.
    /// Tests copy model folders into it; the Sentences page lists it each time it opens.</summary>
    public string ModelsPath { get; } = Directory.CreateTempSubdirectory("el-models-").FullName;

    /// <summary>The app's workspace store (EmbeddingLab:DataPath): a fresh temp folder, deleted at the end.</summary>
    public string DataPath { get; } = Directory.CreateTempSubdirectory("el-data-").FullName;

    /// <summary>The model id the app's hub (EmbeddingLab:HubEndpoint, a loopback server) serves: the tiny test BERT.</summary>
    public const string HubModelId = "embeddinglab-test/tiny-bert";

    private EmbeddingLab.Tests.Encoding.LoopbackHub? _hub;

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string ServerLog { get { lock (_log) return _log.ToString(); } }

    public async Task InitializeAsync()
    {
        var webDir = Path.Combine(RepoPaths.Root, "EmbeddingLab.Web", "bin", RepoPaths.Configuration, "net10.0");
        var dll = Path.Combine(webDir, "EmbeddingLab.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution before running the browser tests.");
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl])
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["EmbeddingLab__ModelsPath"] = ModelsPath;
        start.Environment["EmbeddingLab__DataPath"] = DataPath;
        // The demo cache of this test run: the restart and kill tests' own app processes read the songs, words and
        // sentences this start builds instead of building them again.
        start.Environment["EmbeddingLab__DemoCachePath"] = TestDemoCache.Path;
        // The State of the Union words narrowed to 2000–2021 and 2 epochs: ready in seconds, same code path as the full set.
        start.Environment["EmbeddingLab__Demos__StateOfTheUnionFromYear"] = "2000";
        start.Environment["EmbeddingLab__Demos__StateOfTheUnionToYear"] = "2021";
        start.Environment["EmbeddingLab__Demos__StateOfTheUnionEpochs"] = "2";
        // The emoji demos narrowed to 24 emoji spread over the categories: ResNet-18 encodes them in seconds.
        start.Environment["EmbeddingLab__Demos__EmojiLimit"] = "24";
        // The State of the Union paragraphs follow the same years; the Spam Assassin set keeps 20 e-mails of each group.
        start.Environment["EmbeddingLab__Demos__SpamAssassinPerGroup"] = "20";
        _hub = new EmbeddingLab.Tests.Encoding.LoopbackHub(HubModelId, Path.Combine(RepoPaths.Root, "EmbeddingLab.Tests", "TestData", "tiny-bert", "model"));
        start.Environment["EmbeddingLab__HubEndpoint"] = _hub.Endpoint;
        start.Environment["EmbeddingLab__AllowPrivateDownloadHosts"] = "true"; // the hub above is a loopback server
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Web app.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Six demo sets since the real documents (State of the Union paragraphs, Spam Assassin): room for a loaded machine.
        await WaitForDemosAsync(TimeSpan.FromSeconds(300));

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); ./test.sh does this.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private async Task WaitForDemosAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < timeout)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The Web app exited with code {_process.ExitCode}:\n{ServerLog}");
            try
            {
                var json = await http.GetStringAsync($"{BaseUrl}/health");
                last = json;
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.GetProperty("demos_pending").GetArrayLength() == 0) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The Web app was not ready after {timeout.TotalSeconds} s (last /health: {last}).\n{ServerLog}");
    }

    /// <summary>A fresh browser context and page (its own cookies, so its own workspace), with a 30 s default timeout.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Opens a path and waits until Blazor's interactive circuit is up (buttons work).</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(BaseUrl + path);
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits for the Blazor circuit: the layout renders a marker once it renders interactively.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-el-interactive='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _hub?.Dispose();
        try { Directory.Delete(ModelsPath, recursive: true); } catch (IOException) { }
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Browser tests share one app process and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<AppServerFixture>
{
    public const string Name = "browser";
}
