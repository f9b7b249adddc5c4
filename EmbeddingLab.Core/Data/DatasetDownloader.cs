using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Core.Data;

/// <summary>Progress of a download: bytes so far, total when the server says, and speed.</summary>
public sealed record DatasetDownloadProgress(long BytesDone, long? TotalBytes, double BytesPerSecond, bool Resumed)
{
    public double? Fraction => TotalBytes is > 0 ? Math.Clamp((double)BytesDone / TotalBytes.Value, 0, 1) : null;
}

/// <summary>A file to fetch into the cache and how to check it (both checks optional).</summary>
public sealed record DownloadRequest(Uri Uri, string FileName, long? ExpectedBytes = null, string? Sha256 = null);

/// <summary>
/// Downloads into a cache folder: an existing verified file is reused; an interrupted download (<c>name.part</c>) is
/// resumed with an HTTP Range request (restarted when the server ignores ranges); the result is checked against the
/// expected size and SHA-256 before it gets its final name, so a bad file is never mistaken for a good one.
/// Every fetch goes through a <see cref="GuardedHttpClient"/> (public addresses only, checked redirects, size cap);
/// every failure is a <see cref="DownloadException"/> "Could not download from HOST: reason".
/// </summary>
public sealed class DatasetDownloader(GuardedHttpClient http, string cacheFolder)
{
    public string CacheFolder { get; } = cacheFolder;

    public async Task<string> DownloadAsync(DownloadRequest request, IProgress<DatasetDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || request.FileName is "." or "..")
            throw new ArgumentException($"\"{request.FileName}\" is not a plain file name.");
        // One folder per URL: a file fetched from one address is never served for another that happens to share its name.
        var folder = Path.Combine(CacheFolder, UrlKey(request.Uri));
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, request.FileName);
        var part = final + ".part";
        if (File.Exists(final))
        {
            if (await VerifyAsync(final, request, cancellationToken) is null) return final;
            File.Delete(final); // a stale or damaged cache entry: fetch again
        }

        long existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var response = await http.GetAsync(request.Uri,
            m => { if (existing > 0) m.Headers.Range = new RangeHeaderValue(existing, null); }, cancellationToken);
        bool resumed = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (existing > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The part file is already complete (or longer than the resource): check it as it is.
            resumed = true;
        }
        else if (!response.IsSuccessStatusCode)
            throw GuardedHttpClient.BadStatus(request.Uri, response);
        if (!resumed) existing = 0;

        long? total = response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable ? existing
            : response.Content.Headers.ContentLength is { } len ? len + existing : request.ExpectedBytes;
        if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            long cap = Math.Min(http.Policy.MaxBytes, request.ExpectedBytes ?? long.MaxValue);
            long done = existing;
            bool tooLarge = false;
            await using (var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                var clock = Stopwatch.StartNew();
                long lastReport = -1;
                try
                {
                    await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        done += read;
                        if (done > cap) { tooLarge = true; break; }
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        long ms = clock.ElapsedMilliseconds;
                        if (progress is not null && ms - lastReport >= 100)
                        {
                            lastReport = ms;
                            progress.Report(new DatasetDownloadProgress(done, total, (done - existing) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3), resumed));
                        }
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw GuardedHttpClient.Interrupted(request.Uri, done, e);
                }
                progress?.Report(new DatasetDownloadProgress(done, total ?? done, (done - existing) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3), resumed));
            }
            if (tooLarge)
            {
                File.Delete(part); // never keep (or resume) more than the cap
                throw new DownloadException(GuardedHttpClient.HostOf(request.Uri), request.ExpectedBytes is { } max && max < http.Policy.MaxBytes
                    ? $"the server sent more than the expected {max:N0} bytes"
                    : http.TooLarge(done));
            }
        }

        var problem = await VerifyAsync(part, request, cancellationToken);
        if (problem is not null)
        {
            File.Delete(part); // never resume from bytes that failed the check
            throw new DownloadException(GuardedHttpClient.HostOf(request.Uri), $"the file {problem}; it was removed, try again");
        }
        File.Move(part, final, overwrite: true);
        return final;
    }

    /// <summary>A short stable folder name for a URL (SHA-256 of its text, first 16 hex digits).</summary>
    public static string UrlKey(Uri uri) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(uri.AbsoluteUri)))[..16];

    /// <summary>null when the file passes the size and checksum checks, else what is wrong.</summary>
    private static async Task<string?> VerifyAsync(string path, DownloadRequest request, CancellationToken ct)
    {
        long length = new FileInfo(path).Length;
        if (request.ExpectedBytes is { } expected && length != expected)
            return $"has {length:N0} bytes but {expected:N0} were expected";
        if (request.Sha256 is { Length: > 0 } sha)
        {
            await using var stream = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            if (!string.Equals(hash, sha.Trim(), StringComparison.OrdinalIgnoreCase))
                return $"has SHA-256 {hash} but {sha.Trim().ToLowerInvariant()} was expected";
        }
        return null;
    }
}
