using System.Buffers.Binary;
using System.Text;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Formats;

/// <summary>Hostile or broken vector files: a clear refusal naming the user's file, never an allocation or a crash later.</summary>
public sealed class BadVectorFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("el-badvec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Binary(string header, params (string Word, float[] Values)[] rows)
    {
        var output = new MemoryStream();
        var b = new byte[4];
        output.Write(System.Text.Encoding.UTF8.GetBytes(header + "\n"));
        foreach (var (word, values) in rows)
        {
            output.Write(System.Text.Encoding.UTF8.GetBytes(word + " "));
            foreach (float v in values) { BinaryPrimitives.WriteSingleLittleEndian(b, v); output.Write(b); }
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    [Fact]
    public void A_text_header_claiming_two_billion_vectors_is_answered_with_what_the_file_holds()
    {
        var path = Write("huge-header.txt", "2147483647 3\na 1 2 3\nb 4 5 6\n"u8.ToArray());
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal("huge-header.txt, line 4: the header says 2,147,483,647 vectors but the file holds 2 (truncated, or the count is wrong).", e.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated:N0} bytes for a 30-byte file");
    }

    [Fact]
    public void A_binary_header_claiming_two_billion_vectors_is_answered_with_what_the_file_holds()
    {
        var path = Write("huge-header.bin", Binary("2147483647 2", ("a", [1, 2]), ("b", [3, 4])));
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { Format = VectorFileFormat.Word2VecBinary }));
        Assert.StartsWith("huge-header.bin, byte ", e.Message);
        Assert.EndsWith("the header says 2,147,483,647 vectors but the file holds 2 (truncated, or the count is wrong).", e.Message);
    }

    [Theory]
    [InlineData("2 2\na 1 2\nb nan 4\n", "\"nan\" in column 2", 3)]
    [InlineData("2 2\na 1 inf\nb 3 4\n", "\"inf\" in column 3", 2)]
    [InlineData("a 1 2\nb 3 -Infinity\n", "\"-Infinity\" in column 3", 2)]
    [InlineData("a 1 2\nb 1e39 4\n", "\"1e39\" in column 2", 2)] // beyond float32: would become infinity
    public void Non_finite_values_are_refused_at_load_with_file_and_line(string content, string where, int line)
    {
        var path = Write("vectors.txt", System.Text.Encoding.UTF8.GetBytes(content));
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path));
        Assert.Equal(line, e.Line);
        Assert.Equal($"vectors.txt, line {line}: {where} is not a finite number; vectors must not hold NaN or infinity.", e.Message);
    }

    [Fact]
    public void Non_finite_values_in_binary_files_are_refused_with_the_word_and_offset()
    {
        var path = Write("vectors.bin", Binary("2 2", ("a", [1, 2]), ("b", [float.NaN, 4])));
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { Format = VectorFileFormat.Word2VecBinary }));
        Assert.Equal("vectors.bin, byte 17: the vector of \"b\" (vector 2) holds NaN or infinity; every value must be a finite number.", e.Message);
    }

    [Fact]
    public void Messages_name_the_users_file_not_the_temporary_one()
    {
        var path = Write("embeddinglab-1df788d5.tmp", "2 2\na 1 2\nb x 4\n"u8.ToArray());
        var e = Assert.Throws<VectorFormatException>(() => VectorFile.Read(path, new VectorReadOptions { DisplayName = "my vectors.txt" }));
        Assert.StartsWith("my vectors.txt, line 3:", e.Message);
        Assert.DoesNotContain("embeddinglab", e.Message);
        var empty = Write("embeddinglab-2.tmp", []);
        Assert.StartsWith("glove.txt, line 1:", Assert.Throws<VectorFormatException>(() =>
            VectorFile.Read(empty, new VectorReadOptions { DisplayName = "glove.txt" })).Message);
    }
}
