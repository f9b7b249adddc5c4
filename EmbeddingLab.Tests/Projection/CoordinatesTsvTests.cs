using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Projection;

/// <summary>Bring-your-own coordinates: key, x, y[, z] per line, for a set's keys; errors name the file and line.</summary>
public class CoordinatesTsvTests
{
    private static readonly EmbeddingSet Set = new(["a", "b", "c"], new float[9], 3);

    private static CoordinatesTable Read(string text) =>
        CoordinatesTsv.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "points.tsv", Set);

    private static string Error(string text) => Assert.Throws<VectorFormatException>(() => Read(text)).Message;

    [Fact]
    public void Reads_2d_coordinates_in_set_order_after_an_optional_header()
    {
        var t = Read("key\tx\ty\nc\t5\t6\na\t1\t2\r\nb\t-3.5\t4e1\n");
        Assert.Equal(2, t.Dims);
        Assert.Equal([0, 1, 2], t.Rows);
        Assert.Equal([1f, 2f, -3.5f, 40f, 5f, 6f], t.Coordinates);
        Assert.True(t.CoversWholeSet(3));
        Assert.Equal(0, t.UnknownCount);
    }

    [Fact]
    public void Reads_3d_and_reports_unknown_keys_and_rows_without_coordinates()
    {
        var t = Read("b\t1\t2\t3\nzz\t0\t0\t0\nyy\t0\t0\t0\n");
        Assert.Equal(3, t.Dims);
        Assert.Equal([1], t.Rows);
        Assert.Equal([1f, 2f, 3f], t.Coordinates);
        Assert.Equal(2, t.UnknownCount);
        Assert.Equal(["zz", "yy"], t.UnknownKeys);
        Assert.Equal(2, t.MissingCount);
        Assert.False(t.CoversWholeSet(3));
    }

    [Theory]
    [InlineData("a\t1\t2\nb\t1\n", "points.tsv, line 2: expected 3 or 4 tab-separated values (key, x, y[, z]), found 2.")]
    [InlineData("a\t1\t2\nb\t1\tten\n", "points.tsv, line 2: \"ten\" is not a finite number (y of \"b\").")]
    [InlineData("a\t1\t2\nb\t1\tNaN\n", "points.tsv, line 2: \"NaN\" is not a finite number (y of \"b\").")]
    [InlineData("a\t1\t2\nb\t1\t2\t3\n", "points.tsv, line 2: 3 coordinates where the lines before have 2.")]
    [InlineData("a\t1\t2\nb\t1\t2\na\t3\t4\n", "points.tsv, line 3: the key \"a\" appears twice (first on line 1).")]
    [InlineData("a\t1\t2\n\nb\t1\t2\n", "points.tsv, line 2: an empty line; expected key<TAB>x<TAB>y[<TAB>z].")]
    [InlineData("x\t1\t2\ny\t3\t4\n", "points.tsv: none of its 2 keys is in the set (first: \"x\"); the keys must be the set's keys.")]
    [InlineData("", "points.tsv: the file has no coordinates; expected lines key<TAB>x<TAB>y[<TAB>z].")]
    public void Bad_lines_name_the_file_and_line(string text, string message) => Assert.Equal(message, Error(text));
}
