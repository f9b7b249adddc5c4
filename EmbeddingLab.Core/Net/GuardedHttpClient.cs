using System.Net;
using System.Net.Sockets;

namespace EmbeddingLab.Core.Net;

/// <summary>
/// The only way the engine fetches URLs. Only http/https; the host is resolved here, every address it resolves to is
/// checked (<see cref="AddressRules"/>) and the socket connects to a checked address, so a DNS answer cannot change
/// between the check and the connection; redirects are followed by hand, counted, and every hop is checked again;
/// failures are one <see cref="DownloadException"/> sentence that reveals no port or socket detail.
/// </summary>
public sealed class GuardedHttpClient : IDisposable
{
    /// <summary>
    /// What a refused address says, the same for every port and every form of the address, and for a name that does
    /// not resolve at all: answering those two differently would tell anyone which internal names the server's DNS knows.
    /// </summary>
    public const string NotPublicReason = "the address is not a public internet address, and downloads may only reach public ones";
    /// <summary>A name that does not resolve where private hosts are allowed (there is nothing to hide from such users).</summary>
    public const string UnresolvedReason = "the host name could not be found";
    /// <summary>What any connection or protocol failure says (closed port, open port that is no web server, TLS failure…).</summary>
    public const string UnreachableReason = "the server could not be reached or did not answer as a web server";

    private readonly HttpClient _http;

    public GuardedHttpClient(DownloadPolicy? policy = null)
    {
        Policy = policy ?? new DownloadPolicy();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,  // followed below, each hop checked
            UseProxy = false,           // a proxy would make the connect check meaningless
            ConnectTimeout = Policy.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public DownloadPolicy Policy { get; }

    /// <summary>
    /// GETs <paramref name="uri"/> following redirects; <paramref name="configure"/> adds headers (Range) to every hop.
    /// Returns the final response with its headers read (any status but a redirect); the caller reads and disposes it.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(Uri uri, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string host = HostOf(uri);
        CheckScheme(uri, host);
        var current = uri;
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            configure?.Invoke(request);
            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Policy.ResponseTimeout);
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException e)
                {
                    throw new DownloadException(host, $"no answer within {Policy.ResponseTimeout.TotalSeconds:F0} s", e);
                }
                catch (HttpRequestException e)
                {
                    throw Translate(e, host, hop > 0 ? HostOf(current) : null);
                }
            }
            if (!IsRedirect(response.StatusCode))
            {
                if (response.Content.Headers.ContentLength is long length && length > Policy.MaxBytes + RangeStart(request))
                {
                    response.Dispose();
                    throw new DownloadException(host, TooLarge(length));
                }
                return response;
            }
            var location = response.Headers.Location;
            response.Dispose();
            if (location is null) throw new DownloadException(host, "the server answered a redirect without saying where to");
            if (hop >= Policy.MaxRedirects) throw new DownloadException(host, $"more than {Policy.MaxRedirects} redirects");
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            CheckScheme(current, host);
        }
    }

    /// <summary>The sentence for a body larger than the cap.</summary>
    public string TooLarge(long bytes) =>
        $"the file is {bytes:N0} bytes or more, over the download limit of {Policy.MaxBytes:N0} bytes";

    /// <summary>A failure while the body streams in (connection dropped), in the same shape.</summary>
    public static DownloadException Interrupted(Uri uri, long bytesDone, Exception inner) =>
        new(HostOf(uri), $"the connection dropped after {bytesDone:N0} bytes; try again to resume", inner);

    /// <summary>A non-success status, in the same shape.</summary>
    public static DownloadException BadStatus(Uri uri, HttpResponseMessage response) =>
        new(HostOf(uri), $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");

    /// <summary>The host a message names (the whole address when it has no host, e.g. file:///…).</summary>
    public static string HostOf(Uri uri) => uri.IsAbsoluteUri && uri.Host.Length > 0 ? uri.Host : uri.OriginalString;

    private static void CheckScheme(Uri uri, string host)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https"))
            throw new DownloadException(host, $"only http and https addresses can be downloaded{(uri.IsAbsoluteUri ? $", not {uri.Scheme}" : "")}");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new DownloadException(host, "addresses with a user name or password are not downloaded");
    }

    private static long RangeStart(HttpRequestMessage request) =>
        request.Headers.Range?.Ranges.FirstOrDefault()?.From ?? 0;

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static DownloadException Translate(HttpRequestException e, string host, string? redirectHost)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HostUnresolved)
                return new DownloadException(host, redirectHost is null || redirectHost == host ? UnresolvedReason : $"it redirects to {redirectHost}; {UnresolvedReason}", e);
            if (inner is AddressRefused)
                return new DownloadException(host, redirectHost is null || redirectHost == host
                    ? NotPublicReason
                    : $"it redirects to {redirectHost}; {NotPublicReason}", e);
            if (inner is DownloadException d) return d;
        }
        return new DownloadException(host, UnreachableReason, e);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        string name = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(name, ct).ConfigureAwait(false); }
            catch (SocketException) { addresses = []; }
        }
        if (addresses.Length == 0) throw Policy.MayBePrivate(name) ? new HostUnresolved() : new AddressRefused();
        // Every address must pass: a name that resolves to one public and one private address is refused.
        if (!Policy.MayBePrivate(name) && !addresses.All(AddressRules.IsPublic)) throw new AddressRefused();
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException("unreachable", last);
    }

    /// <summary>Thrown inside the connect callback; becomes <see cref="NotPublicReason"/>.</summary>
    private sealed class AddressRefused : Exception;

    /// <summary>Thrown inside the connect callback for a name without addresses, where private hosts are allowed; becomes <see cref="UnresolvedReason"/>.</summary>
    private sealed class HostUnresolved : Exception;

    public void Dispose() => _http.Dispose();
}
