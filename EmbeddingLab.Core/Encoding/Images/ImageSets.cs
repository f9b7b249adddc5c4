using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>An encoded image set and the images left out of it (with reasons).</summary>
public sealed record ImageSetResult(EmbeddingSet Set, IReadOnlyList<ImageFailure> Failures);

/// <summary>Builds an <see cref="EmbeddingSet"/> of images: one row per image that encoded, the <see cref="ImageColumn"/> path, and the caller's metadata.</summary>
public static class ImageSets
{
    /// <summary>
    /// Encodes <paramref name="items"/> (keys must be unique) with metadata columns aligned with them; rows of images that
    /// failed are dropped from the columns too. The <c>image</c> column holds each file's absolute path.
    /// </summary>
    public static ImageSetResult Encode(ResNet18Encoder encoder, IReadOnlyList<ImageInput> items, IEnumerable<MetadataColumn>? columns = null,
        ImageEncoderOptions? options = null, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = encoder.Encode(items, options, progress, cancellationToken);
        if (result.Encoded.Count == 0)
            throw new InvalidDataException(items.Count == 0 ? "There are no images to encode."
                : $"None of the {items.Count} images could be encoded (first: {result.Failures[0].Key}: {result.Failures[0].Reason}).");
        var rows = result.Encoded;
        var keys = rows.Select(r => items[r].Key).ToArray();
        var metadata = new List<MetadataColumn>();
        foreach (var column in columns ?? [])
        {
            if (column.Name == ImageColumn.Name) continue;
            if (column.Values.Count != items.Count) throw new ArgumentException($"The column {column.Name} has {column.Values.Count} values for {items.Count} images.");
            metadata.Add(new MetadataColumn(column.Name, rows.Select(r => column.Values[r]).ToArray()));
        }
        metadata.Add(new MetadataColumn(ImageColumn.Name, rows.Select(r => Path.GetFullPath(items[r].Path)).ToArray()));
        return new ImageSetResult(new EmbeddingSet(keys, result.Vectors, result.Dimensions, metadata), result.Failures);
    }

    /// <summary>A folder's images (see <see cref="ImageFolder"/>) as a set keyed by relative path, with a <c>label</c> column.</summary>
    public static ImageSetResult EncodeFolder(ResNet18Encoder encoder, IReadOnlyList<ImageItem> items, ImageEncoderOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Encode(encoder, items.Select(i => new ImageInput(i.Key, i.Path)).ToArray(),
            [new MetadataColumn("label", items.Select(i => i.Label).ToArray())], options, progress, cancellationToken);
}
