using System.Text.RegularExpressions;

namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// scikit-learn's default analyzer: lowercase, then tokens matched by <c>(?u)\b\w\w+\b</c> (words of two or more
/// word characters; punctuation and single characters dropped).
/// </summary>
/// <remarks>
/// .NET's <c>\w</c> also counts combining marks (category Mn) as word characters where Python's does not; text in
/// composed form (NFC, the usual case) tokenises identically.
/// </remarks>
public static partial class SklearnTokenizer
{
    [GeneratedRegex(@"\b\w\w+\b", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>The tokens of one document, in order (duplicates kept).</summary>
    public static List<string> Tokenize(string document, bool lowercase = true)
    {
        var text = lowercase ? document.ToLowerInvariant() : document;
        var tokens = new List<string>();
        foreach (var match in TokenPattern().EnumerateMatches(text)) tokens.Add(text.Substring(match.Index, match.Length));
        return tokens;
    }
}
