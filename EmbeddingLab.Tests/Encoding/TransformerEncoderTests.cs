using EmbeddingLab.Core.Reporting;
using System.Text.Json;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.Transformers;

namespace EmbeddingLab.Tests.Encoding;

public sealed class TinyBertExpected
{
    public static readonly Lazy<TinyBertExpected> Instance = new(() => new TinyBertExpected());

    private TinyBertExpected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(EncodingTestPaths.TestData("tiny-bert", "expected.json")));
        var r = doc.RootElement;
        Sentences = r.GetProperty("sentences").EnumerateArray().Select(e => e.GetString()!).ToArray();
        InputIds = r.GetProperty("input_ids").EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        float[][] Read(string name) => r.GetProperty(name).EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();
        Mean = Read("mean");
        Cls = Read("cls");
        Max = Read("max");
        NormalizedMean = Read("normalized_mean");
    }

    public string[] Sentences { get; }
    public int[][] InputIds { get; }
    public float[][] Mean { get; }
    public float[][] Cls { get; }
    public float[][] Max { get; }
    public float[][] NormalizedMean { get; }
}

public class TransformerEncoderTests
{
    private static TinyBertExpected Expected => TinyBertExpected.Instance.Value;

    private static void AssertRowsClose(float[][] expected, float[] actual, int dims, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Length * dims, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            for (int j = 0; j < dims; j++)
                worst = Math.Max(worst, Math.Abs(expected[i][j] - actual[i * dims + j]));
        Assert.True(worst <= tolerance, $"max |torch - ours| = {worst:E2} > {tolerance:E0}");
    }

    [Fact]
    public void Tokenizer_of_the_tiny_model_gives_the_generators_ids()
    {
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert);
        for (int i = 0; i < Expected.Sentences.Length; i++)
            Assert.Equal(Expected.InputIds[i], encoder.Tokenizer.Encode(Expected.Sentences[i], encoder.MaxSeqLength).Ids);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(1)]
    [InlineData(5)]
    public void Reproduces_torch_embeddings_to_1e4_whatever_the_batch_size(int batchSize)
    {
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(BatchSize: batchSize));
        Assert.Equal(32, encoder.Dimensions);
        Assert.Equal(32, encoder.MaxSeqLength);
        Assert.True(encoder.Model.Normalize);
        Assert.Equal("transformer:model", encoder.Name);
        float[] vectors = encoder.Encode(Expected.Sentences);
        AssertRowsClose(Expected.NormalizedMean, vectors, 32);
    }

    [Theory]
    [InlineData("no-token-type-ids.onnx", new[] { "input_ids", "attention_mask" }, "last_hidden_state", false)]
    [InlineData("token-embeddings.onnx", new[] { "input_ids", "attention_mask", "token_type_ids" }, "token_embeddings", false)]
    [InlineData("sentence-embedding.onnx", new[] { "input_ids", "attention_mask", "token_type_ids" }, "sentence_embedding", true)]
    public void Graphs_without_token_types_or_with_other_output_names_give_the_same_torch_embeddings(string graph, string[] inputs, string output, bool pooled)
    {
        string dir = CopyModel();
        try
        {
            File.Copy(EncodingTestPaths.TestData("onnx-variants", graph), Path.Combine(dir, "onnx", "model.onnx"), overwrite: true);
            using var encoder = TransformerEncoder.Load(dir, new TransformerEncoderOptions(BatchSize: 5));
            Assert.Equal(inputs, encoder.InputNames);
            Assert.Equal(output, encoder.OutputName);
            Assert.Equal(pooled, encoder.PooledOutput);
            Assert.Equal(32, encoder.Dimensions);
            AssertRowsClose(Expected.NormalizedMean, encoder.Encode(Expected.Sentences), 32);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Batches_take_sentences_longest_first_so_padding_stays_small()
    {
        int[] lengths = [3, 10, 5, 10, 3, 7];
        int[] order = TransformerEncoder.LengthOrder(lengths);
        Assert.Equal([1, 3, 5, 2, 0, 4], order); // ties keep input order
        // Batches of 2 pad each row to its batch's longest: 2 padded tokens in this order, 16 in input order.
        static int Padding(int[] lengths, int[] order) =>
            order.Chunk(2).Sum(batch => batch.Length * batch.Max(i => lengths[i]) - batch.Sum(i => lengths[i]));
        Assert.Equal(2, Padding(lengths, order));
        Assert.Equal(16, Padding(lengths, [0, 1, 2, 3, 4, 5]));
        // Rows still come back in input order (torch's rows, batches of 3 over sentences of mixed lengths).
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(BatchSize: 3));
        AssertRowsClose(Expected.NormalizedMean, encoder.Encode(Expected.Sentences), 32);
    }

    [Fact]
    public void Session_options_are_passed_to_onnx_runtime_and_results_do_not_depend_on_them()
    {
        var options = new TransformerEncoderOptions(BatchSize: 3, Session: new EmbeddingLab.Core.Encoding.Onnx.OnnxSessionOptions
        {
            IntraOpNumThreads = 1,
            GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL,
        });
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert, options);
        AssertRowsClose(Expected.NormalizedMean, encoder.Encode(Expected.Sentences), 32);
        // One shared session serves concurrent callers.
        var results = new float[4][];
        Parallel.For(0, 4, i => results[i] = encoder.Encode(Expected.Sentences));
        Assert.All(results, r => AssertRowsClose(Expected.NormalizedMean, r, 32));
    }

    [Fact]
    public void A_graph_without_a_usable_output_is_a_clear_error()
    {
        string dir = CopyModel();
        try
        {
            // The tiny BERT with only a pooled output, renamed: nothing the encoder knows how to read.
            var bytes = File.ReadAllBytes(EncodingTestPaths.TestData("onnx-variants", "sentence-embedding.onnx"));
            var renamed = System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(bytes).Replace("sentence_embedding", "sentence_embeddinX"));
            File.WriteAllBytes(Path.Combine(dir, "onnx", "model.onnx"), renamed);
            var e = Assert.Throws<FormatException>(() => TransformerEncoder.Load(dir));
            Assert.Contains("no output named last_hidden_state, token_embeddings or sentence_embedding", e.Message);
            Assert.Contains("sentence_embeddinX", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("cls")]
    [InlineData("max")]
    [InlineData("mean")]
    public void Pooling_modes_follow_the_pooling_config(string mode)
    {
        string dir = CopyModel();
        try
        {
            File.WriteAllText(Path.Combine(dir, "1_Pooling", "config.json"), $$"""
                { "word_embedding_dimension": 32, "pooling_mode_cls_token": {{(mode == "cls" ? "true" : "false")}},
                  "pooling_mode_mean_tokens": {{(mode == "mean" ? "true" : "false")}}, "pooling_mode_max_tokens": {{(mode == "max" ? "true" : "false")}} }
                """);
            // Without a Normalize module the pooled vectors come out as they are.
            File.WriteAllText(Path.Combine(dir, "modules.json"), """
                [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                 {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}]
                """);
            using var encoder = TransformerEncoder.Load(dir, new TransformerEncoderOptions(BatchSize: 4));
            Assert.False(encoder.Model.Normalize);
            var expected = mode switch { "cls" => Expected.Cls, "max" => Expected.Max, _ => Expected.Mean };
            AssertRowsClose(expected, encoder.Encode(Expected.Sentences), 32);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Several_pooling_modes_concatenate_in_sentence_transformers_order()
    {
        string dir = CopyModel();
        try
        {
            File.WriteAllText(Path.Combine(dir, "1_Pooling", "config.json"),
                """{ "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false }""");
            File.Delete(Path.Combine(dir, "modules.json"));
            using var encoder = TransformerEncoder.Load(dir);
            Assert.Equal(64, encoder.Dimensions);
            float[] v = encoder.Encode(Expected.Sentences);
            var cat = Expected.Cls.Zip(Expected.Mean, (c, m) => c.Concat(m).ToArray()).ToArray();
            AssertRowsClose(cat, v, 64);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Reports_progress_and_stops_when_cancelled()
    {
        using var encoder = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(BatchSize: 4));
        var reports = new List<EncodingProgress>();
        encoder.Encode(Expected.Sentences, new InlineProgress<EncodingProgress>(reports.Add));
        Assert.Equal([4, 8, 12], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(12, r.Total));

        using var cts = new CancellationTokenSource();
        int batches = 0;
        var progress = new InlineProgress<EncodingProgress>(_ => { if (++batches == 1) cts.Cancel(); });
        var many = Enumerable.Range(0, 200).Select(i => $"sentence number {i}").ToArray();
        Assert.Throws<OperationCanceledException>(() => encoder.Encode(many, progress, cts.Token));
        Assert.Equal(1, batches);
        Assert.Empty(encoder.Encode([]));
    }

    [Fact]
    public void Missing_weights_are_a_clear_error()
    {
        string dir = CopyModel();
        try
        {
            File.Delete(Path.Combine(dir, "onnx", "model.onnx"));
            var e = Assert.Throws<FileNotFoundException>(() => TransformerEncoder.Load(dir));
            Assert.Contains(dir, e.Message);
            Assert.Contains("model.onnx", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    internal static string CopyModel()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tiny-bert-" + Guid.NewGuid().ToString("N"));
        foreach (string file in Directory.GetFiles(EncodingTestPaths.TinyBert, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(EncodingTestPaths.TinyBert, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }
}
