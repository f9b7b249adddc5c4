using System.Text;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>Options of Hugging Face's BertNormalizer (tokenizer.json "normalizer"), same names and defaults.</summary>
/// <param name="StripAccents">null follows <paramref name="Lowercase"/>, as in Hugging Face tokenizers.</param>
public sealed record BertNormalizerOptions(bool CleanText = true, bool HandleChineseChars = true, bool? StripAccents = null, bool Lowercase = true)
{
    public bool EffectiveStripAccents => StripAccents ?? Lowercase;
}

/// <summary>
/// BERT text normalisation in Hugging Face tokenizers' order: clean text (drop NUL, U+FFFD and C* characters, map
/// whitespace to ' '), pad CJK ideographs with spaces, strip accents (NFD then drop Mn), then lowercase.
/// </summary>
public sealed class BertNormalizer(BertNormalizerOptions options)
{
    public BertNormalizerOptions Options { get; } = options;

    public string Normalize(ReadOnlySpan<char> text)
    {
        var a = new List<int>(text.Length + 8);
        var b = new List<int>(text.Length + 8);
        UnicodeTables.ToCodePoints(text, a);

        if (Options.CleanText)
        {
            b.Clear();
            foreach (int cp in a)
            {
                if (cp == 0 || cp == 0xFFFD) continue;
                if (cp is '\t' or '\n' or '\r') { b.Add(' '); continue; }
                if (UnicodeTables.IsOther(cp)) continue;
                b.Add(UnicodeTables.IsWhiteSpace(cp) ? ' ' : cp);
            }
            (a, b) = (b, a);
        }
        if (Options.HandleChineseChars)
        {
            b.Clear();
            foreach (int cp in a)
            {
                if (UnicodeTables.IsChineseChar(cp)) { b.Add(' '); b.Add(cp); b.Add(' '); }
                else b.Add(cp);
            }
            (a, b) = (b, a);
        }
        if (Options.EffectiveStripAccents)
        {
            b.Clear();
            UnicodeTables.AppendNfd(a, b);
            a.Clear();
            foreach (int cp in b)
                if (UnicodeTables.Category(cp) != System.Globalization.UnicodeCategory.NonSpacingMark) a.Add(cp);
        }
        if (Options.Lowercase)
        {
            b.Clear();
            foreach (int cp in a) UnicodeTables.AppendLower(cp, b);
            (a, b) = (b, a);
        }
        return UnicodeTables.FromCodePoints(a, 0, a.Count);
    }
}

/// <summary>BertPreTokenizer: splits on whitespace (removed) and isolates every punctuation character.</summary>
public static class BertPreTokenizer
{
    /// <summary>Appends (start, length) UTF-16 ranges of the words of <paramref name="text"/>.</summary>
    public static void Split(ReadOnlySpan<char> text, List<(int Start, int Length)> words)
    {
        int wordStart = -1;
        for (int i = 0; i < text.Length;)
        {
            int width = 1, cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                width = 2;
            }
            bool space = UnicodeTables.IsWhiteSpace(cp);
            bool punct = !space && UnicodeTables.IsBertPunctuation(cp);
            if (space || punct)
            {
                if (wordStart >= 0) words.Add((wordStart, i - wordStart));
                wordStart = -1;
                if (punct) words.Add((i, width));
            }
            else if (wordStart < 0) wordStart = i;
            i += width;
        }
        if (wordStart >= 0) words.Add((wordStart, text.Length - wordStart));
    }

    internal static string Describe(string text)
    {
        var words = new List<(int, int)>();
        Split(text, words);
        var sb = new StringBuilder();
        foreach (var (s, l) in words) sb.Append('[').Append(text, s, l).Append(']');
        return sb.ToString();
    }
}
