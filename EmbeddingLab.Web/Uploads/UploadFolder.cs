namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// Where uploads land (<c>embeddinglab-uploads</c> under the temp folder, or <c>EmbeddingLab:UploadPath</c>), one
/// sub-folder per browser session, so a session's files go when the session ends. Names on disk are random; the
/// user's file name is kept only in <see cref="UploadedFile.DisplayName"/>.
/// </summary>
public sealed class UploadFolder
{
    public UploadFolder(IConfiguration configuration)
    {
        var configured = configuration["EmbeddingLab:UploadPath"];
        Root = string.IsNullOrWhiteSpace(configured) ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "embeddinglab-uploads") : configured;
        MaxUploadBytes = configuration.GetValue<long?>("EmbeddingLab:MaxUploadBytes") ?? 2L * 1024 * 1024 * 1024;
    }

    public string Root { get; }

    /// <summary>The largest file one upload may be (<c>EmbeddingLab:MaxUploadBytes</c>, 2 GB by default).</summary>
    public long MaxUploadBytes { get; }
}
