using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.Songs;

public sealed class PlaylistLoaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("songs-loader-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsPlaylistsSkippingHeaderAndShortOnes()
    {
        var path = Write("train.txt", "#header one\n#header two\n0 1 2 \n7\n\n3 4\n5 6 7 8 9 \n");
        var stats = new PlaylistReadStats();
        var lists = YesPlaylistLoader.ReadPlaylists(path, stats: stats).ToList();
        Assert.Equal([[0, 1, 2], [3, 4], [5, 6, 7, 8, 9]], lists);
        Assert.Equal(3, stats.Playlists);
        Assert.Equal(1, stats.DroppedShort);
        Assert.Equal(10, stats.Songs);
    }

    [Fact]
    public void StrictModeNamesFileAndLine()
    {
        var path = Write("train.txt", "h1\nh2\n0 1 2\n3 x4 5\n");
        var e = Assert.Throws<PlaylistFormatException>(() => YesPlaylistLoader.ReadPlaylists(path).ToList());
        Assert.Equal(4, e.Line);
        Assert.Contains("train.txt, line 4", e.Message);
        Assert.Contains("x4", e.Message);
        var negative = Write("neg.txt", "h1\nh2\n0 -1\n");
        Assert.Contains("line 3", Assert.Throws<PlaylistFormatException>(() => YesPlaylistLoader.ReadPlaylists(negative).ToList()).Message);
    }

    [Fact]
    public void LenientModeSkipsAndCountsBadLines()
    {
        var path = Write("train.txt", "h1\nh2\n0 1 2\n3 x4 5\n6 7\nfoo bar\n");
        var stats = new PlaylistReadStats();
        var lists = YesPlaylistLoader.ReadPlaylists(path, new PlaylistReadOptions { Lenient = true }, stats).ToList();
        Assert.Equal(2, lists.Count);
        Assert.Equal(2, stats.BadLines);
        Assert.Contains("line 4", stats.FirstProblem);
    }

    [Fact]
    public void ReadsSongsAndTags()
    {
        var songs = Write("song_hash.txt", "0\tGucci Time (w\\/ Swizz Beatz)\tGucci Mane\n1\tAll The Above\tMaino\n2\tSong\tArtist\n");
        var tagHash = Write("tag_hash.txt", "0, rock\n1, hip hop\n");
        var tags = Write("tags.txt", "1\n#\n0 1\n");
        var catalog = YesPlaylistLoader.ReadSongs(songs, tagHash, tags);
        Assert.Equal(3, catalog.Count);
        Assert.Equal("Gucci Time (w/ Swizz Beatz)", catalog.Find(0)!.Title);
        Assert.Equal("Gucci Mane", catalog.Find("0")!.Artist);
        Assert.Equal(["hip hop"], catalog.Find(0)!.Tags);
        Assert.Empty(catalog.Find(1)!.Tags);
        Assert.Equal(["rock", "hip hop"], catalog.Find(2)!.Tags);
    }

    [Fact]
    public void MalformedSongLineIsNamed()
    {
        var songs = Write("song_hash.txt", "0\tA\tB\n1 no tabs here\n");
        var e = Assert.Throws<PlaylistFormatException>(() => YesPlaylistLoader.ReadSongs(songs));
        Assert.Contains("song_hash.txt, line 2", e.Message);
        var stats = new PlaylistReadStats();
        var catalog = YesPlaylistLoader.ReadSongs(songs, options: new PlaylistReadOptions { Lenient = true }, stats: stats);
        Assert.Equal(1, catalog.Count);
        Assert.Equal(1, stats.BadLines);
    }

    [Fact]
    public void DemoDatasetIsDeterministicAndStructured()
    {
        var a = DemoPlaylists.Generate();
        var b = DemoPlaylists.Generate();
        Assert.Equal(a.Playlists.Count, b.Playlists.Count);
        Assert.True(a.Playlists.Zip(b.Playlists).All(p => p.First.SequenceEqual(p.Second)));
        Assert.InRange(a.Catalog.Count, 2_000, 10_000);
        Assert.All(a.Catalog.Songs, s => Assert.False(string.IsNullOrEmpty(s.Genre) || string.IsNullOrEmpty(s.Decade) || string.IsNullOrEmpty(s.Title)));
        // Stations mostly stay in one genre: the most common genre of a playlist covers most of it.
        double share = a.Playlists.Average(p => p.GroupBy(id => a.Catalog.Find(id)!.Genre).Max(g => g.Count()) / (double)p.Length);
        Assert.True(share > 0.6, $"dominant genre share {share:P0}");
        // Popular songs recur.
        var counts = a.Playlists.SelectMany(p => p).GroupBy(x => x).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(counts[0] > 10 * counts[counts.Count / 2]);
    }

    [Fact]
    public void SavedVectorsRoundTripWithMetadata()
    {
        var demo = DemoPlaylists.Generate(songs: 300, playlists: 200);
        var result = Core.Training.Word2Vec.Train(YesPlaylistLoader.AsSentences(demo.Playlists),
            new Core.Training.Word2VecOptions { VectorSize = 16, MinCount = 1, Workers = 1, Epochs = 1 });
        var set = demo.Catalog.Annotate(result.Vectors);
        foreach (var format in new[] { Core.Formats.VectorFileFormat.Word2VecBinary, Core.Formats.VectorFileFormat.Word2VecText })
        {
            var path = Path.Combine(_dir.FullName, $"songs-{format}.w2v");
            SongVectorFiles.Save(set, path, format);
            var back = SongVectorFiles.Load(path);
            Assert.Equal(set.Keys, back.Keys);
            Assert.Equal(set.Column("title")!.Values, back.Column("title")!.Values);
            Assert.Equal(set.Column("genre")!.Values, back.Column("genre")!.Values);
            for (int i = 0; i < set.Matrix.Length; i++) Assert.Equal(set.Matrix[i], back.Matrix[i], 1e-5f);
            Assert.StartsWith("id\tcount\ttitle\tartist", File.ReadLines(SongVectorFiles.MetadataPath(path)).First());
        }
    }
}
