namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// A browser file now on the server's disk. <see cref="DisplayName"/> is the user's own file name: every message about
/// the file uses it, never the temporary path.
/// </summary>
public sealed record UploadedFile(string DisplayName, string Path, long Length);
