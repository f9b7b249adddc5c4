using EmbeddingLab.Core.Encoding.Tokenization;

namespace EmbeddingLab.Tests.Encoding;

public class BertTokenizerTests
{
    private static readonly Lazy<TransformerTokenizer> MiniLm = new(() => TransformerTokenizer.FromDirectory(EncodingTestPaths.MiniLmTokenizer));
    private static TransformerTokenizer Tok => MiniLm.Value;
    private static int Id(string token) => Tok.TryGetId(token, out int id) ? id : throw new KeyNotFoundException(token);

    [Fact]
    public void Known_sentence_gives_the_published_ids()
    {
        // Ids as transformers' AutoTokenizer gives for all-MiniLM-L6-v2 (bert-base-uncased vocabulary).
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], Tok.Encode("Hello, world!").Ids);
        Assert.Equal(["[CLS]", "una", "##ffa", "##ble", "[SEP]"], Tok.Encode("unaffable").Tokens);
    }

    [Fact]
    public void Empty_and_whitespace_only_text_gives_only_the_special_tokens()
    {
        Assert.Equal([101, 102], Tok.Encode("").Ids);
        Assert.Equal([101, 102], Tok.Encode(" \t\n\u3000\u0000\ufffd").Ids);
    }

    [Fact]
    public void Rust_order_strips_accents_before_lowercasing()
    {
        // tokenizers' BertNormalizer: NFD + drop Mn, then char-wise lowercase: 'İ' → 'I' → 'i'; 'Σ' → 'σ' even at a word end.
        Assert.Equal(Tok.Encode("istanbul").Ids, Tok.Encode("İSTANBUL").Ids);
        Assert.Equal(Tok.Encode("οδοσ").Ids, Tok.Encode("ΟΔΟΣ").Ids);
    }

    [Fact]
    public void Words_longer_than_100_characters_become_unk_and_100_is_still_split()
    {
        string w100 = new('a', 100), w101 = new('a', 101);
        Assert.Equal([101, 100, 102], Tok.Encode(w101).Ids);
        int[] ids = Tok.Encode(w100).Ids;
        Assert.True(ids.Length > 3 && !ids.Contains(100));
        // Length counts code points of the normalised word: 101 'é' (101 'e' after accent stripping) are too long, 100 are not.
        Assert.DoesNotContain(100, Tok.Encode(string.Concat(Enumerable.Repeat("é", 100))).Ids);
        Assert.Equal([101, 100, 102], Tok.Encode(string.Concat(Enumerable.Repeat("😀", 101))).Ids);
        Assert.Equal([101, 100, 102], Tok.Encode(string.Concat(Enumerable.Repeat("é", 101))).Ids);
    }

    [Fact]
    public void Chinese_characters_and_punctuation_are_split_control_characters_dropped()
    {
        Assert.Equal(["[CLS]", "日", "本", "[SEP]"], Tok.Encode("日本").Tokens);
        // Ideographs outside the BMP are split too (Rust iterates chars; the JS ports miss these surrogate pairs).
        Assert.Equal([101, 1037, 100, 1038, 102], Tok.Encode("a\U00020000b").Ids);
        Assert.Equal(["[CLS]", "a", "-", "b", "[SEP]"], Tok.Encode("a-b").Tokens);
        Assert.Equal(["[CLS]", "ab", "[SEP]"], Tok.Encode("a\u200bb").Tokens);
        Assert.Equal(Tok.Encode("cafe").Ids, Tok.Encode("Cafe\u0301").Ids);
    }

    [Fact]
    public void Special_tokens_typed_in_the_text_are_recognised_case_sensitively()
    {
        Assert.Equal([101, 7592, 103, 2088, 102], Tok.Encode("hello [MASK] world").Ids);
        Assert.Equal([101, 7592, 103, 2088, 102], Tok.Encode("hello[MASK]world").Ids);
        Assert.DoesNotContain(103, Tok.Encode("hello [mask] world").Ids);
    }

    [Fact]
    public void Truncation_keeps_cls_and_sep_within_max_length()
    {
        string text = string.Join(' ', Enumerable.Repeat("word", 50));
        var full = Tok.Encode(text);
        Assert.Equal(52, full.Length);
        var cut = Tok.Encode(text, maxLength: 10);
        Assert.Equal(10, cut.Length);
        Assert.Equal(101, cut.Ids[0]);
        Assert.Equal(102, cut.Ids[^1]);
        Assert.Equal(full.Ids[1..9], cut.Ids[1..9]);
        Assert.Equal(3, Tok.Encode("hello", maxLength: 512).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tok.Encode(text, maxLength: 1));
    }

    [Fact]
    public void Batch_pads_to_the_longest_row_with_mask_and_type_ids()
    {
        var batch = Tok.EncodeBatch(["hello world", "hi", "a b c d e f"], maxLength: 6);
        Assert.Equal(3, batch.Count);
        Assert.Equal(6, batch.SequenceLength);
        Assert.Equal([4, 3, 6], batch.Lengths);
        Assert.Equal([101, 7592, 2088, 102, 0, 0], batch.Row(0).ToArray());
        Assert.Equal([1, 1, 1, 1, 0, 0], batch.AttentionMask.AsSpan(0, 6).ToArray());
        Assert.Equal([101, 7632, 102, 0, 0, 0], batch.Row(1).ToArray());
        Assert.Equal([1, 1, 1, 0, 0, 0], batch.AttentionMask.AsSpan(6, 6).ToArray());
        Assert.Equal(102, batch.Row(2)[5]);
        Assert.All(batch.TokenTypeIds, t => Assert.Equal(0, t));

        var fixedLength = Tok.EncodeBatch(["hi"], maxLength: 8, padToMaxLength: true);
        Assert.Equal(8, fixedLength.SequenceLength);
    }

    [Fact]
    public void Tokenizer_json_options_are_read()
    {
        Assert.Equal(128, Tok.ConfiguredMaxLength);
        Assert.Equal(2, Tok.NumSpecialTokens);
        Assert.Equal(0, Tok.PadId);
        Assert.Equal("WordPiece", Tok.Family);
        var bert = Assert.IsType<HfBertTokenizer>(Tok.Model);
        Assert.True(bert.BertNormalizer!.Options.Lowercase);
        Assert.Null(bert.BertNormalizer.Options.StripAccents);
        Assert.Equal(30522, Tok.VocabSize);
        Assert.Equal(2088, Id("world"));
    }

    [Fact]
    public void Cased_normalizer_keeps_case_and_accents()
    {
        var n = new BertNormalizer(new BertNormalizerOptions(Lowercase: false));
        Assert.Equal("Café Ünïcode", n.Normalize("Café Ünïcode"));
        var strip = new BertNormalizer(new BertNormalizerOptions(StripAccents: true, Lowercase: false));
        Assert.Equal("Cafe Unicode", strip.Normalize("Café Ünïcode"));
        // Hangul syllables decompose into jamo (NFD), as uncased BERT sees Korean.
        Assert.Equal("\u1112\u1161\u11AB", new BertNormalizer(new()).Normalize("한"));
    }

    [Fact]
    public void Missing_files_are_clear_errors()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => TransformerTokenizer.FromDirectory("/nonexistent/model"));
        Assert.Contains("/nonexistent/model", e.Message);
        string empty = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var f = Assert.Throws<FileNotFoundException>(() => TransformerTokenizer.FromDirectory(empty));
            Assert.Contains("tokenizer.json or vocab.txt", f.Message);
        }
        finally { Directory.Delete(empty, true); }
    }
}
