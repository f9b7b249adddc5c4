namespace EmbeddingLab.Tests.Encoding;

/// <summary>Locates committed test data in the source tree and the shared fixtures beside the repository.</summary>
internal static class EncodingTestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestData(params string[] parts) => Path.Combine([RepoRoot, "EmbeddingLab.Tests", "TestData", .. parts]);

    /// <summary>The real tokenizer files of sentence-transformers/all-MiniLM-L6-v2 (../shared/fixtures from the repo root;
    /// a git worktree may sit deeper, so ancestors are searched too).</summary>
    public static string MiniLmTokenizer { get; } = FindShared("all-MiniLM-L6-v2-tokenizer");

    public static string TinyBert => TestData("tiny-bert", "model");

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "EmbeddingLab.sln"))) return d.FullName;
        throw new InvalidOperationException("EmbeddingLab.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared(string name)
    {
        for (var d = new DirectoryInfo(RepoRoot); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "..", "shared", "fixtures", name);
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException($"shared/fixtures/{name} not found beside {RepoRoot}");
    }
}
