using EmbeddingLab.Core.Vectors;
using Microsoft.Data.Sqlite;

namespace EmbeddingLab.Core.Storage;

/// <summary>
/// Files in the data folder that belong to sets rather than being sets: uploaded images (<c>images/UPLOAD/…</c>, one
/// folder per upload, named by the sets' <c>image</c> column) and sprite atlases (<c>sprites/KEY.png|json</c>). The
/// catalogue records which upload folders each set points into and which atlas each set (or demo set) last showed; a
/// folder or atlas goes when the last set using it is deleted or replaced, and an atlas also when its set moves on to a
/// newer one. <see cref="SweepFiles"/> removes, at start-up, whatever no set uses (crashes, sessions cut off mid-upload).
/// </summary>
public sealed partial class WorkspaceStore
{
    private const string FilesSchema = """
        CREATE TABLE IF NOT EXISTS set_uploads (set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE, folder TEXT NOT NULL,
            PRIMARY KEY (set_id, folder));
        CREATE INDEX IF NOT EXISTS set_uploads_by_folder ON set_uploads(folder);
        -- owner: a set id, or "demo:NAME" for a built-in set (demo sets have no row in sets).
        CREATE TABLE IF NOT EXISTS atlas_owners (owner TEXT PRIMARY KEY, atlas TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS atlas_owners_by_atlas ON atlas_owners(atlas);
        """;

    /// <summary>Where uploaded images are unpacked under a data folder, one folder per upload.</summary>
    public static string UploadedImagesFolder(string dataPath) => Path.Combine(dataPath, "images");

    /// <summary>Where sprite atlases are cached under a data folder.</summary>
    public static string SpritesFolder(string dataPath) => Path.Combine(dataPath, "sprites");

    /// <summary>The owner name of a demo set's atlas.</summary>
    public static string DemoAtlasOwner(string demoName) => "demo:" + demoName;

    private string ImagesPath => UploadedImagesFolder(Options.DataPath);
    private string SpritesPath => SpritesFolder(Options.DataPath);

    /// <summary>The upload folders (names under <see cref="UploadedImagesFolder"/>) the set's image column points into.</summary>
    public IReadOnlyCollection<string> UploadsOf(EmbeddingSet set) => UploadsOf(set, ImagesPath);

    /// <summary>The entries of <paramref name="imagesFolder"/> (one per upload) the set's image column points into.</summary>
    public static IReadOnlyCollection<string> UploadsOf(EmbeddingSet set, string imagesFolder)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        if (ImageColumn.Paths(set) is not { } paths) return folders;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(imagesFolder)) + Path.DirectorySeparatorChar;
        foreach (var path in paths)
        {
            if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path)) continue;
            string full;
            try { full = Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { continue; }
            if (!full.StartsWith(root, StringComparison.Ordinal)) continue;
            var rest = full[root.Length..];
            int slash = rest.IndexOf(Path.DirectorySeparatorChar);
            folders.Add(slash < 0 ? rest : rest[..slash]);
        }
        return folders;
    }

    /// <summary>A saved set's upload folders (read from its file when it was saved before they were tracked).</summary>
    private IReadOnlyCollection<string> UploadsOf(string setId)
    {
        using var db = Open();
        using (var tracked = Command(db, "SELECT uploads_indexed FROM sets WHERE id = $s;", ("$s", setId)))
            if (tracked.ExecuteScalar() is null or DBNull)
                return UploadsOf(SetFile.Read(Path.Combine(_setsPath, setId + ".elset")));
        return Strings(db, "SELECT folder FROM set_uploads WHERE set_id = $s;", ("$s", setId));
    }

    /// <summary>
    /// Records that <paramref name="owner"/> (a set id, or <see cref="DemoAtlasOwner"/>) is shown with atlas
    /// <paramref name="key"/>; the atlas it was shown with before is deleted when no other set uses it (the set's images
    /// changed, or a demo was rebuilt). Unknown set ids are ignored (the set was deleted meanwhile).
    /// </summary>
    public void UseAtlas(string owner, string key)
    {
        if (!IsAtlasKey(key)) throw new ArgumentException("Not an atlas key.", nameof(key));
        Released released;
        lock (_writeGate)
        {
            using var db = Open();
            using var tx = db.BeginTransaction();
            if (!owner.StartsWith("demo:", StringComparison.Ordinal))
                using (var exists = Command(db, "SELECT 1 FROM sets WHERE id = $s;", ("$s", owner)))
                    if (exists.ExecuteScalar() is null) return;
            var before = Strings(db, "SELECT atlas FROM atlas_owners WHERE owner = $o;", ("$o", owner));
            if (before.Count == 1 && before[0] == key) return;
            Execute(db, "INSERT INTO atlas_owners(owner, atlas) VALUES($o, $a) ON CONFLICT(owner) DO UPDATE SET atlas = $a;", ("$o", owner), ("$a", key));
            released = Unused(db, new Released([], before));
            tx.Commit();
        }
        DeleteReleased(released);
    }

    /// <summary>The atlas keys sets are shown with (for tests and the sweep).</summary>
    public IReadOnlyList<string> AtlasesInUse()
    {
        using var db = Open();
        return Strings(db, "SELECT DISTINCT atlas FROM atlas_owners;");
    }

    private sealed record Released(IReadOnlyList<string> Uploads, IReadOnlyList<string> Atlases);

    /// <summary>What a set holds, read before its rows go (inside the caller's write transaction); its atlas row goes now.</summary>
    private static Released Release(SqliteConnection db, string setId)
    {
        var uploads = Strings(db, "SELECT folder FROM set_uploads WHERE set_id = $s;", ("$s", setId));
        var atlases = Strings(db, "SELECT atlas FROM atlas_owners WHERE owner = $s;", ("$s", setId));
        Execute(db, "DELETE FROM atlas_owners WHERE owner = $s;", ("$s", setId));
        return new Released(uploads, atlases);
    }

    /// <summary>Of what was released, what no set uses any more (after the caller changed the rows).</summary>
    private static Released Unused(SqliteConnection db, Released released)
    {
        bool Used(string sql, string value)
        {
            using var cmd = Command(db, sql, ("$v", value));
            return cmd.ExecuteScalar() is not null;
        }
        return new Released(
            released.Uploads.Where(f => !Used("SELECT 1 FROM set_uploads WHERE folder = $v;", f)).ToList(),
            released.Atlases.Where(a => !Used("SELECT 1 FROM atlas_owners WHERE atlas = $v;", a)).ToList());
    }

    private void DeleteReleased(Released released)
    {
        foreach (var folder in released.Uploads) DeleteUpload(folder);
        foreach (var atlas in released.Atlases) DeleteAtlas(atlas);
    }

    private void DeleteUpload(string name)
    {
        // Names come from the catalogue or a directory listing; never follow one out of the images folder.
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0) return;
        var path = Path.Combine(ImagesPath, name);
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private void DeleteAtlas(string key)
    {
        if (!IsAtlasKey(key) || !Directory.Exists(SpritesPath)) return;
        foreach (var file in Directory.EnumerateFiles(SpritesPath, key + ".*")) TryDelete(file);
    }

    /// <summary>Atlas keys are 32 lower-case hex digits (a hash of the set's image files and the layout).</summary>
    public static bool IsAtlasKey(string? key) => key is { Length: 32 } && key.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>What a start-up sweep removed.</summary>
    public sealed record SweepResult(int Uploads, int Atlases, int UnreadableSets);

    /// <summary>
    /// Deletes upload folders and atlas files no set uses and not touched for <paramref name="olderThan"/> (younger ones
    /// may belong to an upload being encoded or an atlas being saved right now). Sets saved before uploads were tracked
    /// are read once to learn their folders; while any of them cannot be read, no upload is deleted.
    /// </summary>
    public SweepResult SweepFiles(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        int unreadable = IndexUntrackedSets(cancellationToken);
        var cutoff = DateTime.UtcNow - olderThan;
        HashSet<string> uploads, atlases;
        using (var db = Open())
        {
            uploads = Strings(db, "SELECT DISTINCT folder FROM set_uploads;").ToHashSet(StringComparer.Ordinal);
            atlases = Strings(db, "SELECT DISTINCT atlas FROM atlas_owners;").ToHashSet(StringComparer.Ordinal);
        }
        int removedUploads = 0, removedAtlases = 0;
        if (unreadable == 0 && Directory.Exists(ImagesPath))
            foreach (var entry in new DirectoryInfo(ImagesPath).EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (uploads.Contains(entry.Name) || entry.LastWriteTimeUtc > cutoff) continue;
                DeleteUpload(entry.Name);
                removedUploads++;
            }
        if (Directory.Exists(SpritesPath))
            foreach (var file in new DirectoryInfo(SpritesPath).EnumerateFiles())
            {
                int dot = file.Name.IndexOf('.');
                var key = dot < 0 ? file.Name : file.Name[..dot];
                if (atlases.Contains(key) || file.LastWriteTimeUtc > cutoff) continue;
                TryDelete(file.FullName);
                if (file.Name.EndsWith(".png", StringComparison.Ordinal)) removedAtlases++;
            }
        return new SweepResult(removedUploads, removedAtlases, unreadable);
    }

    /// <summary>Records the upload folders of sets saved before they were tracked; returns how many could not be read.</summary>
    private int IndexUntrackedSets(CancellationToken cancellationToken)
    {
        List<(string Id, string File, bool HasImages)> untracked = new();
        using (var db = Open())
        using (var cmd = Command(db, """
            SELECT s.id, s.file, EXISTS(SELECT 1 FROM set_columns c WHERE c.set_id = s.id AND c.name = $image)
            FROM sets s WHERE s.uploads_indexed IS NULL;
            """, ("$image", ImageColumn.Name)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) untracked.Add((r.GetString(0), r.GetString(1), r.GetInt64(2) != 0));
        int unreadable = 0;
        foreach (var (id, file, hasImages) in untracked)
        {
            IReadOnlyCollection<string> folders = [];
            if (hasImages)
            {
                try { folders = UploadsOf(SetFile.Read(Path.Combine(_setsPath, file), cancellationToken)); }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { unreadable++; continue; }
            }
            lock (_writeGate)
            {
                using var db = Open();
                using var tx = db.BeginTransaction();
                foreach (var folder in folders)
                    Execute(db, "INSERT OR IGNORE INTO set_uploads(set_id, folder) SELECT id, $f FROM sets WHERE id = $s;", ("$s", id), ("$f", folder));
                Execute(db, "UPDATE sets SET uploads_indexed = 1 WHERE id = $s;", ("$s", id));
                tx.Commit();
            }
        }
        return unreadable;
    }

    private static List<string> Strings(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(db, sql, parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }
}
