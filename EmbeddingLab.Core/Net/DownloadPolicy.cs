namespace EmbeddingLab.Core.Net;

/// <summary>
/// What a server-side download may do. The defaults are for a server that fetches addresses typed by its users:
/// public hosts only, a few redirects, a size cap.
/// </summary>
public sealed record DownloadPolicy
{
    /// <summary>Default cap on one downloaded file: 2 GiB (the Cornell yes.com archive is about 30 MB; models a few hundred MB).</summary>
    public const long DefaultMaxBytes = 2L << 30;

    /// <summary>Allow loopback, private, link-local… addresses (tests with loopback servers; a trusted intranet).</summary>
    public bool AllowPrivateHosts { get; init; }

    /// <summary>
    /// Host names (as written in the URL) allowed to be private even when <see cref="AllowPrivateHosts"/> is off: an
    /// intranet mirror, without opening every other internal address (a redirect elsewhere is still refused).
    /// </summary>
    public IReadOnlySet<string> PrivateHostsAllowed { get; init; } = new HashSet<string>();

    /// <summary>
    /// Reads the setting <c>AllowPrivateDownloadHosts</c>: "true" allows every private host, "false" or nothing none,
    /// anything else is a comma-separated list of host names allowed to be private.
    /// </summary>
    public static DownloadPolicy FromSetting(string? allowPrivateHosts, long maxBytes = DefaultMaxBytes)
    {
        var text = allowPrivateHosts?.Trim() ?? "";
        if (bool.TryParse(text, out bool all)) return new DownloadPolicy { AllowPrivateHosts = all, MaxBytes = maxBytes };
        var hosts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant()).ToHashSet();
        return new DownloadPolicy { PrivateHostsAllowed = hosts, MaxBytes = maxBytes };
    }

    /// <summary>Whether <paramref name="host"/> may resolve to private addresses.</summary>
    public bool MayBePrivate(string host) => AllowPrivateHosts || PrivateHostsAllowed.Contains(host.ToLowerInvariant());

    /// <summary>Redirects followed (each one checked again) before giving up.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Largest file accepted, in bytes (checked against Content-Length and while the bytes arrive).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>How long to wait for a TCP connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for the response headers of one request.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A download that failed, always phrased "Could not download from HOST: reason". The reason never carries a port or
/// a socket error, so the message for a closed port and for an open one that is not a web server are the same.
/// </summary>
public sealed class DownloadException(string host, string reason, Exception? inner = null)
    : IOException($"Could not download from {host}: {reason}", inner)
{
    public string Host { get; } = host;
    public string Reason { get; } = reason;
}
