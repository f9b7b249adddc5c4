using System.Diagnostics;
using System.Text.Json;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>Runs a Python reference script from EmbeddingLab.Bench/reference and parses its one-line JSON answer.</summary>
internal static class ReferenceScript
{
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; // Debian's python has sklearn

    public static string Locate(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "EmbeddingLab.Bench", "reference", script);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Reference script {script} not found above {AppContext.BaseDirectory}.");
    }

    public static JsonElement? Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Locate(script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"reference {script} failed (exit {process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            return null;
        }
        var last = stdout.Trim().Split('\n').Last();
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    public static void WriteFloats(string path, float[] data)
    {
        using var f = File.Create(path);
        f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
    }

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var result = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, result, 0, result.Length * 4);
        return result;
    }

    public static string Arg(string[] args, string name, string defaultValue)
    {
        int i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : defaultValue;
    }
}
