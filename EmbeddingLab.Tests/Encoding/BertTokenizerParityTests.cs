using System.Text;
using System.Text.Json;
using EmbeddingLab.Core.Encoding.Tokenization;

namespace EmbeddingLab.Tests.Encoding;

public class BertTokenizerParityTests
{
    private static readonly Lazy<TransformerTokenizer> MiniLm = new(() => TransformerTokenizer.FromDirectory(EncodingTestPaths.MiniLmTokenizer));

    /// <summary>Every case of a reference file whose ids differ from ours: the count and the first few, to read.</summary>
    private static (int Total, int Failed, string Report) Compare(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(EncodingTestPaths.TestData("tokenizer", file)));
        Assert.Equal(0, doc.RootElement.GetProperty("disagreements_between_references").GetInt32());
        var failures = new StringBuilder();
        int failed = 0, total = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
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
        return (total, failed, failures.ToString());
    }

    [Fact]
    public void Matches_reference_ids_on_all_4000_parity_strings()
    {
        var (total, failed, report) = Compare("expected.json");
        Assert.Equal(4000, total);
        Assert.True(failed == 0, $"{failed} of {total} strings differ:\n{report}");
    }

    /// <summary>Strings of kinds the parity set does not generate (generate_unseen.mjs, its own seed; ids from @lenml/tokenizers).</summary>
    [Fact]
    public void Matches_reference_ids_on_400_strings_the_parity_set_does_not_have()
    {
        var (total, failed, report) = Compare("unseen.json");
        Assert.Equal(400, total);
        Assert.True(failed == 0, $"{failed} of {total} strings differ:\n{report}");
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
