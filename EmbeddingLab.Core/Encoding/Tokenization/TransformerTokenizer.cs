using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>One element of a TemplateProcessing template: a special token (ids) or the sequence, with its type id.</summary>
public sealed record TemplatePiece(bool IsSequence, int[] Ids, string[] Tokens, int TypeId);

/// <summary>
/// A transformer model's tokenizer as Hugging Face tokenizers runs it, on Microsoft.ML.Tokenizers: the
/// <see cref="Model"/> (a library <see cref="Tokenizer"/>: WordPiece, BPE or Unigram, with added tokens) turns text into
/// ids, then the post-processor template adds special tokens ([CLS] … [SEP], &lt;s&gt; … &lt;/s&gt;), with truncation and
/// padding as transformers' tokenizer(texts, padding=True, truncation=True). Loads tokenizer.json of any of the three
/// families, or vocab.txt + tokenizer_config.json (BERT). Immutable: one instance serves many threads.
/// </summary>
public sealed class TransformerTokenizer
{
    private readonly string[] _idToToken;
    private readonly Dictionary<string, int> _tokenToId;

    public TransformerTokenizer(Tokenizer model, string family, IReadOnlyDictionary<string, int> vocab, IReadOnlyList<AddedToken> addedTokens,
        IReadOnlyList<TemplatePiece> template, int padId, int padTypeId = 0)
    {
        Model = model;
        Family = family;
        AddedTokens = addedTokens;
        Template = template;
        PadId = padId;
        PadTypeId = padTypeId;
        NumSpecialTokens = template.Where(p => !p.IsSequence).Sum(p => p.Ids.Length);
        int max = -1;
        foreach (int id in vocab.Values) max = Math.Max(max, id);
        foreach (var t in addedTokens) max = Math.Max(max, t.Id);
        _idToToken = new string[max + 1];
        foreach (var (token, id) in vocab) if (id >= 0) _idToToken[id] = token;
        foreach (var t in addedTokens) _idToToken[t.Id] = t.Content;
        _tokenToId = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        foreach (var t in addedTokens) _tokenToId.TryAdd(t.Content, t.Id);
    }

    /// <summary>Text → ids without special tokens, through Microsoft.ML.Tokenizers' abstraction.</summary>
    public Tokenizer Model { get; }
    /// <summary>"WordPiece", "BPE" or "Unigram".</summary>
    public string Family { get; }
    public IReadOnlyList<AddedToken> AddedTokens { get; }
    public IReadOnlyList<TemplatePiece> Template { get; }
    public int PadId { get; }
    public int PadTypeId { get; }
    public int VocabSize => _idToToken.Length;
    /// <summary>Tokens the template adds around a single sequence (2 for [CLS] … [SEP]).</summary>
    public int NumSpecialTokens { get; }
    /// <summary>Truncation length found in tokenizer.json or tokenizer_config.json (model_max_length), if any.</summary>
    public int? ConfiguredMaxLength { get; init; }

    /// <summary>Loads a model folder: tokenizer.json if present, else vocab.txt (+ tokenizer_config.json).</summary>
    public static TransformerTokenizer FromDirectory(string directory)
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

    /// <summary>Reads a Hugging Face tokenizer.json with a WordPiece, BPE or Unigram model.</summary>
    public static TransformerTokenizer FromTokenizerJson(string path)
    {
        using var stream = OpenRequired(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(stream); }
        catch (JsonException e) { throw new FormatException($"{path}: not valid JSON ({e.Message})."); }
        using (doc)
        {
            try { return FromTokenizerJson(doc.RootElement, path); }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
            {
                throw new FormatException($"{path}: unexpected tokenizer.json layout ({e.Message}).");
            }
        }
    }

    private static TransformerTokenizer FromTokenizerJson(JsonElement root, string path)
    {
        var model = root.GetProperty("model");
        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var at) && at.ValueKind == JsonValueKind.Array)
            foreach (var a in at.EnumerateArray())
                added.Add(new AddedToken(a.GetProperty("content").GetString()!, a.GetProperty("id").GetInt32(), BoolOr(a, "special", false),
                    BoolOr(a, "normalized", true), BoolOr(a, "lstrip", false), BoolOr(a, "rstrip", false), BoolOr(a, "single_word", false)));

        string family = StringOr(model, "type", model.TryGetProperty("continuing_subword_prefix", out _) && !model.TryGetProperty("merges", out _) ? "WordPiece" : "");
        Dictionary<string, int> vocab;
        Tokenizer tokenizer = family switch
        {
            "WordPiece" => TokenizerFamilies.WordPiece(root, model, added, path, out vocab),
            "BPE" => TokenizerFamilies.Bpe(root, model, added, path, out vocab),
            "Unigram" => TokenizerFamilies.Unigram(root, model, added, path, out vocab),
            _ => throw new FormatException($"{path}: model type '{family}' is not supported (expected WordPiece, BPE or Unigram)."),
        };

        var template = new List<TemplatePiece>();
        if (root.TryGetProperty("post_processor", out var pp) && pp.ValueKind == JsonValueKind.Object)
        {
            switch (StringOr(pp, "type", ""))
            {
                case "TemplateProcessing":
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
                    break;
                case "BertProcessing" or "RobertaProcessing":
                    // RoBERTa's trim_offsets/add_prefix_space only change offsets; the ids are cls … sep.
                    var cls = pp.GetProperty("cls");
                    var sep = pp.GetProperty("sep");
                    template.Add(new TemplatePiece(false, [cls[1].GetInt32()], [cls[0].GetString()!], 0));
                    template.Add(new TemplatePiece(true, [], [], 0));
                    template.Add(new TemplatePiece(false, [sep[1].GetInt32()], [sep[0].GetString()!], 0));
                    break;
                case "ByteLevel": template.Add(new TemplatePiece(true, [], [], 0)); break; // offsets only
                case var other: throw new FormatException($"{path}: post_processor '{other}' is not supported (expected TemplateProcessing, BertProcessing, RobertaProcessing or ByteLevel).");
            }
        }
        else template.Add(new TemplatePiece(true, [], [], 0));

        int padId = vocab.TryGetValue("[PAD]", out int p0) ? p0 : vocab.TryGetValue("<pad>", out int p1) ? p1 : 0, padType = 0;
        if (root.TryGetProperty("padding", out var pad) && pad.ValueKind == JsonValueKind.Object)
        {
            if (pad.TryGetProperty("pad_id", out var pi)) padId = pi.GetInt32();
            if (pad.TryGetProperty("pad_type_id", out var pti)) padType = pti.GetInt32();
        }
        int? maxLength = root.TryGetProperty("truncation", out var tr) && tr.ValueKind == JsonValueKind.Object
            && tr.TryGetProperty("max_length", out var ml) ? ml.GetInt32() : null;
        return new TransformerTokenizer(tokenizer, family, vocab, added, template, padId, padType) { ConfiguredMaxLength = maxLength };
    }

    /// <summary>Reads a vocab.txt (one token per line, id = line number) and the options of tokenizer_config.json, like
    /// transformers' BertTokenizerFast built from those files.</summary>
    public static TransformerTokenizer FromVocabFile(string vocabPath, string? tokenizerConfigPath = null)
    {
        var vocab = new Dictionary<string, int>(32000, StringComparer.Ordinal);
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
        if (!vocab.ContainsKey(unk)) throw new FormatException($"{vocabPath}: the vocabulary has no unknown token '{unk}'.");
        int Id(string token) => vocab.TryGetValue(token, out int i) ? i
            : throw new FormatException($"{vocabPath}: special token '{token}' is not in the vocabulary.");
        var added = new List<AddedToken>();
        foreach (string token in new[] { pad, unk, cls, sep, mask })
            if (vocab.TryGetValue(token, out int i)) added.Add(new AddedToken(token, i));
        // vocab.txt keeps the first of repeated lines; the library wants each id once, so repeats keep their line as a placeholder.
        var byId = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        using (var reader = new StreamReader(OpenRequired(vocabPath)))
        {
            int id = 0;
            for (string? line; (line = reader.ReadLine()) != null; id++)
                if (vocab[line] != id) byId[$"\u0000duplicate line {id}"] = id;
        }
        var wordPiece = TokenizerFamilies.CreateWordPiece(byId, new WordPieceOptions { UnknownToken = unk }, vocabPath);
        var model = new HfBertTokenizer(wordPiece, new BertNormalizer(new BertNormalizerOptions(true, chinese, strip, lower)), added);
        var template = new List<TemplatePiece>
        {
            new(false, [Id(cls)], [cls], 0), new(true, [], [], 0), new(false, [Id(sep)], [sep], 0),
        };
        return new TransformerTokenizer(model, "WordPiece", vocab, added, template, vocab.TryGetValue(pad, out int padId) ? padId : 0) { ConfiguredMaxLength = maxLength };
    }

    /// <summary>Ids of <paramref name="text"/> without special tokens, truncation or padding (the library tokenizer's ids).</summary>
    public IReadOnlyList<int> TokenizeToIds(string text) => Model.EncodeToIds(text);

    /// <summary>Encodes one text with the template's special tokens, truncated so the total is at most <paramref name="maxLength"/>.</summary>
    public TokenizedText Encode(string text, int? maxLength = null, bool addSpecialTokens = true)
    {
        var ids = Model.EncodeToIds(text);
        int special = addSpecialTokens ? NumSpecialTokens : 0;
        int count = ids.Count;
        if (maxLength is int max)
        {
            if (max < special) throw new ArgumentOutOfRangeException(nameof(maxLength), $"max length {max} leaves no room for the {special} special tokens.");
            count = Math.Min(count, max - special);
        }
        if (!addSpecialTokens)
        {
            var plain = new int[count];
            for (int i = 0; i < count; i++) plain[i] = ids[i];
            return new TokenizedText(plain, new int[count], Array.ConvertAll(plain, IdToToken));
        }
        var outIds = new int[count + special];
        var types = new int[count + special];
        int o = 0;
        foreach (var piece in Template)
        {
            if (piece.IsSequence)
            {
                for (int i = 0; i < count; i++, o++) { outIds[o] = ids[i]; types[o] = piece.TypeId; }
            }
            else
            {
                for (int i = 0; i < piece.Ids.Length; i++, o++) { outIds[o] = piece.Ids[i]; types[o] = piece.TypeId; }
            }
        }
        return new TokenizedText(outIds, types, Array.ConvertAll(outIds, IdToToken));
    }

    public bool TryGetId(string token, out int id) => _tokenToId.TryGetValue(token, out id);

    public string IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] ?? "" : "";

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

    /// <summary>Pads encoded rows to the longest row (at least <paramref name="minLength"/>) into model tensors, built once per batch.</summary>
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
            int o = r * seq, n = row.Length;
            lengths[r] = n;
            for (int j = 0; j < n; j++)
            {
                ids[o + j] = row.Ids[j];
                mask[o + j] = 1;
                types[o + j] = row.TypeIds[j];
            }
            ids.AsSpan(o + n, seq - n).Fill(PadId);
            types.AsSpan(o + n, seq - n).Fill(PadTypeId);
        }
        return new TokenBatch(rows.Count, seq, ids, mask, types, lengths);
    }

    private static FileStream OpenRequired(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        return File.OpenRead(path);
    }

    private static string StringOr(JsonElement e, string name, string fallback) => TokenizerFamilies.StringOr(e, name, fallback);

    private static bool BoolOr(JsonElement e, string name, bool fallback) => TokenizerFamilies.BoolOr(e, name, fallback);

    // tokenizer_config.json writes special tokens as strings or as {"content": "..."} objects.
    private static string TokenString(JsonElement e, string name, string fallback)
    {
        if (!e.TryGetProperty(name, out var v)) return fallback;
        if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c)) return c.GetString() ?? fallback;
        return fallback;
    }
}
