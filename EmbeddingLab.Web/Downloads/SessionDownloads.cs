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
    // Ends this session's fetches when it goes: its folder is about to be deleted under them.
    private readonly CancellationTokenSource _ended = new();
    // One fetch at a time into this session's folder (a second click would write the same partial file).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>This session's cache folder (created on first download).</summary>
    public string Folder => _folder;

    /// <summary>The address offered for the yes.com archive.</summary>
    public Uri YesUri => settings.YesUri;

    /// <summary>Fetches (or reuses) and unpacks the yes.com archive at <paramref name="uri"/>.</summary>
    public async Task<YesDatasetFiles> FetchYesAsync(Uri uri, IProgress<DatasetDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        bool pinned = settings.YesPin is not null && uri == settings.YesUri;
        try
        {
            if (pinned) return await FetchPinnedAsync(uri, progress, linked.Token);
            await _gate.WaitAsync(linked.Token);
            try { return await YesDataset.FetchAsync(new DatasetDownloader(settings.Http, _folder), uri, null, null, progress, linked.Token); }
            finally { _gate.Release(); }
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("The download stopped because its page was closed; download again from the Songs page.");
        }
    }

    private async Task<YesDatasetFiles> FetchPinnedAsync(Uri uri, IProgress<DatasetDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // The shared cache: one fetch at a time (two sessions would write the same partial file); the archive is verified
        // against the pin on every use, and its folder is named by the pinned hash, so a changed pin never reuses what an
        // earlier one unpacked.
        await settings.PinnedGate.WaitAsync(cancellationToken);
        try
        {
            var (bytes, sha) = settings.YesPin!.Value;
            var folder = Path.Combine(settings.CacheRoot, "pinned", sha[..16]);
            return await YesDataset.FetchAsync(new DatasetDownloader(settings.Http, folder), uri, bytes, sha, progress, cancellationToken);
        }
        finally { settings.PinnedGate.Release(); }
    }

    public void Dispose()
    {
        _ended.Cancel();
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // swept at the next start-up
    }
}
