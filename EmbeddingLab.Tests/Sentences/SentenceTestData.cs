using System.Text.Json;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>Finds the committed reference data under EmbeddingLab.Tests/TestData/sentences from the test binaries.</summary>
internal static class SentenceTestData
{
    public static string Folder
    {
        get => Infrastructure.RepoPaths.TestData("sentences");
    }

    private static readonly Lazy<JsonElement> _reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json"))).RootElement);

    public static JsonElement Reference => _reference.Value;

    public static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();
    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    public static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Doubles).ToArray();
}
