namespace EmbeddingLab.Core.Vectors;

/// <summary>
/// The convention by which a set's rows carry pictures: a metadata column named <c>image</c> holding, per row, the
/// absolute path of an image file on the server (empty when the row has none). Image encoders write it; the projector,
/// the gallery and the neighbour panels read it to show thumbnails. Paths never reach the browser: pages ask the
/// server for a row's thumbnail by set and row.
/// </summary>
public static class ImageColumn
{
    public const string Name = "image";

    /// <summary>The image path of each row, or null when the set has no image column.</summary>
    public static IReadOnlyList<string>? Paths(EmbeddingSet set) => set.Column(Name)?.Values;

    /// <summary>True when at least one row names an image.</summary>
    public static bool HasImages(EmbeddingSet set) => Paths(set) is { } paths && paths.Any(p => !string.IsNullOrEmpty(p));
}
