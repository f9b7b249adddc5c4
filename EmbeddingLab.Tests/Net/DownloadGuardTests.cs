using System.Net;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Tests.Net;

/// <summary>The server-side download guard against loopback servers (never the internet).</summary>
public sealed class DownloadGuardTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("guard-");
    private static readonly byte[] Payload = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();

    public void Dispose() => _cache.Delete(recursive: true);

    private static GuardedHttpClient Guard(bool allowPrivate = false, long maxBytes = DownloadPolicy.DefaultMaxBytes) =>
        new(new DownloadPolicy { AllowPrivateHosts = allowPrivate, MaxBytes = maxBytes });

    private async Task<DownloadException> FailAsync(GuardedHttpClient http, string url) =>
        await Assert.ThrowsAsync<DownloadException>(() =>
            new DatasetDownloader(http, _cache.FullName).DownloadAsync(new DownloadRequest(new Uri(url), "data.bin")));

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("127.5.6.7")] [InlineData("10.1.2.3")] [InlineData("172.16.0.1")] [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")] [InlineData("169.254.169.254")] [InlineData("100.64.0.1")] [InlineData("0.0.0.0")] [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")] [InlineData("::1")] [InlineData("::")] [InlineData("fe80::1")] [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")] [InlineData("::ffff:127.0.0.1")] [InlineData("::ffff:10.0.0.1")] [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")] [InlineData("2002:c0a8:0101::1")] [InlineData("192.0.2.1")]
    public void Local_private_and_special_addresses_are_not_public(string address) =>
        Assert.False(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")] [InlineData("128.84.21.199")] [InlineData("172.32.0.1")] [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")] [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_public(string address) => Assert.True(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_loopback_server_is_downloaded_with_the_setting_and_refused_without()
    {
        using var server = LoopbackServer.Serving(() => Payload);
        using (var allowed = Guard(allowPrivate: true))
        {
            var path = await new DatasetDownloader(allowed, _cache.FullName).DownloadAsync(new DownloadRequest(new Uri(server.Prefix + "a.bin"), "a.bin"));
            Assert.Equal(Payload, await File.ReadAllBytesAsync(path));
        }
        Assert.Single(server.Requests);

        using var guarded = Guard();
        foreach (var url in new[] { server.Prefix + "b.bin", $"http://localhost:{server.Port}/b.bin", $"http://[::ffff:127.0.0.1]:{server.Port}/b.bin" })
        {
            var e = await FailAsync(guarded, url);
            Assert.Equal($"Could not download from {new Uri(url).Host}: {GuardedHttpClient.NotPublicReason}", e.Message);
        }
        Assert.Single(server.Requests); // refused before any connection
    }

    [Fact]
    public async Task The_message_is_the_same_for_an_open_port_a_closed_port_and_a_port_that_is_no_web_server()
    {
        using var web = LoopbackServer.Serving(() => Payload);
        using var ssh = new NonHttpServer();
        int closed = LoopbackServer.FreePort();
        var ports = new[] { web.Port, ssh.Port, closed };

        // Without the setting: refused before connecting, whatever listens there.
        using var guarded = Guard();
        var refused = new List<string>();
        foreach (int port in ports) refused.Add((await FailAsync(guarded, $"http://127.0.0.1:{port}/x")).Message);
        Assert.Single(refused.Distinct());
        Assert.DoesNotContain(refused, m => ports.Any(p => m.Contains(p.ToString())));
        Assert.Empty(web.Requests);
        Assert.Equal(0, ssh.Connections);

        // With the setting (tests, intranets): a closed port and an open non-HTTP port still read the same.
        using var allowed = Guard(allowPrivate: true);
        var a = (await FailAsync(allowed, $"http://127.0.0.1:{ssh.Port}/x")).Message;
        var b = (await FailAsync(allowed, $"http://127.0.0.1:{closed}/x")).Message;
        Assert.Equal(a, b);
        Assert.Equal($"Could not download from 127.0.0.1: {GuardedHttpClient.UnreachableReason}", a);
    }

    [Fact]
    public async Task A_redirect_to_a_private_address_is_refused()
    {
        LoopbackServer? server = null;
        server = new LoopbackServer(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.RedirectLocation = $"http://localhost:{server!.Port}/secret";
            ctx.Response.Close();
            return Task.CompletedTask;
        });
        using (server)
        {
            // Only the host written in the URL may be private: the redirect to another name for the machine is not.
            using var http = new GuardedHttpClient(new DownloadPolicy { PrivateHostsAllowed = new HashSet<string> { "127.0.0.1" } });
            var e = await FailAsync(http, server.Prefix + "start");
            Assert.Equal($"Could not download from 127.0.0.1: it redirects to localhost; {GuardedHttpClient.NotPublicReason}", e.Message);
            Assert.Equal(["/start"], server.Requests.ToArray());
        }
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_reads_like_a_refused_private_address()
    {
        // .invalid never resolves (RFC 6761). Without the setting the answer must not tell a name the server's DNS
        // does not know from one it resolves to a private address (that would map internal names), and it names no port.
        using var guarded = Guard();
        foreach (var url in new[] { "http://no-such-host.invalid/data.zip", "https://files.example.invalid:8443/model.onnx" })
        {
            var e = await FailAsync(guarded, url);
            Assert.Equal($"Could not download from {new Uri(url).Host}: {GuardedHttpClient.NotPublicReason}", e.Message);
            Assert.DoesNotContain("8443", e.Message);
        }
        var refusedPrivate = await FailAsync(guarded, "http://10.1.2.3:8443/model.onnx");
        Assert.Equal(refusedPrivate.Message.Replace("10.1.2.3", "HOST"),
            (await FailAsync(guarded, "http://no-such-host.invalid:8443/model.onnx")).Message.Replace("no-such-host.invalid", "HOST"));

        // A redirect to such a name reads like a redirect to a private address.
        LoopbackServer? server = null;
        server = new LoopbackServer(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.RedirectLocation = $"http://no-such-host.invalid:{server!.Port}/secret";
            ctx.Response.Close();
            return Task.CompletedTask;
        });
        using (server)
        {
            using var http = new GuardedHttpClient(new DownloadPolicy { PrivateHostsAllowed = new HashSet<string> { "127.0.0.1" } });
            var e = await FailAsync(http, server.Prefix + "start");
            Assert.Equal($"Could not download from 127.0.0.1: it redirects to no-such-host.invalid; {GuardedHttpClient.NotPublicReason}", e.Message);
        }

        // Where private hosts are allowed (an intranet mirror) there is nothing to hide: the message says the name is unknown.
        using var allowed = Guard(allowPrivate: true);
        Assert.Equal($"Could not download from no-such-host.invalid: {GuardedHttpClient.UnresolvedReason}",
            (await FailAsync(allowed, "http://no-such-host.invalid:8443/x")).Message);
    }

    [Fact]
    public async Task Redirects_are_followed_counted_and_kept_to_http()
    {
        using var server = new LoopbackServer(async ctx =>
        {
            string path = ctx.Request.Url!.AbsolutePath;
            if (path.StartsWith("/hop"))
            {
                int n = int.Parse(path[4..]);
                ctx.Response.StatusCode = 307;
                ctx.Response.RedirectLocation = n == 0 ? "/data" : $"/hop{n - 1}";
                ctx.Response.Close();
                return;
            }
            if (path == "/loop") { ctx.Response.StatusCode = 301; ctx.Response.RedirectLocation = "/loop"; ctx.Response.Close(); return; }
            if (path == "/file") { ctx.Response.StatusCode = 302; ctx.Response.RedirectLocation = "file:///etc/passwd"; ctx.Response.Close(); return; }
            ctx.Response.ContentLength64 = Payload.Length;
            await ctx.Response.OutputStream.WriteAsync(Payload);
            ctx.Response.Close();
        });
        using var http = Guard(allowPrivate: true);
        var path = await new DatasetDownloader(http, _cache.FullName).DownloadAsync(new DownloadRequest(new Uri(server.Prefix + "hop2"), "d.bin"));
        Assert.Equal(Payload, await File.ReadAllBytesAsync(path));

        Assert.Equal("Could not download from 127.0.0.1: more than 5 redirects", (await FailAsync(http, server.Prefix + "loop")).Message);
        Assert.Equal("Could not download from 127.0.0.1: only http and https addresses can be downloaded, not file",
            (await FailAsync(http, server.Prefix + "file")).Message);
        Assert.Equal("Could not download from file:///etc/passwd: only http and https addresses can be downloaded, not file",
            (await FailAsync(http, "file:///etc/passwd")).Message);
    }

    [Fact]
    public async Task Files_over_the_cap_are_refused_with_or_without_a_length_and_leave_nothing()
    {
        using var sized = LoopbackServer.Serving(() => Payload);
        using var chunked = new LoopbackServer(async ctx =>
        {
            ctx.Response.SendChunked = true;
            for (int i = 0; i < 10; i++) await ctx.Response.OutputStream.WriteAsync(Payload.AsMemory(0, 10_000));
            ctx.Response.Close();
        });
        using var http = Guard(allowPrivate: true, maxBytes: 20_000);
        var e1 = await FailAsync(http, sized.Prefix + "big");
        Assert.Equal("Could not download from 127.0.0.1: the file is 50,000 bytes or more, over the download limit of 20,000 bytes", e1.Message);
        var e2 = await FailAsync(http, chunked.Prefix + "big");
        Assert.StartsWith("Could not download from 127.0.0.1: the file is ", e2.Message);
        Assert.EndsWith("over the download limit of 20,000 bytes", e2.Message);
        Assert.Empty(Directory.GetFiles(_cache.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cached_file_is_never_served_for_another_url_with_the_same_name()
    {
        using var attacker = LoopbackServer.Serving(() => "POISONED"u8.ToArray());
        using var honest = LoopbackServer.Serving(() => Payload);
        using var http = Guard(allowPrivate: true);
        var downloader = new DatasetDownloader(http, _cache.FullName);
        await downloader.DownloadAsync(new DownloadRequest(new Uri(attacker.Prefix + "dataset.tar.gz"), "dataset.tar.gz"));
        var path = await downloader.DownloadAsync(new DownloadRequest(new Uri(honest.Prefix + "dataset.tar.gz"), "dataset.tar.gz"));
        Assert.Equal(Payload, await File.ReadAllBytesAsync(path));
        Assert.Single(honest.Requests);
    }
}
