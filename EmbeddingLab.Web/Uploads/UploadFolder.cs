namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// Where uploads land (<c>embeddinglab-uploads</c> under the temp folder, or <c>EmbeddingLab:UploadPath</c>), one
/// sub-folder per browser session, so a session's files go when the session ends. Names on disk are random; the
/// user's file name is kept only in <see cref="UploadedFile.DisplayName"/>. Sessions go under this process's own
/// <see cref="ScratchFolder"/>, so leftovers of a crashed run are swept at the next start-up.
/// </summary>
public sealed class UploadFolder : IDisposable
{
    public UploadFolder(IConfiguration configuration)
    {
        var configured = configuration["EmbeddingLab:UploadPath"];
        Root = string.IsNullOrWhiteSpace(configured) ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "embeddinglab-uploads") : configured;
        MaxUploadBytes = configuration.GetValue<long?>("EmbeddingLab:MaxUploadBytes") ?? DefaultMaxUploadBytes;
        Scratch = new ScratchFolder(Root);
    }

    /// <summary>2 GiB.</summary>
    public const long DefaultMaxUploadBytes = 2L << 30;

    public string Root { get; }

    /// <summary>This process's folder under <see cref="Root"/>; each session has a sub-folder.</summary>
    public ScratchFolder Scratch { get; }

    public void Dispose() => Scratch.Dispose();

    /// <summary>The largest file one upload may be (<c>EmbeddingLab:MaxUploadBytes</c>, 2 GB by default).</summary>
    public long MaxUploadBytes { get; }
}
