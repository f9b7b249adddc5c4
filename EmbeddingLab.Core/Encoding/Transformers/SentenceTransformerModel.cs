using System.Text.Json;

namespace EmbeddingLab.Core.Encoding.Transformers;

/// <summary>Pooling as sentence-transformers' 1_Pooling/config.json says; several modes concatenate in the order cls, max, mean, mean_sqrt_len.</summary>
public sealed record PoolingConfig(bool ClsToken = false, bool MaxTokens = false, bool MeanTokens = true, bool MeanSqrtLenTokens = false)
{
    public int ModeCount => (ClsToken ? 1 : 0) + (MaxTokens ? 1 : 0) + (MeanTokens ? 1 : 0) + (MeanSqrtLenTokens ? 1 : 0);

    public override string ToString() => string.Join('+', new[] { ClsToken ? "cls" : null, MaxTokens ? "max" : null, MeanTokens ? "mean" : null,
        MeanSqrtLenTokens ? "mean_sqrt_len" : null }.Where(s => s != null));
}

/// <summary>
/// A model folder in the sentence-transformers layout: modules.json, 1_Pooling/config.json, sentence_bert_config.json,
/// config.json, tokenizer files, and the weights as onnx/model.onnx or model.onnx.
/// </summary>
public sealed record SentenceTransformerModel(string Directory, string OnnxPath, PoolingConfig Pooling, bool Normalize, int MaxSeqLength,
    bool DoLowerCase, int? HiddenSize)
{
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory)));

    public static readonly string[] OnnxCandidates = [Path.Combine("onnx", "model.onnx"), "model.onnx"];

    /// <summary>Reads the folder's configuration; missing weights or malformed JSON fail naming the file.</summary>
    public static SentenceTransformerModel Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"Model folder not found: {directory}");
        string? onnx = OnnxCandidates.Select(c => Path.Combine(directory, c)).FirstOrDefault(File.Exists);
        if (onnx is null)
            throw new FileNotFoundException($"No ONNX weights in {directory}: expected {string.Join(" or ", OnnxCandidates)}.",
                Path.Combine(directory, OnnxCandidates[0]));

        // modules.json: which module folder holds the pooling config, and whether a Normalize module follows.
        string poolingDir = "1_Pooling";
        bool normalize = false, hasModules = false;
        string modulesPath = Path.Combine(directory, "modules.json");
        if (File.Exists(modulesPath))
        {
            hasModules = true;
            using var doc = ParseJson(modulesPath);
            foreach (var m in doc.RootElement.EnumerateArray())
            {
                string type = m.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
                if (type.EndsWith(".Pooling", StringComparison.Ordinal) && m.TryGetProperty("path", out var p)) poolingDir = p.GetString() ?? poolingDir;
                if (type.EndsWith(".Normalize", StringComparison.Ordinal)) normalize = true;
            }
        }

        var pooling = new PoolingConfig();
        string poolingPath = Path.Combine(directory, poolingDir, "config.json");
        if (File.Exists(poolingPath))
        {
            using var doc = ParseJson(poolingPath);
            var c = doc.RootElement;
            pooling = new PoolingConfig(Bool(c, "pooling_mode_cls_token"), Bool(c, "pooling_mode_max_tokens"), Bool(c, "pooling_mode_mean_tokens"),
                Bool(c, "pooling_mode_mean_sqrt_len_tokens"));
            if (c.TryGetProperty("pooling_mode", out var mode) && mode.ValueKind == JsonValueKind.String)
                pooling = mode.GetString() switch
                {
                    "cls" => new PoolingConfig(true, false, false),
                    "max" => new PoolingConfig(false, true, false),
                    "mean" => new PoolingConfig(),
                    "mean_sqrt_len_tokens" => new PoolingConfig(false, false, false, true),
                    _ => pooling,
                };
            if (pooling.ModeCount == 0)
                throw new FormatException($"{poolingPath}: no supported pooling mode is enabled (cls_token, max_tokens, mean_tokens, mean_sqrt_len_tokens).");
        }
        else if (hasModules) throw new FileNotFoundException($"Pooling config not found: {poolingPath}", poolingPath);

        int? hidden = null, maxPositions = null;
        string configPath = Path.Combine(directory, "config.json");
        if (File.Exists(configPath))
        {
            using var doc = ParseJson(configPath);
            hidden = Int(doc.RootElement, "hidden_size");
            maxPositions = Int(doc.RootElement, "max_position_embeddings");
        }

        int? maxSeq = null;
        bool lower = false;
        string sbertPath = Path.Combine(directory, "sentence_bert_config.json");
        if (File.Exists(sbertPath))
        {
            using var doc = ParseJson(sbertPath);
            maxSeq = Int(doc.RootElement, "max_seq_length");
            lower = Bool(doc.RootElement, "do_lower_case");
        }
        return new SentenceTransformerModel(directory, onnx, pooling, normalize, maxSeq ?? maxPositions ?? 512, lower, hidden);
    }

    /// <summary>max_seq_length of sentence_bert_config.json, if the folder has one (needs no weights).</summary>
    public static int? ReadMaxSeqLength(string directory)
    {
        string path = Path.Combine(directory, "sentence_bert_config.json");
        if (!File.Exists(path)) return null;
        using var doc = ParseJson(path);
        return Int(doc.RootElement, "max_seq_length");
    }

    private static JsonDocument ParseJson(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new FormatException($"{path}: not valid JSON ({e.Message})."); }
    }

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;
}
