using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Web.Components.ProjectorViews;

namespace EmbeddingLab.Tests.ProjectorViews;

/// <summary>The projector's view in the URL: state → query → state, hostile names, damaged links.</summary>
public class ProjectorViewTests
{
    public static readonly TheoryData<string> Hostile = new()
    {
        "songs & more = fun?#top",
        "100% <script>alert(1)</script>",
        "a+b c%20d",
        "日本語の歌 🎵",
        "line\nbreak\ttab",
        "\"quoted\" 'single' \\back/slash",
        "~-._",
        "set=evil&m=tsne",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Every_part_of_a_view_survives_the_round_trip(string hostile)
    {
        var view = new ProjectorView
        {
            Set = hostile, Method = "tsne", Dims = 3, Seed = -7, Perplexity = 12.5, Iterations = 750, EarlyExaggeration = 4, LearningRate = 200,
            Init = TsneInit.Random, Color = hostile + " colour", Clusters = "cluster " + hostile, Selection = [0, 1, 2, 3, 200, 70_000, 1_999_999],
            Clicked = hostile + " key", Camera = [1.25, -0.5, 2.0 / 3, 0, 0, 0, 0, 0, 1],
        };
        var query = view.ToQuery();
        // Nothing of the names appears raw: only unreserved characters, escapes and the separators.
        Assert.Matches("^[A-Za-z0-9._~%&=-]*$", query);
        var (back, error) = ProjectorView.Parse("?" + query);
        Assert.Null(error);
        AssertSame(view, back!);
    }

    [Fact]
    public void UMAP_parameters_and_a_2D_camera_round_trip_and_defaults_are_left_out()
    {
        var umap = new ProjectorView { Set = "s", Method = "umap", NNeighbors = 30, MinDist = 0.25, Metric = UmapMetric.Cosine, Camera = [-1e-7, 3.5e10, -2, 2] };
        AssertSame(umap, ProjectorView.Parse(umap.ToQuery()).View!);
        Assert.Equal("set=s", new ProjectorView { Set = "s" }.ToQuery());
        Assert.Equal("set=s&m=asis&d=3", new ProjectorView { Set = "s", Method = ProjectorView.AsIs, Dims = 3, Seed = 4 }.ToQuery()); // as is has no seed
        // An explicit "no colour" is kept apart from "the default colour".
        Assert.Equal("", ProjectorView.Parse(new ProjectorView { Set = "s", Color = "" }.ToQuery()).View!.Color);
        Assert.Null(ProjectorView.Parse("set=s").View!.Color);
    }

    [Fact]
    public void Links_written_by_hand_or_by_a_browser_are_read()
    {
        var (view, error) = ProjectorView.Parse("set=Songs+(demo)&c=g%C3%A9nre&pt=caf\u00e9&future=1");
        Assert.Null(error);
        Assert.Equal("Songs (demo)", view!.Set);
        Assert.Equal("génre", view.Color);
        Assert.Equal("café", view.Clicked); // a browser may leave non-ASCII unescaped
        Assert.Equal(new ProjectorView().ParameterQuery(), view.ParameterQuery()); // unknown keys are ignored
    }

    [Fact]
    public void How_the_clusters_were_made_travels_beside_cl_with_defaults_left_out()
    {
        var hostile = "names & more = 100% 日本";
        var kmeans = new ProjectorView { Set = "s", Clusters = "cluster", Clustering = new ClusterView { K = 3, NInit = 4, Seed = -2, Space = "map", NamesFrom = hostile } };
        var query = kmeans.ToQuery();
        Assert.Matches("^[A-Za-z0-9._~%&=-]*$", query);
        Assert.Equal(kmeans.Clustering, ProjectorView.Parse(query).View!.Clustering);
        // cm is always written (it marks a link that says how its clusters were made); the defaults are not.
        Assert.Equal("set=s&cl=cluster&cm=kmeans", new ProjectorView { Set = "s", Clusters = "cluster", Clustering = new ClusterView() }.ToQuery());
        // HDBSCAN's settings, not k-means' (those left at a non-default value do not count).
        var hdbscan = new ProjectorView { Set = "s", Clusters = "cluster", Clustering = new ClusterView { Method = "hdbscan", MinClusterSize = 8, MinSamples = 3, K = 7 } };
        Assert.Equal("set=s&cl=cluster&cm=hdbscan&cmcs=8&cms=3", hdbscan.ToQuery());
        Assert.Equal(hdbscan.Clustering!.Normalized(), ProjectorView.Parse(hdbscan.ToQuery()).View!.Clustering);
        // Without cl nothing is written, and a link without cm (made before these keys) has no clustering.
        Assert.Equal("set=s", new ProjectorView { Set = "s", Clustering = new ClusterView { K = 3 } }.ToQuery());
        Assert.Null(ProjectorView.Parse("set=s&cl=cluster").View!.Clustering);
    }

    [Theory]
    [InlineData("set=s&cl=cluster&cm=dbscan", "clustering method")]
    [InlineData("set=s&cl=cluster&cm=kmeans&csp=pixels", "clustered space")]
    [InlineData("set=s&cl=cluster&cm=kmeans&ck=ten", "number of clusters")]
    [InlineData("set=s&cl=cluster&cm=hdbscan&cms=1.5", "min_samples")]
    [InlineData("set=s&perp=abc", "perplexity")]
    [InlineData("set=s&d=4", "dimensions")]
    [InlineData("set=s&m=lda", "method")]
    [InlineData("set=s&iter=1e3", "iterations")]
    [InlineData("set=s&lr=NaN", "learning rate")]
    [InlineData("set=s&sel=!!", "selection")]
    [InlineData("set=s&sel=gA", "selection")]          // a varint cut short
    [InlineData("set=s&cam=1~2~3", "camera")]
    [InlineData("set=s&cam=1~2~3~Infinity", "camera")]
    [InlineData("set=%zz", "percent-encoded")]
    [InlineData("set=%C3%28", "UTF-8")]                // not UTF-8
    [InlineData("set=a&set=b", "twice")]
    [InlineData("set=s&metric=manhattan", "metric")]
    public void A_damaged_link_gives_one_sentence_naming_the_entry(string query, string names)
    {
        var (view, error) = ProjectorView.Parse(query);
        Assert.Null(view);
        Assert.Contains(names, error);
        Assert.EndsWith(".", error);
    }

    [Fact]
    public void Rows_are_delta_coded_compactly_and_decode_to_the_same_sorted_set()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            var rows = Enumerable.Range(0, random.Next(0, 400)).Select(_ => random.Next(0, trial % 2 == 0 ? 1000 : int.MaxValue)).ToArray();
            Assert.Equal(rows.Distinct().Order(), ProjectorView.DecodeRows(ProjectorView.EncodeRows(rows))!);
        }
        // A lasso over 1,000 neighbouring rows costs about a byte each, not a key each.
        Assert.InRange(ProjectorView.EncodeRows(Enumerable.Range(5000, 1000).ToArray()).Length, 1000, 1400);
        // Selections too large for a link are left out of it rather than making a URL browsers cut.
        var huge = new ProjectorView { Set = "s", Selection = Enumerable.Range(0, ProjectorView.MaxLinkedSelection + 1).ToArray() };
        Assert.Equal("set=s", huge.ToQuery());
    }

    [Fact]
    public void A_bookmark_link_is_its_set_plus_its_stored_view()
    {
        var view = new ProjectorView { Set = "a&b", Method = "umap", Color = "genre", Selection = [3, 4] };
        var link = ProjectorView.Link(view.Set!, (view with { Set = null }).ToQuery());
        Assert.StartsWith("projector?", link);
        AssertSame(view, ProjectorView.Parse(link["projector?".Length..]).View!);
    }

    [Fact]
    public void Bookmarks_keep_their_view_follow_a_renamed_set_and_can_be_renamed_and_deleted()
    {
        using var dir = new TempFolder();
        var store = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path));
        var ws = WorkspaceStore.NewWorkspaceId();
        store.SaveSet(ws, "mine", "Other", "", FormatTestData.Small(), null);
        var row = store.AddBookmark(ws, "mine", "k3", "a favourite");                 // a row bookmark, no view
        var view = store.AddBookmark(ws, "mine", "", "Lesson 1", "m=tsne&perp=5&c=genre");
        store.RenameSet(ws, "mine", "ours");
        Assert.True(store.RenameBookmark(ws, view.Id, "Lesson 1 — clusters"));
        Assert.False(store.RenameBookmark(WorkspaceStore.NewWorkspaceId(), view.Id, "stolen")); // another workspace cannot

        var reopened = new WorkspaceStore(new WorkspaceStoreOptions(dir.Path)).Bookmarks(ws);
        Assert.Equal([(row.Id, "ours", "a favourite", (string?)null), (view.Id, "ours", "Lesson 1 — clusters", "m=tsne&perp=5&c=genre")],
            reopened.Select(b => (b.Id, b.SetName, b.Note, b.View)));
        store.RemoveBookmark(ws, view.Id);
        Assert.Equal([row.Id], store.Bookmarks(ws).Select(b => b.Id));
    }

    private static void AssertSame(ProjectorView expected, ProjectorView actual)
    {
        Assert.Equal(expected.ToQuery(), actual.ToQuery());
        Assert.Equal(
            (expected.Set, expected.Method, expected.Dims, expected.Seed, expected.Perplexity, expected.Iterations, expected.EarlyExaggeration, expected.LearningRate, expected.Init),
            (actual.Set, actual.Method, actual.Dims, actual.Seed, actual.Perplexity, actual.Iterations, actual.EarlyExaggeration, actual.LearningRate, actual.Init));
        Assert.Equal((expected.NNeighbors, expected.MinDist, expected.Metric, expected.Color, expected.Clusters, expected.Clicked),
            (actual.NNeighbors, actual.MinDist, actual.Metric, actual.Color, actual.Clusters, actual.Clicked));
        Assert.Equal(expected.Selection.Order(), actual.Selection);
        Assert.Equal(expected.Camera, actual.Camera);
    }
}
