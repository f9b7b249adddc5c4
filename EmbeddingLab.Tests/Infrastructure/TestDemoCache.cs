namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// The demo-set cache (EmbeddingLab:DemoCachePath) every app process of one test run shares: the first start builds
/// each demo set, later starts (the browser fixture, restart and kill tests) read it. A fresh folder per test run,
/// deleted when the run ends, so every run still builds the demos once (a cold CI run is what the suite measures).
/// EMBEDDINGLAB_TEST_DEMO_CACHE names a folder to keep between runs instead (local browser-test work); the cache key
/// is the build and the narrowing settings, so a new build or other settings rebuild it.
/// </summary>
public static class TestDemoCache
{
    private static readonly Lazy<string> Folder = new(Create);

    public static string Path => Folder.Value;

    private static string Create()
    {
        var kept = Environment.GetEnvironmentVariable("EMBEDDINGLAB_TEST_DEMO_CACHE");
        if (!string.IsNullOrWhiteSpace(kept)) return Directory.CreateDirectory(kept).FullName;
        var folder = Directory.CreateTempSubdirectory("el-test-demos-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return folder;
    }
}
