using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Web.Downloads;

/// <summary>
/// Downloads for one session (one circuit). A file fetched from a user-typed address lands in this session's own cache
/// folder, keyed by URL, and is deleted when the session ends, so no session can place a file another will trust.
/// The one shared cache holds only content verified against a pin (size + SHA-256) set by the operator.
/// </summary>
public sealed class SessionDownloads(DownloadSettings settings) : IDisposable
{
    private readonly string _folder = Path.Combine(settings.SessionsRoot, Guid.NewGuid().ToString("N"));

    /// <summary>This session's cache folder (created on first download).</summary>
    public string Folder => _folder;

    /// <summary>The address offered for the yes.com archive.</summary>
    public Uri YesUri => settings.YesUri;

    /// <summary>Fetches (or reuses) and unpacks the yes.com archive at <paramref name="uri"/>.</summary>
    public Task<YesDatasetFiles> FetchYesAsync(Uri uri, IProgress<DatasetDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        bool pinned = settings.YesPin is not null && uri == settings.YesUri;
        var cache = pinned ? Path.Combine(settings.CacheRoot, "pinned") : _folder;
        var downloader = new DatasetDownloader(settings.Http, cache);
        return YesDataset.FetchAsync(downloader, uri, pinned ? settings.YesPin!.Value.Bytes : null, pinned ? settings.YesPin!.Value.Sha256 : null,
            progress, cancellationToken);
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // swept at the next start-up
    }
}
