using System.IO.Compression;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>One image found in a folder or archive: its key (path relative to the root, '/'-separated), label and file.</summary>
public sealed record ImageItem(string Key, string Label, string Path);

/// <summary>
/// Reads an image data set laid out the usual way (ImageFolder in torchvision, Keras' image_dataset_from_directory):
/// every image file under a root, its label the name of the folder it is in ("" for files at the root). A .zip is
/// unpacked first into a folder of the caller's choosing, image entries only, refusing entries whose path escapes it.
/// </summary>
public static class ImageFolder
{
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp" };

    public static bool IsImageFile(string name) => Extensions.Contains(Path.GetExtension(name));

    /// <summary>The images under <paramref name="root"/>, sorted by key (hidden files and folders skipped).</summary>
    public static IReadOnlyList<ImageItem> Read(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The folder {root} does not exist.");
        var full = Path.GetFullPath(root);
        var items = new List<ImageItem>();
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(full, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!IsImageFile(file) || relative.Split('/').Any(part => part.StartsWith('.') || part == "__MACOSX")) continue;
            items.Add(new ImageItem(relative, LabelOf(relative), file));
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return items;
    }

    /// <summary>The folder an image is in: "cats/a.png" → "cats", "a/b/c.png" → "b", "c.png" → "".</summary>
    public static string LabelOf(string relativeKey)
    {
        var parts = relativeKey.Split('/');
        return parts.Length >= 2 ? parts[^2] : "";
    }

    /// <summary>
    /// Unpacks the image entries of <paramref name="zipPath"/> into <paramref name="target"/> and reads them like a folder.
    /// An entry whose path leaves the target ("../x.png", "/etc/x.png") refuses the whole archive with a clear message;
    /// the unpacked total is capped at <paramref name="maxBytes"/>.
    /// </summary>
    public static IReadOnlyList<ImageItem> ReadZip(string zipPath, string target, string? displayName = null, long maxBytes = 2L << 30,
        CancellationToken cancellationToken = default)
    {
        displayName ??= Path.GetFileName(zipPath);
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target);
        long total = 0;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            foreach (var entry in zip.Entries)
            {
                var destination = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && destination != root)
                    throw new InvalidDataException($"The archive {displayName} was refused: the entry \"{entry.FullName}\" points outside its folder.");
            }
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/') || !IsImageFile(entry.Name)) continue;
                total += entry.Length;
                if (total > maxBytes) throw new InvalidDataException($"The archive {displayName} unpacks to more than {maxBytes:N0} bytes; it was not read.");
                var destination = Path.GetFullPath(Path.Combine(root, entry.FullName));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                using var input = entry.Open();
                using var output = File.Create(destination);
                // Copy at most the declared length: a forged size cannot make an entry write past the cap.
                CopyAtMost(input, output, entry.Length, displayName, entry.FullName);
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith($"The archive {displayName}", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The archive {displayName} could not be read: {e.Message}", e);
        }
        return Read(root);
    }

    private static void CopyAtMost(Stream input, Stream output, long limit, string displayName, string entry)
    {
        var buffer = new byte[1 << 16];
        long written = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            written += read;
            if (written > limit) throw new InvalidDataException($"The archive {displayName} was refused: the entry \"{entry}\" is longer than it declares.");
            output.Write(buffer, 0, read);
        }
    }
}
