using System.Text.Json;
using EmbeddingLab.Cli;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Songs;

public sealed class TrainCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("songs-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, new CliConsole(o, e));
        return (code, o.ToString(), e.ToString());
    }

    private (string Train, string Songs) WriteDemo()
    {
        var demo = DemoPlaylists.Generate(songs: 400, playlists: 300);
        var train = Path.Combine(_dir.FullName, "train.txt");
        File.WriteAllLines(train, new[] { "#header", "#header" }.Concat(demo.Playlists.Select(p => string.Join(' ', p) + " ")));
        var songs = Path.Combine(_dir.FullName, "song_hash.txt");
        File.WriteAllLines(songs, demo.Catalog.Songs.Select(s => $"{s.Id}\t{s.Title}\t{s.Artist}"));
        return (train, songs);
    }

    [Fact]
    public void JsonRunPrintsFiguresAndWritesGensimLoadableFiles()
    {
        var (train, songs) = WriteDemo();
        var output = Path.Combine(_dir.FullName, "songs.bin");
        var (code, stdout, stderr) = Run("train", "--playlists", train, "--songs", songs, "--cbow", "--vector-size", "32", "--window", "20",
            "--negative", "50", "--min-count", "1", "--epochs", "2", "--threads", "2", "--seed", "1", "--out", output, "--json");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.True(json.GetProperty("tokens").GetInt64() > 0);
        Assert.Equal(2, json.GetProperty("epochs").GetInt32());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0);
        Assert.True(json.GetProperty("words_per_second").GetDouble() > 0);
        int vocab = json.GetProperty("vocab_size").GetInt32();
        Assert.Equal("cbow", json.GetProperty("model").GetString());
        var set = VectorFile.Read(output);
        Assert.Equal(vocab, set.Count);
        Assert.Equal(32, set.Dimensions);
        Assert.Equal(VectorFileFormat.Word2VecBinary, VectorFile.DetectFormat(output));
        var meta = File.ReadAllLines(SongVectorFiles.MetadataPath(output));
        Assert.Equal(vocab + 1, meta.Length);
        Assert.StartsWith("id\tcount\ttitle\tartist", meta[0]);
    }

    [Fact]
    public void TextCorpusToWord2VecText()
    {
        var corpus = Path.Combine(_dir.FullName, "corpus.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 200).Select(i => $"w{i % 7} w{(i + 1) % 7} w{(i + 3) % 7} w{i % 5}"));
        var output = Path.Combine(_dir.FullName, "words.txt");
        var (code, stdout, stderr) = Run("train", "--corpus", corpus, "--vector-size", "8", "--min-count", "1", "--epochs", "1", "--out", output, "--format", "word2vec-text");
        Assert.True(code == 0, stderr);
        Assert.Contains("words/s", stdout);
        Assert.Equal("", stderr.Trim()); // stderr is not a terminal here: no progress bar, no status lines (the issue: quiet when not a terminal)
        Assert.Equal("7 8", File.ReadLines(output).First());
    }

    [Theory]
    [InlineData("--window", "0", "--window")]
    [InlineData("--vector-size", "abc", "--vector-size")]
    [InlineData("--format", "glove", "--format")]
    public void BadOptionsGiveOneSentenceAndNonZeroExit(string option, string value, string expected)
    {
        var (train, _) = WriteDemo();
        var (code, stdout, stderr) = Run("train", "--playlists", train, option, value, "--out", Path.Combine(_dir.FullName, "x.bin"), "--json");
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void BadFilesNameFileAndLine()
    {
        var train = Path.Combine(_dir.FullName, "train.txt");
        File.WriteAllText(train, "h\nh\n1 2 3\n4 five 6\n");
        var (code, _, stderr) = Run("train", "--playlists", train, "--out", Path.Combine(_dir.FullName, "x.bin"));
        Assert.Equal(2, code);
        Assert.Contains("train.txt, line 4", stderr);
        var missing = Run("train", "--playlists", Path.Combine(_dir.FullName, "nope.txt"), "--out", Path.Combine(_dir.FullName, "x.bin"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Err);
        var both = Run("train", "--out", Path.Combine(_dir.FullName, "x.bin"));
        Assert.Contains("--playlists FILE or --corpus FILE", both.Err);
    }
}
