using EmbeddingLab.Core.Reporting;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Tests.Songs;

/// <summary>The dataset downloader against a loopback HttpListener (never the internet).</summary>
public sealed class DownloaderTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("songs-dl-");
    private byte[] _payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251)).ToArray();
    private readonly HttpListener _listener = new();
    private readonly List<string?> _ranges = new();
    private readonly string _prefix;
    private int _cutFirstAfter = -1;
    private bool _ignoreRanges;

    public DownloaderTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _listener.Close();
        _cache.Delete(recursive: true);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch { return; }
            var range = context.Request.Headers["Range"];
            lock (_ranges) _ranges.Add(range);
            var response = context.Response;
            int start = 0;
            if (range is not null && !_ignoreRanges && range.StartsWith("bytes=", StringComparison.Ordinal))
            {
                start = int.Parse(range["bytes=".Length..].TrimEnd('-'));
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{_payload.Length - 1}/{_payload.Length}";
            }
            response.ContentLength64 = _payload.Length - start;
            try
            {
                if (Interlocked.Exchange(ref _cutFirstAfter, -1) is var cut and > 0)
                {
                    await response.OutputStream.WriteAsync(_payload.AsMemory(start, cut));
                    await response.OutputStream.FlushAsync();
                    response.Abort(); // the connection drops mid-download
                    continue;
                }
                await response.OutputStream.WriteAsync(_payload.AsMemory(start));
                response.Close();
            }
            catch (HttpListenerException) { }
        }
    }

    private string Sha => Convert.ToHexStringLower(SHA256.HashData(_payload));

    [Fact]
    public async Task DownloadsWithProgressAndReusesTheCache()
    {
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        var reports = new List<DatasetDownloadProgress>();
        var path = await downloader.DownloadAsync(new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", _payload.Length, Sha),
            new InlineProgress<DatasetDownloadProgress>(reports.Add));
        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
        Assert.NotEmpty(reports);
        Assert.Equal(_payload.Length, reports[^1].BytesDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        // Second call: served from the cache, no request.
        await downloader.DownloadAsync(new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", _payload.Length, Sha));
        Assert.Single(_ranges);
    }

    [Fact]
    public async Task ResumesAnInterruptedDownloadWithARangeRequest()
    {
        _cutFirstAfter = 100_000;
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        var request = new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", _payload.Length, Sha);
        await Assert.ThrowsAnyAsync<Exception>(() => downloader.DownloadAsync(request));
        long partial = new FileInfo(Path.Combine(_cache.FullName, DatasetDownloader.UrlKey(request.Uri), "data.bin.part")).Length;
        Assert.InRange(partial, 1, _payload.Length - 1);

        var reports = new List<DatasetDownloadProgress>();
        var path = await downloader.DownloadAsync(request, new InlineProgress<DatasetDownloadProgress>(reports.Add));
        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={partial}-", _ranges[^1]);
        Assert.True(reports[^1].Resumed);
    }

    [Fact]
    public async Task RestartsWhenTheServerIgnoresRanges()
    {
        _cutFirstAfter = 50_000;
        _ignoreRanges = true;
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        var request = new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", _payload.Length, Sha);
        await Assert.ThrowsAnyAsync<Exception>(() => downloader.DownloadAsync(request));
        var path = await downloader.DownloadAsync(request);
        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ChecksumMismatchFailsAndLeavesNoFile()
    {
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        var wrong = new string('0', 64);
        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            downloader.DownloadAsync(new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", null, wrong)));
        Assert.StartsWith("Could not download from 127.0.0.1: the file has SHA-256", e.Message);
        Assert.Empty(Directory.GetFiles(_cache.FullName, "*", SearchOption.AllDirectories));
        var size = await Assert.ThrowsAsync<DownloadException>(() =>
            downloader.DownloadAsync(new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin", _payload.Length + 5)));
        Assert.Contains("bytes", size.Message);
    }

    [Fact]
    public async Task HttpErrorIsReadable()
    {
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        _listener.Stop();
        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            downloader.DownloadAsync(new DownloadRequest(new Uri(_prefix + "data.bin"), "data.bin")));
        Assert.Equal($"Could not download from 127.0.0.1: {GuardedHttpClient.UnreachableReason}", e.Message);
    }

    [Fact]
    public async Task FetchesAndUnpacksTheYesArchive()
    {
        using (var archive = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(archive, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new System.Formats.Tar.TarWriter(gzip))
            {
                void Add(string name, string text)
                {
                    var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                    { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };
                    tar.WriteEntry(entry);
                }
                Add("dataset/yes_small/train.txt", "h\nh\n1 2\n");
                Add("dataset/yes_small/song_hash.txt", "1\tA\tB\n");
                Add("dataset/yes_complete/train.txt", "h\nh\n0 1 2\n3 4\n");
                Add("dataset/yes_complete/song_hash.txt", "0\tA\tB\n");
                Add("dataset/yes_complete/tag_hash.txt", "0, rock\n");
                Add("dataset/yes_complete/tags.txt", "0\n");
            }
            _payload = archive.ToArray();
        }
        using var http = new GuardedHttpClient(new DownloadPolicy { AllowPrivateHosts = true });
        var downloader = new DatasetDownloader(http, _cache.FullName);
        var files = await YesDataset.FetchAsync(downloader, new Uri(_prefix + "dataset.tar.gz"), _payload.Length, Sha);
        Assert.EndsWith(Path.Combine("yes_complete", "train.txt"), files.Train);
        Assert.NotNull(files.TagHash);
        Assert.Equal(2, YesPlaylistLoader.ReadPlaylists(files.Train).Count());
        Assert.Equal("rock", YesPlaylistLoader.ReadSongs(files.SongHash, files.TagHash, files.Tags).Find(0)!.Tags[0]);
    }
}
