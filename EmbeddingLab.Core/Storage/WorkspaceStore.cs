using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EmbeddingLab.Core.Vectors;
using Microsoft.Data.Sqlite;

namespace EmbeddingLab.Core.Storage;

/// <summary>A set in the catalogue: what it is, without loading its vectors.</summary>
public sealed record StoredSet(
    string Id, string Name, string Kind, string Description, int Count, int Dimensions, IReadOnlyList<string> Columns,
    string? Parameters, long Bytes, DateTimeOffset Created);

/// <summary>A projection of a set: method, parameters (JSON) and the row-major coordinates (Count × Dims).</summary>
public sealed record StoredProjection(string SetName, string Method, int Dims, string Parameters, float[] Coordinates, DateTimeOffset Created);

/// <summary>A clustering of a set: method, parameters (JSON) and one label per row (-1 = noise).</summary>
public sealed record StoredClustering(string SetName, string Method, string Parameters, int[] Labels, DateTimeOffset Created);

/// <summary>
/// A bookmark of a set: a row (<paramref name="Key"/>, may be empty) with a note, and optionally a saved view of the
/// projector (<paramref name="View"/>: its URL query without the set, which is <paramref name="SetName"/>, so renaming
/// the set keeps the bookmark working).
/// </summary>
public sealed record StoredBookmark(long Id, string SetName, string Key, string Note, DateTimeOffset Created, string? View = null);

/// <summary>A workspace job as last recorded: state is Running, Succeeded, Failed, Cancelled or Interrupted.</summary>
public sealed record StoredJob(string Id, string Title, string Kind, string State, double? Fraction, string Status, string? Error, DateTimeOffset Started, DateTimeOffset? Finished);

/// <summary>A write that would take a workspace over its storage quota.</summary>
public sealed class WorkspaceQuotaException(string message) : InvalidOperationException(message);

/// <summary>
/// Where the store lives and how much each workspace may hold. <paramref name="WritePause"/> is for the kill tests
/// only: every set write stops this long half-way (vectors written, keys not yet), so a test can kill the process
/// while a set file is half-written.
/// </summary>
public sealed record WorkspaceStoreOptions(string DataPath, long QuotaBytes = 2L << 30, TimeSpan WritePause = default);

/// <summary>
/// Every browser workspace on disk: a SQLite catalogue (workspaces, sets, metadata columns, projections, clusterings,
/// bookmarks, jobs) and one file per set in <c>sets/</c>, named by a random id, never by the set's name. A set is
/// written to a temporary file, flushed, and renamed into place inside the transaction that adds its catalogue row,
/// so a crash leaves either the old state or the new one; files no row names (a crash between rename and commit) and
/// temporary files are removed at start-up. Files that belong to sets (uploaded images, sprite atlases) are tracked
/// too and deleted with the last set that uses them (WorkspaceStore.Files.cs).
/// </summary>
public sealed partial class WorkspaceStore
{
    private readonly string _connectionString;
    private readonly string _setsPath;
    // One writer at a time within the process; SQLite serialises across processes (WAL, busy timeout).
    private readonly object _writeGate = new();

    public WorkspaceStore(WorkspaceStoreOptions options)
    {
        Options = options;
        Directory.CreateDirectory(options.DataPath);
        _setsPath = Path.Combine(options.DataPath, "sets");
        Directory.CreateDirectory(_setsPath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.DataPath, "catalogue.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var db = Open();
        Execute(db, "PRAGMA journal_mode=WAL;");
        Execute(db, Schema);
        AddColumnIfMissing(db, "bookmarks", "view", "TEXT");
        AddColumnIfMissing(db, "sets", "uploads_indexed", "INTEGER");
        Execute(db, FilesSchema);
        RemoveOrphans(db);
    }

    public WorkspaceStoreOptions Options { get; }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS workspaces (id TEXT PRIMARY KEY, created TEXT NOT NULL, last_seen TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sets (
            id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            name TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL, count INTEGER NOT NULL, dims INTEGER NOT NULL,
            parameters TEXT, bytes INTEGER NOT NULL, file TEXT NOT NULL, created TEXT NOT NULL,
            UNIQUE (workspace_id, name));
        CREATE TABLE IF NOT EXISTS set_columns (set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
            name TEXT NOT NULL, PRIMARY KEY (set_id, ordinal));
        -- Projections, clusterings and bookmarks name their set (demo sets too, which have no row in sets).
        CREATE TABLE IF NOT EXISTS projections (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            set_name TEXT NOT NULL, method TEXT NOT NULL, dims INTEGER NOT NULL, parameters TEXT NOT NULL, coordinates BLOB NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS clusterings (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            set_name TEXT NOT NULL, method TEXT NOT NULL, parameters TEXT NOT NULL, labels BLOB NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS bookmarks (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            set_name TEXT NOT NULL, key TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            title TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, fraction REAL, status TEXT NOT NULL, error TEXT,
            started TEXT NOT NULL, finished TEXT);
        CREATE INDEX IF NOT EXISTS sets_by_workspace ON sets(workspace_id);
        CREATE INDEX IF NOT EXISTS projections_by_set ON projections(workspace_id, set_name);
        CREATE INDEX IF NOT EXISTS jobs_by_workspace ON jobs(workspace_id);
        """;

    // --- workspace ids ---------------------------------------------------------------------------------------------

    /// <summary>A new unguessable workspace id: 32 random bytes, base64url (43 characters).</summary>
    public static string NewWorkspaceId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True for strings shaped like <see cref="NewWorkspaceId"/> (anything else from a cookie is ignored).</summary>
    public static bool IsWorkspaceId(string? id) =>
        id is { Length: 43 } && id.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>Records the workspace (first visit) or its last visit.</summary>
    public void Touch(string workspaceId)
    {
        Check(workspaceId);
        lock (_writeGate)
        {
            using var db = Open(durable: false);
            var now = Now();
            Execute(db, "INSERT INTO workspaces(id, created, last_seen) VALUES($id, $now, $now) ON CONFLICT(id) DO UPDATE SET last_seen = $now;",
                ("$id", workspaceId), ("$now", now));
        }
    }

    // --- sets ------------------------------------------------------------------------------------------------------

    public IReadOnlyList<StoredSet> ListSets(string workspaceId)
    {
        Check(workspaceId);
        using var db = Open();
        using var cmd = Command(db, "SELECT id, name, kind, description, count, dims, parameters, bytes, created FROM sets WHERE workspace_id = $w ORDER BY created, name;", ("$w", workspaceId));
        var rows = new List<(string Id, string Name, string Kind, string Desc, int Count, int Dims, string? Params, long Bytes, string Created)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7), r.GetString(8)));
        var columns = new Dictionary<string, List<string>>();
        using (var c = Command(db, "SELECT c.set_id, c.name FROM set_columns c JOIN sets s ON s.id = c.set_id WHERE s.workspace_id = $w ORDER BY c.set_id, c.ordinal;", ("$w", workspaceId)))
        using (var r = c.ExecuteReader())
            while (r.Read())
            {
                if (!columns.TryGetValue(r.GetString(0), out var list)) columns[r.GetString(0)] = list = new List<string>();
                list.Add(r.GetString(1));
            }
        return rows.Select(x => new StoredSet(x.Id, x.Name, x.Kind, x.Desc, x.Count, x.Dims, columns.GetValueOrDefault(x.Id) ?? [], x.Params, x.Bytes, Parse(x.Created))).ToList();
    }

    public StoredSet? FindSet(string workspaceId, string name) => ListSets(workspaceId).FirstOrDefault(s => s.Name == name);

    /// <summary>Bytes a workspace holds (set files, projections, clusterings).</summary>
    public long UsedBytes(string workspaceId)
    {
        Check(workspaceId);
        using var db = Open();
        return UsedBytes(db, workspaceId);
    }

    private static long UsedBytes(SqliteConnection db, string workspaceId)
    {
        using var cmd = Command(db, """
            SELECT COALESCE((SELECT SUM(bytes) FROM sets WHERE workspace_id = $w), 0)
                 + COALESCE((SELECT SUM(LENGTH(coordinates)) FROM projections WHERE workspace_id = $w), 0)
                 + COALESCE((SELECT SUM(LENGTH(labels)) FROM clusterings WHERE workspace_id = $w), 0);
            """, ("$w", workspaceId));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Saves a set under a name, replacing a set of that name (its projections go with it). Throws
    /// <see cref="WorkspaceQuotaException"/> when the workspace would go over its quota.
    /// </summary>
    public StoredSet SaveSet(string workspaceId, string name, string kind, string description, EmbeddingSet set, string? parameters = null, CancellationToken cancellationToken = default)
    {
        Check(workspaceId);
        CheckName(name);
        long estimate = SetFile.EstimateBytes(set);
        CheckQuota(workspaceId, name, estimate);
        var id = NewFileId();
        var temp = Path.Combine(_setsPath, id + ".tmp");
        long bytes;
        Action? halfway = Options.WritePause > TimeSpan.Zero ? () => Thread.Sleep(Options.WritePause) : null;
        try { bytes = SetFile.Write(set, temp, cancellationToken, halfway); }
        catch { TryDelete(temp); throw; }
        return Commit(workspaceId, name, kind, description, set.Count, set.Dimensions, set.Metadata.Select(c => c.Name).ToList(), parameters, id, temp, bytes,
            UploadsOf(set));
    }

    private StoredSet Commit(string workspaceId, string name, string kind, string description, int count, int dims, IReadOnlyList<string> columns,
        string? parameters, string id, string temp, long bytes, IReadOnlyCollection<string> uploads)
    {
        var final = Path.Combine(_setsPath, id + ".elset");
        string? replacedFile = null;
        Released? released = null;
        var created = DateTimeOffset.UtcNow;
        lock (_writeGate)
        {
            using var db = Open();
            try
            {
                using var tx = db.BeginTransaction();
                long used = UsedBytes(db, workspaceId);
                string? replacedId = null;
                using (var old = Command(db, "SELECT id, file, bytes FROM sets WHERE workspace_id = $w AND name = $n;", ("$w", workspaceId), ("$n", name)))
                using (var r = old.ExecuteReader())
                    if (r.Read())
                    {
                        replacedId = r.GetString(0);
                        replacedFile = r.GetString(1);
                        used -= r.GetInt64(2);
                    }
                if (used + bytes > Options.QuotaBytes) throw QuotaError(bytes, used);
                EnsureWorkspace(db, workspaceId);
                if (replacedId is not null)
                {
                    released = Release(db, replacedId);
                    DeleteRows(db, workspaceId, name, keepBookmarks: true);
                }
                Execute(db, "INSERT INTO sets(id, workspace_id, name, kind, description, count, dims, parameters, bytes, file, created, uploads_indexed) VALUES($id, $w, $n, $k, $d, $c, $dims, $p, $b, $f, $t, 1);",
                    ("$id", id), ("$w", workspaceId), ("$n", name), ("$k", kind), ("$d", description), ("$c", count), ("$dims", dims), ("$p", parameters), ("$b", bytes), ("$f", id + ".elset"), ("$t", Format(created)));
                for (int i = 0; i < columns.Count; i++)
                    Execute(db, "INSERT INTO set_columns(set_id, ordinal, name) VALUES($s, $o, $n);", ("$s", id), ("$o", i), ("$n", columns[i]));
                foreach (var folder in uploads)
                    Execute(db, "INSERT OR IGNORE INTO set_uploads(set_id, folder) VALUES($s, $f);", ("$s", id), ("$f", folder));
                // What the replaced set used and the new one does not is deleted after the commit.
                released = released is null ? null : Unused(db, released);
                // The rename is the last step before commit: a crash before it leaves a .tmp (removed at start-up), after
                // it but before the commit a file no row names (also removed).
                File.Move(temp, final);
                tx.Commit();
            }
            catch
            {
                TryDelete(temp);
                TryDelete(final);
                throw;
            }
        }
        if (replacedFile is not null) TryDelete(Path.Combine(_setsPath, replacedFile));
        if (released is not null) DeleteReleased(released);
        return new StoredSet(id, name, kind, description, count, dims, columns, parameters, bytes, created);
    }

    /// <summary>Loads a set's vectors (streamed from its file).</summary>
    public EmbeddingSet LoadSet(StoredSet set, CancellationToken cancellationToken = default) =>
        SetFile.Read(Path.Combine(_setsPath, set.Id + ".elset"), cancellationToken);

    public void RenameSet(string workspaceId, string name, string newName)
    {
        Check(workspaceId);
        CheckName(newName);
        lock (_writeGate)
        {
            using var db = Open();
            if (name == newName) return;
            if (Exists(db, workspaceId, newName)) throw new InvalidOperationException($"There is already a set called \"{newName}\".");
            using var tx = db.BeginTransaction();
            int n = Execute(db, "UPDATE sets SET name = $new WHERE workspace_id = $w AND name = $n;", ("$new", newName), ("$w", workspaceId), ("$n", name));
            if (n == 0) throw new KeyNotFoundException($"There is no set called \"{name}\" in this workspace.");
            foreach (var table in new[] { "projections", "clusterings", "bookmarks" })
                Execute(db, $"UPDATE {table} SET set_name = $new WHERE workspace_id = $w AND set_name = $n;", ("$new", newName), ("$w", workspaceId), ("$n", name));
            tx.Commit();
        }
    }

    public void DeleteSet(string workspaceId, string name)
    {
        Check(workspaceId);
        string? id = null, file = null;
        Released released;
        lock (_writeGate)
        {
            using var db = Open();
            using var tx = db.BeginTransaction();
            using (var cmd = Command(db, "SELECT id, file FROM sets WHERE workspace_id = $w AND name = $n;", ("$w", workspaceId), ("$n", name)))
            using (var r = cmd.ExecuteReader())
                if (r.Read()) (id, file) = (r.GetString(0), r.GetString(1));
            if (id is null || file is null) throw new KeyNotFoundException($"There is no set called \"{name}\" in this workspace.");
            released = Release(db, id);
            DeleteRows(db, workspaceId, name, keepBookmarks: false);
            released = Unused(db, released);
            tx.Commit();
        }
        TryDelete(Path.Combine(_setsPath, file));
        DeleteReleased(released);
    }

    private static void DeleteRows(SqliteConnection db, string workspaceId, string name, bool keepBookmarks)
    {
        Execute(db, "DELETE FROM sets WHERE workspace_id = $w AND name = $n;", ("$w", workspaceId), ("$n", name));
        foreach (var table in keepBookmarks ? new[] { "projections", "clusterings" } : new[] { "projections", "clusterings", "bookmarks" })
            Execute(db, $"DELETE FROM {table} WHERE workspace_id = $w AND set_name = $n;", ("$w", workspaceId), ("$n", name));
    }

    /// <summary>Copies a set (file, columns and latest projection) under a new name.</summary>
    public StoredSet DuplicateSet(string workspaceId, string name, string newName)
    {
        Check(workspaceId);
        CheckName(newName);
        var source = FindSet(workspaceId, name) ?? throw new KeyNotFoundException($"There is no set called \"{name}\" in this workspace.");
        CheckQuota(workspaceId, newName, source.Bytes);
        var id = NewFileId();
        var temp = Path.Combine(_setsPath, id + ".tmp");
        try
        {
            File.Copy(Path.Combine(_setsPath, source.Id + ".elset"), temp);
            using (var f = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) f.Flush(flushToDisk: true);
        }
        catch { TryDelete(temp); throw; }
        lock (_writeGate)
        {
            using var db = Open();
            if (Exists(db, workspaceId, newName)) { TryDelete(temp); throw new InvalidOperationException($"There is already a set called \"{newName}\"."); }
        }
        var copy = Commit(workspaceId, newName, source.Kind, source.Description, source.Count, source.Dimensions, source.Columns, source.Parameters, id, temp, source.Bytes,
            UploadsOf(source.Id));
        if (LatestProjection(workspaceId, name) is { } p) SaveProjection(workspaceId, newName, p.Method, p.Dims, p.Parameters, p.Coordinates);
        return copy;
    }

    // --- projections, clusterings, bookmarks ----------------------------------------------------------------------

    /// <summary>Records a projection of a set (a workspace set or a demo set, by name); the last four per set are kept.</summary>
    public void SaveProjection(string workspaceId, string setName, string method, int dims, string parameters, ReadOnlySpan<float> coordinates) =>
        SaveResult(workspaceId, "projections", setName, MemoryMarshal.AsBytes(coordinates).ToArray(),
            ("method", method), ("dims", dims), ("parameters", parameters), ("coordinates", null));

    public StoredProjection? LatestProjection(string workspaceId, string setName) =>
        LatestResult(workspaceId, "projections", "method, dims, parameters, coordinates, created", setName,
            r => new StoredProjection(setName, r.GetString(0), r.GetInt32(1), r.GetString(2), MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(3)).ToArray(), Parse(r.GetString(4))));

    /// <summary>Records a clustering of a set (its labels); the last four per set are kept.</summary>
    public void SaveClustering(string workspaceId, string setName, string method, string parameters, ReadOnlySpan<int> labels) =>
        SaveResult(workspaceId, "clusterings", setName, MemoryMarshal.AsBytes(labels).ToArray(),
            ("method", method), ("parameters", parameters), ("labels", null));

    public StoredClustering? LatestClustering(string workspaceId, string setName) =>
        LatestResult(workspaceId, "clusterings", "method, parameters, labels, created", setName,
            r => new StoredClustering(setName, r.GetString(0), r.GetString(1), MemoryMarshal.Cast<byte, int>((byte[])r.GetValue(2)).ToArray(), Parse(r.GetString(3))));

    /// <summary>
    /// One result of a set (a projection's coordinates, a clustering's labels) as a row of <paramref name="table"/>; the
    /// field whose value is null takes the blob. Only the latest few per set are kept: pages show the last one; older
    /// ones would only fill the quota.
    /// </summary>
    private void SaveResult(string workspaceId, string table, string setName, byte[] blob, params (string Column, object? Value)[] fields)
    {
        Check(workspaceId);
        var columns = string.Join(", ", fields.Select(f => f.Column));
        var values = string.Join(", ", fields.Select(f => "$" + f.Column));
        (string, object?)[] parameters = [.. fields.Select(f => ("$" + f.Column, f.Value ?? blob)), ("$w", workspaceId), ("$n", setName), ("$t", Now())];
        lock (_writeGate)
        {
            using var db = Open();
            long used = UsedBytes(db, workspaceId);
            if (used + blob.Length > Options.QuotaBytes) throw QuotaError(blob.Length, used);
            using var tx = db.BeginTransaction();
            EnsureWorkspace(db, workspaceId);
            Execute(db, $"DELETE FROM {table} WHERE workspace_id = $w AND set_name = $n AND id NOT IN (SELECT id FROM {table} WHERE workspace_id = $w AND set_name = $n ORDER BY id DESC LIMIT 3);",
                ("$w", workspaceId), ("$n", setName));
            Execute(db, $"INSERT INTO {table}(workspace_id, set_name, {columns}, created) VALUES($w, $n, {values}, $t);", parameters);
            tx.Commit();
        }
    }

    private T? LatestResult<T>(string workspaceId, string table, string columns, string setName, Func<SqliteDataReader, T> read) where T : class
    {
        Check(workspaceId);
        using var db = Open();
        using var cmd = Command(db, $"SELECT {columns} FROM {table} WHERE workspace_id = $w AND set_name = $n ORDER BY id DESC LIMIT 1;",
            ("$w", workspaceId), ("$n", setName));
        using var r = cmd.ExecuteReader();
        return r.Read() ? read(r) : null;
    }

    public StoredBookmark AddBookmark(string workspaceId, string setName, string key, string note, string? view = null)
    {
        Check(workspaceId);
        lock (_writeGate)
        {
            using var db = Open();
            EnsureWorkspace(db, workspaceId);
            var now = DateTimeOffset.UtcNow;
            Execute(db, "INSERT INTO bookmarks(workspace_id, set_name, key, note, created, view) VALUES($w, $s, $k, $n, $t, $v);",
                ("$w", workspaceId), ("$s", setName), ("$k", key), ("$n", note), ("$t", Format(now)), ("$v", view));
            using var id = Command(db, "SELECT last_insert_rowid();");
            return new StoredBookmark((long)id.ExecuteScalar()!, setName, key, note, now, view);
        }
    }

    public IReadOnlyList<StoredBookmark> Bookmarks(string workspaceId)
    {
        Check(workspaceId);
        using var db = Open();
        using var cmd = Command(db, "SELECT id, set_name, key, note, created, view FROM bookmarks WHERE workspace_id = $w ORDER BY id;", ("$w", workspaceId));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredBookmark>();
        while (r.Read())
            list.Add(new StoredBookmark(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Parse(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5)));
        return list;
    }

    /// <summary>Gives a bookmark a new note (its name in the bookmark list); false when the workspace has no such bookmark.</summary>
    public bool RenameBookmark(string workspaceId, long id, string note)
    {
        Check(workspaceId);
        lock (_writeGate)
        {
            using var db = Open();
            return Execute(db, "UPDATE bookmarks SET note = $n WHERE id = $id AND workspace_id = $w;", ("$n", note), ("$id", id), ("$w", workspaceId)) > 0;
        }
    }

    public void RemoveBookmark(string workspaceId, long id)
    {
        Check(workspaceId);
        lock (_writeGate)
        {
            using var db = Open();
            Execute(db, "DELETE FROM bookmarks WHERE id = $id AND workspace_id = $w;", ("$id", id), ("$w", workspaceId));
        }
    }

    // --- jobs ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Records a job's state. Not flushed to disk on commit (bookkeeping, written many times a job): a power cut may
    /// lose the last few updates, which then show the job's earlier state; never a torn catalogue (WAL).
    /// </summary>
    public void SaveJob(string workspaceId, StoredJob job)
    {
        Check(workspaceId);
        lock (_writeGate)
        {
            using var db = Open(durable: false);
            EnsureWorkspace(db, workspaceId);
            Execute(db, """
                INSERT INTO jobs(id, workspace_id, title, kind, state, fraction, status, error, started, finished) VALUES($id, $w, $t, $k, $s, $f, $st, $e, $b, $end)
                ON CONFLICT(id) DO UPDATE SET state = $s, fraction = $f, status = $st, error = $e, finished = $end;
                """,
                ("$id", job.Id), ("$w", workspaceId), ("$t", job.Title), ("$k", job.Kind), ("$s", job.State), ("$f", job.Fraction), ("$st", job.Status),
                ("$e", job.Error), ("$b", Format(job.Started)), ("$end", job.Finished is { } f ? Format(f) : null));
        }
    }

    /// <summary>The latest jobs of a workspace (newest last).</summary>
    public IReadOnlyList<StoredJob> Jobs(string workspaceId, int limit = 50)
    {
        Check(workspaceId);
        using var db = Open();
        using var cmd = Command(db, "SELECT id, title, kind, state, fraction, status, error, started, finished FROM (SELECT * FROM jobs WHERE workspace_id = $w ORDER BY started DESC LIMIT $l) ORDER BY started;",
            ("$w", workspaceId), ("$l", limit));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredJob>();
        while (r.Read())
            list.Add(new StoredJob(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), Parse(r.GetString(7)), r.IsDBNull(8) ? null : Parse(r.GetString(8))));
        return list;
    }

    /// <summary>At start-up (or shutdown): every job still marked running was cut off by a server stop.</summary>
    public int MarkRunningJobsInterrupted()
    {
        lock (_writeGate)
        {
            using var db = Open();
            return Execute(db, "UPDATE jobs SET state = 'Interrupted', finished = $t WHERE state = 'Running';", ("$t", Now()));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void CheckQuota(string workspaceId, string name, long bytes)
    {
        using var db = Open();
        long used = UsedBytes(db, workspaceId);
        using (var cmd = Command(db, "SELECT bytes FROM sets WHERE workspace_id = $w AND name = $n;", ("$w", workspaceId), ("$n", name)))
            if (cmd.ExecuteScalar() is long replaced) used -= replaced;
        if (used + bytes > Options.QuotaBytes) throw QuotaError(bytes, used);
    }

    private WorkspaceQuotaException QuotaError(long bytes, long used) =>
        new($"This needs {FormatBytes(bytes)} but the workspace has {FormatBytes(Math.Max(0, Options.QuotaBytes - used))} left of its {FormatBytes(Options.QuotaBytes)} quota; delete or download sets to make room.");

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} bytes",
    };

    private void RemoveOrphans(SqliteConnection db)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command(db, "SELECT file FROM sets;"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) known.Add(r.GetString(0));
        foreach (var file in Directory.EnumerateFiles(_setsPath))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".tmp", StringComparison.Ordinal) || !known.Contains(name)) TryDelete(file);
        }
    }

    private static void Check(string workspaceId)
    {
        if (!IsWorkspaceId(workspaceId)) throw new ArgumentException("Not a workspace id.", nameof(workspaceId));
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A set needs a name.");
        if (name.Length > 200) throw new ArgumentException("Set names are at most 200 characters.");
    }

    private static string NewFileId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static bool Exists(SqliteConnection db, string workspaceId, string name)
    {
        using var cmd = Command(db, "SELECT 1 FROM sets WHERE workspace_id = $w AND name = $n;", ("$w", workspaceId), ("$n", name));
        return cmd.ExecuteScalar() is not null;
    }

    private static void EnsureWorkspace(SqliteConnection db, string workspaceId) =>
        Execute(db, "INSERT OR IGNORE INTO workspaces(id, created, last_seen) VALUES($id, $now, $now);", ("$id", workspaceId), ("$now", Now()));

    /// <summary>
    /// A connection; <paramref name="durable"/> commits wait for the disk (sets, projections, bookmarks: what a user made).
    /// Bookkeeping (job states, last visits) commits without: in WAL mode that is still atomic and consistent, and it
    /// keeps an fsync — tens to hundreds of milliseconds on a busy disk, under the one write lock — off every job's start,
    /// progress and end (twenty workspaces queued behind each other's job records).
    /// </summary>
    private SqliteConnection Open(bool durable = true)
    {
        var db = new SqliteConnection(_connectionString);
        db.Open();
        Execute(db, durable ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;" : "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        return db;
    }

    private static SqliteCommand Command(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    // Catalogues written by an earlier version lack columns added since; CREATE TABLE IF NOT EXISTS does not add them.
    private static void AddColumnIfMissing(SqliteConnection db, string table, string column, string type)
    {
        using (var info = Command(db, $"SELECT 1 FROM pragma_table_info('{table}') WHERE name = $c;", ("$c", column)))
            if (info.ExecuteScalar() is not null) return;
        Execute(db, $"ALTER TABLE {table} ADD COLUMN {column} {type};");
    }

    private static int Execute(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(db, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    private static string Now() => Format(DateTimeOffset.UtcNow);
    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
