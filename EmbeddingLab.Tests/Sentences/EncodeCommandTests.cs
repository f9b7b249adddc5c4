using System.Text.Json;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Cli;

namespace EmbeddingLab.Tests.Sentences;

public sealed class EncodeCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("encode");
    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static readonly string[] Sentences = ["The cat sat on the mat.", "A dog chased the cat.", "Interest rates rose again.", "The bank raised rates."];

    [Fact]
    public void Tfidf_to_npy_matches_the_encoder_and_reports_json()
    {
        File.WriteAllLines(PathOf("in.txt"), Sentences);
        var (code, output, err) = NeighborsCommandTests.Run("encode", "--encoder", "tfidf", "--input", PathOf("in.txt"), "--out", PathOf("out.npy"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("tfidf", doc.RootElement.GetProperty("encoder").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("sentences").GetInt32());
        var npy = Npy.Read(PathOf("out.npy"));
        var expected = TfidfEncoder.Fit(Sentences);
        Assert.Equal([4, expected.Dimensions], npy.Shape);
        Assert.Equal(expected.Encode(Sentences), npy.Data);
    }

    [Fact]
    public void Lsa_csv_input_to_word2vec_text_with_text_keys()
    {
        File.WriteAllText(PathOf("in.csv"), "text,label\n" + string.Join("\n", Sentences.Select((s, i) => $"\"{s}\",t{i % 2}")) + "\n");
        var (code, _, err) = NeighborsCommandTests.Run("encode", "--encoder", "tfidf", "--lsa", "2", "--input", PathOf("in.csv"), "--out", PathOf("out.txt"), "--keys", "text");
        Assert.True(code == 0, err);
        var set = VectorFile.Read(PathOf("out.txt"), new VectorReadOptions());
        Assert.Equal(4, set.Count);
        Assert.Equal(2, set.Dimensions);
        Assert.Equal("The_cat_sat_on_the_mat.", set.Keys[0]);
    }

    [Fact]
    public void Mean_and_sif_use_the_word_vectors()
    {
        File.WriteAllLines(PathOf("in.txt"), ["cat dog", "dog"]);
        File.WriteAllText(PathOf("words.txt"), "2 2\ncat 1 0\ndog 0 1\n");
        var (code, _, err) = NeighborsCommandTests.Run("encode", "--encoder", "mean", "--vectors", PathOf("words.txt"), "--input", PathOf("in.txt"), "--out", PathOf("mean.npy"));
        Assert.True(code == 0, err);
        Assert.Equal([0.5f, 0.5f, 0f, 1f], Npy.Read(PathOf("mean.npy")).Data);
        (code, _, err) = NeighborsCommandTests.Run("encode", "--encoder", "sif", "--vectors", PathOf("words.txt"), "--input", PathOf("in.txt"), "--out", PathOf("sif.txt"));
        Assert.True(code == 0, err);
        var set = VectorFile.Read(PathOf("sif.txt"), new VectorReadOptions());
        Assert.Equal(["1", "2"], set.Keys);
    }

    [Fact]
    public void Transformer_encodes_with_the_tiny_test_model()
    {
        File.WriteAllLines(PathOf("in.txt"), Sentences);
        var model = Infrastructure.RepoPaths.TestData("tiny-bert", "model");
        var (code, output, err) = NeighborsCommandTests.Run("encode", "--encoder", "transformer", "--model", model, "--input", PathOf("in.txt"), "--out", PathOf("t.npy"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.StartsWith("transformer:", doc.RootElement.GetProperty("encoder").GetString());
        var npy = Npy.Read(PathOf("t.npy"));
        Assert.Equal(4, npy.Rows);
        using var encoder = EmbeddingLab.Core.Encoding.Transformers.TransformerEncoder.Load(model);
        Assert.Equal(encoder.Encode(Sentences), npy.Data);
    }

    [Theory]
    [InlineData("--encoder mean --input IN --out OUT", "--encoder mean averages word vectors: give them with --vectors FILE.")]
    [InlineData("--encoder wordpiece --input IN --out OUT", "Option --encoder must be one of tfidf, bow, mean, sif, transformer")]
    [InlineData("--encoder tfidf --input IN --out OUT --format parquet", "Option --format must be npy or word2vec-text")]
    [InlineData("--encoder tfidf --input MISSING --out OUT", "does not exist")]
    public void User_errors_are_one_sentence_with_exit_2(string arguments, string expected)
    {
        File.WriteAllLines(PathOf("in.txt"), Sentences);
        var args = arguments.Replace("IN", PathOf("in.txt")).Replace("OUT", PathOf("o.npy")).Replace("MISSING", PathOf("nope.txt")).Split(' ');
        var (code, _, err) = NeighborsCommandTests.Run(["encode", .. args]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    public void Dispose() => _dir.Delete(true);
}
