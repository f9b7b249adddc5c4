using System.Diagnostics;
using System.Text.Json;
using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Encoding.Tokenization;
using EmbeddingLab.Core.Encoding.Transformers;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Tests.Encoding;

/// <summary>
/// BPE and Unigram tokenizer.json files (written by TestData/tokenizer-families/generate.mjs) load through the same path
/// as BERT's, give the ids of the Hugging Face reference (@lenml/tokenizers, run with node at test time), and run a tiny
/// model end to end.
/// </summary>
public class TokenizerFamiliesTests
{
    private static string Folder(string family) => EncodingTestPaths.TestData("tokenizer-families", family);

    private static readonly string[] Texts = JsonSerializer.Deserialize<string[]>(File.ReadAllText(EncodingTestPaths.TestData("tokenizer-families", "texts.json")))!;

    [Theory]
    [InlineData("bpe", "BPE")]
    [InlineData("unigram", "Unigram")]
    public void Ids_equal_the_hugging_face_reference_on_every_text(string family, string expectedFamily)
    {
        var tokenizer = TransformerTokenizer.FromDirectory(Folder(family));
        Assert.Equal(expectedFamily, tokenizer.Family);
        Assert.IsAssignableFrom<Microsoft.ML.Tokenizers.Tokenizer>(tokenizer.Model);
        var expected = NodeReference.Ids(Path.Combine(Folder(family), "tokenizer.json"), Path.Combine(Folder(family), "tokenizer_config.json"), Texts);
        var failures = new List<string>();
        for (int i = 0; i < Texts.Length; i++)
        {
            var actual = tokenizer.Encode(Texts[i]).Ids;
            if (!expected[i].AsSpan().SequenceEqual(actual))
                failures.Add($"{JsonSerializer.Serialize(Texts[i])}: reference {string.Join(',', expected[i])}, ours {string.Join(',', actual)}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Byte_level_bpe_spells_spaces_as_G_and_merges_learnt_words()
    {
        var tokenizer = TransformerTokenizer.FromDirectory(Folder("bpe"));
        var encoded = tokenizer.Encode("the dog");
        Assert.Equal(["<s>", "the", "Ġdog", "</s>"], encoded.Tokens);
        Assert.Equal(2, tokenizer.NumSpecialTokens);
        // A byte outside the (ASCII) alphabet is the unknown token, once per byte: "é" is two.
        Assert.Equal(["<s>", "c", "a", "f", "<unk>", "<unk>", "</s>"], tokenizer.Encode("café").Tokens);
    }

    [Fact]
    public void Unigram_picks_the_most_probable_segmentation_and_keeps_a_trailing_space()
    {
        var tokenizer = TransformerTokenizer.FromDirectory(Folder("unigram"));
        Assert.Equal(["<s>", "▁unhappy", "▁readers", "</s>"], tokenizer.Encode("unhappy readers").Tokens);
        Assert.Equal(["<s>", "▁walking", "▁", "</s>"], tokenizer.Encode("walking ").Tokens);
        Assert.Equal(["<s>", "▁walk", "ed", "</s>"], tokenizer.Encode("walked").Tokens);
        Assert.Equal(["<s>", "▁", "<unk>", "▁", "x", "</s>"], tokenizer.Encode("UPPER x").Tokens); // a run of unknown characters is one unk
        Assert.Equal(["<s>", "▁the", "<mask>", "</s>"], tokenizer.Encode("the <mask>").Tokens); // <mask> takes the space before it (lstrip)
    }

    [Fact]
    public void Unsupported_settings_are_refused_with_the_file_and_the_setting()
    {
        string dir = Directory.CreateTempSubdirectory("tokenizer-").FullName;
        try
        {
            string json = File.ReadAllText(Path.Combine(Folder("unigram"), "tokenizer.json"));
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.Replace("\"Metaspace\"", "\"Whitespace\""));
            var e = Assert.Throws<FormatException>(() => TransformerTokenizer.FromDirectory(dir));
            Assert.Contains(Path.Combine(dir, "tokenizer.json"), e.Message);
            Assert.Contains("Metaspace", e.Message);
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.Replace("\"Unigram\"", "\"WordLevel\""));
            e = Assert.Throws<FormatException>(() => TransformerTokenizer.FromDirectory(dir));
            Assert.Contains("model type 'WordLevel' is not supported (expected WordPiece, BPE or Unigram)", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("bpe")]
    [InlineData("unigram")]
    public void A_tiny_model_of_each_family_encodes_end_to_end(string family)
    {
        // The tiny BERT's weights without token types (as RoBERTa / XLM-R exports), with this family's tokenizer.
        string dir = TransformerEncoderTests.CopyModel();
        try
        {
            foreach (var file in new[] { "vocab.txt", "tokenizer_config.json" }) File.Delete(Path.Combine(dir, file));
            File.Copy(Path.Combine(Folder(family), "tokenizer.json"), Path.Combine(dir, "tokenizer.json"));
            File.Copy(EncodingTestPaths.TestData("onnx-variants", "no-token-type-ids.onnx"), Path.Combine(dir, "onnx", "model.onnx"), overwrite: true);
            using var encoder = TransformerEncoder.Load(dir, new TransformerEncoderOptions(BatchSize: 4));
            Assert.Equal(family == "bpe" ? "BPE" : "Unigram", encoder.Tokenizer.Family);
            var texts = Texts.Where(t => t.Length > 0).ToArray();
            float[] actual = encoder.Encode(texts);

            // Expected: each text alone (no padding), ids from the reference truncated to max_seq_length, mean-pooled and normalised here.
            var reference = NodeReference.Ids(Path.Combine(Folder(family), "tokenizer.json"), Path.Combine(Folder(family), "tokenizer_config.json"), texts);
            using var model = OnnxModel.Open(Path.Combine(dir, "onnx", "model.onnx"));
            for (int i = 0; i < texts.Length; i++)
            {
                int[] r = reference[i];
                // Truncation to max_seq_length keeps the closing </s>.
                long[] ids = r.Length <= encoder.MaxSeqLength ? [.. r.Select(x => (long)x)] : [.. r.Take(encoder.MaxSeqLength - 1).Select(x => (long)x), r[^1]];
                using var a = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
                using var m = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), [1, ids.Length]);
                using var outputs = model.Run(["input_ids", "attention_mask"], [a, m], ["last_hidden_state"]);
                var hidden = outputs[0].GetTensorDataAsSpan<float>();
                var mean = new float[32];
                for (int t = 0; t < ids.Length; t++)
                    for (int j = 0; j < 32; j++) mean[j] += hidden[t * 32 + j] / ids.Length;
                float norm = MathF.Sqrt(mean.Sum(v => v * v));
                for (int j = 0; j < 32; j++)
                    Assert.True(Math.Abs(mean[j] / norm - actual[i * 32 + j]) < 1e-5, $"{texts[i]}: dimension {j}");
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}

/// <summary>Runs TestData/tokenizer/reference.mjs (@lenml/tokenizers) with node, installing its lock file's packages on first use.</summary>
internal static class NodeReference
{
    private static readonly string Folder = EncodingTestPaths.TestData("tokenizer");
    private static readonly Lazy<bool> Installed = new(() =>
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "@lenml", "tokenizers", "package.json")))
            Run("npm", "ci --ignore-scripts --no-audit --no-fund", null);
        return true;
    });

    public static int[][] Ids(string tokenizerJson, string configJson, IReadOnlyList<string> texts)
    {
        _ = Installed.Value;
        string output = Run("node", "reference.mjs", JsonSerializer.Serialize(new { tokenizer = tokenizerJson, config = configJson, texts }));
        return JsonSerializer.Deserialize<int[][]>(output)!;
    }

    private static string Run(string program, string arguments, string? input)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException($"{program} {arguments} did not finish in 2 minutes."); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
