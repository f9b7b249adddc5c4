using System.Diagnostics;
using System.Text.Json;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Formats;

/// <summary>A temp folder per test, small sets to round-trip, and the files written by the reference tools.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("el-formats-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

public static class FormatTestData
{
    /// <summary>30 × 5 with keys that need escaping care (non-ASCII) and two metadata columns.</summary>
    public static EmbeddingSet Small(bool metadata = true)
    {
        const int n = 30, d = 5;
        var rng = new Random(7);
        var data = new float[n * d];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 4 - 2) * (i % 7 == 0 ? 1e-7f : 1f);
        var keys = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? $"köln_{i}" : $"k{i}").ToArray();
        var columns = metadata
            ? new[]
            {
                new MetadataColumn("title", Enumerable.Range(0, n).Select(i => $"Song “{i}” & <b>").ToArray()),
                new MetadataColumn("genre", Enumerable.Range(0, n).Select(i => i % 3 == 0 ? "" : $"g{i % 4}").ToArray()),
            }
            : null;
        return new EmbeddingSet(keys, data, d, columns);
    }

    public static void AssertSameSet(EmbeddingSet expected, EmbeddingSet actual, bool metadata = true)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        Assert.Equal(expected.Matrix.ToArray(), actual.Matrix.ToArray());
        if (!metadata) return;
        Assert.Equal(expected.Metadata.Select(c => c.Name), actual.Metadata.Select(c => c.Name));
        for (int c = 0; c < expected.Metadata.Count; c++) Assert.Equal(expected.Metadata[c].Values, actual.Metadata[c].Values);
    }

    /// <summary>Runs TestData/formats/write_reference.py (Debian's python with numpy and gensim) into a folder.</summary>
    public static JsonElement WriteReferenceFiles(string folder)
    {
        Assert.True(System.IO.File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing: run ./test.sh (it installs python3-numpy and python3-gensim).");
        var psi = new ProcessStartInfo("/usr/bin/python3", [RepoPaths.TestData("formats", "write_reference.py"), folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "write_reference.py did not finish in 120 s.");
        Assert.True(p.ExitCode == 0, "write_reference.py failed: " + err.Result);
        return JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(folder, "expected.json"))).RootElement.Clone();
    }
}
