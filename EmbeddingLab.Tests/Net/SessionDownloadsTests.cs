using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Web.Downloads;
using Microsoft.Extensions.Configuration;

namespace EmbeddingLab.Tests.Net;

/// <summary>The Web app's download caches: no session can place a file another session will trust.</summary>
public sealed class SessionDownloadsTests
{
    private static byte[] Archive(string title)
    {
        using var archive = new MemoryStream();
        using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            void Add(string name, string text) =>
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
            Add("yes_complete/train.txt", "h\nh\n0 1\n");
            Add("yes_complete/song_hash.txt", $"0\t{title}\tArtist\n1\tOther\tArtist\n");
        }
        return archive.ToArray();
    }

    private static DownloadSettings Settings(params (string Key, string Value)[] extra) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(
            new[] { new KeyValuePair<string, string?>("EmbeddingLab:AllowPrivateDownloadHosts", "true") }
                .Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))).Build());

    private static string FirstTitle(YesDatasetFiles files) => YesPlaylistLoader.ReadSongs(files.SongHash).Find(0)!.Title;

    [Fact]
    public async Task A_session_cannot_poison_the_archive_another_session_downloads()
    {
        // The same address serves a crafted archive to session A, then the real one.
        byte[] current = Archive("POISONED by session A");
        using var server = LoopbackServer.Serving(() => current);
        var url = new Uri(server.Prefix + "dataset.tar.gz");
        using var settings = Settings();
        using var a = new SessionDownloads(settings);
        using var b = new SessionDownloads(settings);

        Assert.Equal("POISONED by session A", FirstTitle(await a.FetchYesAsync(url, null, default)));
        current = Archive("Real song");
        var files = await b.FetchYesAsync(url, null, default);
        Assert.Equal("Real song", FirstTitle(files));
        Assert.Equal(2, server.Requests.Count); // B fetched for itself
        Assert.StartsWith(b.Folder, files.Train);

        // A session's cache goes with it.
        b.Dispose();
        Assert.False(Directory.Exists(b.Folder));
    }

    [Fact]
    public async Task Only_content_matching_the_pin_is_shared_between_sessions()
    {
        byte[] real = Archive("Real song");
        byte[] served = Archive("POISONED");
        using var server = LoopbackServer.Serving(() => served);
        var url = server.Prefix + "pinned-" + Guid.NewGuid().ToString("N") + ".tar.gz";
        using var settings = Settings(("EmbeddingLab:YesDatasetUrl", url), ("EmbeddingLab:YesDatasetBytes", real.Length.ToString()),
            ("EmbeddingLab:YesDatasetSha256", Convert.ToHexStringLower(SHA256.HashData(real))));
        using var a = new SessionDownloads(settings);
        using var b = new SessionDownloads(settings);
        var pinFolder = Path.Combine(settings.CacheRoot, "pinned", Convert.ToHexStringLower(SHA256.HashData(real))[..16]);
        var sharedFolder = Path.Combine(pinFolder, DatasetDownloader.UrlKey(new Uri(url)));
        try
        {
            // Content that does not match the pin is refused and leaves nothing in the shared cache.
            var e = await Assert.ThrowsAsync<EmbeddingLab.Core.Net.DownloadException>(() => a.FetchYesAsync(new Uri(url), null, default));
            Assert.StartsWith("Could not download from 127.0.0.1: the ", e.Message);
            Assert.Contains("expected", e.Message);
            Assert.Empty(Directory.GetFiles(sharedFolder, "*", SearchOption.AllDirectories));

            served = real;
            Assert.Equal("Real song", FirstTitle(await a.FetchYesAsync(new Uri(url), null, default)));
            int requests = server.Requests.Count;
            Assert.Equal("Real song", FirstTitle(await b.FetchYesAsync(new Uri(url), null, default)));
            Assert.Equal(requests, server.Requests.Count); // verified content is shared
        }
        finally { if (Directory.Exists(pinFolder)) Directory.Delete(pinFolder, recursive: true); }
    }
}
