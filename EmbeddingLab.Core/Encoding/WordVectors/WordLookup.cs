using System.Text.RegularExpressions;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Encoding.WordVectors;

/// <summary>
/// Splits sentences into words (runs of letters, digits and underscores, keeping inner apostrophes: "don't") and
/// finds each word's row in a word <see cref="EmbeddingSet"/>: the exact key first, then its lowercase form
/// (so both cased word2vec files and lowercase GloVe files work). Words with no row are skipped.
/// </summary>
public sealed partial class WordLookup(EmbeddingSet words)
{
    [GeneratedRegex(@"\w+(?:['’]\w+)*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    public EmbeddingSet Words { get; } = words ?? throw new ArgumentNullException(nameof(words));

    /// <summary>The words of a sentence in order.</summary>
    public static List<string> Tokenize(string sentence)
    {
        var tokens = new List<string>();
        foreach (var m in WordPattern().EnumerateMatches(sentence ?? "")) tokens.Add(sentence!.Substring(m.Index, m.Length));
        return tokens;
    }

    /// <summary>Row of a word (exact, then lowercase), or -1.</summary>
    public int RowOf(string word)
    {
        int row = Words.IndexOf(word);
        if (row >= 0) return row;
        var lower = word.ToLowerInvariant();
        return ReferenceEquals(lower, word) || lower == word ? -1 : Words.IndexOf(lower);
    }

    /// <summary>The rows of the known words of a sentence, in order (repeats kept).</summary>
    public List<int> Rows(string sentence)
    {
        var rows = new List<int>();
        foreach (var token in Tokenize(sentence))
        {
            int row = RowOf(token);
            if (row >= 0) rows.Add(row);
        }
        return rows;
    }
}
