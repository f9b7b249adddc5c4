using System.Diagnostics;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Sentences;

public class NpyTests
{
    [Fact]
    public void Round_trip_keeps_shape_and_values_and_aligns_the_header()
    {
        var data = Enumerable.Range(0, 3 * 5).Select(i => i * 0.5f - 3.25f).ToArray();
        using var stream = new MemoryStream();
        Npy.Write(stream, data, 3, 5);
        var bytes = stream.ToArray();
        Assert.Equal(0, (bytes.Length - data.Length * 4) % 64); // data starts on a 64-byte boundary
        Assert.Equal(1, bytes[6]);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, bytes.Length - data.Length * 4 - 10);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }", header);
        Assert.EndsWith("\n", header);
        stream.Position = 0;
        var back = Npy.Read(stream);
        Assert.Equal([3, 5], back.Shape);
        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_clear_errors()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, new float[6], 2, 3);
        var cut = stream.ToArray()[..^4];
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(cut), "x.npy"));
        Assert.Contains("x.npy, byte", e.Message);
        Assert.Contains("ends early", e.Message);
        Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream("hello world"u8.ToArray()), "x.npy"));
    }

    [Fact]
    public void Numpy_loads_what_we_write_and_we_load_what_numpy_writes()
    {
        // Needs Debian's python3-numpy, which ./test.sh installs; a missing numpy is a failure, not a silent pass.
        Assert.True(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing: run ./test.sh (it installs python3-numpy).");
        var dir = Directory.CreateTempSubdirectory("npy");
        try
        {
            var ours = Path.Combine(dir.FullName, "ours.npy");
            Npy.Write(ours, [1.5f, -2f, 3.25f, 4f, 5f, 6e-8f], 2, 3);
            var theirs = Path.Combine(dir.FullName, "theirs.npy");
            var script = $"import numpy as np; a = np.load('{ours}'); assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape); " +
                         $"print(repr(a.tolist())); np.save('{theirs}', np.arange(12, dtype=np.float64).reshape(4, 3).T.copy(order='F'))";
            var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, error);
            Assert.Equal("[[1.5, -2.0, 3.25], [4.0, 5.0, 5.99999978589949e-08]]", output.Trim());
            var back = Npy.Read(theirs); // float64, Fortran order, 3 × 4
            Assert.Equal([3, 4], back.Shape);
            Assert.Equal([0f, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11], back.Data);
        }
        finally { dir.Delete(true); }
    }
}
