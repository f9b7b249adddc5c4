using System.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis;

/// <summary>
/// The vocabulary gensim's evaluations look words up in: the first <c>restrict_vocab</c> keys, and with
/// <c>case_insensitive</c> every key upper-cased, the first (most frequent) case variant winning.
/// </summary>
internal sealed class GensimVocabulary
{
    private readonly Dictionary<string, int> _rows;

    public GensimVocabulary(EmbeddingSet set, int restrictVocab, bool caseInsensitive)
    {
        int n = Math.Min(set.Count, Math.Max(0, restrictVocab));
        _rows = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++) _rows.TryAdd(caseInsensitive ? PythonUpper(set.Keys[i]) : set.Keys[i], i);
        CaseInsensitive = caseInsensitive;
        Rows = n;
    }

    public bool CaseInsensitive { get; }

    /// <summary>How many leading rows are searched (restrict_vocab clipped to the set).</summary>
    public int Rows { get; }

    public string Normalize(string word) => CaseInsensitive ? PythonUpper(word) : word;

    public bool TryGetRow(string normalizedWord, out int row) => _rows.TryGetValue(normalizedWord, out row);

    public bool Contains(string normalizedWord) => _rows.ContainsKey(normalizedWord);

    /// <summary>
    /// Python's <c>str.upper()</c>: .NET's simple case mapping plus the special full mappings that change length
    /// (ß → SS, ligatures), so keys like "straße" match as they do in gensim.
    /// </summary>
    public static string PythonUpper(string s)
    {
        var upper = s.ToUpperInvariant();
        if (upper.AsSpan().IndexOfAny("ßŉﬀﬁﬂﬃﬄﬅﬆ") < 0) return upper;
        var sb = new StringBuilder(upper.Length + 4);
        foreach (char c in upper)
        {
            sb.Append(c switch
            {
                'ß' => "SS", 'ŉ' => "ʼN", 'ﬀ' => "FF", 'ﬁ' => "FI", 'ﬂ' => "FL", 'ﬃ' => "FFI", 'ﬄ' => "FFL", 'ﬅ' => "ST", 'ﬆ' => "ST",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
