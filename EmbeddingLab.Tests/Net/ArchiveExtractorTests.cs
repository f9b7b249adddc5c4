using System.Formats.Tar;
using System.IO.Compression;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.Net;

/// <summary>Downloaded archives are unpacked without trusting them.</summary>
public sealed class ArchiveExtractorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("extract-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string TarGz(Action<TarWriter> write)
    {
        var path = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".tar.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
            write(tar);
        return path;
    }

    private static void Add(TarWriter tar, string name, byte[] data) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });

    [Fact]
    public async Task Links_are_never_created_so_train_txt_cannot_point_at_a_server_file()
    {
        var secret = Path.Combine(_dir.FullName, "secret.txt");
        await File.WriteAllTextAsync(secret, "root:x:0:0\n");
        var archive = TarGz(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "d/train.txt") { LinkName = secret });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "d/test.txt") { LinkName = secret });
            Add(tar, "d/song_hash.txt", "1\tA\tB\n"u8.ToArray());
        });
        var target = Path.Combine(_dir.FullName, "out");
        await ArchiveExtractor.ExtractAsync(archive, target, "dataset.tar.gz");
        Assert.True(File.Exists(Path.Combine(target, "d", "song_hash.txt")));
        Assert.False(Path.Exists(Path.Combine(target, "d", "train.txt")));
        Assert.False(Path.Exists(Path.Combine(target, "d", "test.txt")));
        Assert.Throws<FileNotFoundException>(() => YesDatasetFiles.Locate(target));
    }

    [Fact]
    public async Task An_archive_that_unpacks_past_the_cap_is_refused()
    {
        var archive = TarGz(tar => Add(tar, "d/train.txt", new byte[3_000_000])); // compresses to a few KB
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ArchiveExtractor.ExtractAsync(archive, Path.Combine(_dir.FullName, "out"), "dataset.tar.gz", maxBytes: 1_000_000));
        Assert.Equal("The downloaded archive dataset.tar.gz unpacks to more than 1,000,000 bytes; it was not unpacked.", e.Message);
    }

    [Fact]
    public async Task Entries_outside_the_folder_are_refused()
    {
        var archive = TarGz(tar => Add(tar, "../escaped.txt", "x"u8.ToArray()));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ArchiveExtractor.ExtractAsync(archive, Path.Combine(_dir.FullName, "out"), "dataset.tar.gz"));
        Assert.Contains("points outside its folder", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "escaped.txt")));
    }
}
