using System.Diagnostics;
using EmbeddingLab.Core.Encoding.Transformers;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>Transformer sentence encoding throughput (tokenise + ONNX Runtime + pooling) for the tiny test model or a given model folder.</summary>
public sealed class EncodeBenchmark : IBenchmark
{
    public string Name => "encode";
    public string Description => "transformer encoding sentences/s: tiny test model, or --model DIR [--sentences N] [--batch 32] [--threads 0]";

    public int Run(string[] args)
    {
        string? model = null;
        int sentences = 5000, batch = 32, threads = 0;
        for (int i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--model": model = args[i + 1]; break;
                case "--sentences": sentences = int.Parse(args[i + 1]); break;
                case "--batch": batch = int.Parse(args[i + 1]); break;
                case "--threads": threads = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}."); return 2;
            }
        }
        model ??= Path.Combine(Path.GetDirectoryName(Reference.ScriptPath("."))!, "..", "..", "EmbeddingLab.Tests", "TestData", "tiny-bert", "model");
        model = Path.GetFullPath(model);

        var texts = MakeSentences(sentences);
        using var encoder = TransformerEncoder.Load(model, new TransformerEncoderOptions(BatchSize: batch, Threads: threads));
        encoder.Encode(texts.Take(Math.Min(200, texts.Length)).ToArray()); // warm-up

        var sw = new Stopwatch();
        double tokenizeSeconds = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            sw.Restart();
            for (int i = 0; i < texts.Length; i++) encoder.Tokenizer.Encode(texts[i], encoder.MaxSeqLength);
            tokenizeSeconds = Math.Min(tokenizeSeconds, sw.Elapsed.TotalSeconds);
        }

        var times = new List<double>();
        for (int r = 0; r < 3; r++)
        {
            sw.Restart();
            encoder.Encode(texts);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        double median = Reference.Median(times);
        Console.WriteLine($"model {encoder.Model.Name} ({encoder.Dimensions} dims, pooling {encoder.Model.Pooling}, normalize {encoder.Model.Normalize}), "
            + $"ONNX Runtime {encoder.RuntimeVersion}, {(threads > 0 ? threads : Environment.ProcessorCount)} intra-op threads, batch {batch}");
        Console.WriteLine($"tokenizer only: {texts.Length / tokenizeSeconds:N0} sentences/s");
        Console.WriteLine($"encode {texts.Length:N0} sentences (median of 3): {median:F2} s = {texts.Length / median:N0} sentences/s");
        Console.WriteLine("reference: none run here (no sentence-transformers/onnxruntime in Debian's python); compare with the same folder in sentence-transformers by hand.");
        return 0;
    }

    /// <summary>Deterministic English-like sentences of 5–30 words.</summary>
    private static string[] MakeSentences(int n)
    {
        string[] words = ("the a of to and in is was for on that with as it by at from this be are an or have has not but one all music song band "
            + "game team player market price bank city river mountain weather winter summer learning model data vector search query book story "
            + "science school student teacher quick brown fox jumps over lazy dog cat bird food coffee tea happy sad good new old big small").Split(' ');
        var rng = new Random(7);
        var result = new string[n];
        for (int i = 0; i < n; i++)
        {
            int len = rng.Next(5, 31);
            result[i] = string.Join(' ', Enumerable.Range(0, len).Select(_ => words[rng.Next(words.Length)])) + ".";
        }
        return result;
    }
}
