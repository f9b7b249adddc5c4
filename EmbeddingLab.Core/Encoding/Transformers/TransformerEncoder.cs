using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Encoding.Tokenization;

namespace EmbeddingLab.Core.Encoding.Transformers;

/// <summary>Options of <see cref="TransformerEncoder"/>. Threads 0 = all cores (ONNX Runtime intra-op threads).</summary>
public sealed record TransformerEncoderOptions(int BatchSize = 32, int Threads = 0, int? MaxSeqLength = null, string? OnnxRuntimePath = null);

/// <summary>
/// A sentence-transformers model on ONNX Runtime: tokenise (truncate to max_seq_length), batch by length with padding,
/// run the transformer, pool as 1_Pooling says, L2-normalise when modules.json has Normalize. Thread-safe; dispose to free the session.
/// </summary>
public sealed class TransformerEncoder : ISentenceEncoder, IDisposable
{
    private readonly OnnxSession _session;
    private readonly string _outputName;
    private readonly bool _wantsTypeIds, _wantsMask;

    private TransformerEncoder(SentenceTransformerModel model, BertTokenizer tokenizer, OnnxSession session, TransformerEncoderOptions options, int hidden, string outputName)
    {
        Model = model;
        Tokenizer = tokenizer;
        _session = session;
        Options = options;
        HiddenSize = hidden;
        _outputName = outputName;
        _wantsTypeIds = session.InputNames.Contains("token_type_ids");
        _wantsMask = session.InputNames.Contains("attention_mask");
        MaxSeqLength = options.MaxSeqLength ?? model.MaxSeqLength;
    }

    public SentenceTransformerModel Model { get; }
    public BertTokenizer Tokenizer { get; }
    public TransformerEncoderOptions Options { get; }
    public int HiddenSize { get; }
    public int MaxSeqLength { get; }
    public string Name => "transformer:" + Model.Name;
    public int Dimensions => HiddenSize * Model.Pooling.ModeCount;
    public string RuntimeVersion => _session.RuntimeVersion;

    /// <summary>Loads a model folder (see <see cref="SentenceTransformerModel"/>); clear errors for missing files or runtime.</summary>
    public static TransformerEncoder Load(string directory, TransformerEncoderOptions? options = null)
    {
        options ??= new TransformerEncoderOptions();
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        var model = SentenceTransformerModel.Load(directory);
        var tokenizer = BertTokenizer.FromDirectory(directory);
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var session = OnnxSession.Open(model.OnnxPath, new OnnxSessionOptions(threads, 1, OnnxGraphOptimizationLevel.All, options.OnnxRuntimePath));
        try
        {
            if (!session.InputNames.Contains("input_ids"))
                throw new FormatException($"{model.OnnxPath}: the model has no 'input_ids' input (inputs: {string.Join(", ", session.InputNames)}).");
            string output = session.OutputNames.Contains("last_hidden_state") ? "last_hidden_state"
                : session.OutputNames.Contains("token_embeddings") ? "token_embeddings" : session.OutputNames[0];
            // One tiny run tells the hidden size (config.json may be absent) and checks the model works end to end.
            var probe = new TransformerEncoder(model, tokenizer, session, options, 1, output);
            var outputs = probe.RunBatch(tokenizer.EncodeBatch([""], probe.MaxSeqLength));
            if (outputs.Shape.Length != 3)
                throw new FormatException($"{model.OnnxPath}: output '{output}' has rank {outputs.Shape.Length}; expected token embeddings [batch, sequence, hidden].");
            return new TransformerEncoder(model, tokenizer, session, options, (int)outputs.Shape[2], output);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private OnnxOutput RunBatch(TokenBatch batch)
    {
        var inputs = new List<OnnxInput>(3) { OnnxInput.Int64("input_ids", batch.InputIds, batch.Count, batch.SequenceLength) };
        if (_wantsMask) inputs.Add(OnnxInput.Int64("attention_mask", batch.AttentionMask, batch.Count, batch.SequenceLength));
        if (_wantsTypeIds) inputs.Add(OnnxInput.Int64("token_type_ids", batch.TokenTypeIds, batch.Count, batch.SequenceLength));
        return _session.Run(inputs, [_outputName])[0];
    }

    public float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int n = sentences.Count, dims = Dimensions;
        var result = new float[(long)n * dims];
        if (n == 0) return result;

        var encoded = new TokenizedText[n];
        for (int i = 0; i < n; i++)
        {
            string text = sentences[i] ?? "";
            encoded[i] = Tokenizer.Encode(Model.DoLowerCase ? text.ToLowerInvariant() : text, MaxSeqLength);
            if ((i & 1023) == 1023) cancellationToken.ThrowIfCancellationRequested();
        }
        // Longest first (as sentence-transformers does): rows of similar length pad little.
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) => encoded[b].Length != encoded[a].Length ? encoded[b].Length.CompareTo(encoded[a].Length) : a.CompareTo(b));

        int batchSize = Options.BatchSize, done = 0;
        var rows = new List<TokenizedText>(batchSize);
        for (int start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, n - start);
            rows.Clear();
            for (int k = 0; k < count; k++) rows.Add(encoded[order[start + k]]);
            var batch = Tokenizer.Pad(rows);
            var output = RunBatch(batch);
            int seq = (int)output.Shape[1];
            for (int k = 0; k < count; k++)
            {
                var target = result.AsSpan(order[start + k] * dims, dims);
                Pooling.PoolRow(output.Data, batch.AttentionMask, k, seq, HiddenSize, Model.Pooling, target);
                if (Model.Normalize) Pooling.Normalize(target);
            }
            done += count;
            progress?.Report(new EncodingProgress(done, n));
        }
        return result;
    }

    public void Dispose() => _session.Dispose();
}
