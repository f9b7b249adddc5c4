using System.Text.Json;
using Bunit;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Components.Projector.Clusters;
using EmbeddingLab.Web.Components.ProjectorViews;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.ProjectorViews;

/// <summary>
/// The view URL's <c>cl</c> (cluster names on the map): running a clustering puts it in the URL, and a link with it opens
/// in another session (same persistent workspace, a temporary folder) with the saved clustering's names on the map.
/// </summary>
public sealed class ClusterViewTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private readonly WorkspaceHub _hub;
    private readonly WorkspaceContext _context = new();
    private readonly DemoLibrary _demos = new([], NullLogger<DemoLibrary>.Instance);
    private readonly List<Session> _sessions = [];

    public ClusterViewTests()
    {
        _hub = new WorkspaceHub(new WorkspaceStore(new WorkspaceStoreOptions(_dir.Path)), new SetCache(64 << 20));
        _context.Bind(WorkspaceStore.NewWorkspaceId());
    }

    /// <summary>One browser tab: its own projector and cluster state on the shared workspace; the overlay's JS module is recorded.</summary>
    private sealed class Session : MudTestContext
    {
        public Session(ClusterViewTests test)
        {
            Services.AddSingleton(test._demos);
            Services.AddSingleton(test._context);
            Services.AddScoped(_ => new SessionWorkspace(test._demos, test._context, test._hub));
            Services.AddSingleton<ILogger<JobRunner>>(NullLogger<JobRunner>.Instance);
            Services.AddScoped<JobRunner>();
            Services.AddScoped<ProjectorState>();
            Services.AddScoped<ClusterState>();
            Overlay = JSInterop.SetupModule("./js/clusters.js");
            Overlay.Mode = JSRuntimeMode.Loose;
        }

        public BunitJSModuleInterop Overlay { get; }
        public ProjectorState Projector => Services.GetRequiredService<ProjectorState>();
        public ClusterState Clusters => Services.GetRequiredService<ClusterState>();
        public NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();
        public string Query => new Uri(Navigation.Uri).Query;

        /// <summary>The cluster names the overlay last sent to the map (null: none).</summary>
        public string[]? NamesOnMap()
        {
            var calls = Overlay.Invocations["set"];
            if (calls.Count == 0) return null;
            var marks = JsonSerializer.SerializeToElement(calls[^1].Arguments[2]);
            return marks.ValueKind == JsonValueKind.Null ? null : marks.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        }

        /// <summary>The projector's view components as the page has them, opened at <paramref name="url"/>.</summary>
        public (IRenderedComponent<ClustersPanel> Panel, IRenderedComponent<MapOverlay> Overlay) Open(string url)
        {
            Navigation.NavigateTo(url);
            Render<ProjectorViewSync>();
            return (Render<ClustersPanel>(), Render<MapOverlay>());
        }
    }

    private Session NewSession()
    {
        var session = new Session(this);
        _sessions.Add(session);
        return session;
    }

    // Three planted groups of 15 points in 8-D, titled by their group's words.
    private static EmbeddingSet Groups()
    {
        string[][] words = [["guitar", "rock"], ["piano", "jazz"], ["drum", "techno"]];
        var random = new Random(5);
        var data = new float[45 * 8];
        for (int i = 0; i < 45; i++)
            for (int j = 0; j < 8; j++) data[i * 8 + j] = (float)((j == i % 3 ? 10 : 0) + random.NextDouble());
        var keys = Enumerable.Range(0, 45).Select(i => $"s{i}").ToArray();
        var titles = Enumerable.Range(0, 45).Select(i => $"{words[i % 3][0]} {words[i % 3][1]} song {i}").ToArray();
        return new EmbeddingSet(keys, data, 8, [new MetadataColumn("title", titles)]);
    }

    private static void AssertThreeNamedClusters(string[]? names)
    {
        Assert.NotNull(names);
        Assert.Equal(3, names.Length);
        var all = string.Join("|", names);
        Assert.Contains("guitar", all);
        Assert.Contains("jazz", all);
        Assert.Contains("techno", all);
    }

    /// <summary>A tab with the groups set projected (PCA to <paramref name="dims"/>-D) and clustered by k-means (k = 3).</summary>
    private async Task<(Session Tab, IRenderedComponent<ClustersPanel> Panel, IRenderedComponent<MapOverlay> Overlay)> Clustered(int dims = 2)
    {
        var tab = NewSession();
        tab.Services.GetRequiredService<SessionWorkspace>().Add("groups", Groups(), "Other", "test");
        var (panel, overlay) = tab.Open("projector");
        tab.Projector.SelectSet("groups");
        tab.Projector.Settings.Dims = dims;
        Assert.True(tab.Projector.Run());
        await tab.Projector.Job!.WaitAsync();
        panel.WaitForAssertion(() => Assert.Contains("set=groups", tab.Query));
        Assert.DoesNotContain("cl=", tab.Query);
        tab.Clusters.Settings.K = 3;
        tab.Clusters.Settings.Seed = 4;
        Assert.True(tab.Clusters.Run());
        await tab.Clusters.Job!.WaitAsync();
        return (tab, panel, overlay);
    }

    [Fact]
    public async Task Running_a_clustering_puts_cl_in_the_url_and_the_link_shows_its_names_in_another_session()
    {
        // First tab: project the set, find 3 clusters; the URL says the names are on the map.
        var (first, panel, overlay) = await Clustered();
        panel.WaitForAssertion(() => Assert.Contains("cl=cluster", first.Query));
        overlay.WaitForAssertion(() => AssertThreeNamedClusters(first.NamesOnMap()));
        var link = first.Navigation.ToBaseRelativePath(first.Navigation.Uri);

        // Names off: cl leaves the URL; on again: back.
        await panel.InvokeAsync(() => first.Clusters.SetShowLabels(false));
        panel.WaitForAssertion(() => Assert.DoesNotContain("cl=", first.Query));
        overlay.WaitForAssertion(() => Assert.Null(first.NamesOnMap()));
        await panel.InvokeAsync(() => first.Clusters.SetShowLabels(true));
        panel.WaitForAssertion(() => Assert.Contains("cl=cluster", first.Query));

        // Another tab opens the link: the saved projection and the saved clustering, its names on the map, the panel
        // showing that clustering (its k, its clusters, names switched on), and no job run again.
        var second = NewSession();
        var (panel2, overlay2) = second.Open(link);
        overlay2.WaitForAssertion(() => AssertThreeNamedClusters(second.NamesOnMap()));
        Assert.Null(second.Projector.Job);
        Assert.Null(second.Clusters.Job);
        Assert.True(second.Clusters.Restored);
        Assert.Equal(first.Clusters.Result!.Labels, second.Clusters.Result!.Labels);
        Assert.Equal((3, 4), (second.Clusters.Settings.K, second.Clusters.Settings.Seed));
        panel2.WaitForAssertion(() => Assert.Equal(3, panel2.FindAll("[data-testid=cluster-row]").Count));
        Assert.True(second.Clusters.ShowLabels);
        Assert.Equal(ClusterState.ColumnName, second.Projector.ColorBy);
        Assert.Contains("cl=cluster", second.Query);
        Assert.Empty(panel2.FindAll("[data-testid=cluster-link-note]"));

        // The same view without cl: the clustering is listed, its names are not on the map, the colour the link names stays.
        var third = NewSession();
        var (panel3, overlay3) = third.Open(link.Replace("&cl=cluster", "").Replace("c=cluster", "c="));
        panel3.WaitForAssertion(() => Assert.Equal(3, panel3.FindAll("[data-testid=cluster-row]").Count));
        Assert.False(third.Clusters.ShowLabels);
        overlay3.WaitForAssertion(() => Assert.Null(third.NamesOnMap()));
        Assert.Equal("", third.Projector.ColorBy);
        Assert.DoesNotContain("cl=", third.Query);
    }

    [Fact]
    public async Task A_link_keeps_its_own_clusters_after_the_set_is_clustered_again_differently()
    {
        // The teacher's link: k = 3 with seed 4. Then the set is clustered with k = 2, which becomes its saved clustering.
        var (first, panel, overlay) = await Clustered();
        panel.WaitForAssertion(() => Assert.Contains("cl=cluster&cm=kmeans&ck=3&cseed=4", first.Query));
        var link = first.Navigation.ToBaseRelativePath(first.Navigation.Uri);
        var threeLabels = first.Clusters.Result!.Labels;
        first.Clusters.Settings.K = 2;
        Assert.True(first.Clusters.Run());
        await first.Clusters.Job!.WaitAsync();
        panel.WaitForAssertion(() => Assert.Contains("ck=2", first.Query));
        overlay.WaitForAssertion(() => Assert.Equal(2, first.NamesOnMap()!.Length));

        // Another tab opens the k = 3 link: its three clusters, made again with the link's settings, not the saved two.
        var second = NewSession();
        var (panel2, overlay2) = second.Open(link);
        panel2.WaitForAssertion(() => Assert.NotNull(second.Clusters.Job));
        await second.Clusters.Job!.WaitAsync();
        overlay2.WaitForAssertion(() => AssertThreeNamedClusters(second.NamesOnMap()));
        Assert.Equal(threeLabels, second.Clusters.Result!.Labels);
        Assert.False(second.Clusters.Restored);
        Assert.Equal((3, 4), (second.Clusters.Settings.K, second.Clusters.Settings.Seed));
        panel2.WaitForAssertion(() => Assert.Equal(3, panel2.FindAll("[data-testid=cluster-row]").Count));
        panel2.WaitForAssertion(() => Assert.Contains("cl=cluster&cm=kmeans&ck=3&cseed=4", second.Query));
        Assert.Empty(panel2.FindAll("[data-testid=cluster-link-note]"));

        // Made again, that clustering is the saved one: the link now opens without running anything.
        var third = NewSession();
        var (_, overlay3) = third.Open(link);
        overlay3.WaitForAssertion(() => AssertThreeNamedClusters(third.NamesOnMap()));
        Assert.Null(third.Clusters.Job);
        Assert.True(third.Clusters.Restored);

        // A link from before these keys (cl only) shows the set's latest saved clustering, as it did.
        var fourth = NewSession();
        var (_, overlay4) = fourth.Open(string.Join("&", link.Split('&').Where(p => !p.StartsWith("cm=") && !p.StartsWith("ck=") && !p.StartsWith("cseed="))));
        overlay4.WaitForAssertion(() => AssertThreeNamedClusters(fourth.NamesOnMap()));
        Assert.Null(fourth.Clusters.Job);
    }

    [Fact]
    public async Task A_view_change_after_the_user_has_left_the_page_does_not_pull_them_back()
    {
        // Under load the page the user left is disposed a while after the navigation: a change landing meanwhile
        // (here the names switched off, as a finishing job would) must not write the projector's URL again.
        var (tab, panel, _) = await Clustered();
        panel.WaitForAssertion(() => Assert.Contains("cl=cluster", tab.Query));
        tab.Navigation.NavigateTo("");
        await panel.InvokeAsync(() => tab.Clusters.SetShowLabels(false));
        await panel.InvokeAsync(() => tab.Clusters.SetShowLabels(true));
        Assert.Equal("", tab.Navigation.ToBaseRelativePath(tab.Navigation.Uri));
    }

    [Fact]
    public async Task A_link_with_cl_for_a_set_without_a_saved_clustering_says_so_in_the_panel()
    {
        var first = NewSession();
        var workspace = first.Services.GetRequiredService<SessionWorkspace>();
        // A "cluster" column that no clustering of this workspace made (e.g. the set was uploaded with it).
        var set = Groups();
        workspace.Add("labelled", set.WithColumn(new MetadataColumn("cluster", set.Keys.Select((_, i) => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())), "Other", "test");
        var (panel, overlay) = first.Open("projector?set=labelled&cl=cluster");
        await first.Projector.Job!.WaitAsync();
        panel.WaitForAssertion(() => Assert.Contains("no saved clustering", panel.Find("[data-testid=cluster-link-note]").TextContent));
        Assert.Null(first.Clusters.Result);
        overlay.WaitForAssertion(() => Assert.Null(first.NamesOnMap()));
        panel.WaitForAssertion(() => Assert.DoesNotContain("cl=", first.Query));
    }

    [Fact]
    public async Task A_3d_map_gets_the_names_at_the_clusters_3d_centres()
    {
        var (tab, panel, overlay) = await Clustered(dims: 3);
        overlay.WaitForAssertion(() => AssertThreeNamedClusters(tab.NamesOnMap()));

        // Each name sits on the member nearest its cluster's mean in all three dimensions, and the map is sent its z.
        var coords = tab.Projector.Projection!.Result.Coordinates;
        foreach (var mark in tab.Clusters.Marks)
        {
            double[] mean = [0, 0, 0];
            foreach (var r in mark.Rows) for (int d = 0; d < 3; d++) mean[d] += coords[r * 3 + d] / (double)mark.Rows.Length;
            double Distance(int r) => Enumerable.Range(0, 3).Sum(d => Math.Pow(coords[r * 3 + d] - mean[d], 2));
            int nearest = mark.Rows.MinBy(Distance);
            Assert.Equal((coords[nearest * 3], coords[nearest * 3 + 1], coords[nearest * 3 + 2]), (mark.X, mark.Y, mark.Z));
        }
        var sent = JsonSerializer.SerializeToElement(tab.Overlay.Invocations["set"][^1].Arguments[2]);
        var z = Convert.FromBase64String(sent.GetProperty("z").GetString()!);
        Assert.Equal(tab.Clusters.Marks.Select(m => m.Z), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(z).ToArray());
        Assert.Empty(panel.FindAll("[data-testid=cluster-3d-note]")); // 3 clusters: every name is shown
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
