using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Encoding;

/// <summary>Turns encoded sentences into an <see cref="EmbeddingSet"/> with <c>text</c> and label metadata.</summary>
public static class SentenceSets
{
    /// <summary>Unique keys: the sentence itself, repeats numbered " #2", " #3"… (keys must be unique in a set).</summary>
    public static string[] Keys(IReadOnlyList<string> texts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[texts.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            int n = seen.TryGetValue(texts[i], out int c) ? c + 1 : 1;
            seen[texts[i]] = n;
            keys[i] = n == 1 ? texts[i] : $"{texts[i]} #{n}";
        }
        return keys;
    }

    /// <summary>Encodes <paramref name="texts"/> and returns the set (keys from <see cref="Keys"/>, metadata text + labels).</summary>
    public static EmbeddingSet Encode(ISentenceEncoder encoder, IReadOnlyList<string> texts, IEnumerable<MetadataColumn>? labels = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var matrix = encoder.Encode(texts, progress, cancellationToken);
        var columns = new List<MetadataColumn> { new("text", texts) };
        if (labels is not null) columns.AddRange(labels.Where(l => !string.Equals(l.Name, "text", StringComparison.OrdinalIgnoreCase)));
        return new EmbeddingSet(Keys(texts), matrix, encoder.Dimensions, columns);
    }
}
