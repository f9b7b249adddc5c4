using System.Globalization;
using System.Text;

namespace EmbeddingLab.Core.Data;

/// <summary>
/// Reader for the Cornell "yes.com" playlist dataset (Chen et al., "Playlist prediction via metric embedding"), the data
/// of the "Training a Song Embedding Model" chapter:
/// <list type="bullet">
/// <item><c>train.txt</c>/<c>test.txt</c>: two header lines, then one playlist per line, song ids separated by spaces.</item>
/// <item><c>song_hash.txt</c>: <c>id&lt;TAB&gt;title&lt;TAB&gt;artist</c>.</item>
/// <item><c>tag_hash.txt</c>: <c>id, tag name</c>; <c>tags.txt</c>: line i = tag ids of song i separated by spaces, or <c>#</c> for none.</item>
/// </list>
/// Everything is streamed; a malformed line is a <see cref="PlaylistFormatException"/> naming file and line (strict) or
/// skipped and counted (lenient).
/// </summary>
public static class YesPlaylistLoader
{
    /// <summary>
    /// Streams the playlists of a train.txt/test.txt file. <paramref name="stats"/> fills in as the sequence is read.
    /// Messages name the file by <paramref name="displayName"/> (an upload's own name) or else by its file name.
    /// </summary>
    public static IEnumerable<int[]> ReadPlaylists(string path, PlaylistReadOptions? options = null, PlaylistReadStats? stats = null,
        CancellationToken cancellationToken = default, string? displayName = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Playlist file \"{displayName ?? path}\" does not exist.", path);
        return Read(path, displayName ?? path, options, stats, cancellationToken);

        static IEnumerable<int[]> Read(string path, string name, PlaylistReadOptions? options, PlaylistReadStats? stats, CancellationToken ct)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            foreach (var p in ReadPlaylists(stream, name, options, stats, ct)) yield return p;
        }
    }

    /// <summary>Streams playlists from any stream (an upload); <paramref name="name"/> is used in error messages.</summary>
    public static IEnumerable<int[]> ReadPlaylists(Stream stream, string name, PlaylistReadOptions? options = null, PlaylistReadStats? stats = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PlaylistReadOptions();
        stats ??= new PlaylistReadStats();
        EnsureText(stream, name, cancellationToken);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var ids = new List<int>(512);
        int lineNumber = 0, kept = 0, dropped = 0, bad = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if ((lineNumber & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (lineNumber <= options.HeaderLines) continue;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ids.Clear();
            string? problem = ParseIds(line, ids, options.MaxSongId);
            if (problem is not null)
            {
                var error = new PlaylistFormatException(name, lineNumber, problem);
                if (!options.Lenient) throw error;
                stats.Bad(error);
                bad++;
                continue;
            }
            if (ids.Count < options.MinPlaylistLength) { stats.DroppedShort++; dropped++; continue; }
            stats.Playlists++;
            stats.Songs += ids.Count;
            kept++;
            yield return ids.ToArray();
            if (options.MaxPlaylists is { } max && stats.Playlists >= max) yield break;
        }
        if (kept == 0)
        {
            // Say what the file lacks, rather than letting training fail later on an empty vocabulary.
            string why = dropped + bad == 0
                ? $"expected {options.HeaderLines} header line{(options.HeaderLines == 1 ? "" : "s")}, then one playlist per line (song ids separated by spaces)"
                : $"{dropped:N0} shorter than {options.MinPlaylistLength} songs, {bad:N0} malformed lines skipped";
            throw new InvalidDataException($"{Path.GetFileName(name)} holds no playlists ({why}).");
        }
    }

    /// <summary>Refuses a seekable stream that is not UTF-8 text, then rewinds it (a forward-only stream is checked line by line instead).</summary>
    private static void EnsureText(Stream stream, string name, CancellationToken ct)
    {
        if (!stream.CanSeek) return;
        long start = stream.Position;
        Formats.TextValidator.EnsureText(stream, Path.GetFileName(name), ct);
        stream.Position = start;
    }

    private static string? ParseIds(string line, List<int> ids, int maxId)
    {
        var span = line.AsSpan();
        int i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i])) i++;
            if (i >= span.Length) break;
            int start = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i])) i++;
            var token = span[start..i];
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                return $"expected song ids (non-negative whole numbers separated by spaces), found \"{Preview(token)}\" at column {start + 1}.";
            if (id > maxId) return $"song id {id} is larger than the limit of {maxId:N0}.";
            ids.Add(id);
        }
        return null;
    }

    private static string Preview(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : string.Concat(s[..40], "…");

    /// <summary>Reads song_hash.txt (and optionally tag_hash.txt + tags.txt) into a catalogue.</summary>
    public static SongCatalog ReadSongs(string songHashPath, string? tagHashPath = null, string? tagsPath = null,
        PlaylistReadOptions? options = null, PlaylistReadStats? stats = null, CancellationToken cancellationToken = default, string? displayName = null)
    {
        if (!File.Exists(songHashPath)) throw new FileNotFoundException($"Song file \"{displayName ?? songHashPath}\" does not exist.", songHashPath);
        using var stream = new FileStream(songHashPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Dictionary<int, string[]>? tags = null;
        if (tagHashPath is not null && tagsPath is not null) tags = ReadTags(tagHashPath, tagsPath, options, stats, cancellationToken);
        return ReadSongs(stream, displayName ?? songHashPath, tags, options, stats, cancellationToken);
    }

    /// <summary>Reads song_hash.txt lines <c>id&lt;TAB&gt;title&lt;TAB&gt;artist</c> from a stream.</summary>
    public static SongCatalog ReadSongs(Stream stream, string name, IReadOnlyDictionary<int, string[]>? tags = null,
        PlaylistReadOptions? options = null, PlaylistReadStats? stats = null, CancellationToken cancellationToken = default)
    {
        options ??= new PlaylistReadOptions();
        stats ??= new PlaylistReadStats();
        EnsureText(stream, name, cancellationToken);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var songs = new List<Song>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            string? problem = null;
            int id = 0;
            if (parts.Length < 3)
                problem = $"expected \"id<TAB>title<TAB>artist\", found {parts.Length} tab-separated field{(parts.Length == 1 ? "" : "s")}.";
            else if (!int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id))
                problem = $"expected a song id (non-negative whole number) before the first tab, found \"{Preview(parts[0])}\".";
            if (problem is not null)
            {
                var error = new PlaylistFormatException(name, lineNumber, problem);
                if (!options.Lenient) throw error;
                stats.Bad(error);
                continue;
            }
            songs.Add(new Song(id, Unescape(parts[1].Trim()), Unescape(parts[2].Trim()),
                tags is not null && tags.TryGetValue(id, out var t) ? t : []));
        }
        return new SongCatalog(songs);
    }

    // The yes.com files escape slashes JSON-style ("w\/ Swizz Beatz").
    private static string Unescape(string s) => s.Replace("\\/", "/", StringComparison.Ordinal);

    /// <summary>tag_hash.txt (<c>id, name</c>) and tags.txt (line i: tag ids of song i, or <c>#</c>) as song id → tag names.</summary>
    public static Dictionary<int, string[]> ReadTags(string tagHashPath, string tagsPath, PlaylistReadOptions? options = null,
        PlaylistReadStats? stats = null, CancellationToken cancellationToken = default)
    {
        options ??= new PlaylistReadOptions();
        stats ??= new PlaylistReadStats();
        if (!File.Exists(tagHashPath)) throw new FileNotFoundException($"Tag file \"{tagHashPath}\" does not exist.", tagHashPath);
        if (!File.Exists(tagsPath)) throw new FileNotFoundException($"Tag file \"{tagsPath}\" does not exist.", tagsPath);
        Formats.TextValidator.EnsureText(tagHashPath, cancellationToken: cancellationToken);
        Formats.TextValidator.EnsureText(tagsPath, cancellationToken: cancellationToken);
        var names = new Dictionary<int, string>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(tagHashPath))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            int sep = line.IndexOfAny([',', '\t']);
            if (sep <= 0 || !int.TryParse(line.AsSpan(0, sep).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                var error = new PlaylistFormatException(tagHashPath, lineNumber, $"expected \"tag id, tag name\", found \"{Preview(line)}\".");
                if (!options.Lenient) throw error;
                stats.Bad(error);
                continue;
            }
            names[id] = line[(sep + 1)..].Trim();
        }
        var result = new Dictionary<int, string[]>();
        lineNumber = 0;
        foreach (var line in File.ReadLines(tagsPath))
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed == "#") continue;
            var tags = new List<string>();
            foreach (var token in trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int tagId) && names.TryGetValue(tagId, out var name))
                    tags.Add(name);
                else
                {
                    var error = new PlaylistFormatException(tagsPath, lineNumber, $"expected tag ids listed in {Path.GetFileName(tagHashPath)} or \"#\", found \"{Preview(token)}\".");
                    if (!options.Lenient) throw error;
                    stats.Bad(error);
                    tags.Clear();
                    break;
                }
            }
            if (tags.Count > 0) result[lineNumber - 1] = tags.ToArray(); // line i (0-based) = song i
        }
        return result;
    }

    /// <summary>Song ids as the string tokens word2vec trains on (one string per distinct id).</summary>
    public static IEnumerable<IReadOnlyList<string>> AsSentences(IEnumerable<int[]> playlists)
    {
        var cache = new Dictionary<int, string>();
        foreach (var p in playlists)
        {
            var tokens = new string[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                if (!cache.TryGetValue(p[i], out var s)) cache[p[i]] = s = p[i].ToString(CultureInfo.InvariantCulture);
                tokens[i] = s;
            }
            yield return tokens;
        }
    }
}
