using EmbeddingLab.Core.Reporting;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EmbeddingLab.Core.Encoding.Hub;
using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Tests.Encoding;

/// <summary>A loopback server with Hugging Face's file URL layout (/{repo}/resolve/{revision}/{path}) serving a model folder.</summary>
internal sealed class LoopbackHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly string _repo;
    private readonly Task _loop;

    public LoopbackHub(string repo, string root)
    {
        _repo = repo;
        _root = root;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    public string Endpoint { get; }
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();
    /// <summary>When set, the first request for this path sends half the bytes and drops the connection.</summary>
    public string? InterruptOnce { get; set; }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { Serve(ctx); }
            catch (Exception) { try { ctx.Response.Abort(); } catch (Exception) { } }
        }
    }

    private void Serve(HttpListenerContext ctx)
    {
        string path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
        string? range = ctx.Request.Headers["Range"];
        Requests.Enqueue((path, range));
        string prefix = $"/{_repo}/resolve/main/";
        var response = ctx.Response;
        string file = path.StartsWith(prefix) ? Path.Combine(_root, path[prefix.Length..]) : "";
        if (file == "" || !File.Exists(file))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }
        byte[] bytes = File.ReadAllBytes(file);
        long start = 0;
        if (range is not null && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            start = long.Parse(range[6..^1]);
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        response.ContentLength64 = bytes.Length - start;
        string relative = path[prefix.Length..];
        if (InterruptOnce == relative && start == 0)
        {
            InterruptOnce = null;
            response.OutputStream.Write(bytes, 0, bytes.Length / 2);
            response.OutputStream.Flush();
            response.Abort();
            return;
        }
        response.OutputStream.Write(bytes, (int)start, (int)(bytes.Length - start));
        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public class ModelHubTests
{
    private const string Repo = "test-org/tiny-bert";
    /// <summary>The loopback test servers need the setting that allows private addresses.</summary>
    private static readonly GuardedHttpClient Loopback = new(new DownloadPolicy { AllowPrivateHosts = true });

    [Fact]
    public async Task Downloads_the_layout_and_the_result_encodes_like_the_original()
    {
        using var server = new LoopbackHub(Repo, EncodingTestPaths.TinyBert);
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var hub = new ModelHub(new ModelHubOptions(cache, server.Endpoint), Loopback);
            var reports = new List<DownloadProgress>();
            string folder = await hub.DownloadAsync(Repo, new InlineProgress<DownloadProgress>(reports.Add));
            Assert.Equal(hub.LocalPath(Repo), folder);
            Assert.True(hub.IsCached(Repo));
            foreach (string f in new[] { "onnx/model.onnx", "config.json", "modules.json", "1_Pooling/config.json", "vocab.txt", "tokenizer_config.json", "sentence_bert_config.json" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(EncodingTestPaths.TinyBert, f)), File.ReadAllBytes(Path.Combine(folder, f)));
            Assert.False(File.Exists(Path.Combine(folder, "tokenizer.json"))); // 404 on an optional file is fine
            Assert.Contains(reports, r => r.File == "onnx/model.onnx" && r.BytesDone == r.BytesTotal && r.BytesDone > 100_000);
            Assert.Empty(Directory.GetFiles(folder, "*.partial", SearchOption.AllDirectories));
            Assert.All(server.Requests, r => Assert.StartsWith($"/{Repo}/resolve/main/", r.Path));

            using var encoder = TransformerEncoder.Load(folder);
            using var original = TransformerEncoder.Load(EncodingTestPaths.TinyBert);
            Assert.Equal("transformer:" + Repo, encoder.Name); // named by its model id, not its revision folder
            Assert.Equal(original.Encode(["a cat and a dog"]), encoder.Encode(["a cat and a dog"]));

            // A second call is served from the cache without any request.
            int before = server.Requests.Count;
            Assert.Equal(folder, await hub.DownloadAsync(Repo));
            Assert.Equal(before, server.Requests.Count);
        }
        finally { Directory.Delete(cache, true); }
    }

    [Fact]
    public async Task An_interrupted_download_resumes_with_a_range_request()
    {
        using var server = new LoopbackHub(Repo, EncodingTestPaths.TinyBert) { InterruptOnce = "onnx/model.onnx" };
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var hub = new ModelHub(new ModelHubOptions(cache, server.Endpoint), Loopback);
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => hub.DownloadAsync(Repo));
            Assert.Contains("resume", e.Message);
            string partial = Path.Combine(hub.LocalPath(Repo), "onnx", "model.onnx.partial");
            long partialLength = new FileInfo(partial).Length;
            Assert.True(partialLength > 0);
            Assert.False(hub.IsCached(Repo));

            string folder = await hub.DownloadAsync(Repo);
            Assert.Contains(server.Requests, r => r.Path.EndsWith("onnx/model.onnx") && r.Range == $"bytes={partialLength}-");
            Assert.Equal(File.ReadAllBytes(Path.Combine(EncodingTestPaths.TinyBert, "onnx", "model.onnx")), File.ReadAllBytes(Path.Combine(folder, "onnx", "model.onnx")));
        }
        finally { Directory.Delete(cache, true); }
    }

    [Fact]
    public async Task An_unreachable_hub_fails_with_a_message_naming_the_host()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        } // nothing listens there any more: the connection is refused
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var hub = new ModelHub(new ModelHubOptions(cache, $"http://127.0.0.1:{port}"), Loopback);
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => hub.DownloadAsync(Repo));
            Assert.Equal($"Could not download from 127.0.0.1: {GuardedHttpClient.UnreachableReason}", e.Message);
            Assert.False(hub.IsCached(Repo));
        }
        finally { Directory.Delete(cache, true); }
    }

    [Fact]
    public async Task Offline_mode_uses_the_cache_only()
    {
        using var server = new LoopbackHub(Repo, EncodingTestPaths.TinyBert);
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var offline = new ModelHub(new ModelHubOptions(cache, server.Endpoint, Offline: true), Loopback);
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => offline.DownloadAsync(Repo));
            Assert.Contains("offline", e.Message);
            Assert.Contains(Repo, e.Message);
            Assert.Empty(server.Requests);

            await new ModelHub(new ModelHubOptions(cache, server.Endpoint), Loopback).DownloadAsync(Repo);
            int before = server.Requests.Count;
            string folder = await offline.DownloadAsync(Repo);
            Assert.True(File.Exists(Path.Combine(folder, "onnx", "model.onnx")));
            Assert.Equal(before, server.Requests.Count);
        }
        finally { Directory.Delete(cache, true); }
    }

    [Fact]
    public async Task Unknown_repo_and_bad_ids_are_clear_errors()
    {
        using var server = new LoopbackHub(Repo, EncodingTestPaths.TinyBert);
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var hub = new ModelHub(new ModelHubOptions(cache, server.Endpoint), Loopback);
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => hub.DownloadAsync("someone/missing-model"));
            Assert.Contains("no ONNX weights", e.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => hub.DownloadAsync("../etc"));
            await Assert.ThrowsAsync<ArgumentException>(() => hub.DownloadAsync("a/b/c"));
        }
        finally { Directory.Delete(cache, true); }
    }

    [Fact]
    public async Task A_hub_on_a_private_address_is_refused_without_the_setting()
    {
        using var server = new LoopbackHub(Repo, EncodingTestPaths.TinyBert);
        string cache = Directory.CreateTempSubdirectory("hub-").FullName;
        try
        {
            var hub = new ModelHub(new ModelHubOptions(cache, server.Endpoint)); // the default guard: public addresses only
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => hub.DownloadAsync(Repo));
            Assert.Equal($"Could not download from 127.0.0.1: {GuardedHttpClient.NotPublicReason}", e.Message);
            Assert.Empty(server.Requests);
        }
        finally { Directory.Delete(cache, true); }
    }
}
