using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmbeddingLab.Core.Sprites;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Sprites;

/// <summary>
/// The sprite atlas of every set with pictures, built once in the background and shared by every session: kept in
/// memory (the few most recent) and on disk under DataPath/sprites (the next start reads it back). An atlas is named by
/// a hash of its rows' image files (path, size, modification time) and the layout settings, so a set saved under
/// another name shares it, and a changed file makes a new one.
/// Image files are read only from the <see cref="Images.ImageFolders"/> (uploaded images, the emoji package,
/// EmbeddingLab:ImageFolders), like every other thumbnail. Each set's atlas is recorded in the catalogue
/// (<see cref="Use"/>): an atlas no set shows any more (set deleted, images changed) is deleted from disk.
/// </summary>
public sealed class SpriteAtlases
{
    private const int Version = 1;
    private const int MemoryAtlases = 6;
    private readonly string _folder;
    private readonly SpriteAtlasOptions _options;
    private readonly ILogger<SpriteAtlases> _log;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<string, Lazy<Task<SpriteAtlas>>> _building = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<EmbeddingSet, string> _keys = new();
    private readonly object _gate = new();
    private readonly LinkedList<(string Key, SpriteAtlas Atlas)> _recent = new();
    private readonly Core.Storage.WorkspaceStore? _store;

    public SpriteAtlases(WorkspaceSettings settings, Images.ImageFolders folders, ILogger<SpriteAtlases> log, IHostApplicationLifetime? lifetime = null,
        Core.Storage.WorkspaceStore? store = null)
    {
        _folder = Core.Storage.WorkspaceStore.SpritesFolder(settings.DataPath);
        _store = store;
        _log = log;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        // Half the cores: the atlas is built in the background while sessions keep working.
        _options = new SpriteAtlasOptions { AllowedFolders = folders.Roots, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount / 2) };
    }

    public SpriteAtlasOptions Options => _options;

    /// <summary>The atlas's name for a set, or null when no row has an image (hashes file sizes and times: call off the UI thread).</summary>
    public string? KeyFor(EmbeddingSet set)
    {
        if (_keys.TryGetValue(set, out var known)) return known.Length == 0 ? null : known;
        var key = ComputeKey(set) ?? "";
        _keys.AddOrUpdate(set, key);
        return key.Length == 0 ? null : key;
    }

    private string? ComputeKey(EmbeddingSet set)
    {
        if (ImageColumn.Paths(set) is not { } paths || !paths.Any(p => !string.IsNullOrEmpty(p))) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) { hash.AppendData(Encoding.UTF8.GetBytes(s)); hash.AppendData("\n"u8); }
        Add($"v{Version} cell={_options.CellSize} max={_options.MaxImages} px={_options.MaxSourcePixels}");
        foreach (var folder in _options.AllowedFolders ?? []) Add(folder);
        foreach (var path in paths)
        {
            Add(path ?? "");
            if (string.IsNullOrEmpty(path)) continue;
            try
            {
                var file = new FileInfo(path);
                Add(file.Exists ? $"{file.Length} {file.LastWriteTimeUtc.Ticks}" : "-");
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException) { Add("?"); }
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..32].ToLowerInvariant();
    }

    /// <summary>The atlas if it is already built (memory or disk), else null.</summary>
    public SpriteAtlas? TryGet(string key)
    {
        lock (_gate)
            foreach (var (k, atlas) in _recent)
                if (k == key) return atlas;
        return null;
    }

    /// <summary>
    /// The set's atlas: from memory, from disk, or built now in the background (once, however many ask). Cancelling
    /// stops only this caller's wait; the build goes on for the others.
    /// </summary>
    public Task<SpriteAtlas> GetAsync(EmbeddingSet set, string key, CancellationToken cancellationToken = default)
    {
        if (TryGet(key) is { } ready) return Task.FromResult(ready);
        var lazy = _building.GetOrAdd(key, k => new Lazy<Task<SpriteAtlas>>(() => Task.Run(() => LoadOrBuild(set, k), _stopping)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private SpriteAtlas LoadOrBuild(EmbeddingSet set, string key)
    {
        try
        {
            var atlas = Load(key);
            if (atlas is null)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                atlas = SpriteAtlasBuilder.Build(ImageColumn.Paths(set)!, _options, null, _stopping);
                _log.LogInformation("Sprite atlas {Key}: {Images} images in {Width}×{Height} px ({Bytes:N0} bytes) in {Seconds:F1} s; {Failed} unreadable, {Omitted} past the cap",
                    key, atlas.ImageCount, atlas.Width, atlas.Height, atlas.Png.Length, clock.Elapsed.TotalSeconds, atlas.Failures.Count, atlas.Omitted);
                Save(key, atlas);
            }
            Remember(key, atlas);
            return atlas;
        }
        finally { _building.TryRemove(key, out _); }
    }

    /// <summary>
    /// Records that a workspace or demo set is shown with the atlas <paramref name="key"/> (after <see cref="GetAsync"/>),
    /// so the atlas stays while the set does and the one it replaces is deleted.
    /// </summary>
    public void Use(WorkspaceEntry entry, string key)
    {
        if (_store is null || entry.AtlasOwner is not { } owner) return;
        try { _store.UseAtlas(owner, key); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            _log.LogWarning(e, "Could not record sprite atlas {Key} for {Set}", key, entry.Name);
        }
    }

    private void Remember(string key, SpriteAtlas atlas)
    {
        lock (_gate)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
                if (node.Value.Key == key) { _recent.Remove(node); break; }
            _recent.AddFirst((key, atlas));
            while (_recent.Count > MemoryAtlases) _recent.RemoveLast();
        }
    }

    private sealed record AtlasFile(int CellSize, int Columns, int Width, int Height, int[] Cells, List<SpriteFailure> Failures, int Omitted);

    private SpriteAtlas? Load(string key)
    {
        var png = Path.Combine(_folder, key + ".png");
        var meta = Path.Combine(_folder, key + ".json");
        if (!File.Exists(png) || !File.Exists(meta)) return null;
        try
        {
            var m = JsonSerializer.Deserialize<AtlasFile>(File.ReadAllText(meta));
            if (m is null) return null;
            return new SpriteAtlas(m.CellSize, m.Columns, m.Width, m.Height, m.Cells, File.ReadAllBytes(png), m.Failures, m.Omitted);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Sprite atlas {Key} on disk is unreadable; building it again", key);
            return null;
        }
    }

    private void Save(string key, SpriteAtlas atlas)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            // PNG first, metadata last and each by rename: a half-written pair is never read back.
            var png = Path.Combine(_folder, key + ".png");
            var meta = Path.Combine(_folder, key + ".json");
            File.WriteAllBytes(png + ".tmp", atlas.Png);
            File.Move(png + ".tmp", png, overwrite: true);
            File.WriteAllText(meta + ".tmp", JsonSerializer.Serialize(new AtlasFile(atlas.CellSize, atlas.Columns, atlas.Width, atlas.Height, atlas.Cells, atlas.Failures.ToList(), atlas.Omitted)));
            File.Move(meta + ".tmp", meta, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Sprite atlas {Key} could not be cached on disk", key);
        }
    }
}
