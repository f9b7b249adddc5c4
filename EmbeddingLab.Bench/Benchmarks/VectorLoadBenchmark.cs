using System.Diagnostics;
using System.Text;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// Loads a GloVe-style text file (default 400,000 × 300, like glove.6B.300d) with <see cref="VectorFile.Read"/> and with
/// gensim's <c>load_word2vec_format(no_header=True)</c>; prints both times and the ratio.
/// The file is generated once (deterministic) in the temp folder unless --file is given.
/// </summary>
public sealed class VectorLoadBenchmark : IBenchmark
{
    public string Name => "load-vectors";
    public string Description => "text vector file load time vs gensim: [--rows 400000] [--dims 300] [--file F] [--format glove|word2vec-text] [--repeat 3] [--workers 0] [--no-reference]";

    public int Run(string[] args)
    {
        int workers = IntArg(args, "--workers", 0), rows = IntArg(args, "--rows", 400_000), dims = IntArg(args, "--dims", 300), repeat = IntArg(args, "--repeat", 3);
        string format = StringArg(args, "--format") ?? "glove";
        bool glove = format == "glove";
        string path = StringArg(args, "--file") ?? Path.Combine(Path.GetTempPath(), $"embeddinglab-bench-{format}-{rows}x{dims}.txt");
        if (!File.Exists(path))
        {
            Console.WriteLine($"Writing {rows:N0} × {dims} {format} file to {path} …");
            Generate(path, rows, dims, glove);
        }
        var size = new FileInfo(path).Length;
        Console.WriteLine($"File: {path} ({size / 1e6:F0} MB), {Environment.ProcessorCount} cores");

        var times = new List<double>();
        for (int i = 0; i < repeat; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var set = VectorFile.Read(path, new VectorReadOptions { Format = glove ? VectorFileFormat.GloveText : VectorFileFormat.Word2VecText, Workers = workers });
            sw.Stop();
            times.Add(sw.Elapsed.TotalSeconds);
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"  EmbeddingLab run {i + 1}: {sw.Elapsed.TotalSeconds:F2} s wall, {cpuSeconds:F2} s CPU ({set.Count:N0} × {set.Dimensions}, {size / 1e6 / sw.Elapsed.TotalSeconds:F0} MB/s)");
            set = null;
            GC.Collect();
        }
        times.Sort();
        double ours = times[times.Count / 2];
        Console.WriteLine($"EmbeddingLab (median of {repeat}): {ours:F2} s");

        if (args.Contains("--no-reference")) return 0;
        var output = Reference.Run("load_vectors.py", path, glove ? "glove" : "word2vec-text");
        var line = output?.Split('\n').FirstOrDefault(l => l.StartsWith("seconds=", StringComparison.Ordinal));
        if (line is null) return 1;
        double theirs = double.Parse(line["seconds=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"gensim 4 load_word2vec_format: {theirs:F2} s");
        Console.WriteLine($"Ratio: EmbeddingLab is {theirs / ours:F1}× faster");
        return 0;
    }

    /// <summary>Deterministic GloVe-like numbers: 5 significant digits, e.g. "-0.038194".</summary>
    private static void Generate(string path, int rows, int dims, bool glove)
    {
        var rng = new Random(20240601);
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        if (!glove) stream.Write(Encoding.ASCII.GetBytes($"{rows} {dims}\n"));
        Span<byte> digits = stackalloc byte[16];
        for (int r = 0; r < rows; r++)
        {
            stream.Write(Encoding.ASCII.GetBytes($"w{r}"));
            for (int c = 0; c < dims; c++)
            {
                int mantissa = rng.Next(10_000, 100_000);
                int scale = rng.Next(5, 7); // 5 or 6 decimals
                stream.WriteByte((byte)' ');
                if (rng.Next(2) == 0) stream.WriteByte((byte)'-');
                stream.WriteByte((byte)'0');
                stream.WriteByte((byte)'.');
                for (int z = 5; z < scale; z++) stream.WriteByte((byte)'0');
                for (int k = 4; k >= 0; k--) { digits[k] = (byte)('0' + mantissa % 10); mantissa /= 10; }
                stream.Write(digits[..5]);
            }
            stream.WriteByte((byte)'\n');
        }
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
