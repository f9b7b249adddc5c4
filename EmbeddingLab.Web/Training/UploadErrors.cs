using EmbeddingLab.Web.Uploads;

namespace EmbeddingLab.Web.Training;

/// <summary>Readers name the file they read; for an upload that is a random temporary name: put the user's own back.</summary>
public static class UploadErrors
{
    /// <summary>Runs <paramref name="work"/>; an input error that names the temporary file is re-thrown naming <see cref="UploadedFile.DisplayName"/>.</summary>
    public static T Named<T>(UploadedFile file, Func<T> work)
    {
        try { return work(); }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException or IOException && Mentions(e.Message, file))
        {
            throw new InvalidDataException(Rename(e.Message, file), e);
        }
    }

    public static string Rename(string message, UploadedFile file) =>
        message.Replace(file.Path, file.DisplayName).Replace(Path.GetFileName(file.Path), file.DisplayName);

    private static bool Mentions(string message, UploadedFile file) => message.Contains(Path.GetFileName(file.Path), StringComparison.Ordinal);
}
