namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>Finds the repository root (and ../shared) from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared fixtures folder: ../shared/fixtures beside the repository (or above it, for git worktrees).</summary>
    public static string SharedFixtures
    {
        get
        {
            for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
                if (Directory.Exists(candidate)) return candidate;
            }
            return Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));
        }
    }

    /// <summary>Build configuration of the running tests (Debug/Release), from the output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string TestData(params string[] parts) => Path.Combine([Root, "EmbeddingLab.Tests", "TestData", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EmbeddingLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No EmbeddingLab.sln above {AppContext.BaseDirectory}.");
    }
}
