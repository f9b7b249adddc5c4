using System.Formats.Tar;
using System.IO.Compression;

namespace EmbeddingLab.Core.Data;

/// <summary>
/// Unpacks a downloaded .tar.gz or .zip without trusting it: only regular files and folders are written (links,
/// devices and FIFOs are skipped, so an archive cannot make "train.txt" point at a file of the server), every path must
/// stay inside the target folder, and the total unpacked size is capped (an archive bomb stops at the cap).
/// </summary>
public static class ArchiveExtractor
{
    /// <summary>Default cap on the unpacked size: 4 GiB.</summary>
    public const long DefaultMaxBytes = 4L << 30;

    public static async Task ExtractAsync(string archive, string target, string displayName, long maxBytes = DefaultMaxBytes,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(target);
        string root = Path.GetFullPath(target);
        long total = 0;
        try
        {
            if (displayName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                using var zip = ZipFile.OpenRead(archive);
                foreach (var entry in zip.Entries)
                {
                    if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) { Directory.CreateDirectory(Inside(root, entry.FullName, displayName)); continue; }
                    await using var data = entry.Open();
                    total = await WriteAsync(data, Inside(root, entry.FullName, displayName), total, maxBytes, displayName, cancellationToken);
                }
            }
            else
            {
                await using var file = File.OpenRead(archive);
                await using var gzip = new GZipStream(file, CompressionMode.Decompress);
                await using var tar = new TarReader(gzip);
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    switch (entry.EntryType)
                    {
                        case TarEntryType.Directory:
                            Directory.CreateDirectory(Inside(root, entry.Name, displayName));
                            break;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            if (entry.DataStream is null) break;
                            total = await WriteAsync(entry.DataStream, Inside(root, entry.Name, displayName), total, maxBytes, displayName, cancellationToken);
                            break;
                        default:
                            break; // symbolic and hard links, devices, FIFOs, metadata entries: never materialised
                    }
                }
            }
        }
        catch (RefusedArchiveException e)
        {
            throw new InvalidDataException(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"The downloaded archive {displayName} could not be unpacked: {e.Message}", e);
        }
    }

    private static string Inside(string root, string name, string displayName)
    {
        string path = Path.GetFullPath(Path.Combine(root, name));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new RefusedArchiveException($"The downloaded archive {displayName} could not be unpacked: the entry \"{name}\" points outside its folder.");
        return path;
    }

    private static async Task<long> WriteAsync(Stream data, string path, long total, long maxBytes, string displayName, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await data.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new RefusedArchiveException($"The downloaded archive {displayName} unpacks to more than {maxBytes:N0} bytes; it was not unpacked.");
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }
}

/// <summary>An archive refused on purpose (too large, an entry outside its folder): its message is final.</summary>
internal sealed class RefusedArchiveException(string message) : Exception(message);
