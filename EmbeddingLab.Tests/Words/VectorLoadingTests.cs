using EmbeddingLab.Core.Reporting;
using System.Text;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Words;

public sealed class VectorLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("words-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    // Deterministic text file of n rows × d dims with varied number shapes (exponents, signs, many digits).
    private static (string Text, string[] Keys, float[] Values) MakeText(int n, int d, bool header)
    {
        var rng = new Random(7);
        var sb = new StringBuilder();
        if (header) sb.Append($"{n} {d}\n");
        var keys = new string[n];
        var values = new float[n * d];
        string[] shapes = ["0.{0}", "-0.{0}", "{0}e-3", "-{0}E+2", "0.{0}123456789012345678"];
        for (int r = 0; r < n; r++)
        {
            keys[r] = r % 7 == 3 ? $"ключ{r}" : $"w{r}";
            sb.Append(keys[r]);
            for (int c = 0; c < d; c++)
            {
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shapes[rng.Next(shapes.Length)], rng.Next(1, 99999));
                values[r * d + c] = (float)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                sb.Append(' ').Append(text);
            }
            sb.Append('\n');
        }
        return (sb.ToString(), keys, values);
    }

    [Theory]
    [InlineData(0)]     // default 4 MB blocks: one block
    [InlineData(200)]   // tiny blocks: many block boundaries, parsed in parallel and reassembled in order
    public void GloveTextWithoutHeaderInfersDimensionAndKeepsOrder(int blockBytes)
    {
        var (text, keys, values) = MakeText(300, 7, header: false);
        var path = WriteFile("glove.txt", text);
        Assert.Equal(VectorFileFormat.GloveText, VectorFile.DetectFormat(path));
        var options = blockBytes > 0 ? new VectorReadOptions { BlockBytes = blockBytes, Workers = 2 } : new VectorReadOptions();
        var set = VectorFile.Read(path, options);
        Assert.Equal(7, set.Dimensions);
        Assert.Equal(keys, set.Keys);
        Assert.Equal(values, set.Matrix.ToArray()); // float32 of the nearest double, as numpy reads them
    }

    [Fact]
    public void Word2VecTextHeaderAndCrLfLines()
    {
        var path = WriteFile("w2v.txt", "3 2\r\nking 1.5 -2\r\nqueen 0.25 1e-2\r\nman -3 4.0 \r\n");
        var set = VectorFile.Read(path);
        Assert.Equal(["king", "queen", "man"], set.Keys);
        Assert.Equal([1.5f, -2f, 0.25f, 0.01f, -3f, 4f], set.Matrix.ToArray());
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 150)]
    public void LimitReadsTheFirstLinesAndCountsDuplicatesAsGensimDoes(bool header, int blockBytes)
    {
        // gensim reads min(count, limit) lines; a duplicate key is dropped but its line still counts.
        var body = "a 1 2\nb 3 4\na 5 6\nc 7 8\nd 9 10\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"x{i} 1 1\n"));
        var path = WriteFile("dups.txt", (header ? "45 2\n" : "") + body);
        var options = new VectorReadOptions { Limit = 4, BlockBytes = blockBytes > 0 ? blockBytes : 4 << 20 };
        var set = VectorFile.Read(path, options);
        Assert.Equal(["a", "b", "c"], set.Keys);
        Assert.Equal([1f, 2f, 3f, 4f, 7f, 8f], set.Matrix.ToArray());
    }

    [Fact]
    public void LimitStopsBeforeAMalformedLineFurtherOn()
    {
        var path = WriteFile("later-bad.txt", "a 1 2\nb 3 4\nc oops 6\n");
        Assert.Equal(2, VectorFile.Read(path, new VectorReadOptions { Limit = 2 }).Count);
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path));
        Assert.Equal(3, e.Line);
        Assert.Contains("\"oops\" in column 2 is not a number", e.Message);
    }

    [Fact]
    public void TruncatedWord2VecTextNamesTheMissingVectors()
    {
        var path = WriteFile("short.txt", "5 2\na 1 2\nb 3 4\n");
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path));
        Assert.Contains("the header says 5 vectors but the file holds 2", e.Message);
        Assert.Equal(4, e.Line);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void TruncatedLastLineIsReportedWithItsLineNumber(int blockBytes)
    {
        var (text, _, _) = MakeText(40, 5, header: false);
        var cut = text[..(text.Length - 12)]; // the last line loses its last numbers and its newline
        var path = WriteFile("cut.txt", cut);
        var options = new VectorReadOptions { Format = VectorFileFormat.GloveText, BlockBytes = blockBytes > 0 ? blockBytes : 4 << 20 };
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, options));
        Assert.Equal(40, e.Line);
        Assert.Contains("expected a word followed by 5 numbers", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void MalformedLinesSayWhereAndWhatWasExpected()
    {
        var wrongCount = WriteFile("count.txt", "a 1 2 3\nb 1 2\n");
        var e1 = Assert.Throws<VectorFormatException>(() => VectorFile.Read(wrongCount));
        Assert.Equal(2, e1.Line);
        Assert.Contains("expected a word followed by 3 numbers, found 2", e1.Message);
        Assert.StartsWith("count.txt, line 2:", e1.Message);

        var badHeader = WriteFile("header.txt", "3 x\na 1\n");
        Assert.Throws<VectorFormatException>(() => VectorFile.Read(badHeader, new VectorReadOptions { Format = VectorFileFormat.Word2VecText }));

        var emptyLine = WriteFile("empty.txt", "2 2\na 1 2\n\nb 3 4\n");
        var e3 = Assert.Throws<VectorFormatException>(() => VectorFile.Read(emptyLine));
        Assert.Equal(3, e3.Line);

        var notVectors = WriteFile("prose.txt", "Once upon a time\nthere was a file\n");
        Assert.Throws<VectorFormatException>(() => VectorFile.Read(notVectors));
    }

    [Fact]
    public void TruncatedBinaryFileGivesTheByteOffset()
    {
        var set = new EmbeddingSet(["alpha", "beta", "gamma"], [1, 2, 3, 4, 5, 6], 2);
        var path = Path.Combine(_dir, "v.bin");
        VectorFile.Write(set, path, VectorFileFormat.Word2VecBinary);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { Format = VectorFileFormat.Word2VecBinary }));
        Assert.NotNull(e.ByteOffset);
        Assert.Contains("gamma", e.Message);
        Assert.Equal(2, VectorFile.Read(path, new VectorReadOptions { Format = VectorFileFormat.Word2VecBinary, Limit = 2 }).Count);
    }

    [Fact]
    public void ProgressReachesTheEndAndCancellationStopsTheLoad()
    {
        var (text, _, _) = MakeText(500, 4, header: true);
        var path = WriteFile("p.txt", text);
        var reports = new List<LoadProgress>();
        var set = VectorFile.Read(path, new VectorReadOptions { BlockBytes = 512 }, new InlineProgress<LoadProgress>(reports.Add));
        Assert.Equal(500, set.Count);
        Assert.True(reports.Count > 3);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(500, reports[^1].Vectors);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => VectorFile.Read(path, new VectorReadOptions { BlockBytes = 512 }, cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData("0.1", 0.1f)]
    [InlineData("-2.5e-3", -0.0025f)]
    [InlineData("1E+2", 100f)]
    [InlineData("123456789012345678901234567890", 1.2345679e29f)]
    [InlineData("1.000000059604644775390625000001", 1.0f)] // numpy rounds to double first, then to float32
    [InlineData("nan", float.NaN)]
    [InlineData("-inf", float.NegativeInfinity)]
    public void NumbersParseAsNumpyFloat32(string text, float expected)
    {
        Assert.True(FastFloatParser.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
        Assert.True(FastFloatParser.TryParseToken(System.Text.Encoding.ASCII.GetBytes("x " + text + " y"), 2, out int end, out var tokenValue));
        Assert.Equal(expected, tokenValue);
        Assert.Equal(2 + text.Length, end);
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("-")]
    public void NonNumbersAreRejected(string text) =>
        Assert.False(FastFloatParser.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _));
}
