using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Formats;

namespace EmbeddingLab.Tests.Workspace;

public class WorkspaceStoreTests
{
    private static EmbeddingSet Set(int n, int d, int seed = 1)
    {
        var rng = new Random(seed);
        var data = new float[n * d];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        return new EmbeddingSet(Enumerable.Range(0, n).Select(i => $"k{i}").ToArray(), data, d,
            [new MetadataColumn("genre", Enumerable.Range(0, n).Select(i => $"g{i % 3}").ToArray())]);
    }

    [Fact]
    public void Sets_survive_a_new_store_on_the_same_folder_with_metadata_projection_and_bookmarks()
    {
        using var dir = new TempFolder();
        var ws = WorkspaceStore.NewWorkspaceId();
        var set = FormatTestData.Small();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        store.SaveSet(ws, "songs (trained)", "Songs", "word2vec", set, "{\"vector_size\":32}");
        store.SaveProjection(ws, "songs (trained)", "PCA", 2, "{}", new float[set.Count * 2]);
        store.SaveProjection(ws, "songs (trained)", "t-SNE", 2, "{\"perplexity\":5}", Enumerable.Range(0, set.Count * 2).Select(i => (float)i).ToArray());
        store.AddBookmark(ws, "songs (trained)", "k3", "a favourite");

        var reopened = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        var stored = Assert.Single(reopened.ListSets(ws));
        Assert.Equal(("songs (trained)", "Songs", 30, 5, "{\"vector_size\":32}"), (stored.Name, stored.Kind, stored.Count, stored.Dimensions, stored.Parameters));
        Assert.Equal(["title", "genre"], stored.Columns);
        FormatTestData.AssertSameSet(set, reopened.LoadSet(stored));
        var projection = reopened.LatestProjection(ws, "songs (trained)")!;
        Assert.Equal("t-SNE", projection.Method);
        Assert.Equal(59f, projection.Coordinates[^1]);
        Assert.Equal("k3", Assert.Single(reopened.Bookmarks(ws)).Key);
        // The name never reaches a path: the file is named by a random id.
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories), f => f.Contains("songs"));
    }

    [Fact]
    public void Workspaces_see_only_their_own_sets()
    {
        using var dir = new TempFolder();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        var a = WorkspaceStore.NewWorkspaceId();
        var b = WorkspaceStore.NewWorkspaceId();
        store.SaveSet(a, "mine", "Other", "", Set(10, 4));
        Assert.Empty(store.ListSets(b));
        Assert.Throws<KeyNotFoundException>(() => store.DeleteSet(b, "mine"));
        Assert.Null(store.LatestProjection(b, "mine"));
        Assert.Throws<ArgumentException>(() => store.ListSets("../../etc"));
        Assert.NotEqual(a, b);
        Assert.True(WorkspaceStore.IsWorkspaceId(a));
    }

    [Fact]
    public void Rename_duplicate_and_delete_carry_their_projection_and_files()
    {
        using var dir = new TempFolder();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        var ws = WorkspaceStore.NewWorkspaceId();
        var set = Set(20, 3);
        store.SaveSet(ws, "a", "Other", "", set);
        store.SaveProjection(ws, "a", "PCA", 2, "{}", new float[40]);
        store.RenameSet(ws, "a", "b");
        Assert.NotNull(store.LatestProjection(ws, "b"));
        Assert.Null(store.LatestProjection(ws, "a"));
        store.DuplicateSet(ws, "b", "c");
        Assert.Equal(["b", "c"], store.ListSets(ws).Select(s => s.Name));
        FormatTestData.AssertSameSet(set, store.LoadSet(store.FindSet(ws, "c")!));
        Assert.NotNull(store.LatestProjection(ws, "c"));
        Assert.Throws<InvalidOperationException>(() => store.RenameSet(ws, "b", "c"));
        store.DeleteSet(ws, "b");
        Assert.Equal(["c"], store.ListSets(ws).Select(s => s.Name));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "sets")));
    }

    [Fact]
    public void A_write_over_the_quota_is_refused_with_a_clear_message_and_changes_nothing()
    {
        using var dir = new TempFolder();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path, QuotaBytes: 100_000));
        var ws = WorkspaceStore.NewWorkspaceId();
        store.SaveSet(ws, "small", "Other", "", Set(1000, 16)); // ~70 KB
        var e = Assert.Throws<WorkspaceQuotaException>(() => store.SaveSet(ws, "big", "Other", "", Set(1000, 16, seed: 2)));
        Assert.Matches(@"^This needs [\d.]+ KB but the workspace has [\d.]+ KB left of its 97.7 KB quota; delete or download sets to make room\.$", e.Message);
        Assert.Equal(["small"], store.ListSets(ws).Select(s => s.Name));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "sets")));
        // Replacing a set only needs the difference.
        store.SaveSet(ws, "small", "Other", "", Set(1000, 16, seed: 3));
        // Another workspace has its own quota.
        store.SaveSet(WorkspaceStore.NewWorkspaceId(), "big", "Other", "", Set(1000, 16));
    }

    [Fact]
    public void Start_up_removes_torn_and_unlisted_files_and_marks_running_jobs_interrupted()
    {
        using var dir = new TempFolder();
        var ws = WorkspaceStore.NewWorkspaceId();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        store.SaveSet(ws, "kept", "Other", "", Set(10, 4));
        store.SaveJob(ws, new StoredJob("j1", "Training songs", "train", "Running", 0.4, "epoch 2 of 5", null, DateTimeOffset.UtcNow, null));
        var sets = Path.Combine(dir.Path, "sets");
        File.WriteAllBytes(Path.Combine(sets, "0123.tmp"), new byte[100]); // a write cut off before its rename
        File.WriteAllBytes(Path.Combine(sets, "abcd.elset"), new byte[100]); // renamed, but its transaction never committed

        var reopened = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        Assert.Equal(1, reopened.MarkRunningJobsInterrupted());
        Assert.Single(Directory.GetFiles(sets));
        Assert.Equal(10, reopened.LoadSet(Assert.Single(reopened.ListSets(ws))).Count);
        var job = Assert.Single(reopened.Jobs(ws));
        Assert.Equal(("Interrupted", "epoch 2 of 5"), (job.State, job.Status));
    }

    [Fact]
    public void A_torn_set_file_is_recognised()
    {
        using var dir = new TempFolder();
        var path = dir.File("x.elset");
        SetFile.Write(Set(50, 8), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]);
        var e = Assert.Throws<InvalidDataException>(() => SetFile.Read(path));
        Assert.Equal("x.elset: the end marker is missing (torn write?).", e.Message);
    }

    [Fact]
    public void Demo_cache_returns_what_was_saved_for_the_same_version_only()
    {
        using var dir = new TempFolder();
        var cache = new DemoCache(Path.Combine(dir.Path, "demos"));
        var set = FormatTestData.Small();
        Assert.Null(cache.TryLoad("Songs (demo)", "v1"));
        cache.Save("Songs (demo)", "v1", set);
        FormatTestData.AssertSameSet(set, cache.TryLoad("Songs (demo)", "v1")!);
        Assert.Null(cache.TryLoad("Songs (demo)", "v2"));
    }
}
