using System.Text;
using System.Text.Json;
using EmbeddingLab.Core.Encoding.Tokenization;

namespace EmbeddingLab.Tests.Encoding;

public class BertTokenizerParityTests
{
    private static readonly Lazy<TransformerTokenizer> MiniLm = new(() => TransformerTokenizer.FromDirectory(EncodingTestPaths.MiniLmTokenizer));

    [Fact]
    public void Matches_reference_ids_on_thousands_of_varied_strings()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(EncodingTestPaths.TestData("tokenizer", "expected.json")));
        var cases = doc.RootElement.GetProperty("cases");
        Assert.True(cases.GetArrayLength() >= 3000);
        var failures = new StringBuilder();
        int failed = 0, total = 0;
        foreach (var c in cases.EnumerateArray())
        {
            total++;
            string text = c.GetProperty("text").GetString()!;
            int[] expected = c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int[] actual = MiniLm.Value.Encode(text).Ids;
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                if (++failed <= 8)
                    failures.AppendLine($"{JsonSerializer.Serialize(text)}\n  expected {string.Join(',', expected)}\n  actual   {string.Join(',', actual)}");
            }
        }
        Assert.True(failed == 0, $"{failed} of {total} strings differ:\n{failures}");
    }

    [Fact]
    public void Vocab_txt_with_tokenizer_config_gives_the_same_ids_as_tokenizer_json()
    {
        var fromVocab = TransformerTokenizer.FromVocabFile(Path.Combine(EncodingTestPaths.MiniLmTokenizer, "vocab.txt"),
            Path.Combine(EncodingTestPaths.MiniLmTokenizer, "tokenizer_config.json"));
        foreach (string text in new[] { "Hello, World!", "Café naïve résumé", "日本語のテキスト", "a [MASK] b", "unaffable 🙂 x\u0000y" })
            Assert.Equal(MiniLm.Value.Encode(text).Ids, fromVocab.Encode(text).Ids);
    }
}
