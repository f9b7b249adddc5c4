using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Web.Downloads;

/// <summary>
/// The server's download rules, from configuration, and the one guarded HTTP client every download uses:
/// <c>EmbeddingLab:AllowPrivateDownloadHosts</c> (default false: loopback, private, link-local… addresses refused;
/// "true" allows them all, a comma-separated list of host names allows just those),
/// <c>EmbeddingLab:MaxDownloadBytes</c> (default 2 GiB a file), and an optional pin of the Cornell yes.com archive
/// (<c>EmbeddingLab:YesDatasetBytes</c> + <c>EmbeddingLab:YesDatasetSha256</c>): only a pinned, verified archive is
/// cached for all sessions; everything else is cached per session.
/// </summary>
public sealed class DownloadSettings : IDisposable
{
    public DownloadSettings(IConfiguration configuration)
    {
        Policy = DownloadPolicy.FromSetting(configuration["EmbeddingLab:AllowPrivateDownloadHosts"],
            configuration.GetValue("EmbeddingLab:MaxDownloadBytes", DownloadPolicy.DefaultMaxBytes));
        long? bytes = configuration.GetValue<long?>("EmbeddingLab:YesDatasetBytes");
        string? sha = configuration["EmbeddingLab:YesDatasetSha256"];
        var url = configuration["EmbeddingLab:YesDatasetUrl"];
        YesUri = string.IsNullOrWhiteSpace(url) ? YesDataset.DefaultUri : new Uri(url);
        if (bytes is > 0 && sha is { Length: 64 }) YesPin = (bytes.Value, sha.ToLowerInvariant());
        Http = new GuardedHttpClient(Policy);
        CacheRoot = Path.Combine(Path.GetTempPath(), "embeddinglab-cache");
        Scratch = new Uploads.ScratchFolder(Path.Combine(CacheRoot, "sessions"));
    }

    public DownloadPolicy Policy { get; }
    public GuardedHttpClient Http { get; }

    /// <summary>The address the Songs page offers for the yes.com archive (<c>EmbeddingLab:YesDatasetUrl</c>, default Cornell's).</summary>
    public Uri YesUri { get; }

    /// <summary>Size and SHA-256 of the archive at <see cref="YesUri"/>, when the operator pinned them.</summary>
    public (long Bytes, string Sha256)? YesPin { get; }

    /// <summary>Root of the download caches: <c>pinned/</c> (verified content, shared) and <c>sessions/ID/</c> (one per session).</summary>
    public string CacheRoot { get; }

    /// <summary>This process's folder of per-session caches (swept at the next start-up if the process dies).</summary>
    public Uploads.ScratchFolder Scratch { get; }

    public string SessionsRoot => Scratch.Path;

    /// <summary>One fetch into the shared (pinned) cache at a time.</summary>
    public SemaphoreSlim PinnedGate { get; } = new(1, 1);

    public void Dispose()
    {
        Http.Dispose();
        Scratch.Dispose();
        PinnedGate.Dispose();
    }
}
