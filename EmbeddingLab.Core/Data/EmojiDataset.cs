using System.Text.Json;
using EmbeddingLab.Core.Data.Npm;

namespace EmbeddingLab.Core.Data;

/// <summary>One emoji: key (its first short name, e.g. "grinning"), name ("grinning face"), category, subcategory and 64×64 PNG.</summary>
public sealed record Emoji(string Key, string Name, string Category, string Subcategory, string ImagePath);

/// <summary>
/// The emoji of the npm package <c>emoji-datasource-google</c> (Apache-2.0 artwork, MIT data): <c>emoji.json</c>
/// describes each emoji (name, short names, category, subcategory, image file name, sort order) and
/// <c>img/google/64/</c> holds its picture. Skin-tone variants are left out (same shapes, other colours), so each
/// emoji appears once, in the package's sort order.
/// </summary>
public static class EmojiDataset
{
    public const string PackageName = "emoji-datasource-google";

    public static bool IsInstalled(string? nodeModules = null) => NpmPackages.IsInstalled(PackageName, nodeModules);

    public static IReadOnlyList<Emoji> Load(string? nodeModules = null)
    {
        var folder = NpmPackages.PackageFolder(PackageName, nodeModules);
        var jsonPath = Path.Combine(folder, "emoji.json");
        var images = Path.Combine(folder, "img", "google", "64");
        using var stream = File.OpenRead(jsonPath);
        using var document = JsonDocument.Parse(stream);
        var list = new List<(int Order, Emoji Emoji)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (e.TryGetProperty("has_img_google", out var has) && has.ValueKind == JsonValueKind.False) continue;
            var image = Text(e, "image");
            var shortName = Text(e, "short_name");
            if (image is null || shortName is null || !seen.Add(shortName)) continue;
            var path = Path.Combine(images, image);
            if (!File.Exists(path)) continue;
            var name = (Text(e, "name") ?? shortName.Replace('_', ' ')).ToLowerInvariant();
            int order = e.TryGetProperty("sort_order", out var o) && o.TryGetInt32(out var n) ? n : int.MaxValue;
            list.Add((order, new Emoji(shortName, name, Text(e, "category") ?? "", Text(e, "subcategory") ?? "", path)));
        }
        if (list.Count == 0) throw new InvalidDataException($"{jsonPath} lists no emoji with a picture in {images}.");
        return list.OrderBy(x => x.Order).ThenBy(x => x.Emoji.Key, StringComparer.Ordinal).Select(x => x.Emoji).ToList();
    }

    /// <summary><paramref name="count"/> emoji evenly spaced in sort order (a spread over all categories), for small variants.</summary>
    public static IReadOnlyList<Emoji> Spread(IReadOnlyList<Emoji> all, int count) =>
        count >= all.Count ? all : Enumerable.Range(0, count).Select(i => all[(int)((long)i * all.Count / count)]).ToList();

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
