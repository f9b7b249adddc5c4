namespace EmbeddingLab.Core.Data;

/// <summary>Paths of one yes.com dataset folder (train.txt + song_hash.txt, optional test.txt and tags).</summary>
public sealed record YesDatasetFiles(string Train, string SongHash, string? Test, string? TagHash, string? Tags)
{
    /// <summary>Finds the files under <paramref name="folder"/>, preferring the "yes_complete" folder of the Cornell archive.</summary>
    public static YesDatasetFiles Locate(string folder)
    {
        var candidates = Directory.EnumerateFiles(folder, "train.txt", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Where(d => d is not null && File.Exists(Path.Combine(d, "song_hash.txt")))
            .OrderByDescending(d => Path.GetFileName(d) == "yes_complete")
            .ThenBy(d => d, StringComparer.Ordinal)
            .ToList();
        var dir = candidates.FirstOrDefault()
            ?? throw new FileNotFoundException($"No folder under \"{folder}\" holds both train.txt and song_hash.txt.");
        string? Optional(string name) => File.Exists(Path.Combine(dir, name)) ? Path.Combine(dir, name) : null;
        return new YesDatasetFiles(Path.Combine(dir, "train.txt"), Path.Combine(dir, "song_hash.txt"), Optional("test.txt"),
            Optional("tag_hash.txt"), Optional("tags.txt"));
    }
}

/// <summary>Fetches the Cornell yes.com playlist dataset archive into a cache folder and unpacks it.</summary>
public static class YesDataset
{
    /// <summary>Where Shuo Chen's "Playlist Dataset" page publishes the archive (configurable: pass another URI).</summary>
    public static readonly Uri DefaultUri = new("https://www.cs.cornell.edu/~shuochen/lme/dataset.tar.gz");

    /// <summary>
    /// Downloads (or reuses) the archive, unpacks it next to itself (once) and locates the files.
    /// Accepts .zip and .tar.gz archives, unpacked by <see cref="ArchiveExtractor"/> (regular files only, size capped).
    /// </summary>
    public static async Task<YesDatasetFiles> FetchAsync(DatasetDownloader downloader, Uri? uri = null, long? expectedBytes = null, string? sha256 = null,
        IProgress<DatasetDownloadProgress>? progress = null, CancellationToken cancellationToken = default, long maxExtractedBytes = ArchiveExtractor.DefaultMaxBytes)
    {
        uri ??= DefaultUri;
        var name = Path.GetFileName(uri.AbsolutePath);
        if (string.IsNullOrEmpty(name)) name = "yes-dataset.tar.gz";
        var archive = await downloader.DownloadAsync(new DownloadRequest(uri, name, expectedBytes, sha256), progress, cancellationToken);
        var target = archive + ".extracted";
        var done = Path.Combine(target, ".complete");
        if (!File.Exists(done))
        {
            // Unpacked into a folder of its own and renamed into place whole: a half-unpacked archive is never mistaken
            // for a whole one, and two fetches of a shared (pinned) archive at once never write into the same folder.
            var scratch = archive + ".extracting-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(scratch);
            try
            {
                await ArchiveExtractor.ExtractAsync(archive, scratch, name, maxExtractedBytes, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(scratch, ".complete"), DateTime.UtcNow.ToString("O"), cancellationToken);
                if (!File.Exists(done))
                {
                    if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // an earlier, unfinished one
                    Directory.Move(scratch, target);
                }
            }
            catch (IOException) when (File.Exists(done)) { } // another fetch put the same verified archive in place first
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        }
        return YesDatasetFiles.Locate(target);
    }
}
