using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Formats;
using Microsoft.Data.Sqlite;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>
/// Files that back sets (uploaded images under DataPath/images, sprite atlases under DataPath/sprites) live as long as a
/// set uses them: deleted with the last set, replaced atlases deleted, orphans swept at start-up once old enough.
/// </summary>
public sealed class SetFilesTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly WorkspaceStore _store;
    private readonly string _ws = WorkspaceStore.NewWorkspaceId();

    public SetFilesTests() => _store = new WorkspaceStore(new WorkspaceStoreOptions(_dir.Path));

    public void Dispose() => _dir.Dispose();

    private string Images => WorkspaceStore.UploadedImagesFolder(_dir.Path);
    private string Sprites => WorkspaceStore.SpritesFolder(_dir.Path);

    /// <summary>An upload folder with <paramref name="count"/> image files (the store never decodes them).</summary>
    private string[] Upload(string folder, int count = 2)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Images, folder, "cats")).FullName;
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(dir, $"cat{i}.png");
            File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)i]);
            return path;
        }).ToArray();
    }

    private static EmbeddingSet SetOf(IReadOnlyList<string> paths) =>
        new EmbeddingSet(paths.Select((_, i) => $"img{i}").ToArray(), Enumerable.Range(0, paths.Count * 2).Select(i => (float)i).ToArray(), 2)
            .WithColumn(new MetadataColumn(ImageColumn.Name, paths.ToArray()));

    private static string Key(char c) => new(c, 32);

    private string Atlas(string key)
    {
        Directory.CreateDirectory(Sprites);
        File.WriteAllBytes(Path.Combine(Sprites, key + ".png"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(Sprites, key + ".json"), "{}");
        return Path.Combine(Sprites, key + ".png");
    }

    private static void Age(string path, TimeSpan age)
    {
        var when = DateTime.UtcNow - age;
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, when);
        else File.SetLastWriteTimeUtc(path, when);
    }

    [Fact]
    public void Deleting_a_set_deletes_its_images_and_atlas_once_no_other_set_uses_them()
    {
        var paths = Upload("u1");
        var other = Upload("u2");
        var first = _store.SaveSet(_ws, "cats", "Images", "", SetOf(paths));
        var copy = _store.DuplicateSet(_ws, "cats", "cats (copy)"); // shares the images
        _store.SaveSet(_ws, "others", "Images", "", SetOf(other));
        var atlas = Atlas(Key('a'));
        _store.UseAtlas(first.Id, Key('a'));
        _store.UseAtlas(copy.Id, Key('a'));

        _store.DeleteSet(_ws, "cats");
        Assert.All(paths, p => Assert.True(File.Exists(p), "the copy still uses " + p));
        Assert.True(File.Exists(atlas));

        _store.DeleteSet(_ws, "cats (copy)");
        Assert.False(Directory.Exists(Path.Combine(Images, "u1")));
        Assert.False(File.Exists(atlas));
        Assert.False(File.Exists(Path.ChangeExtension(atlas, ".json")));
        Assert.All(other, p => Assert.True(File.Exists(p), "another set's image went: " + p));
    }

    [Fact]
    public void Replacing_a_set_or_its_atlas_deletes_what_only_the_old_version_used()
    {
        var old = Upload("old");
        var kept = Upload("kept");
        var renewed = Upload("new");
        var v1 = _store.SaveSet(_ws, "cats", "Images", "", SetOf([.. old, .. kept]));
        Atlas(Key('1'));
        Atlas(Key('2'));
        _store.UseAtlas(v1.Id, Key('1'));
        // The set's images changed: a newer atlas supersedes the first.
        _store.UseAtlas(v1.Id, Key('2'));
        Assert.False(File.Exists(Path.Combine(Sprites, Key('1') + ".png")));
        Assert.True(File.Exists(Path.Combine(Sprites, Key('2') + ".png")));

        // Saved again under the same name with other images: the old folder and atlas go, the still-used folder stays.
        _store.SaveSet(_ws, "cats", "Images", "", SetOf([.. kept, .. renewed]));
        Assert.False(Directory.Exists(Path.Combine(Images, "old")));
        Assert.True(Directory.Exists(Path.Combine(Images, "kept")));
        Assert.True(Directory.Exists(Path.Combine(Images, "new")));
        Assert.False(File.Exists(Path.Combine(Sprites, Key('2') + ".png")));
        Assert.Empty(_store.AtlasesInUse());
    }

    [Fact]
    public void The_sweep_deletes_old_orphans_and_keeps_what_sets_use_and_what_is_recent()
    {
        var used = Upload("used");
        var untracked = Upload("untracked");
        Upload("orphan");
        Upload("young-orphan");
        _store.SaveSet(_ws, "cats", "Images", "", SetOf(used));
        var early = _store.SaveSet(_ws, "early", "Images", "", SetOf(untracked));
        // A set saved by a version that did not track uploads: the sweep reads its image column first.
        Untrack(early.Id);
        Atlas(Key('c'));
        _store.UseAtlas(WorkspaceStore.DemoAtlasOwner("Emoji (images, ResNet-18)"), Key('c'));
        var orphanAtlas = Atlas(Key('d'));
        var youngAtlas = Atlas(Key('e'));
        foreach (var name in new[] { "used", "untracked", "orphan" }) Age(Path.Combine(Images, name), TimeSpan.FromDays(3));
        foreach (var key in new[] { Key('c'), Key('d') })
            foreach (var ext in new[] { ".png", ".json" }) Age(Path.Combine(Sprites, key + ext), TimeSpan.FromDays(3));

        var swept = _store.SweepFiles(TimeSpan.FromDays(1));

        Assert.Equal((1, 1, 0), (swept.Uploads, swept.Atlases, swept.UnreadableSets));
        Assert.False(Directory.Exists(Path.Combine(Images, "orphan")));
        Assert.False(File.Exists(orphanAtlas));
        Assert.All(used, p => Assert.True(File.Exists(p)));
        Assert.All(untracked, p => Assert.True(File.Exists(p), "an image of a set saved before tracking went: " + p));
        Assert.True(Directory.Exists(Path.Combine(Images, "young-orphan")), "an upload younger than the sweep's age (maybe being encoded) went");
        Assert.True(File.Exists(youngAtlas));
        Assert.True(File.Exists(Path.Combine(Sprites, Key('c') + ".png")), "the demo's atlas went");
        // Tracked now: deleting that set deletes its images.
        _store.DeleteSet(_ws, "early");
        Assert.False(Directory.Exists(Path.Combine(Images, "untracked")));
    }

    private void Untrack(string setId)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "catalogue.db")};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "DELETE FROM set_uploads WHERE set_id = $s; UPDATE sets SET uploads_indexed = NULL WHERE id = $s;";
        cmd.Parameters.AddWithValue("$s", setId);
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_copy_of_a_set_saved_before_tracking_keeps_its_images()
    {
        var paths = Upload("legacy");
        var early = _store.SaveSet(_ws, "early", "Images", "", SetOf(paths));
        Untrack(early.Id);
        _store.DuplicateSet(_ws, "early", "early (copy)");
        _store.DeleteSet(_ws, "early");
        Age(Path.Combine(Images, "legacy"), TimeSpan.FromDays(3));
        _store.SweepFiles(TimeSpan.FromDays(1));
        Assert.All(paths, p => Assert.True(File.Exists(p), "the copy's image went: " + p));
        _store.DeleteSet(_ws, "early (copy)");
        Assert.False(Directory.Exists(Path.Combine(Images, "legacy")));
    }

    [Fact]
    public void Image_paths_outside_the_upload_folder_are_never_touched()
    {
        using var elsewhere = new TempFolder();
        var outside = Path.Combine(elsewhere.Path, "photo.png");
        File.WriteAllBytes(outside, [1]);
        var sneaky = Path.Combine(Images, "..", "catalogue.db"); // resolves outside images/
        Directory.CreateDirectory(Images);
        var set = SetOf([outside, sneaky]);
        Assert.Empty(_store.UploadsOf(set));
        _store.SaveSet(_ws, "outside", "Images", "", set);
        _store.DeleteSet(_ws, "outside");
        Assert.True(File.Exists(outside));
        Assert.True(File.Exists(Path.Combine(_dir.Path, "catalogue.db")));
    }
}
