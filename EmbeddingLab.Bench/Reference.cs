using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EmbeddingLab.Bench;

/// <summary>
/// Runs the reference scripts in EmbeddingLab.Bench/reference (gensim, scikit-learn…) with Debian's python, plus the
/// small helpers every benchmark shares (options, medians, raw float files for handing data to python).
/// </summary>
public static class Reference
{
    public const string Python = "/usr/bin/python3";

    public static string ScriptPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "EmbeddingLab.Bench", "reference"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("EmbeddingLab.Bench/reference not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, "EmbeddingLab.Bench", "reference", name);
    }

    /// <summary>Runs the script; null (with a note on stderr) when python or its packages are missing.</summary>
    public static string? Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
        {
            Console.Error.WriteLine($"Reference skipped: {Python} not found (apt-get install -y python3 python3-numpy …).");
            return null;
        }
        var psi = new ProcessStartInfo(Python, [ScriptPath(script), .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"Reference {script} failed ({p.ExitCode}): {stderr.Result.Trim()}");
            return null;
        }
        return stdout.Result;
    }

    /// <summary>Runs the script and parses the JSON object on the last line of its output; null when it failed.</summary>
    public static JsonElement? RunJson(string script, params string[] args)
    {
        var output = Run(script, args);
        if (output is null) return null;
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>The value after <c>--name</c>, or the default.</summary>
    public static string Arg(string[] args, string name, string defaultValue)
    {
        int i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : defaultValue;
    }

    /// <summary>Raw little-endian float32 (numpy.fromfile(dtype=float32) reads it).</summary>
    public static void WriteFloats(string path, float[] data)
    {
        using var f = File.Create(path);
        f.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var result = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, result, 0, result.Length * 4);
        return result;
    }

    public static double Median(IList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
