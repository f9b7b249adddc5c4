using EmbeddingLab.Core.Reporting;
using System.Text;
using System.Text.Json;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Formats;

public sealed class VectorFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("el-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static EmbeddingSet Sample() => new(["alpha", "βeta", "日本", "x"],
        [0.1f, -2.5f, 3.25e-7f, 1f / 3, float.MaxValue, -0f, 1e-30f, 42f], 2);

    [Theory]
    [InlineData(VectorFileFormat.Word2VecText)]
    [InlineData(VectorFileFormat.Word2VecBinary)]
    [InlineData(VectorFileFormat.GloveText)]
    public void Round_trip_keeps_keys_and_every_float_bit_for_bit(VectorFileFormat format)
    {
        var set = Sample();
        var path = PathOf("v." + format);
        VectorFile.Write(set, path, format);
        Assert.Equal(format, VectorFile.DetectFormat(path));
        var back = VectorFile.Read(path);
        Assert.Equal(set.Keys, back.Keys);
        Assert.Equal(set.Matrix.ToArray(), back.Matrix.ToArray());
    }

    [Theory]
    [InlineData("gensim.txt")]
    [InlineData("gensim.bin")]
    public void Reads_files_written_by_gensim(string file)
    {
        var set = VectorFile.Read(RepoPaths.TestData("vectors", file));
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("vectors", "gensim_expected.json")));
        var keys = doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        Assert.Equal(keys, set.Keys);
        var rows = doc.RootElement.GetProperty("vectors").EnumerateArray().ToArray();
        for (int r = 0; r < rows.Length; r++)
        {
            var expected = rows[r].EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            Assert.Equal(expected, set.Vector(r).ToArray());
        }
    }

    [Fact]
    public void Binary_written_by_us_is_byte_compatible_with_the_C_tool_layout()
    {
        var set = new EmbeddingSet(["a"], [1f, 2f], 2);
        using var ms = new MemoryStream();
        VectorFile.Write(set, ms, VectorFileFormat.Word2VecBinary);
        var bytes = ms.ToArray();
        var expected = System.Text.Encoding.ASCII.GetBytes("1 2\na ").Concat(BitConverter.GetBytes(1f)).Concat(BitConverter.GetBytes(2f)).Append((byte)'\n').ToArray();
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Limit_reads_only_the_first_vectors()
    {
        var path = PathOf("v.bin");
        VectorFile.Write(Sample(), path, VectorFileFormat.Word2VecBinary);
        Assert.Equal(["alpha", "βeta"], VectorFile.Read(path, new VectorReadOptions { Limit = 2 }).Keys);
        var txt = PathOf("v.txt");
        VectorFile.Write(Sample(), txt, VectorFileFormat.Word2VecText);
        Assert.Equal(["alpha"], VectorFile.Read(txt, new VectorReadOptions { Limit = 1 }).Keys);
    }

    [Fact]
    public void Text_with_crlf_line_ends_and_tabs_is_read()
    {
        var set = VectorFile.Read(Write("crlf.txt", "2 2\r\na 1 2\r\nb\t3\t4\r\n"));
        Assert.Equal([1f, 2f, 3f, 4f], set.Matrix.ToArray());
    }

    [Fact]
    public void Duplicate_keys_keep_the_first_like_gensim()
    {
        var set = VectorFile.Read(Write("dup.txt", "3 1\na 1\na 2\nb 3\n"));
        Assert.Equal(["a", "b"], set.Keys);
        Assert.Equal([1f, 3f], set.Matrix.ToArray());
    }

    [Theory]
    [InlineData("bad header", "two integers", 1)]
    [InlineData("2 3\na 1 2 3\nb 1 2\n", "expected a word followed by 3 numbers, found 2", 3)]
    [InlineData("2 2\na 1 2\nb 1 x2\n", "\"x2\" in column 3 is not a number", 3)]
    [InlineData("3 2\na 1 2\nb 3 4\n", "the header says 3 vectors but the file holds 2", 4)]
    [InlineData("2 2\na 1 2\n\nb 1 2\n", "empty line", 3)]
    public void Malformed_text_names_the_line_and_what_was_expected(string content, string problem, int line)
    {
        var path = Write("bad.txt", content);
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path));
        Assert.Contains(problem, e.Message);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"bad.txt, line {line}:", e.Message);
    }

    [Fact]
    public void Truncated_binary_names_the_byte_offset()
    {
        var path = PathOf("cut.bin");
        VectorFile.Write(Sample(), path, VectorFileFormat.Word2VecBinary);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { Format = VectorFileFormat.Word2VecBinary }));
        Assert.NotNull(e.ByteOffset);
        Assert.Contains("ends inside the vector of \"x\"", e.Message);
        Assert.Contains("byte", e.Message);
    }

    [Fact]
    public void Empty_and_missing_files_and_size_limits_are_clear_errors()
    {
        var empty = Write("empty.txt", "");
        Assert.Contains("empty", Assert.Throws<VectorFormatException>(() => VectorFile.Read(empty)).Message);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => VectorFile.Read(PathOf("nope.bin"))).Message);
        var path = Write("ok.txt", "1 2\na 1 2\n");
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { MaxFileBytes = 4 }));
        Assert.Contains("over the limit", e.Message);
    }

    [Fact]
    public void Keys_with_whitespace_cannot_be_written()
    {
        var set = new EmbeddingSet(["new york"], [1f], 1);
        var e = Assert.Throws<ArgumentException>(() => VectorFile.Write(set, PathOf("ny.txt"), VectorFileFormat.Word2VecText));
        Assert.Contains("new york", e.Message);
    }

    [Fact]
    public void Loading_reports_progress_and_can_be_cancelled()
    {
        var path = PathOf("many.txt");
        var sb = new StringBuilder("40000 2\n");
        for (int i = 0; i < 40000; i++) sb.Append("w").Append(i).Append(" 1 2\n");
        File.WriteAllText(path, sb.ToString());
        var reports = new List<LoadProgress>();
        VectorFile.Read(path, progress: new InlineProgress<LoadProgress>(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].Fraction, 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => VectorFile.Read(path, cancellationToken: cts.Token));
    }
}
