using System.Text;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Cli;
using ParquetSharp;

namespace EmbeddingLab.Tests.Formats;

public class EmbeddingFormatsTests
{
    [Theory]
    [InlineData(EmbeddingFormat.ProjectorTsv, "vectors.tsv", true)]
    [InlineData(EmbeddingFormat.Npy, "x.npy", true)]
    [InlineData(EmbeddingFormat.Parquet, "x.parquet", true)]
    [InlineData(EmbeddingFormat.Word2VecText, "x.txt", false)]
    [InlineData(EmbeddingFormat.Word2VecBinary, "x.bin", false)]
    [InlineData(EmbeddingFormat.Glove, "x.txt", false)]
    public void Every_format_round_trips_keys_vectors_and_metadata(EmbeddingFormat format, string name, bool keepsMetadata)
    {
        using var dir = new TempFolder();
        var set = FormatTestData.Small(metadata: true);
        var written = EmbeddingFiles.Write(set, dir.File(name), format);
        var metadata = written.Count > 1 ? written[1] : null;
        Assert.Equal(format, EmbeddingFiles.Detect(dir.File(name)));
        var back = EmbeddingFiles.Read(dir.File(name), metadataPath: metadata);
        FormatTestData.AssertSameSet(set, back, metadata: keepsMetadata);
    }

    [Fact]
    public void Npy_float64_and_a_single_label_column_round_trip()
    {
        using var dir = new TempFolder();
        var set = FormatTestData.Small(metadata: false);
        var files = EmbeddingFiles.Write(set, dir.File("v.npy"), EmbeddingFormat.Npy, float64: true);
        Assert.Contains("'<f8'", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(files[0]).AsSpan(0, 64)));
        // No metadata: one key a line, no header, as TF Projector reads single-column metadata.
        Assert.Equal(set.Keys, File.ReadAllLines(files[1]));
        FormatTestData.AssertSameSet(set, EmbeddingFiles.Read(files[0], metadataPath: files[1]));
    }

    [Fact]
    public void Reads_the_files_numpy_and_gensim_word2vec2tensor_write()
    {
        using var dir = new TempFolder();
        var expected = FormatTestData.WriteReferenceFiles(dir.Path);
        var keys = expected.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        var matrix = expected.GetProperty("matrix").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        int dims = expected.GetProperty("dims").GetInt32();

        foreach (var npy in new[] { "f32.npy", "f64.npy", "f64_fortran.npy" })
        {
            var set = EmbeddingFiles.Read(dir.File(npy), metadataPath: dir.File("metadata.tsv"));
            Assert.Equal(keys, set.Keys);
            Assert.Equal(matrix, set.Matrix.ToArray());
            Assert.Equal(["genre", "score"], set.Metadata.Select(c => c.Name));
            Assert.Equal(expected.GetProperty("genres").EnumerateArray().Select(g => g.GetString()), set.Column("genre")!.Values);
        }

        // numpy.savetxt with %.9g: exact float32 round trip; header line with key column.
        var tsv = EmbeddingFiles.Read(dir.File("vectors.tsv"), metadataPath: dir.File("metadata.tsv"));
        Assert.Equal(EmbeddingFormat.ProjectorTsv, EmbeddingFiles.Detect(dir.File("vectors.tsv")));
        Assert.Equal(keys, tsv.Keys);
        Assert.Equal(matrix, tsv.Matrix.ToArray());
        Assert.Equal("1.5", tsv.Column("score")!.Values[3]);

        // word2vec2tensor: single-column metadata (labels, no header) become the keys; values as gensim printed them.
        var tensor = EmbeddingFiles.Read(dir.File("tensor_tensor.tsv"), metadataPath: dir.File("tensor_metadata.tsv"));
        Assert.Equal(keys, tensor.Keys);
        Assert.Equal(dims, tensor.Dimensions);
        var w2v = EmbeddingFiles.Read(dir.File("w2v.txt"));
        Assert.Equal(keys, w2v.Keys);
        for (int i = 0; i < matrix.Length; i++) Assert.Equal(matrix[i], tensor.Matrix[i], 1e-5f);

        // And ours → TF Projector pair that numpy reads back identically.
        EmbeddingFiles.Write(tsv, dir.File("ours.tsv"), EmbeddingFormat.ProjectorTsv, dir.File("ours_meta.tsv"));
        var check = RunPython($"import numpy as np; m=np.loadtxt('{dir.File("ours.tsv")}', delimiter='\\t', dtype=np.float32); " +
                              $"r=np.load('{dir.File("f32.npy")}'); print(int((m==r).all()), m.shape[0], m.shape[1])");
        Assert.Equal($"1 {keys.Length} {dims}", check);
        var header = File.ReadLines(dir.File("ours_meta.tsv")).First();
        Assert.Equal("key\tgenre\tscore", header);

        // Our .npy, float32 and float64, as numpy reads it.
        EmbeddingFiles.Write(tsv, dir.File("ours.npy"), EmbeddingFormat.Npy);
        EmbeddingFiles.Write(tsv, dir.File("ours64.npy"), EmbeddingFormat.Npy, float64: true);
        var npyCheck = RunPython($"import numpy as np; a=np.load('{dir.File("ours.npy")}'); b=np.load('{dir.File("ours64.npy")}'); r=np.load('{dir.File("f32.npy")}'); " +
                                 "print(a.dtype, b.dtype, int((a==r).all()), int((b.astype(np.float32)==r).all()))");
        Assert.Equal("float32 float64 1 1", npyCheck);
    }

    [Fact]
    public void Reads_parquet_written_by_parquetsharp_with_a_list_column_and_metadata()
    {
        using var dir = new TempFolder();
        var path = dir.File("atlas.parquet");
        var vectors = Enumerable.Range(0, 40).Select(i => Enumerable.Range(0, 6).Select(j => (float)(i * 0.25 - j)).ToArray()).ToArray();
        using (var writer = new ParquetFileWriter(path, new Column[]
               {
                   new Column<string>("title"), new Column<int>("year"), new Column<double?>("rating"), new Column<float[]>("embedding"),
               }))
        {
            foreach (var (from, count) in new[] { (0, 25), (25, 15) }) // two row groups
            {
                using var group = writer.AppendRowGroup();
                using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(Enumerable.Range(from, count).Select(i => $"song {i}").ToArray());
                using (var w = group.NextColumn().LogicalWriter<int>()) w.WriteBatch(Enumerable.Range(from, count).Select(i => 1990 + i).ToArray());
                using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch(Enumerable.Range(from, count).Select(i => i % 4 == 0 ? (double?)null : i / 10.0).ToArray());
                using (var w = group.NextColumn().LogicalWriter<float[]>()) w.WriteBatch(vectors.Skip(from).Take(count).ToArray());
            }
            writer.Close();
        }
        var set = EmbeddingFiles.Read(path);
        Assert.Equal(40, set.Count);
        Assert.Equal(6, set.Dimensions);
        Assert.Equal("song 0", set.Keys[0]);
        Assert.Equal(vectors.SelectMany(v => v).ToArray(), set.Matrix.ToArray());
        Assert.Equal(["title", "year", "rating"], set.Metadata.Select(c => c.Name));
        Assert.Equal("2029", set.Column("year")!.Values[39]);
        Assert.Equal("", set.Column("rating")!.Values[4]);
        Assert.Equal("0.5", set.Column("rating")!.Values[5]);
    }

    [Fact]
    public void Parquet_with_two_vector_columns_needs_a_choice_and_float64_lists_are_read()
    {
        using var dir = new TempFolder();
        var path = dir.File("two.parquet");
        using (var writer = new ParquetFileWriter(path, new Column[] { new Column<long>("id"), new Column<double[]>("clip"), new Column<float[]>("text_vec") }))
        {
            using var group = writer.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<long>()) w.WriteBatch([10L, 11L, 12L]);
            using (var w = group.NextColumn().LogicalWriter<double[]>()) w.WriteBatch([[1.0, 2.0], [3.0, 4.0], [5.0, 6.5]]);
            using (var w = group.NextColumn().LogicalWriter<float[]>()) w.WriteBatch([[1f, 0f, 0f], [0f, 1f, 0f], [0f, 0f, 1f]]);
            writer.Close();
        }
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(path));
        Assert.Contains("several columns hold lists of numbers (clip, text_vec)", e.Message);
        var clip = EmbeddingFiles.Read(path, options: new EmbeddingReadOptions { VectorColumn = "clip" });
        Assert.Equal(["10", "11", "12"], clip.Keys);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6.5f], clip.Matrix.ToArray());
        var text = EmbeddingFiles.Read(path, options: new EmbeddingReadOptions { VectorColumn = "text_vec" });
        Assert.Equal(3, text.Dimensions);
    }

    [Fact]
    public void Parquet_we_write_is_read_by_parquetsharp()
    {
        using var dir = new TempFolder();
        var set = FormatTestData.Small();
        EmbeddingFiles.Write(set, dir.File("ours.parquet"), EmbeddingFormat.Parquet);
        using var reader = new ParquetFileReader(dir.File("ours.parquet"));
        using var group = reader.RowGroup(0);
        var keys = group.Column(0).LogicalReader<string>().ReadAll(set.Count);
        var vectors = group.Column(1).LogicalReader<float[]>().ReadAll(set.Count);
        var titles = group.Column(2).LogicalReader<string>().ReadAll(set.Count);
        Assert.Equal(set.Keys, keys);
        Assert.Equal(set.Matrix.ToArray(), vectors.SelectMany(v => v).ToArray());
        Assert.Equal(set.Column("title")!.Values, titles);
    }

    // --- bad files: a clear message with file, line or byte, and what was expected ---------------------------------

    [Fact]
    public void Ragged_or_non_numeric_tsv_names_the_line()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("vectors.tsv"), "1\t2\t3\n4\t5\t6\n7\t8\n");
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("vectors.tsv"), EmbeddingFormat.ProjectorTsv));
        Assert.Equal("vectors.tsv, line 3: 2 values; every line must have as many as the first (3).", e.Message);
        File.WriteAllText(dir.File("vectors.tsv"), "1\t2\t3\n4\tfive\t6\n");
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("vectors.tsv"), EmbeddingFormat.ProjectorTsv));
        Assert.Equal("vectors.tsv, line 2: value 2 \"five\" is not a number; expected tab-separated numbers.", e.Message);
    }

    [Fact]
    public void Metadata_that_is_not_utf8_or_has_the_wrong_row_count_is_refused()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("vectors.tsv"), "1\t2\n3\t4\n");
        File.WriteAllBytes(dir.File("metadata.tsv"), [(byte)'a', (byte)'\n', (byte)'b', 0xE9, (byte)'\n']); // Latin-1 é
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("vectors.tsv"), metadataPath: dir.File("metadata.tsv")));
        Assert.StartsWith("metadata.tsv, line 2: the text is not UTF-8", e.Message);
        File.WriteAllText(dir.File("metadata.tsv"), "key\tgenre\na\tx\nb\ty\nc\tz\n");
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("vectors.tsv"), metadataPath: dir.File("metadata.tsv")));
        Assert.Equal("metadata.tsv: it has 3 metadata rows after the header but there are 2 vectors; expected one line per vector.", e.Message);
        File.WriteAllText(dir.File("metadata.tsv"), "key\tgenre\na\tx\nb\n");
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("vectors.tsv"), metadataPath: dir.File("metadata.tsv")));
        Assert.Equal("metadata.tsv, line 3: expected 2 tab-separated values (as the header has), found 1.", e.Message);
    }

    [Fact]
    public void Truncated_wrong_type_and_huge_header_npy_files_say_where()
    {
        using var dir = new TempFolder();
        var set = FormatTestData.Small(metadata: false);
        EmbeddingFiles.Write(set, dir.File("a.npy"), EmbeddingFormat.Npy);
        var bytes = File.ReadAllBytes(dir.File("a.npy"));
        File.WriteAllBytes(dir.File("cut.npy"), bytes[..(bytes.Length - 10)]);
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("cut.npy")));
        Assert.Equal($"cut.npy, byte {bytes.Length - 10}: the file ends early; shape (30, 5) needs 600 data bytes, found 590.", e.Message);

        var ints = (byte[])bytes.Clone();
        var header = System.Text.Encoding.ASCII.GetString(ints, 10, 40);
        System.Text.Encoding.ASCII.GetBytes(header.Replace("<f4", "<i4")).CopyTo(ints, 10);
        File.WriteAllBytes(dir.File("ints.npy"), ints);
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("ints.npy")));
        Assert.Contains("dtype '<i4' is not supported (expected '<f4' float32 or '<f8' float64)", e.Message);
        Assert.StartsWith("ints.npy", e.Message);

        var huge = new byte[16];
        bytes.AsSpan(0, 8).CopyTo(huge);
        huge[6] = 2;
        BitConverter.GetBytes(int.MaxValue).CopyTo(huge, 8);
        File.WriteAllBytes(dir.File("huge.npy"), huge);
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("huge.npy")));
        Assert.Contains("header length 2147483647 is implausible", e.Message);
    }

    [Fact]
    public void Truncated_parquet_and_parquet_without_a_numeric_list_column_are_refused()
    {
        using var dir = new TempFolder();
        EmbeddingFiles.Write(FormatTestData.Small(), dir.File("a.parquet"), EmbeddingFormat.Parquet);
        var bytes = File.ReadAllBytes(dir.File("a.parquet"));
        File.WriteAllBytes(dir.File("cut.parquet"), bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("cut.parquet")));
        Assert.StartsWith("cut.parquet, byte 0: not a readable Parquet file", e.Message);

        using (var writer = new ParquetFileWriter(dir.File("flat.parquet"), new Column[] { new Column<string>("title"), new Column<string[]>("tags") }))
        {
            using var group = writer.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(["a", "b"]);
            using (var w = group.NextColumn().LogicalWriter<string[]>()) w.WriteBatch([["x"], ["y", "z"]]);
            writer.Close();
        }
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("flat.parquet")));
        Assert.Equal("flat.parquet: no column holds a list of numbers; expected an embedding column (list<float>), found title (string), tags (list of string).", e.Message);

        using (var writer = new ParquetFileWriter(dir.File("ragged.parquet"), new Column[] { new Column<float[]>("embedding") }))
        {
            using var group = writer.AppendRowGroup();
            using (var w = group.NextColumn().LogicalWriter<float[]>()) w.WriteBatch([[1f, 2f], [3f]]);
            writer.Close();
        }
        e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("ragged.parquet")));
        Assert.Equal("ragged.parquet: row 2: the vector in column \"embedding\" has 1 numbers; expected 2 like the first row.", e.Message);
    }

    [Fact]
    public void Binary_garbage_read_as_tsv_fails_fast_with_a_line()
    {
        using var dir = new TempFolder();
        var junk = new byte[3 << 20];
        new Random(1).NextBytes(junk);
        for (int i = 0; i < junk.Length; i++) if (junk[i] == '\n') junk[i] = 0;
        File.WriteAllBytes(dir.File("junk.tsv"), junk);
        var e = Assert.Throws<VectorFormatException>(() => EmbeddingFiles.Read(dir.File("junk.tsv"), EmbeddingFormat.ProjectorTsv, options: new EmbeddingReadOptions { MaxLineBytes = 1 << 20 }));
        Assert.StartsWith("junk.tsv, line 1: a line longer than 1,048,576 bytes", e.Message);
    }

    // --- CLI -----------------------------------------------------------------------------------------------------------

    [Fact]
    public void Convert_command_turns_word2vec_into_projector_tsv_and_parquet_into_npy()
    {
        using var dir = new TempFolder();
        var set = FormatTestData.Small();
        EmbeddingFiles.Write(set, dir.File("in.parquet"), EmbeddingFormat.Parquet);
        var (code, output, err) = NeighborsCommandTests.Run("convert", "--in", dir.File("in.parquet"), "--out", dir.File("vectors.tsv"), "--json");
        Assert.True(code == 0, err);
        Assert.Contains("\"in_format\":\"parquet\"", output);
        Assert.Contains("\"count\":30", output);
        Assert.True(File.Exists(dir.File("metadata.tsv")));
        FormatTestData.AssertSameSet(set, EmbeddingFiles.Read(dir.File("vectors.tsv"), metadataPath: dir.File("metadata.tsv")));

        (code, _, err) = NeighborsCommandTests.Run("convert", "--in", dir.File("vectors.tsv"), "--metadata", dir.File("metadata.tsv"), "--out", dir.File("v.npy"), "--float64");
        Assert.True(code == 0, err);
        FormatTestData.AssertSameSet(set, EmbeddingFiles.Read(dir.File("v.npy"), metadataPath: dir.File("v.metadata.tsv")));

        (code, _, err) = NeighborsCommandTests.Run("convert", "--in", dir.File("v.npy"), "--out", dir.File("v.xyz"));
        Assert.Equal(2, code);
        Assert.Equal("Cannot tell the output format from \".xyz\"; give --out-format (word2vec-text, word2vec-binary, glove, tsv, npy, parquet).", err.Trim());

        File.WriteAllText(dir.File("bad.tsv"), "1\t2\n3\n");
        (code, _, err) = NeighborsCommandTests.Run("convert", "--in", dir.File("bad.tsv"), "--out", dir.File("x.bin"));
        Assert.Equal(2, code);
        Assert.Equal("bad.tsv, line 2: 1 values; every line must have as many as the first (2).", err.Trim());
    }

    private static string RunPython(string code)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", code]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return output.Trim();
    }
}
