using System.Globalization;
using System.Text;

namespace EmbeddingLab.Core.Encoding.BagOfWords;

/// <summary>
/// scikit-learn's default analyzer with Python's string semantics: <c>str.lower()</c>, then tokens matched by
/// <c>(?u)\b\w\w+\b</c> — maximal runs of two or more word characters (a run of one is dropped).
/// </summary>
/// <remarks>
/// Python's <c>\w</c> is not .NET's: Python counts letters (L*), every numeric character (Nd, Nl, No — ², ½, Ⅻ) and
/// <c>_</c>; .NET also counts combining marks (Mn) and all connector punctuation (Pc), but not Nl/No. Python works on
/// code points (an astral letter is one word character; .NET's regex sees two surrogates), and its <c>lower()</c> uses
/// full case mapping: İ becomes i + U+0307 (a combining mark, so the word splits there) and a capital sigma that ends
/// a word becomes ς. This scanner reproduces those rules; TestData/sentences/generate_tokenizer_reference.py checks
/// every code point against Python.
/// </remarks>
public static class SklearnTokenizer
{
    /// <summary>The tokens of one document, in order (duplicates kept).</summary>
    public static List<string> Tokenize(string document, bool lowercase = true)
    {
        var text = lowercase ? PythonLower(document) : document;
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            if (!IsWordAt(text, i, out int width)) { i += width; continue; }
            int start = i, runes = 0;
            while (i < text.Length && IsWordAt(text, i, out width)) { i += width; runes++; }
            if (runes >= 2) tokens.Add(text.Substring(start, i - start));
        }
        return tokens;
    }

    /// <summary>Python's <c>\w</c> for str patterns: <c>ch.isalnum() or ch == '_'</c>.</summary>
    public static bool IsWordCharacter(Rune rune)
    {
        if (rune.Value == '_') return true;
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return true;
            default:
                // isnumeric() also holds for a few characters with a numeric value outside the N* categories.
                return Rune.GetNumericValue(rune) != -1;
        }
    }

    /// <summary>Python's <c>str.lower()</c>: full lowercase mapping per code point and the final-sigma rule.</summary>
    public static string PythonLower(string text)
    {
        StringBuilder? builder = null;
        int i = 0;
        while (i < text.Length)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int width);
            if (status != System.Buffers.OperationStatus.Done) { builder?.Append(text[i]); i++; continue; } // lone surrogate: unchanged
            string? special = rune.Value == 0x130 ? "i\u0307" : null; // SpecialCasing: the only unconditional multi-character lowercase
            var lower = rune.Value == 0x3A3 ? new Rune(IsFinalSigma(text, i) ? 0x3C2 : 0x3C3) : Rune.ToLowerInvariant(rune);
            if (special is not null || lower != rune)
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                if (special is not null) builder.Append(special);
                else builder.Append(lower.ToString());
            }
            else builder?.Append(text, i, width);
            i += width;
        }
        return builder?.ToString() ?? text;
    }

    private static bool IsWordAt(string text, int index, out int width)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return false; // a lone surrogate is not a word character in Python either
        }
        return IsWordCharacter(rune);
    }

    // Unicode's Final_Sigma context: a cased letter before (skipping case-ignorables) and none after.
    private static bool IsFinalSigma(string text, int index)
    {
        int j = index;
        Rune before = default;
        bool found = false;
        while (j > 0)
        {
            if (Rune.DecodeLastFromUtf16(text.AsSpan(0, j), out var r, out int w) != System.Buffers.OperationStatus.Done) { j--; found = false; break; }
            j -= w;
            if (!IsCaseIgnorable(r)) { before = r; found = true; break; }
        }
        if (!found || !IsCased(before)) return false;
        j = index + 1;
        while (j < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(j), out var r, out int w) != System.Buffers.OperationStatus.Done) return true;
            j += w;
            if (!IsCaseIgnorable(r)) return !IsCased(r);
        }
        return true;
    }

    private static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        || r.Value is 0xAA or 0xBA; // Other_Lowercase letters of Latin-1

    private static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || r.Value is '\'' or '.' or ':' or 0xB7 or 0x2018 or 0x2019 or 0x2024 or 0xFE52 or 0xFF07 or 0xFF0E or 0x387 or 0x5F4 or 0x2027 or 0xFE13 or 0xFE55 or 0xFF1A;
}
