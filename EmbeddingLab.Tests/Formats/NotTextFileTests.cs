using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Formats;

/// <summary>Files that are not text get a clear refusal (file, line, what is wrong) from every text reader.</summary>
public sealed class NotTextFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("el-nottext-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Random bytes as a binary file has them (seeded), with no NUL in the first lines when asked.</summary>
    private static byte[] RandomBytes(int length, bool noNul = false)
    {
        var bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        if (noNul) for (int i = 0; i < bytes.Length; i++) if (bytes[i] == 0) bytes[i] = 0xFF;
        return bytes;
    }

    [Fact]
    public void A_4_KB_binary_file_is_not_taken_for_39_sentences()
    {
        var path = Write("rand4k.bin", RandomBytes(4096));
        var e = Assert.Throws<InvalidDataException>(() => SentenceFile.Read(path, displayName: "rand4k.bin"));
        Assert.StartsWith("rand4k.bin, line ", e.Message);
        Assert.Contains("(is this a binary file?)", e.Message);
    }

    [Fact]
    public void Invalid_utf8_without_nul_bytes_names_the_line()
    {
        byte[] bytes = [.. "first sentence\nsecond sentence\nthird "u8, 0xC3, 0x28, .. " sentence\n"u8]; // 0xC3 0x28: a broken two-byte sequence
        using var stream = new MemoryStream(bytes);
        var e = Assert.Throws<InvalidDataException>(() => SentenceFile.Read(stream, "notes.txt"));
        Assert.Equal("notes.txt, line 3: the bytes are not UTF-8 text; save the file as UTF-8 (is this a binary file?).", e.Message);
    }

    [Fact]
    public void Utf8_characters_split_between_chunks_are_fine_and_a_bom_is_allowed()
    {
        var text = "\uFEFFcafé 日本 🙂\nzwei\n"u8.ToArray();
        var validator = new TextValidator("t.txt");
        foreach (byte b in text) validator.Append([b]); // one byte at a time: every sequence crosses a chunk boundary
        validator.Complete();
        Assert.Equal(3, validator.Line);
        var cut = new TextValidator("t.txt");
        cut.Append(text[..^8]); // ends after two of 🙂's four bytes… and then the file ends
        Assert.Equal("t.txt, line 1: the file ends inside a UTF-8 character; expected plain UTF-8 text (is this a binary file?).",
            Assert.Throws<InvalidDataException>(cut.Complete).Message);
    }

    [Fact]
    public void Corpus_pairs_and_playlist_readers_refuse_binary_files_by_the_users_name()
    {
        var binary = Write("upload-7f3a.tmp", RandomBytes(5000));
        var corpus = Assert.Throws<InvalidDataException>(() => TextCorpus.ReadSentences(binary, new TextCorpusOptions { DisplayName = "corpus.txt" }));
        Assert.StartsWith("corpus.txt, line ", corpus.Message);
        var pairs = Assert.Throws<InvalidDataException>(() => SentencePairsFile.Read(binary, displayName: "sts.csv"));
        Assert.StartsWith("sts.csv, line ", pairs.Message);

        var train = Write("train.txt", RandomBytes(5000, noNul: true));
        var playlists = Assert.Throws<InvalidDataException>(() => YesPlaylistLoader.ReadPlaylists(train).ToList());
        Assert.StartsWith("train.txt, line ", playlists.Message);
        Assert.Contains("not UTF-8 text", playlists.Message);
        var songs = Assert.Throws<InvalidDataException>(() => YesPlaylistLoader.ReadSongs(train));
        Assert.StartsWith("train.txt, line ", songs.Message);
    }

    [Fact]
    public void An_empty_playlist_file_says_it_holds_no_playlists()
    {
        var empty = Write("train.txt", []);
        Assert.Equal("train.txt holds no playlists (expected 2 header lines, then one playlist per line (song ids separated by spaces)).",
            Assert.Throws<InvalidDataException>(() => YesPlaylistLoader.ReadPlaylists(empty).ToList()).Message);
        var shortOnes = Write("short.txt", "h\nh\n1\n2\n3\n"u8.ToArray());
        Assert.Equal("short.txt holds no playlists (3 shorter than 2 songs, 0 malformed lines skipped).",
            Assert.Throws<InvalidDataException>(() => YesPlaylistLoader.ReadPlaylists(shortOnes).ToList()).Message);
    }

    [Fact]
    public void Playlist_messages_name_the_upload_not_its_temporary_file()
    {
        var path = Write("3f9a0c.txt", "h\nh\n1 2 x\n"u8.ToArray());
        Assert.Equal("train.txt, line 3: expected song ids (non-negative whole numbers separated by spaces), found \"x\" at column 5.",
            Assert.Throws<Core.Data.PlaylistFormatException>(() => YesPlaylistLoader.ReadPlaylists(path, displayName: "train.txt").ToList()).Message);
        var songs = Write("77ab.txt", "1\tonly a title\n"u8.ToArray());
        Assert.StartsWith("song_hash.txt, line 1: ",
            Assert.Throws<Core.Data.PlaylistFormatException>(() => YesPlaylistLoader.ReadSongs(songs, displayName: "song_hash.txt")).Message);
    }
}
