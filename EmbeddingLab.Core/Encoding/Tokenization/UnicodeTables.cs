using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>
/// The Unicode facts BERT tokenisation needs, independent of the process's globalization mode:
/// with InvariantGlobalization, string.Normalize(FormD) returns its input unchanged and ToLowerInvariant leaves 'İ' alone.
/// </summary>
internal static partial class UnicodeTables
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, JamoLBase = 0x1100, JamoVBase = 0x1161, JamoTBase = 0x11A7;
    private const int JamoVCount = 21, JamoTCount = 28;

    private static readonly FrozenDictionary<int, (int Offset, int Length)> Decompositions = BuildDecompositions();

    private static FrozenDictionary<int, (int Offset, int Length)> BuildDecompositions()
    {
        var data = DecompositionData;
        var map = new Dictionary<int, (int, int)>(2100);
        for (int i = 0; i < data.Length;)
        {
            int cp = data[i], n = data[i + 1];
            map[cp] = (i + 2, n);
            i += 2 + n;
        }
        return map.ToFrozenDictionary();
    }

    /// <summary>Canonical combining class (0 for starters).</summary>
    public static int CombiningClass(int cp)
    {
        if (cp < 0x300) return 0;
        var r = CombiningClassRanges;
        int lo = 0, hi = r.Length / 3 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < r[mid * 3]) hi = mid - 1;
            else if (cp > r[mid * 3 + 1]) lo = mid + 1;
            else return r[mid * 3 + 2];
        }
        return 0;
    }

    /// <summary>Appends the canonical decomposition (NFD, with canonical reordering) of the code points to <paramref name="output"/>.</summary>
    public static void AppendNfd(List<int> codePoints, List<int> output)
    {
        int start = output.Count;
        var data = DecompositionData;
        foreach (int cp in codePoints)
        {
            if (cp < 0xC0) output.Add(cp);
            else if (cp >= HangulBase && cp < HangulBase + HangulCount)
            {
                int s = cp - HangulBase;
                output.Add(JamoLBase + s / (JamoVCount * JamoTCount));
                output.Add(JamoVBase + s % (JamoVCount * JamoTCount) / JamoTCount);
                if (s % JamoTCount != 0) output.Add(JamoTBase + s % JamoTCount);
            }
            else if (Decompositions.TryGetValue(cp, out var d))
            {
                for (int k = 0; k < d.Length; k++) output.Add(data[d.Offset + k]);
            }
            else output.Add(cp);
        }
        // Canonical ordering: stable sort of each run of non-starters by combining class (runs are short: insertion sort).
        for (int i = start + 1; i < output.Count; i++)
        {
            int cc = CombiningClass(output[i]);
            if (cc == 0) continue;
            int cp = output[i], j = i - 1;
            while (j >= start && CombiningClass(output[j]) > cc)
            {
                output[j + 1] = output[j];
                j--;
            }
            output[j + 1] = cp;
        }
    }

    public static UnicodeCategory Category(int cp) =>
        cp is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(cp);

    /// <summary>Rust's char::is_whitespace (the Unicode White_Space property).</summary>
    public static bool IsWhiteSpace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>General category C* (control, format, surrogate, private use, unassigned).</summary>
    public static bool IsOther(int cp) => Category(cp) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>ASCII punctuation (33–47, 58–64, 91–96, 123–126) or general category P*.</summary>
    public static bool IsBertPunctuation(int cp)
    {
        if (cp < 128) return cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);
        return Category(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK blocks that BERT surrounds with spaces (ranges exactly as Hugging Face tokenizers' BertNormalizer).</summary>
    public static bool IsChineseChar(int cp) => cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
        or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF)
        or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>Full lowercase mapping of one code point, as Rust's char::to_lowercase (only U+0130 maps to two code points).</summary>
    public static void AppendLower(int cp, List<int> output)
    {
        if (cp < 128)
        {
            output.Add(cp is >= 'A' and <= 'Z' ? cp + 32 : cp);
            return;
        }
        if (cp == 0x130)
        {
            output.Add('i');
            output.Add(0x307);
            return;
        }
        if (cp is >= 0xD800 and <= 0xDFFF || !Rune.IsValid(cp))
        {
            output.Add(cp);
            return;
        }
        output.Add(Rune.ToLowerInvariant(new Rune(cp)).Value);
    }

    /// <summary>Code points of a UTF-16 string; a lone surrogate becomes its own code unit value (category Cs).</summary>
    public static void ToCodePoints(ReadOnlySpan<char> text, List<int> output)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Add(char.ConvertToUtf32(c, text[i + 1]));
                i++;
            }
            else output.Add(c);
        }
    }

    public static string FromCodePoints(List<int> codePoints, int start, int count)
    {
        var sb = new StringBuilder(count + 4);
        for (int i = start; i < start + count; i++) AppendCodePoint(sb, codePoints[i]);
        return sb.ToString();
    }

    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else
        {
            cp -= 0x10000;
            sb.Append((char)(0xD800 + (cp >> 10)));
            sb.Append((char)(0xDC00 + (cp & 0x3FF)));
        }
    }
}
