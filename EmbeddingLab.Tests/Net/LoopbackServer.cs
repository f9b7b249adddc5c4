using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EmbeddingLab.Tests.Net;

/// <summary>A loopback HTTP server whose answers a test scripts; records every request path.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;

    public LoopbackServer(Func<HttpListenerContext, Task> handle)
    {
        _handle = handle;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Prefix => $"http://127.0.0.1:{Port}/";
    public ConcurrentQueue<string> Requests { get; } = new();

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port; // closed again when disposed: a port where nothing listens
    }

    /// <summary>Serves <paramref name="bytes"/> for every request.</summary>
    public static LoopbackServer Serving(Func<byte[]> bytes) => new(async ctx =>
    {
        var body = bytes();
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    });

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); } catch { return; }
            Requests.Enqueue(ctx.Request.Url!.PathAndQuery);
            try { await _handle(ctx); }
            catch { try { ctx.Response.Abort(); } catch { } }
        }
    }

    public void Dispose() => _listener.Close();
}

/// <summary>A TCP port that accepts connections and answers like an SSH server (not HTTP).</summary>
internal sealed class NonHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public NonHttpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); } catch { return; }
                Connections++;
                try
                {
                    var stream = client.GetStream();
                    await stream.WriteAsync("SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray());
                    await Task.Delay(50);
                }
                catch { }
                client.Dispose();
            }
        });
    }

    public int Port { get; }
    public int Connections { get; private set; }

    public void Dispose() => _listener.Stop();
}
