using System.Text;

namespace EmbeddingLab.Core.Text;

/// <summary>
/// Running prose (speeches, novels) to word2vec sentences: split into sentences at ". ! ? ;", then into lower-case
/// tokens. Punctuation is split off and dropped; numbers stay tokens ("1790", "3.5", "1,000" → "1000"); apostrophes
/// inside words stay ("nation's"); hyphenated words split ("fellow-citizens" → "fellow", "citizens"); dotted
/// initialisms stay one token ("U.S." → "u.s"). A full stop after a known abbreviation or a single letter does not end
/// the sentence ("Mr. Lincoln", "J. Q. Adams").
/// </summary>
public static class RunningText
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "hon", "rev", "col", "capt", "lt", "sgt", "prof",
        "no", "nos", "vs", "etc", "viz", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr", "aug", "sept", "sep",
        "oct", "nov", "dec", "u.s", "u.s.a", "d.c", "p.m", "a.m", "i.e", "e.g",
    };

    /// <summary>The sentences of a text, each a list of tokens (sentences without a token are skipped).</summary>
    public static List<List<string>> Sentences(string text)
    {
        var sentences = new List<List<string>>();
        var current = new List<string>();
        var token = new StringBuilder();
        int n = text.Length;

        void EndSentence()
        {
            if (current.Count > 0) sentences.Add(current);
            current = new List<string>();
        }

        int i = 0;
        while (i < n)
        {
            char c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                token.Clear();
                bool numeric = char.IsDigit(c);
                while (i < n)
                {
                    c = text[i];
                    if (char.IsLetterOrDigit(c) || IsMark(c)) { token.Append(char.ToLowerInvariant(c)); i++; continue; }
                    bool nextIsAlnum = i + 1 < n && char.IsLetterOrDigit(text[i + 1]);
                    // 3.5 and 1,000: separators between digits belong to the number (the comma is dropped).
                    if (numeric && (c == '.' || c == ',') && nextIsAlnum && char.IsDigit(text[i + 1]) && token.Length > 0 && char.IsDigit(token[^1]))
                    {
                        if (c == '.') token.Append('.');
                        i++;
                        continue;
                    }
                    // nation's, don't: an apostrophe between letters.
                    if ((c == '\'' || c == '’') && nextIsAlnum && token.Length > 0 && char.IsLetter(token[^1]))
                    {
                        token.Append('\'');
                        i++;
                        continue;
                    }
                    // U.S., D.C.: a full stop between single letters.
                    if (c == '.' && nextIsAlnum && char.IsLetter(text[i + 1]) && (i + 2 >= n || !char.IsLetterOrDigit(text[i + 2])) && IsInitialism(token))
                    {
                        token.Append('.');
                        i++;
                        continue;
                    }
                    break;
                }
                current.Add(token.ToString());
                continue;
            }
            if (c is '.' or '!' or '?' or ';')
            {
                bool ends = c != '.' || !(current.Count > 0 && IsAbbreviation(current[^1]));
                // "U.S. Army": the initialism's closing full stop ends no sentence unless a capital follows a space
                // and the token is not a known abbreviation: we keep it simple and trust the abbreviation list.
                if (ends) EndSentence();
            }
            i++;
        }
        EndSentence();
        return sentences;
    }

    /// <summary>The tokens of a text, ignoring sentence boundaries.</summary>
    public static List<string> Tokens(string text) => Sentences(text).SelectMany(s => s).ToList();

    private static bool IsMark(char c) => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
        or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsInitialism(StringBuilder token)
    {
        // "u" or "u.s": single letters separated by full stops so far.
        for (int k = 0; k < token.Length; k++)
        {
            bool letterSlot = k % 2 == 0;
            if (letterSlot ? !char.IsLetter(token[k]) : token[k] != '.') return false;
        }
        return token.Length % 2 == 1;
    }

    private static bool IsAbbreviation(string token) =>
        Abbreviations.Contains(token) || (token.Length == 1 && char.IsLetter(token[0])) || (token.Contains('.') && IsInitialismToken(token));

    private static bool IsInitialismToken(string token)
    {
        var sb = new StringBuilder(token);
        return IsInitialism(sb);
    }
}
