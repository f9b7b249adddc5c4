using EmbeddingLab.Core.Data.Npm;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// Where image files of sets may live, and so the only places thumbnails are read from: the app's own image folder
/// (uploaded images, <c>DataPath/images</c>), the emoji package, and any folders listed in
/// <c>EmbeddingLab:ImageFolders</c>. A set's <c>image</c> column is data (an uploaded TSV can name any path), so a path
/// outside these roots is never opened.
/// </summary>
public sealed class ImageFolders
{
    public const string EmojiPackage = "emoji-datasource-google";

    private readonly string[] _roots;

    public ImageFolders(WorkspaceSettings settings, IConfiguration configuration)
    {
        Uploaded = Core.Storage.WorkspaceStore.UploadedImagesFolder(settings.DataPath);
        var roots = new List<string> { Uploaded };
        if (NpmPackages.IsInstalled(EmojiPackage)) roots.Add(NpmPackages.PackageFolder(EmojiPackage));
        roots.AddRange(configuration.GetSection("EmbeddingLab:ImageFolders").Get<string[]>() ?? []);
        _roots = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToArray();
    }

    /// <summary>The folders (full paths) image files may lie in; the sprite atlases read only these too.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>Where uploaded images are unpacked, one folder per upload.</summary>
    public string Uploaded { get; }

    /// <summary>A new empty folder for one upload's images.</summary>
    public string NewUploadFolder()
    {
        var folder = Path.Combine(Uploaded, Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes an upload's folder and everything in it (nothing when it is already gone).</summary>
    public static void DeleteFolder(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>True when <paramref name="path"/> (after resolving "..") is a file under one of the roots.</summary>
    public bool IsAllowed(string? path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path)) return false;
        var full = Path.GetFullPath(path);
        foreach (var root in _roots)
            if (full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return true;
        return false;
    }
}
