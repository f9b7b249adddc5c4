using EmbeddingLab.Core.Encoding.Onnx;
using Microsoft.ML.OnnxRuntime;
using EmbeddingLab.Core.Encoding.Tokenization;

namespace EmbeddingLab.Core.Encoding.Transformers;

/// <summary>
/// Options of <see cref="TransformerEncoder"/>. Threads 0 = all cores (ONNX Runtime intra-op threads); <see cref="Session"/>,
/// when given, sets every session option itself (threads, graph optimisation level).
/// <see cref="Budget"/>, when given, is the job's memory bound: an encode is sized first and refused when over it.
/// </summary>
public sealed record TransformerEncoderOptions(int BatchSize = 32, int Threads = 0, int? MaxSeqLength = null, OnnxSessionOptions? Session = null,
    Limits.MemoryBudget? Budget = null);

/// <summary>
/// A sentence-transformers model on ONNX Runtime: tokenise (truncate to max_seq_length), sort by length and batch with
/// little padding, run the transformer, pool as 1_Pooling says, L2-normalise when modules.json has Normalize. A graph
/// may output token embeddings (<c>last_hidden_state</c> or <c>token_embeddings</c>, pooled here) or only pooled ones
/// (<c>sentence_embedding</c>), and may lack <c>token_type_ids</c>. One shared session; Encode is thread-safe; dispose
/// to free the session (a session taken from an <see cref="OnnxSessionCache"/> stays open: the cache owns it).
/// </summary>
public sealed class TransformerEncoder : ISentenceEncoder, IDisposable
{
    /// <summary>Graph outputs we read, in order of preference: token embeddings (pooled per 1_Pooling), then pooled ones.</summary>
    public static readonly string[] TokenOutputs = ["last_hidden_state", "token_embeddings"];
    public const string SentenceOutput = "sentence_embedding";

    private readonly OnnxModel _model;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _wantsTypeIds, _wantsMask;
    private readonly bool _ownsSession;

    private TransformerEncoder(SentenceTransformerModel model, TransformerTokenizer tokenizer, OnnxModel onnx, TransformerEncoderOptions options, string outputName, bool pooledOutput,
        bool ownsSession)
    {
        _ownsSession = ownsSession;
        Model = model;
        Tokenizer = tokenizer;
        _model = onnx;
        Options = options;
        OutputName = outputName;
        PooledOutput = pooledOutput;
        _wantsTypeIds = onnx.InputNames.Contains("token_type_ids");
        _wantsMask = onnx.InputNames.Contains("attention_mask");
        _inputNames = ["input_ids", .. _wantsMask ? ["attention_mask"] : Array.Empty<string>(), .. _wantsTypeIds ? ["token_type_ids"] : Array.Empty<string>()];
        _outputNames = [outputName];
        MaxSeqLength = options.MaxSeqLength ?? model.MaxSeqLength;
    }

    public SentenceTransformerModel Model { get; }
    public TransformerTokenizer Tokenizer { get; }
    public TransformerEncoderOptions Options { get; }
    /// <summary>The graph output read: last_hidden_state, token_embeddings or sentence_embedding.</summary>
    public string OutputName { get; }
    /// <summary>True when the graph pools itself (sentence_embedding) and 1_Pooling is not applied.</summary>
    public bool PooledOutput { get; }
    /// <summary>Width of the graph's output rows (hidden size, or the pooled width for sentence_embedding).</summary>
    public int HiddenSize { get; private set; }
    public int MaxSeqLength { get; }
    public string Name => "transformer:" + Model.Name;
    public int Dimensions => PooledOutput ? HiddenSize : HiddenSize * Model.Pooling.ModeCount;
    public string RuntimeVersion => OnnxModel.RuntimeVersion;
    public IReadOnlyList<string> InputNames => _inputNames;
    /// <summary>The ONNX Runtime session this encoder runs on (shared when it came from an <see cref="OnnxSessionCache"/>).</summary>
    public OnnxModel Session => _model;

    /// <summary>Loads a model folder (see <see cref="SentenceTransformerModel"/>); clear errors for missing files or unusable graphs.</summary>
    public static TransformerEncoder Load(string directory, TransformerEncoderOptions? options = null) => Load(directory, options, null);

    /// <summary>
    /// As <see cref="Load(string, TransformerEncoderOptions?)"/>, with the session taken from <paramref name="sessions"/>
    /// when given (shared with every other encoder of the same model file and session options; not freed by Dispose).
    /// </summary>
    public static TransformerEncoder Load(string directory, TransformerEncoderOptions? options, OnnxSessionCache? sessions)
    {
        options ??= new TransformerEncoderOptions();
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        var model = SentenceTransformerModel.Load(directory);
        var tokenizer = TransformerTokenizer.FromDirectory(directory);
        // Explicit options first, then the cache's configured defaults, then all cores at full optimisation.
        var session = options.Session ?? (options.Threads <= 0 ? sessions?.Defaults : null)
            ?? new OnnxSessionOptions { IntraOpNumThreads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        var onnx = sessions is null ? OnnxModel.Open(model.OnnxPath, session) : sessions.Get(model.OnnxPath, session);
        try
        {
            if (!onnx.InputNames.Contains("input_ids"))
                throw new FormatException($"{model.OnnxPath}: the model has no 'input_ids' input (inputs: {string.Join(", ", onnx.InputNames)}).");
            foreach (var input in onnx.InputNames)
            {
                if (input is not ("input_ids" or "attention_mask" or "token_type_ids"))
                    throw new FormatException($"{model.OnnxPath}: input '{input}' is not one a text encoder takes (input_ids, attention_mask, token_type_ids).");
                if (onnx.InputMetadata[input].ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64)
                    throw new FormatException($"{model.OnnxPath}: input '{input}' is {onnx.InputMetadata[input].ElementDataType}; expected int64 token ids.");
            }
            string? output = TokenOutputs.FirstOrDefault(onnx.OutputNames.Contains) ?? (onnx.OutputNames.Contains(SentenceOutput) ? SentenceOutput : null)
                ?? throw new FormatException($"{model.OnnxPath}: no output named {string.Join(", ", TokenOutputs)} or {SentenceOutput} (outputs: {string.Join(", ", onnx.OutputNames)}).");
            var (type, dims) = onnx.Output(output);
            bool pooled = output == SentenceOutput;
            if (type != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
                throw new FormatException($"{model.OnnxPath}: output '{output}' is {type}; expected float32.");
            if (dims.Length != (pooled ? 2 : 3))
                throw new FormatException($"{model.OnnxPath}: output '{output}' has rank {dims.Length}; expected {(pooled ? "[batch, dimensions]" : "[batch, sequence, hidden]")}.");
            var encoder = new TransformerEncoder(model, tokenizer, onnx, options, output, pooled, ownsSession: sessions is null);
            // The width may be symbolic in the graph (and config.json absent): one tiny run tells it and checks the model end to end.
            encoder.HiddenSize = dims[^1] > 0 ? dims[^1] : 1;
            using (var probe = encoder.RunBatch(tokenizer.EncodeBatch([""], encoder.MaxSeqLength)))
                encoder.HiddenSize = (int)probe[0].GetTensorTypeAndShape().Shape[^1];
            return encoder;
        }
        catch
        {
            if (sessions is null) onnx.Dispose();
            throw;
        }
    }

    /// <summary>Runs one padded batch; the token arrays are handed to ONNX Runtime as they are (pinned, not copied).</summary>
    private Microsoft.ML.OnnxRuntime.IDisposableReadOnlyCollection<OrtValue> RunBatch(TokenBatch batch)
    {
        long[] shape = [batch.Count, batch.SequenceLength];
        var values = new List<OrtValue>(3);
        try
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape));
            if (_wantsMask) values.Add(OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape));
            if (_wantsTypeIds) values.Add(OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape));
            return _model.Run(_inputNames, values, _outputNames);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>
    /// Memory an encode of <paramref name="sentences"/> takes, from their sizes: the vectors (sentences × dimensions
    /// floats); the tokenised sentences (ids, type ids and token strings, about 48 bytes a token, plus 100 a sentence),
    /// with the tokens a sentence has estimated from its UTF-8 length and the tokens per byte of up to 256 sentences
    /// spread over the list (tokenised here), at most max_seq_length; and one batch in flight: its int64 inputs, about
    /// eight hidden-wide float tensors of activations and two attention score tensors (hidden / 64 heads × seq²).
    /// </summary>
    public long EstimateBytes(IReadOnlyList<string> sentences)
    {
        long n = sentences.Count;
        if (n == 0) return 0;
        long sampleBytes = 0, sampleTokens = 0;
        int step = (int)Math.Max(1, n / 256);
        for (int i = 0; i < n; i += step)
        {
            string text = sentences[i] ?? "";
            sampleBytes += System.Text.Encoding.UTF8.GetByteCount(text);
            sampleTokens += Tokenizer.Encode(Model.DoLowerCase ? text.ToLowerInvariant() : text, MaxSeqLength).Length;
        }
        double tokensPerByte = sampleBytes == 0 ? 0 : (double)sampleTokens / sampleBytes;
        long tokens = 0, longest = 0;
        foreach (var text in sentences)
        {
            long t = Math.Min(MaxSeqLength, (long)Math.Ceiling(System.Text.Encoding.UTF8.GetByteCount(text ?? "") * tokensPerByte) + 2);
            tokens += t;
            longest = Math.Max(longest, t);
        }
        long batch = Math.Min(Options.BatchSize, n), hidden = Math.Max(1, HiddenSize), heads = Math.Max(1, hidden / 64);
        return Limits.MemoryBudget.FloatMatrixBytes(n, Dimensions) + tokens * 48 + n * 100
            + batch * longest * 8 * 3 + batch * longest * hidden * 4 * 8 + batch * heads * longest * longest * 4 * 2;
    }

    public float[] Encode(IReadOnlyList<string> sentences, IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Options.Budget?.Ensure(EstimateBytes(sentences),
            $"encoding {sentences.Count:N0} sentences with {Name} ({Dimensions:N0} dimensions, batches of {Options.BatchSize}, up to {MaxSeqLength:N0} tokens each)");
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
        var order = LengthOrder(Array.ConvertAll(encoded, e => e.Length));

        int batchSize = Options.BatchSize, done = 0;
        var rows = new List<TokenizedText>(batchSize);
        for (int start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, n - start);
            rows.Clear();
            for (int k = 0; k < count; k++) rows.Add(encoded[order[start + k]]);
            var batch = Tokenizer.Pad(rows);
            using (var outputs = RunBatch(batch))
            {
                var output = outputs[0];
                var data = output.GetTensorDataAsSpan<float>();
                if (PooledOutput)
                {
                    for (int k = 0; k < count; k++)
                    {
                        var target = result.AsSpan(order[start + k] * dims, dims);
                        data.Slice(k * dims, dims).CopyTo(target);
                        if (Model.Normalize) Pooling.Normalize(target);
                    }
                }
                else
                {
                    int seq = (int)output.GetTensorTypeAndShape().Shape[1];
                    for (int k = 0; k < count; k++)
                    {
                        var target = result.AsSpan(order[start + k] * dims, dims);
                        Pooling.PoolRow(data, batch.AttentionMask, k, seq, HiddenSize, Model.Pooling, target);
                        if (Model.Normalize) Pooling.Normalize(target);
                    }
                }
            }
            done += count;
            progress?.Report(new EncodingProgress(done, n));
        }
        return result;
    }

    /// <summary>
    /// The order sentences are batched in: longest first (as sentence-transformers does), ties in input order, so rows
    /// of similar length share a batch and pad little. Results go back to each sentence's own row.
    /// </summary>
    internal static int[] LengthOrder(IReadOnlyList<int> lengths)
    {
        var order = new int[lengths.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => lengths[b] != lengths[a] ? lengths[b].CompareTo(lengths[a]) : a.CompareTo(b));
        return order;
    }

    public void Dispose()
    {
        if (_ownsSession) _model.Dispose();
    }
}
