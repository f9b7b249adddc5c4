using System.Text;
using System.Text.Json;
using EmbeddingLab.Core.Encoding.BagOfWords;
using static EmbeddingLab.Tests.Sentences.SentenceTestData;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>
/// Our tokenizer against Python's <c>(?u)\b\w\w+\b</c> and <c>str.lower()</c>, code point by code point, from
/// TestData/sentences/tokenizer_reference.json (generate_tokenizer_reference.py, Debian python 3 + sklearn 1.2.1).
/// These differences made the Spam Assassin vocabulary differ from sklearn's by hundreds of terms.
/// </summary>
public class SklearnTokenizerTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "tokenizer_reference.json"))).RootElement;

    private static bool[] Flags(string property)
    {
        var flags = new bool[0x110000];
        foreach (var range in Fixture.GetProperty(property).EnumerateArray())
            for (int cp = range[0].GetInt32(); cp <= range[1].GetInt32(); cp++) flags[cp] = true;
        return flags;
    }

    [Fact]
    public void Word_characters_are_pythons_for_every_assigned_code_point()
    {
        var python = Flags("word_ranges");
        var unassigned = Flags("unassigned_ranges"); // newer in .NET's Unicode than in Python's: no reference
        var wrong = new List<string>();
        for (int cp = 0; cp < 0x110000; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || unassigned[cp]) continue;
            if (SklearnTokenizer.IsWordCharacter(new Rune(cp)) != python[cp]) wrong.Add($"U+{cp:X4} (python {python[cp]})");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} code points differ: {string.Join(", ", wrong.Take(30))}");
    }

    [Fact]
    public void Lowercase_is_pythons_for_every_assigned_code_point()
    {
        var unassigned = Flags("unassigned_ranges");
        var python = Fixture.GetProperty("lower").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetString()!);
        var wrong = new List<string>();
        for (int cp = 0; cp < 0x110000; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || unassigned[cp] || cp == 0x3A3) continue; // Σ depends on context: the samples test it
            var text = char.ConvertFromUtf32(cp);
            var expected = python.GetValueOrDefault(cp, text);
            var actual = SklearnTokenizer.PythonLower(text);
            if (actual != expected) wrong.Add($"U+{cp:X4} → {string.Join(" ", actual.EnumerateRunes().Select(r => $"U+{r.Value:X4}"))}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} code points lower differently: {string.Join(", ", wrong.Take(30))}");
    }

    [Fact]
    public void Samples_tokenize_as_sklearns_analyzer()
    {
        foreach (var sample in Fixture.GetProperty("samples").EnumerateArray())
            Assert.Equal(Strings(sample.GetProperty("tokens")), SklearnTokenizer.Tokenize(sample.GetProperty("text").GetString()!));
    }

    [Fact]
    public void Characters_that_differ_between_dotnet_and_python_regex_follow_python()
    {
        // ² ½ (No) and Ⅻ (Nl) join words; a combining acute (Mn) and ‿ (Pc) split them; İ lowers to i + U+0307.
        Assert.Equal(["x²", "3½", "ⅻb", "cafe", "dot", "tie", "bi", "lgi"], SklearnTokenizer.Tokenize("x² 3½ ⅫB cafe\u0301 dot\u203Ftie Bİlgİ"));
        Assert.Equal(["σας", "οδος"], SklearnTokenizer.Tokenize("ΣΑΣ ΟΔΟΣ"));
    }

    [Fact]
    public void Vocabulary_sorts_by_code_point_as_python_does()
    {
        // U+FF41 (ａ) is above U+E000 but below every astral letter; UTF-16 order would put 𝐚 (a surrogate pair) first.
        var v = CountVectorizer.Fit(["𝐚𝐛 ａｂ ab"]);
        Assert.Equal(["ab", "ａｂ", "𝐚𝐛"], v.Vocabulary);
    }
}
