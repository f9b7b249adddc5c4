namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// The uploads of one browser session (circuit): new temporary paths in the session's own folder, and deletion of
/// every one of them when the session ends.
/// </summary>
public sealed class SessionUploads(UploadFolder folder) : IDisposable
{
    private readonly string _folder = Path.Combine(folder.Scratch.Path, Guid.NewGuid().ToString("N"));

    public long MaxUploadBytes => folder.MaxUploadBytes;

    /// <summary>A fresh path for a file whose user-facing name is <paramref name="displayName"/> (its extension is kept).</summary>
    public string NewPath(string displayName)
    {
        Directory.CreateDirectory(_folder);
        var extension = Path.GetExtension(displayName);
        if (extension.Length > 12 || extension.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) extension = "";
        return Path.Combine(_folder, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>Deletes one upload once the work that needed it is done (missing files are fine).</summary>
    public static void Delete(UploadedFile? file)
    {
        if (file is null) return;
        try { File.Delete(file.Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
