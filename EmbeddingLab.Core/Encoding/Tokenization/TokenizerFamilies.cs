using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>
/// The library tokenizer for a tokenizer.json "model": WordPiece (our HF-exact BERT text handling around the library's
/// WordPiece), BPE (the library's <see cref="BpeTokenizer"/>, byte-level as GPT-2/RoBERTa or on whitespace-split words)
/// and Unigram (the library's <see cref="SentencePieceTokenizer"/>, given a SentencePiece model written from the JSON).
/// Settings the library cannot reproduce exactly are refused with the file and the setting, never guessed.
/// </summary>
internal static class TokenizerFamilies
{
    /// <summary>GPT-2's pre-tokenisation pattern (tokenizers' ByteLevel with use_regex).</summary>
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static Tokenizer WordPiece(JsonElement root, JsonElement model, IReadOnlyList<AddedToken> added, string path, out Dictionary<string, int> vocab)
    {
        vocab = ReadVocab(model, path);
        var options = new WordPieceOptions
        {
            UnknownToken = StringOr(model, "unk_token", "[UNK]"),
            ContinuingSubwordPrefix = StringOr(model, "continuing_subword_prefix", "##"),
            MaxInputCharsPerWord = model.TryGetProperty("max_input_chars_per_word", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 100,
        };
        if (!vocab.ContainsKey(options.UnknownToken)) throw new FormatException($"{path}: the WordPiece vocabulary has no unknown token '{options.UnknownToken}'.");
        BertNormalizer? normalizer = null;
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            string nt = StringOr(n, "type", "");
            if (nt != "BertNormalizer") throw new FormatException($"{path}: normalizer '{nt}' is not supported with WordPiece (expected BertNormalizer).");
            bool? strip = n.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
            normalizer = new BertNormalizer(new BertNormalizerOptions(BoolOr(n, "clean_text", true), BoolOr(n, "handle_chinese_chars", true), strip, BoolOr(n, "lowercase", true)));
        }
        if (root.TryGetProperty("pre_tokenizer", out var pt) && pt.ValueKind == JsonValueKind.Object && StringOr(pt, "type", "") is var ptt && ptt != "BertPreTokenizer")
            throw new FormatException($"{path}: pre_tokenizer '{ptt}' is not supported with WordPiece (expected BertPreTokenizer).");
        return new HfBertTokenizer(CreateWordPiece(vocab, options, path), normalizer, added);
    }

    /// <summary>The library's WordPiece over a vocabulary given as token → id (ids 0…n−1, as vocab.txt lines).</summary>
    public static WordPieceTokenizer CreateWordPiece(IReadOnlyDictionary<string, int> vocab, WordPieceOptions options, string path)
    {
        var lines = new string?[vocab.Count];
        foreach (var (token, id) in vocab)
        {
            if ((uint)id >= (uint)lines.Length || lines[id] is not null)
                throw new FormatException($"{path}: WordPiece ids must run from 0 to {lines.Length - 1} without gaps (found {id} for '{token}').");
            if (token.Contains('\n') || token.Contains('\r')) throw new FormatException($"{path}: WordPiece token {JsonSerializer.Serialize(token)} contains a line break.");
            lines[id] = token;
        }
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return WordPieceTokenizer.Create(stream, options);
    }

    public static Tokenizer Bpe(JsonElement root, JsonElement model, IReadOnlyList<AddedToken> added, string path, out Dictionary<string, int> vocab)
    {
        vocab = ReadVocab(model, path);
        if (BoolOr(model, "byte_fallback", false)) throw new FormatException($"{path}: BPE byte_fallback is not supported.");
        if (model.TryGetProperty("dropout", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() > 0)
            throw new FormatException($"{path}: BPE dropout is for training; a tokenizer with dropout {d.GetDouble()} is not deterministic.");
        var merges = new List<string>();
        foreach (var m in model.GetProperty("merges").EnumerateArray())
            merges.Add(m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!);

        bool byteLevel = false, prefixSpace = false;
        PreTokenizer? preTokenizer = null;
        if (root.TryGetProperty("pre_tokenizer", out var pt) && pt.ValueKind == JsonValueKind.Object)
        {
            switch (StringOr(pt, "type", ""))
            {
                case "ByteLevel":
                    byteLevel = true;
                    prefixSpace = BoolOr(pt, "add_prefix_space", true);
                    if (BoolOr(pt, "use_regex", true)) preTokenizer = new RegexPreTokenizer(new Regex(Gpt2Pattern, RegexOptions.Compiled), null);
                    break;
                case "Whitespace": preTokenizer = PreTokenizer.CreateWordOrNonWord(); break;
                case "WhitespaceSplit": preTokenizer = PreTokenizer.CreateWhiteSpace(); break;
                case var other: throw new FormatException($"{path}: pre_tokenizer '{other}' is not supported with BPE (expected ByteLevel, Whitespace or WhitespaceSplit).");
            }
        }
        Normalizer? normalizer = null;
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            normalizer = StringOr(n, "type", "") switch
            {
                "Lowercase" => LowerCaseNormalizer.Instance,
                var other => throw new FormatException($"{path}: normalizer '{other}' is not supported with BPE (expected none or Lowercase)."),
            };
        }
        if (prefixSpace) normalizer = new PrefixSpaceNormalizer(normalizer);
        var options = new BpeOptions(vocab)
        {
            Merges = merges,
            UnknownToken = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null,
            ContinuingSubwordPrefix = model.TryGetProperty("continuing_subword_prefix", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            EndOfWordSuffix = model.TryGetProperty("end_of_word_suffix", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
            FuseUnknownTokens = BoolOr(model, "fuse_unk", false),
            ByteLevel = byteLevel,
            PreTokenizer = preTokenizer,
            Normalizer = normalizer,
        };
        return new AddedTokensTokenizer(BpeTokenizer.Create(options), added);
    }

    public static Tokenizer Unigram(JsonElement root, JsonElement model, IReadOnlyList<AddedToken> added, string path, out Dictionary<string, int> vocab)
    {
        if (BoolOr(model, "byte_fallback", false)) throw new FormatException($"{path}: Unigram byte_fallback is not supported.");
        var pieces = new List<(string Piece, float Score)>();
        foreach (var p in model.GetProperty("vocab").EnumerateArray()) pieces.Add((p[0].GetString()!, (float)p[1].GetDouble()));
        vocab = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        for (int i = 0; i < pieces.Count; i++) vocab.TryAdd(pieces[i].Piece, i);
        int unkId = model.TryGetProperty("unk_id", out var unk) && unk.ValueKind == JsonValueKind.Number ? unk.GetInt32()
            : throw new FormatException($"{path}: a Unigram model needs an unk_id.");

        // Hugging Face's conversion of a SentencePiece model: [Precompiled(charsmap),] Replace(" {2,}", " ") then Metaspace.
        byte[] charsmap = [];
        bool collapsesSpaces = false;
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            foreach (var step in StringOr(n, "type", "") == "Sequence" ? n.GetProperty("normalizers").EnumerateArray().ToArray() : [n])
            {
                switch (StringOr(step, "type", ""))
                {
                    case "Precompiled":
                        var map = step.TryGetProperty("precompiled_charsmap", out var pc) && pc.ValueKind == JsonValueKind.String ? pc.GetString() : null;
                        charsmap = string.IsNullOrEmpty(map) ? [] : Convert.FromBase64String(map);
                        break;
                    case "Replace" when step.GetProperty("pattern").TryGetProperty("Regex", out var rx) && rx.GetString() == " {2,}" && step.GetProperty("content").GetString() == " ":
                        collapsesSpaces = true;
                        break;
                    case var other: throw new FormatException($"{path}: normalizer step '{other}' is not supported with Unigram (expected Precompiled and Replace(\" {{2,}}\", \" \")).");
                }
            }
        }
        if (!collapsesSpaces)
            throw new FormatException($"{path}: a Unigram tokenizer without the Replace(\" {{2,}}\", \" \") normalizer is not supported (SentencePiece collapses spaces).");
        if (!root.TryGetProperty("pre_tokenizer", out var pt) || pt.ValueKind != JsonValueKind.Object || FindMetaspace(pt) is not { } metaspace)
            throw new FormatException($"{path}: a Unigram tokenizer needs the Metaspace pre_tokenizer.");
        string replacement = StringOr(metaspace, "replacement", "▁");
        string prepend = StringOr(metaspace, "prepend_scheme", BoolOr(metaspace, "add_prefix_space", true) ? "always" : "never");
        if (replacement != "▁" || prepend != "always" || !BoolOr(metaspace, "split", true))
            throw new FormatException($"{path}: Metaspace must be replacement '▁', prepend_scheme 'always', split true (found '{replacement}', '{prepend}').");

        var control = new HashSet<int>(added.Where(a => a.Special).Select(a => a.Id));
        var pieceIds = vocab;
        int Find(string token) => pieceIds.TryGetValue(token, out int id) ? id : -1;
        byte[] proto = SentencePieceModelWriter.Write(pieces, unkId, control, Find("<s>"), Find("</s>"), Find("<pad>"), charsmap);
        using var stream = new MemoryStream(proto);
        var sentencePiece = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        return new AddedTokensTokenizer(new MetaspaceUnigramTokenizer(sentencePiece, vocab.TryGetValue("▁", out int space) ? space : unkId), added);
    }

    private static JsonElement? FindMetaspace(JsonElement pt)
    {
        if (StringOr(pt, "type", "") == "Metaspace") return pt;
        if (StringOr(pt, "type", "") == "Sequence")
            foreach (var step in pt.GetProperty("pretokenizers").EnumerateArray())
                if (StringOr(step, "type", "") == "Metaspace") return step;
        return null;
    }

    public static Dictionary<string, int> ReadVocab(JsonElement model, string path)
    {
        if (!model.TryGetProperty("vocab", out var v) || v.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: model.vocab must be an object of token → id.");
        var vocab = new Dictionary<string, int>(32000, StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
        return vocab;
    }

    public static string StringOr(JsonElement e, string name, string fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;

    public static bool BoolOr(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    /// <summary>ByteLevel's add_prefix_space: a space before text that does not start with one.</summary>
    private sealed class PrefixSpaceNormalizer(Normalizer? inner) : Normalizer
    {
        public override string Normalize(string original) => Normalize(original.AsSpan());

        public override string Normalize(ReadOnlySpan<char> original)
        {
            string s = inner is null ? original.ToString() : inner.Normalize(original);
            return s.Length == 0 || s[0] == ' ' ? s : " " + s;
        }
    }

    /// <summary>
    /// SentencePiece with Hugging Face's Unigram + Metaspace semantics. SentencePiece strips whitespace at both ends;
    /// Hugging Face strips none, so text ending in a space ends with a lone "▁" word (its id, or unk): added here. Leading
    /// and repeated spaces already agree (collapsed, one "▁" prefix). Hugging Face fuses a run of unknown characters
    /// into one unk token; the library gives one per character: fused here.
    /// </summary>
    private sealed class MetaspaceUnigramTokenizer(SentencePieceTokenizer inner, int lonelySpaceId) : Tokenizer
    {
        public override Normalizer? Normalizer => inner.Normalizer;
        public override PreTokenizer? PreTokenizer => inner.PreTokenizer;

        protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            var span = text is null ? textSpan : text.AsSpan();
            var tokens = new List<EncodedToken>();
            foreach (var t in inner.EncodeToTokens(span, out _, addBeginningOfSentence: false, addEndOfSentence: false, settings.ConsiderPreTokenization, settings.ConsiderNormalization))
            {
                if (t.Id == inner.UnknownId && tokens.Count > 0 && tokens[^1].Id == inner.UnknownId)
                    tokens[^1] = new EncodedToken(t.Id, tokens[^1].Value + t.Value, new Range(tokens[^1].Offset.Start, t.Offset.End));
                else tokens.Add(t);
            }
            if (EndsInSpace(span)) tokens.Add(new EncodedToken(lonelySpaceId, "▁", new Range(span.Length - 1, span.Length)));
            return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = span.Length };
        }

        protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            var span = text is null ? textSpan : text.AsSpan();
            var ids = new List<int>();
            foreach (int id in inner.EncodeToIds(span, addBeginningOfSentence: false, addEndOfSentence: false, settings.ConsiderPreTokenization, settings.ConsiderNormalization))
                if (id != inner.UnknownId || ids.Count == 0 || ids[^1] != inner.UnknownId) ids.Add(id);
            if (EndsInSpace(span)) ids.Add(lonelySpaceId);
            return new EncodeResults<int> { Tokens = ids, CharsConsumed = span.Length };
        }

        private static bool EndsInSpace(ReadOnlySpan<char> text) => text.Length > 0 && text[^1] == ' ';

        public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
            inner.Decode(ids, destination, out idsConsumed, out charsWritten);
    }
}

/// <summary>Writes a SentencePiece ModelProto (sentencepiece_model.proto) for a Unigram vocabulary with scores.</summary>
internal static class SentencePieceModelWriter
{
    public static byte[] Write(IReadOnlyList<(string Piece, float Score)> pieces, int unkId, IReadOnlySet<int> control, int bosId, int eosId, int padId, byte[] charsmap)
    {
        using var model = new MemoryStream();
        for (int i = 0; i < pieces.Count; i++)
        {
            using var piece = new MemoryStream();
            WriteString(piece, 1, pieces[i].Piece);
            WriteTag(piece, 2, 5);
            piece.Write(BitConverter.GetBytes(pieces[i].Score));
            WriteVarintField(piece, 3, i == unkId ? 2 : control.Contains(i) ? 3 : 1); // UNKNOWN, CONTROL, NORMAL
            WriteBytes(model, 1, piece.ToArray());
        }
        using (var trainer = new MemoryStream())
        {
            WriteVarintField(trainer, 3, 1); // model_type UNIGRAM
            WriteVarintField(trainer, 40, unkId);
            WriteVarintField(trainer, 41, bosId);
            WriteVarintField(trainer, 42, eosId);
            WriteVarintField(trainer, 43, padId);
            WriteBytes(model, 2, trainer.ToArray());
        }
        using (var normalizer = new MemoryStream())
        {
            WriteString(normalizer, 1, charsmap.Length > 0 ? "precompiled" : "identity");
            if (charsmap.Length > 0) WriteBytes(normalizer, 2, charsmap);
            WriteVarintField(normalizer, 3, 1); // add_dummy_prefix
            WriteVarintField(normalizer, 4, 1); // remove_extra_whitespaces
            WriteVarintField(normalizer, 5, 1); // escape_whitespaces
            WriteBytes(model, 3, normalizer.ToArray());
        }
        return model.ToArray();
    }

    private static void WriteTag(Stream s, int field, int wireType) => WriteVarint(s, (ulong)((field << 3) | wireType));

    private static void WriteVarintField(Stream s, int field, long value)
    {
        WriteTag(s, field, 0);
        WriteVarint(s, unchecked((ulong)value)); // negative int32 as ten bytes, as protobuf does
    }

    private static void WriteString(Stream s, int field, string value) => WriteBytes(s, field, System.Text.Encoding.UTF8.GetBytes(value));

    private static void WriteBytes(Stream s, int field, byte[] value)
    {
        WriteTag(s, field, 2);
        WriteVarint(s, (ulong)value.Length);
        s.Write(value);
    }

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }
}
