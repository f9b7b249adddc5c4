using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web;
using EmbeddingLab.Web.SentenceSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Tests.Encoding;

public sealed class OnnxSessionCacheTests
{
    private static string ModelPath => Path.Combine(EncodingTestPaths.TinyBert, "onnx", "model.onnx");

    [Fact]
    public void The_same_model_and_options_give_one_session_and_other_options_another()
    {
        using var cache = new OnnxSessionCache();
        var a = cache.Get(ModelPath, new OnnxSessionOptions { IntraOpNumThreads = 1 });
        // Another spelling of the same file and an equal (not the same) options value share the session.
        var b = cache.Get(Path.Combine(EncodingTestPaths.TinyBert, "onnx", "..", "onnx", "model.onnx"), new OnnxSessionOptions { IntraOpNumThreads = 1 });
        var c = cache.Get(ModelPath, new OnnxSessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC });
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Encoders_from_the_cache_share_the_session_and_disposing_one_leaves_it_open()
    {
        using var cache = new OnnxSessionCache();
        var first = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(BatchSize: 4), cache);
        using var second = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(BatchSize: 8), cache);
        Assert.Same(first.Session, second.Session);
        var before = second.Encode(["a shared session"]);
        first.Dispose();
        Assert.Equal(before, second.Encode(["a shared session"]));

        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => second.Encode(["the cache closed its sessions"]));
    }

    [Fact]
    public void Encoders_without_session_options_open_with_the_caches_configured_defaults_and_explicit_ones_win()
    {
        var configured = new OnnxSessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var cache = new OnnxSessionCache(configured);
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert, null, cache);
        Assert.Same(cache.Get(ModelPath, configured), encoder.Session);
        Assert.Equal(1, cache.Count);

        var own = new OnnxSessionOptions { IntraOpNumThreads = 2, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var explicitOptions = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(Session: own), cache);
        Assert.Same(cache.Get(ModelPath, own), explicitOptions.Session);
        Assert.NotSame(encoder.Session, explicitOptions.Session);
    }

    [Fact]
    public void The_web_apps_settings_give_the_shared_sessions_options()
    {
        static IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

        Assert.Null(OnnxSettings.From(Config()));
        Assert.Equal(new OnnxSessionOptions { IntraOpNumThreads = 3, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL },
            OnnxSettings.From(Config(("EmbeddingLab:OnnxThreads", "3"), ("EmbeddingLab:OnnxGraphOptimization", "disable"))));
        Assert.Equal(new OnnxSessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED },
            OnnxSettings.From(Config(("EmbeddingLab:OnnxGraphOptimization", "Extended"))));
        var e = Assert.Throws<FormatException>(() => OnnxSettings.From(Config(("EmbeddingLab:OnnxThreads", "-1"))));
        Assert.Equal("Setting EmbeddingLab:OnnxThreads must be a whole number from 1 to 1024; found \"-1\".", e.Message);
        e = Assert.Throws<FormatException>(() => OnnxSettings.From(Config(("EmbeddingLab:OnnxGraphOptimization", "max"))));
        Assert.Equal("Setting EmbeddingLab:OnnxGraphOptimization must be one of disable, basic, extended, all; found \"max\".", e.Message);

        // The app registers its one cache with them.
        var services = new ServiceCollection();
        services.AddEmbeddingLab(Config(("EmbeddingLab:OnnxThreads", "1"), ("EmbeddingLab:OnnxGraphOptimization", "basic")));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(new OnnxSessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC },
            provider.GetRequiredService<OnnxSessionCache>().Defaults);
    }

    [Fact]
    public void Concurrent_first_requests_open_the_model_once()
    {
        using var cache = new OnnxSessionCache();
        var sessions = new OnnxModel[8];
        Parallel.For(0, sessions.Length, i => sessions[i] = cache.Get(ModelPath));
        Assert.All(sessions, s => Assert.Same(sessions[0], s));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_failed_open_is_not_kept()
    {
        var dir = Directory.CreateTempSubdirectory("el-session-cache-").FullName;
        try
        {
            using var cache = new OnnxSessionCache();
            var path = Path.Combine(dir, "model.onnx");
            Assert.Throws<FileNotFoundException>(() => cache.Get(path));
            File.Copy(ModelPath, path);
            Assert.NotNull(cache.Get(path)); // the file arrived (e.g. a download finished): it opens now
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

/// <summary>The web states take the app's one <see cref="OnnxSessionCache"/>: two browser sessions encoding with one model share one ONNX Runtime session.</summary>
public sealed class SharedOnnxSessionStateTests : MudTestContext
{
    private readonly string _models = Directory.CreateTempSubdirectory("el-shared-session-models-").FullName;

    public SharedOnnxSessionStateTests()
    {
        foreach (var file in Directory.EnumerateFiles(EncodingTestPaths.TinyBert, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_models, "tiny-bert", Path.GetRelativePath(EncodingTestPaths.TinyBert, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmbeddingLab:ModelsPath"] = _models,
            ["EmbeddingLab:UploadPath"] = Path.Combine(_models, "uploads"),
        }).Build());
        AddSentencesServices();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Directory.Delete(_models, recursive: true);
    }

    private static async Task<TransformerEncoder> EncodeWithTransformer(IServiceProvider services)
    {
        var state = services.GetRequiredService<SentencesState>();
        state.RefreshModels();
        state.Kind = "transformer";
        state.ModelFolder = state.ModelFolders.Single().Path;
        state.Encode();
        await state.EncodeJob!.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(state.EncoderError);
        return Assert.IsType<TransformerEncoder>(state.Encoder);
    }

    [Fact]
    public async Task Two_browser_sessions_encoding_with_one_model_share_one_onnx_session()
    {
        var scopes = Services.GetRequiredService<IServiceScopeFactory>();
        var cache = Services.GetRequiredService<OnnxSessionCache>();
        using var b = scopes.CreateScope();
        TransformerEncoder first;
        using (var a = scopes.CreateScope())
        {
            first = await EncodeWithTransformer(a.ServiceProvider);
            var second = await EncodeWithTransformer(b.ServiceProvider);
            Assert.Same(first.Session, second.Session);
            Assert.Equal(1, cache.Count);
        }
        // The first browser session ended (its state disposed its encoder): the other's encoder still runs.
        var survivor = b.ServiceProvider.GetRequiredService<SentencesState>().Encoder!;
        Assert.Equal(survivor.Dimensions, survivor.Encode(["still encoding"]).Length);

    }
}

/// <summary>The app itself, started with a malformed ONNX Runtime setting.</summary>
public sealed class OnnxSettingsStartupTests
{
    [Fact]
    public async Task A_bad_setting_stops_the_app_with_its_message_and_exit_2()
    {
        var dll = Path.Combine(RepoPaths.Root, "EmbeddingLab.Web", "bin", RepoPaths.Configuration, "net10.0", "EmbeddingLab.Web.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["EmbeddingLab__OnnxGraphOptimization"] = "fastest";
        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        string err = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("Setting EmbeddingLab:OnnxGraphOptimization must be one of disable, basic, extended, all; found \"fastest\".", err.Trim());
        Assert.DoesNotContain(" at ", await stdout);
    }
}
