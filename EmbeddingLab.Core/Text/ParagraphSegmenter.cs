namespace EmbeddingLab.Core.Text;

/// <summary>How <see cref="ParagraphSegmenter"/> cuts running text into paragraph-sized pieces.</summary>
public sealed record ParagraphOptions
{
    /// <summary>A chunk closes once it holds this many sentences…</summary>
    public int MaxSentences { get; init; } = 6;

    /// <summary>…or once it holds at least <see cref="MinSentences"/> sentences and this many words.</summary>
    public int TargetWords { get; init; } = 120;

    /// <summary>A chunk is never closed before this many sentences unless it passed <see cref="MaxWords"/>.</summary>
    public int MinSentences { get; init; } = 3;

    /// <summary>A chunk closes after the sentence that takes it past this many words, however few sentences it has.</summary>
    public int MaxWords { get; init; } = 250;

    /// <summary>A last chunk shorter than this (in words) joins the one before it, if that stays within <see cref="MaxWords"/>.</summary>
    public int MinTailWords { get; init; } = 40;
}

/// <summary>
/// Splits a document into paragraphs. Where the text has paragraph breaks (a blank line, or when it has no blank lines,
/// a line break) those are the paragraphs; a paragraph longer than <see cref="ParagraphOptions.MaxSentences"/>
/// sentences or <see cref="ParagraphOptions.MaxWords"/> words, and text with no line breaks at all (the State of the
/// Union package stores every address as one line), is cut into chunks of 3–6 whole sentences of about 120 words.
/// Sentences end at ". ! ?" (after a closing quote or bracket) followed by white space and a capital, digit, quote
/// or bracket; a full stop after a known abbreviation ("Mr.", "Gen.", "U.S.") or a single initial ("J. Q. Adams") ends none.
/// Every paragraph returned is trimmed, with runs of white space collapsed to one space, and non-empty.
/// </summary>
public static class ParagraphSegmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "messrs", "dr", "st", "jr", "sr", "gen", "gov", "hon", "rev", "col", "capt", "lt", "sgt",
        "prof", "no", "nos", "vs", "viz", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sept", "sep", "oct", "nov", "dec", "u.s", "u.s.a", "d.c", "p.m", "a.m", "i.e", "e.g", "art", "sec", "ft", "vol",
    };

    /// <summary>The paragraphs of <paramref name="text"/>, in order.</summary>
    public static List<string> Split(string text, ParagraphOptions? options = null)
    {
        options ??= new ParagraphOptions();
        var paragraphs = new List<string>();
        foreach (var block in Blocks(text))
        {
            var sentences = Sentences(block);
            if (sentences.Count == 0) continue;
            int words = 0;
            foreach (var s in sentences) words += CountWords(s);
            if (sentences.Count <= options.MaxSentences && words <= options.MaxWords) paragraphs.Add(string.Join(' ', sentences));
            else paragraphs.AddRange(Chunk(sentences, options));
        }
        return paragraphs;
    }

    /// <summary>Blank-line blocks when the text has any; else line blocks; else the whole text. Each block's white space collapsed.</summary>
    private static IEnumerable<string> Blocks(string text)
    {
        var normalised = text.Replace("\r\n", "\n").Replace('\r', '\n');
        string[] pieces;
        if (HasBlankLine(normalised))
            pieces = System.Text.RegularExpressions.Regex.Split(normalised, @"\n[ \t\u00a0]*\n\s*");
        else
            pieces = normalised.Split('\n');
        foreach (var piece in pieces)
        {
            var collapsed = Collapse(piece);
            if (collapsed.Length > 0) yield return collapsed;
        }
    }

    private static bool HasBlankLine(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, @"\n[ \t\u00a0]*\n");

    private static string Collapse(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Groups sentences into chunks: close at MaxSentences, or at TargetWords once MinSentences are in, or past MaxWords.</summary>
    private static List<string> Chunk(List<string> sentences, ParagraphOptions o)
    {
        var chunks = new List<List<string>>();
        var wordsOf = new List<int>();
        var current = new List<string>();
        int words = 0;
        foreach (var sentence in sentences)
        {
            current.Add(sentence);
            words += CountWords(sentence);
            bool close = current.Count >= o.MaxSentences || words >= o.MaxWords || (current.Count >= o.MinSentences && words >= o.TargetWords);
            if (close) { chunks.Add(current); wordsOf.Add(words); current = []; words = 0; }
        }
        if (current.Count > 0)
        {
            // A short remainder reads as part of the paragraph before it.
            if (chunks.Count > 0 && words < o.MinTailWords && wordsOf[^1] + words <= o.MaxWords) chunks[^1].AddRange(current);
            else chunks.Add(current);
        }
        return chunks.Select(c => string.Join(' ', c)).ToList();
    }

    /// <summary>The sentences of one block (white space already collapsed), each trimmed and non-empty.</summary>
    public static List<string> Sentences(string block)
    {
        var result = new List<string>();
        int start = 0, n = block.Length;
        for (int i = 0; i < n; i++)
        {
            char c = block[i];
            if (c is not ('.' or '!' or '?')) continue;
            int end = i + 1;
            while (end < n && block[end] is '.' or '!' or '?' or '"' or '\'' or ')' or ']' or '”' or '’') end++;
            if (end >= n) break; // the block's end closes the last sentence below
            if (!char.IsWhiteSpace(block[end])) continue;
            int next = end;
            while (next < n && char.IsWhiteSpace(block[next])) next++;
            if (next >= n) break;
            char following = block[next];
            if (!(char.IsUpper(following) || char.IsDigit(following) || following is '"' or '“' or '\'' or '‘' or '(' or '[')) continue;
            if (c == '.' && EndsWithAbbreviation(block, start, i)) continue;
            var sentence = block[start..end].Trim();
            if (sentence.Length > 0) result.Add(sentence);
            start = next;
            i = next - 1;
        }
        if (start < n)
        {
            var last = block[start..].Trim();
            if (last.Length > 0) result.Add(last);
        }
        return result;
    }

    /// <summary>True when the word before the full stop at <paramref name="dot"/> is an abbreviation or a single initial.</summary>
    private static bool EndsWithAbbreviation(string text, int from, int dot)
    {
        int k = dot;
        while (k > from && !char.IsWhiteSpace(text[k - 1]) && text[k - 1] is not ('(' or '"' or '“')) k--;
        var word = text[k..dot];
        if (word.Length == 0) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return true; // "J. Q. Adams"
        return Abbreviations.Contains(word);
    }

    /// <summary>Words as white-space separated runs.</summary>
    public static int CountWords(string text)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord) { inWord = true; count++; }
        }
        return count;
    }
}
