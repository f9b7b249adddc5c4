using System.Text.Json;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>One element of a TemplateProcessing template: a special token (ids) or the sequence, with its type id.</summary>
public sealed record TemplatePiece(bool IsSequence, int[] Ids, string[] Tokens, int TypeId);

/// <summary>
/// BERT tokenizer that reproduces Hugging Face tokenizers' ids: added tokens, BertNormalizer, BertPreTokenizer, WordPiece,
/// TemplateProcessing ([CLS] … [SEP]), truncation and padding. Loads tokenizer.json, or vocab.txt + tokenizer_config.json.
/// Immutable after construction, so one instance can serve many threads.
/// </summary>
public sealed class BertTokenizer
{
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;

    public BertTokenizer(WordPieceModel model, BertNormalizer? normalizer, IReadOnlyList<AddedToken> addedTokens,
        IReadOnlyList<TemplatePiece> template, int padId, int padTypeId = 0)
    {
        Model = model;
        Normalizer = normalizer;
        AddedTokens = addedTokens;
        Template = template;
        PadId = padId;
        PadTypeId = padTypeId;
        NumSpecialTokens = template.Where(p => !p.IsSequence).Sum(p => p.Ids.Length);
        _rawMatcher = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized).Select(t => (t, t.Content)));
        _normalizedMatcher = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized)
            .Select(t => (t, normalizer is null ? t.Content : normalizer.Normalize(t.Content))));
    }

    public WordPieceModel Model { get; }
    public BertNormalizer? Normalizer { get; }
    public IReadOnlyList<AddedToken> AddedTokens { get; }
    public IReadOnlyList<TemplatePiece> Template { get; }
    public int PadId { get; }
    public int PadTypeId { get; }
    /// <summary>Tokens the template adds around a single sequence (2 for [CLS] … [SEP]).</summary>
    public int NumSpecialTokens { get; }
    /// <summary>Truncation length found in tokenizer.json or tokenizer_config.json (model_max_length), if any.</summary>
    public int? ConfiguredMaxLength { get; init; }

    /// <summary>Loads a model folder: tokenizer.json if present, else vocab.txt (+ tokenizer_config.json).</summary>
    public static BertTokenizer FromDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Model folder not found: {directory}");
        string json = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(json)) return FromTokenizerJson(json);
        string vocab = Path.Combine(directory, "vocab.txt");
        if (File.Exists(vocab))
        {
            string config = Path.Combine(directory, "tokenizer_config.json");
            return FromVocabFile(vocab, File.Exists(config) ? config : null);
        }
        throw new FileNotFoundException($"No tokenizer in {directory}: expected tokenizer.json or vocab.txt.", json);
    }

    /// <summary>Reads a Hugging Face tokenizer.json with a WordPiece model.</summary>
    public static BertTokenizer FromTokenizerJson(string path)
    {
        using var stream = OpenRequired(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(stream); }
        catch (JsonException e) { throw new FormatException($"{path}: not valid JSON ({e.Message})."); }
        using (doc)
        {
            var root = doc.RootElement;
            try { return FromTokenizerJson(root, path); }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
            {
                throw new FormatException($"{path}: unexpected tokenizer.json layout ({e.Message}).");
            }
        }
    }

    private static BertTokenizer FromTokenizerJson(JsonElement root, string path)
    {
        var model = root.GetProperty("model");
        string type = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "WordPiece";
        if (type != "WordPiece") throw new FormatException($"{path}: model type '{type}' is not supported (expected WordPiece).");
        var vocab = new Dictionary<string, int>(32000);
        foreach (var p in model.GetProperty("vocab").EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
        var wordPiece = new WordPieceModel(vocab,
            StringOr(model, "unk_token", "[UNK]"),
            StringOr(model, "continuing_subword_prefix", "##"),
            model.TryGetProperty("max_input_chars_per_word", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 100);

        BertNormalizer? normalizer = null;
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            string nt = StringOr(n, "type", "");
            if (nt != "BertNormalizer") throw new FormatException($"{path}: normalizer '{nt}' is not supported (expected BertNormalizer).");
            bool lower = BoolOr(n, "lowercase", true);
            bool? strip = n.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
            normalizer = new BertNormalizer(new BertNormalizerOptions(BoolOr(n, "clean_text", true), BoolOr(n, "handle_chinese_chars", true), strip, lower));
        }
        if (root.TryGetProperty("pre_tokenizer", out var pt) && pt.ValueKind == JsonValueKind.Object)
        {
            string ptt = StringOr(pt, "type", "");
            if (ptt != "BertPreTokenizer") throw new FormatException($"{path}: pre_tokenizer '{ptt}' is not supported (expected BertPreTokenizer).");
        }

        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var at) && at.ValueKind == JsonValueKind.Array)
            foreach (var a in at.EnumerateArray())
                added.Add(new AddedToken(a.GetProperty("content").GetString()!, a.GetProperty("id").GetInt32(), BoolOr(a, "special", false),
                    BoolOr(a, "normalized", true), BoolOr(a, "lstrip", false), BoolOr(a, "rstrip", false), BoolOr(a, "single_word", false)));

        var template = new List<TemplatePiece>();
        if (root.TryGetProperty("post_processor", out var pp) && pp.ValueKind == JsonValueKind.Object)
        {
            string ppt = StringOr(pp, "type", "");
            if (ppt == "TemplateProcessing")
            {
                var specials = pp.GetProperty("special_tokens");
                foreach (var item in pp.GetProperty("single").EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out var seq)) template.Add(new TemplatePiece(true, [], [], seq.GetProperty("type_id").GetInt32()));
                    else
                    {
                        var sp = item.GetProperty("SpecialToken");
                        var def = specials.GetProperty(sp.GetProperty("id").GetString()!);
                        template.Add(new TemplatePiece(false, def.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                            def.GetProperty("tokens").EnumerateArray().Select(x => x.GetString()!).ToArray(), sp.GetProperty("type_id").GetInt32()));
                    }
                }
            }
            else if (ppt == "BertProcessing")
            {
                var cls = pp.GetProperty("cls");
                var sep = pp.GetProperty("sep");
                template.Add(new TemplatePiece(false, [cls[1].GetInt32()], [cls[0].GetString()!], 0));
                template.Add(new TemplatePiece(true, [], [], 0));
                template.Add(new TemplatePiece(false, [sep[1].GetInt32()], [sep[0].GetString()!], 0));
            }
            else throw new FormatException($"{path}: post_processor '{ppt}' is not supported (expected TemplateProcessing or BertProcessing).");
        }
        else template.Add(new TemplatePiece(true, [], [], 0));

        int padId = wordPiece.TryGetId("[PAD]", out int p0) ? p0 : 0, padType = 0;
        if (root.TryGetProperty("padding", out var pad) && pad.ValueKind == JsonValueKind.Object)
        {
            if (pad.TryGetProperty("pad_id", out var pi)) padId = pi.GetInt32();
            if (pad.TryGetProperty("pad_type_id", out var pti)) padType = pti.GetInt32();
        }
        int? maxLength = root.TryGetProperty("truncation", out var tr) && tr.ValueKind == JsonValueKind.Object
            && tr.TryGetProperty("max_length", out var ml) ? ml.GetInt32() : null;
        return new BertTokenizer(wordPiece, normalizer, added, template, padId, padType) { ConfiguredMaxLength = maxLength };
    }

    /// <summary>Reads a vocab.txt (one token per line, id = line number) and the options of tokenizer_config.json, like
    /// transformers' BertTokenizerFast built from those files.</summary>
    public static BertTokenizer FromVocabFile(string vocabPath, string? tokenizerConfigPath = null)
    {
        var vocab = new Dictionary<string, int>(32000);
        using (var reader = new StreamReader(OpenRequired(vocabPath)))
        {
            int id = 0;
            for (string? line; (line = reader.ReadLine()) != null; id++) vocab.TryAdd(line, id);
        }
        bool lower = true, chinese = true;
        bool? strip = null;
        string unk = "[UNK]", cls = "[CLS]", sep = "[SEP]", pad = "[PAD]", mask = "[MASK]";
        int? maxLength = null;
        if (tokenizerConfigPath != null)
        {
            using var stream = OpenRequired(tokenizerConfigPath);
            using var doc = JsonDocument.Parse(stream);
            var c = doc.RootElement;
            lower = BoolOr(c, "do_lower_case", true);
            chinese = BoolOr(c, "tokenize_chinese_chars", true);
            if (c.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False) strip = s.GetBoolean();
            unk = TokenString(c, "unk_token", unk);
            cls = TokenString(c, "cls_token", cls);
            sep = TokenString(c, "sep_token", sep);
            pad = TokenString(c, "pad_token", pad);
            mask = TokenString(c, "mask_token", mask);
            if (c.TryGetProperty("model_max_length", out var ml) && ml.ValueKind == JsonValueKind.Number && ml.TryGetInt32(out int mli)) maxLength = mli;
        }
        var model = new WordPieceModel(vocab, unk);
        int Id(string token) => vocab.TryGetValue(token, out int i) ? i
            : throw new FormatException($"{vocabPath}: special token '{token}' is not in the vocabulary.");
        var added = new List<AddedToken>();
        foreach (string token in new[] { pad, unk, cls, sep, mask })
            if (vocab.TryGetValue(token, out int i)) added.Add(new AddedToken(token, i));
        var template = new List<TemplatePiece>
        {
            new(false, [Id(cls)], [cls], 0), new(true, [], [], 0), new(false, [Id(sep)], [sep], 0),
        };
        return new BertTokenizer(model, new BertNormalizer(new BertNormalizerOptions(true, chinese, strip, lower)), added, template,
            vocab.TryGetValue(pad, out int padId) ? padId : 0) { ConfiguredMaxLength = maxLength };
    }

    /// <summary>Ids of <paramref name="text"/> without special tokens, truncation or padding.</summary>
    public void TokenizeToIds(string text, List<int> ids)
    {
        var raw = new List<(int, int, AddedToken?)>();
        var words = new List<(int, int)>();
        var normalizedPieces = new List<(int, int, AddedToken?)>();
        if (_rawMatcher.IsEmpty) raw.Add((0, text.Length, null));
        else _rawMatcher.Split(text, raw);
        foreach (var (start, length, token) in raw)
        {
            if (token is not null) { ids.Add(token.Id); continue; }
            string normalized = Normalizer is null ? text.Substring(start, length) : Normalizer.Normalize(text.AsSpan(start, length));
            normalizedPieces.Clear();
            if (_normalizedMatcher.IsEmpty) normalizedPieces.Add((0, normalized.Length, null));
            else _normalizedMatcher.Split(normalized, normalizedPieces);
            foreach (var (ns, nl, nt) in normalizedPieces)
            {
                if (nt is not null) { ids.Add(nt.Id); continue; }
                words.Clear();
                BertPreTokenizer.Split(normalized.AsSpan(ns, nl), words);
                foreach (var (ws, wl) in words) Model.Tokenize(normalized.AsSpan(ns + ws, wl), ids);
            }
        }
    }

    /// <summary>Encodes one text with the template's special tokens, truncated so the total is at most <paramref name="maxLength"/>.</summary>
    public TokenizedText Encode(string text, int? maxLength = null, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        TokenizeToIds(text, ids);
        return BuildEncoding(ids, maxLength, addSpecialTokens);
    }

    private TokenizedText BuildEncoding(List<int> ids, int? maxLength, bool addSpecialTokens)
    {
        int special = addSpecialTokens ? NumSpecialTokens : 0;
        if (maxLength is int max)
        {
            if (max < special) throw new ArgumentOutOfRangeException(nameof(maxLength), $"max length {max} leaves no room for the {special} special tokens.");
            if (ids.Count > max - special) ids.RemoveRange(max - special, ids.Count - (max - special));
        }
        if (!addSpecialTokens)
            return new TokenizedText([.. ids], new int[ids.Count], ids.Select(i => Model.IdToToken(i) ?? "").ToArray());
        var outIds = new List<int>(ids.Count + special);
        var types = new List<int>(ids.Count + special);
        foreach (var piece in Template)
        {
            if (piece.IsSequence)
            {
                outIds.AddRange(ids);
                for (int i = 0; i < ids.Count; i++) types.Add(piece.TypeId);
            }
            else
            {
                outIds.AddRange(piece.Ids);
                for (int i = 0; i < piece.Ids.Length; i++) types.Add(piece.TypeId);
            }
        }
        return new TokenizedText([.. outIds], [.. types], outIds.Select(i => IdToToken(i)).ToArray());
    }

    public string IdToToken(int id) => Model.IdToToken(id) ?? AddedTokens.FirstOrDefault(t => t.Id == id)?.Content ?? "";

    /// <summary>
    /// Encodes texts with special tokens, truncation to <paramref name="maxLength"/> and padding to the longest row
    /// (or to <paramref name="maxLength"/> when <paramref name="padToMaxLength"/>), as transformers' tokenizer(texts, padding=True, truncation=True).
    /// </summary>
    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, int? maxLength = null, bool padToMaxLength = false)
    {
        var rows = new TokenizedText[texts.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = Encode(texts[i], maxLength);
        return Pad(rows, padToMaxLength && maxLength is int m ? m : 0);
    }

    /// <summary>Pads encoded rows to the longest row (at least <paramref name="minLength"/>) into model tensors.</summary>
    public TokenBatch Pad(IReadOnlyList<TokenizedText> rows, int minLength = 0)
    {
        int seq = minLength;
        foreach (var r in rows) seq = Math.Max(seq, r.Length);
        var ids = new long[rows.Count * seq];
        var mask = new long[rows.Count * seq];
        var types = new long[rows.Count * seq];
        var lengths = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            int o = r * seq;
            lengths[r] = row.Length;
            for (int j = 0; j < seq; j++)
            {
                bool real = j < row.Length;
                ids[o + j] = real ? row.Ids[j] : PadId;
                mask[o + j] = real ? 1 : 0;
                types[o + j] = real ? row.TypeIds[j] : PadTypeId;
            }
        }
        return new TokenBatch(rows.Count, seq, ids, mask, types, lengths);
    }

    private static FileStream OpenRequired(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        return File.OpenRead(path);
    }

    private static string StringOr(JsonElement e, string name, string fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;

    private static bool BoolOr(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    // tokenizer_config.json writes special tokens as strings or as {"content": "..."} objects.
    private static string TokenString(JsonElement e, string name, string fallback)
    {
        if (!e.TryGetProperty(name, out var v)) return fallback;
        if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c)) return c.GetString() ?? fallback;
        return fallback;
    }
}
