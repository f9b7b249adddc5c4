using EmbeddingLab.Core.Text;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>One paragraph of a State of the Union address.</summary>
/// <param name="Index">Its place in the address, from 1.</param>
public sealed record SotuParagraph(SotuAddress Address, int Index, string Text)
{
    /// <summary>A unique key: "1790 George Washington ¶3" (two addresses of one year by two presidents stay apart).</summary>
    public string Key => $"{Address.Year} {Address.President} ¶{Index}";
}

/// <summary>
/// Every paragraph of every State of the Union address as one document, with metadata <c>year</c>, <c>decade</c>
/// ("1790s"), <c>president</c> and <c>party</c>. The package stores each address as a single line, so paragraphs are
/// made by <see cref="ParagraphSegmenter"/>: line breaks where a text has them, otherwise 3–6 whole sentences of
/// about 120 words.
/// </summary>
public static class StateOfTheUnionParagraphs
{
    /// <summary>The paragraphs of the addresses given between <paramref name="fromYear"/> and <paramref name="toYear"/> (inclusive; null: no bound).</summary>
    public static List<SotuParagraph> Split(IEnumerable<SotuAddress> addresses, int? fromYear = null, int? toYear = null,
        ParagraphOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new List<SotuParagraph>();
        foreach (var address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (address.Year < fromYear || address.Year > toYear) continue;
            int index = 0;
            foreach (var text in ParagraphSegmenter.Split(address.Text, options))
                result.Add(new SotuParagraph(address, ++index, text));
        }
        return result;
    }

    /// <summary>The paragraphs as documents: keys, texts and the year, decade, president and party columns.</summary>
    public static DocumentCollection ToDocuments(IReadOnlyList<SotuParagraph> paragraphs, string source) => new(
        paragraphs.Select(p => p.Key).ToArray(),
        paragraphs.Select(p => p.Text).ToArray(),
        [
            new MetadataColumn("year", paragraphs.Select(p => p.Address.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
            new MetadataColumn("decade", paragraphs.Select(p => $"{p.Address.Decade}s").ToArray()),
            new MetadataColumn("president", paragraphs.Select(p => p.Address.President).ToArray()),
            new MetadataColumn("party", paragraphs.Select(p => p.Address.Party).ToArray()),
        ],
        source);
}
