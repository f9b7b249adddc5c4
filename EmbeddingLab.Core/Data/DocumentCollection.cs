using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>
/// Real documents ready to encode: a unique key per document ("1790 George Washington ¶3", "spam-2/00017"), its text
/// and its metadata columns (year, party, label…), and where they came from (for messages).
/// </summary>
public sealed record DocumentCollection(IReadOnlyList<string> Keys, IReadOnlyList<string> Texts, IReadOnlyList<MetadataColumn> Columns, string Source)
{
    public int Count => Texts.Count;

    /// <summary>Encodes the texts; the set's keys are the documents' keys, its metadata <c>text</c> and the columns.</summary>
    public EmbeddingSet Encode(ISentenceEncoder encoder, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var matrix = encoder.Encode(Texts, progress, cancellationToken);
        var columns = new List<MetadataColumn> { new("text", Texts) };
        columns.AddRange(Columns.Where(c => !string.Equals(c.Name, "text", StringComparison.OrdinalIgnoreCase)));
        return new EmbeddingSet(Keys, matrix, encoder.Dimensions, columns);
    }
}
