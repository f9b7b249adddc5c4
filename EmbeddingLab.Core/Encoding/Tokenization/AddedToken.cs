namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>A token matched in the text before WordPiece (tokenizer.json "added_tokens"): special tokens such as [CLS] or [MASK]
/// typed in the input become their id, as Hugging Face tokenizers does.</summary>
public sealed record AddedToken(string Content, int Id, bool Special = true, bool Normalized = false, bool LStrip = false, bool RStrip = false, bool SingleWord = false);

/// <summary>Splits text around added tokens: leftmost match wins, the longest at that position (like the Rust Aho-Corasick LeftmostLongest).</summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;
    private readonly Dictionary<AddedToken, string> _pattern;

    public AddedTokenMatcher(IEnumerable<(AddedToken Token, string Pattern)> tokens)
    {
        _pattern = [];
        var groups = new Dictionary<char, List<AddedToken>>();
        foreach (var (token, pattern) in tokens)
        {
            if (pattern.Length == 0) continue;
            _pattern[token] = pattern;
            if (!groups.TryGetValue(pattern[0], out var list)) groups[pattern[0]] = list = [];
            list.Add(token);
        }
        _byFirstChar = groups.ToDictionary(g => g.Key, g => g.Value.OrderByDescending(t => _pattern[t].Length).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>Appends pieces: (text range, null) for plain text, (range, token) for a match.</summary>
    public void Split(string text, List<(int Start, int Length, AddedToken? Token)> pieces)
    {
        int plainStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (_byFirstChar.TryGetValue(text[i], out var candidates))
            {
                AddedToken? hit = null;
                foreach (var t in candidates)
                {
                    string p = _pattern[t];
                    if (string.CompareOrdinal(text, i, p, 0, p.Length) == 0 && (!t.SingleWord || IsWordBoundary(text, i, i + p.Length)))
                    {
                        hit = t;
                        break;
                    }
                }
                if (hit is not null)
                {
                    int start = i, end = i + _pattern[hit].Length;
                    if (hit.LStrip) while (start > plainStart && char.IsWhiteSpace(text[start - 1])) start--;
                    if (hit.RStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
                    if (start > plainStart) pieces.Add((plainStart, start - plainStart, null));
                    pieces.Add((start, end - start, hit));
                    plainStart = i = end;
                    continue;
                }
            }
            i++;
        }
        if (plainStart < text.Length) pieces.Add((plainStart, text.Length - plainStart, null));
    }

    private static bool IsWordBoundary(string text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
