using System.Diagnostics;

namespace EmbeddingLab.Bench;

/// <summary>Runs a reference script (gensim, scikit-learn…) with Debian's python and returns its stdout.</summary>
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

    public static double Median(IList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
