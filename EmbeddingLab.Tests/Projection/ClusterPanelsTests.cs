using Bunit;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Components.Projector.Clusters;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Projection;

/// <summary>The projector's Clusters and Map panels and the cluster/isolate/coordinates state, rendered with bUnit.</summary>
public class ClusterPanelsTests : MudTestContext
{
    public ClusterPanelsTests()
    {
        AddWorkspaceServices();
        Services.AddScoped<ProjectorState>();
        Services.AddScoped<ClusterState>();
    }

    // Three planted groups of 15 points in 8-D (far apart), titled by their group's words, with a genre column.
    private static EmbeddingSet Groups()
    {
        string[][] words = [["guitar", "rock"], ["piano", "jazz"], ["drum", "techno"]];
        string[] genres = ["rock", "jazz", "techno"];
        var random = new Random(5);
        int n = 45;
        var data = new float[n * 8];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 8; j++) data[i * 8 + j] = (float)((j == i % 3 ? 10 : 0) + random.NextDouble());
        var keys = Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();
        var titles = Enumerable.Range(0, n).Select(i => $"{words[i % 3][0]} {words[i % 3][1]} song {i}").ToArray();
        return new EmbeddingSet(keys, data, 8, [new MetadataColumn("title", titles), new MetadataColumn("genre", keys.Select((_, i) => genres[i % 3]).ToArray())]);
    }

    private async Task<ProjectorState> Projected(EmbeddingSet set)
    {
        Services.GetRequiredService<SessionWorkspace>().Add("groups", set, "Other", "test");
        var state = Services.GetRequiredService<ProjectorState>();
        state.SelectSet("groups");
        Assert.True(state.Run());
        await state.Job!.WaitAsync();
        Assert.NotNull(state.Projection);
        return state;
    }

    private static void SetNumber<T>(IRenderedComponent<T> c, string testId, string value) where T : Microsoft.AspNetCore.Components.IComponent
    {
        c.Find($"input[data-testid={testId}]").Input(value);
        c.WaitForAssertion(() => Assert.Equal(value, c.Find($"input[data-testid={testId}]").GetAttribute("value")));
    }

    [Fact]
    public async Task Kmeans_finds_the_planted_groups_names_them_scores_them_and_makes_a_column()
    {
        var projector = await Projected(Groups());
        var clusters = Services.GetRequiredService<ClusterState>();
        var panel = Render<ClustersPanel>();
        SetNumber(panel, "cluster-k", "3");
        panel.Find("[data-testid=cluster-run]").Click();
        await clusters.Job!.WaitAsync();
        panel.WaitForAssertion(() => Assert.Equal("3", panel.Find("[data-testid=cluster-result]").GetAttribute("data-clusters")));

        var rows = panel.FindAll("[data-testid=cluster-row]");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains("15", r.TextContent));
        // Each cluster is named by its group's words (c-TF-IDF of the title column).
        var names = string.Join("|", rows.Select(r => r.TextContent));
        Assert.Contains("guitar", names);
        Assert.Contains("jazz", names);
        Assert.Contains("techno", names);
        Assert.Equal("0", panel.Find("[data-testid=cluster-noise]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=cluster-note]")); // the column was kept: no warning
        Assert.Contains("3 clusters, silhouette 0.", panel.Find("[data-testid=job-status]").TextContent);
        Assert.Equal("1.000", panel.Find("[data-testid=cluster-ari]").TextContent);   // the genre column is chosen by default
        Assert.Equal("1.000", panel.Find("[data-testid=cluster-nmi]").TextContent);
        Assert.InRange(double.Parse(panel.Find("[data-testid=cluster-silhouette]").TextContent, System.Globalization.CultureInfo.InvariantCulture), 0.8, 1.0);

        // The clusters are a column of the shown set and of the workspace set, and the map is coloured by them.
        Assert.Equal(ClusterState.ColumnName, projector.ColorBy);
        Assert.NotNull(projector.Projection!.Set.Column("cluster"));
        Assert.NotNull(Services.GetRequiredService<SessionWorkspace>().Get("groups")!.Set.Column("cluster"));
        Assert.Equal(3, clusters.Marks.Count);
    }

    [Fact]
    public async Task A_label_click_selects_its_cluster_and_the_list_button_does_too()
    {
        var projector = await Projected(Groups());
        var clusters = Services.GetRequiredService<ClusterState>();
        clusters.Settings.K = 3;
        Assert.True(clusters.Run());
        await clusters.Job!.WaitAsync();
        var overlay = Render<MapOverlay>();
        var biggest = clusters.Marks[0];
        await overlay.InvokeAsync(() => overlay.Instance.OnClusterLabelClicked(biggest.Id));
        var labels = clusters.Result!.Labels;
        Assert.Equal(15, projector.Selection.Count);
        Assert.Equal(15, projector.SelectionTotal);
        Assert.All(projector.Selection, r => Assert.Equal(biggest.Id, labels[r]));
        // The selection panel lists them.
        var selection = Render<SelectionPanel>(p => p.Add(c => c.Set, projector.Projection!.Set).Add(c => c.Rows, projector.Selection).Add(c => c.Total, projector.SelectionTotal));
        Assert.Equal("15", selection.Find("[data-testid=selection-count]").TextContent);

        // The label sits on a member of its cluster.
        var coords = projector.Projection!.Result.Coordinates;
        Assert.Contains(projector.Selection, r => coords[r * 2] == biggest.X && coords[r * 2 + 1] == biggest.Y);

        var panel = Render<ClustersPanel>();
        var other = panel.FindAll("[data-testid=cluster-row]").First(r => r.GetAttribute("data-id") != biggest.Id.ToString());
        int otherId = int.Parse(other.GetAttribute("data-id")!);
        other.QuerySelector("button")!.Click();
        Assert.All(projector.Selection, r => Assert.Equal(otherId, labels[r]));
    }

    [Fact]
    public async Task Hdbscan_on_the_map_says_so_and_a_bad_setting_is_one_message()
    {
        await Projected(Groups());
        var panel = Render<ClustersPanel>();
        panel.Find("[data-testid=cluster-method-hdbscan]").Click();
        panel.Find("[data-testid=cluster-space-map]").Click();
        Assert.Contains("map's 2-D/3-D coordinates", panel.Find("[data-testid=cluster-space-note]").TextContent);
        SetNumber(panel, "cluster-min-cluster-size", "100");
        panel.Find("[data-testid=cluster-run]").Click();
        Assert.Equal("min_cluster_size (100) cannot exceed the number of points (45).", panel.Find("[data-testid=cluster-error]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=job-panel]"));

        SetNumber(panel, "cluster-min-cluster-size", "5");
        panel.Find("[data-testid=cluster-run]").Click();
        Assert.Empty(panel.FindAll("[data-testid=cluster-error]"));
        var clusters = Services.GetRequiredService<ClusterState>();
        await clusters.Job!.WaitAsync();
        panel.WaitForAssertion(() => Assert.Contains("HDBSCAN on the map", panel.Find("[data-testid=cluster-result]").TextContent));
        Assert.Equal(ClusteringSpace.Map, clusters.Result!.Space);
        Assert.Equal(3, clusters.Result.Clusters.Count);
    }

    [Fact]
    public async Task Cancel_stops_a_clustering_and_leaves_no_result()
    {
        // 20,000 random points, k = 50, 30 starts: seconds of work, so Cancel lands while it runs.
        var random = new Random(1);
        var data = new float[20_000 * 16];
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        await Projected(new EmbeddingSet(Enumerable.Range(0, 20_000).Select(i => $"k{i}").ToArray(), data, 16));
        var clusters = Services.GetRequiredService<ClusterState>();
        var panel = Render<ClustersPanel>();
        clusters.Settings.K = 50;
        clusters.Settings.NInit = 30;
        panel.Find("[data-testid=cluster-run]").Click();
        panel.WaitForAssertion(() => panel.Find("[data-testid=job-cancel]"));
        panel.Find("[data-testid=job-cancel]").Click();
        await clusters.Job!.WaitAsync();
        Assert.Equal(JobState.Cancelled, clusters.Job.State);
        Assert.Null(clusters.Result);
    }

    [Fact]
    public async Task Isolate_projects_the_selection_alone_and_back_shows_the_whole_set()
    {
        var projector = await Projected(Groups());
        var whole = projector.Projection!;
        var tools = Render<MapToolsPanel>();
        Assert.True(tools.Find("[data-testid=isolate]").HasAttribute("disabled"));
        projector.Select([0, 3, 6, 9, 12, 15], 6);
        tools.WaitForAssertion(() => Assert.False(tools.Find("[data-testid=isolate]").HasAttribute("disabled")));
        Assert.Contains("Isolate 6 selected", tools.Find("[data-testid=isolate]").TextContent);
        tools.Find("[data-testid=isolate]").Click();
        await projector.Job!.WaitAsync();
        tools.WaitForAssertion(() => tools.Find("[data-testid=isolate-back]"));
        Assert.True(projector.IsIsolated);
        Assert.Equal(6, projector.Projection!.Set.Count);
        Assert.Equal(["s0", "s3", "s6", "s9", "s12", "s15"], projector.Projection.Set.Keys);
        Assert.Equal(6 * 2, projector.Projection.Result.Coordinates.Length);

        tools.Find("[data-testid=isolate-back]").Click();
        Assert.Same(whole, projector.Projection);
        Assert.False(projector.IsIsolated);
        tools.WaitForAssertion(() => Assert.Empty(tools.FindAll("[data-testid=isolate-back]")));
    }

    [Fact]
    public async Task A_coordinates_file_is_shown_as_it_is_with_unknown_keys_reported()
    {
        var projector = await Projected(Groups());
        var tools = Render<MapToolsPanel>();
        var text = string.Concat(Enumerable.Range(0, 45).Select(i => $"s{i}\t{i}\t{-i}\n")) + "nobody\t1\t1\n";
        tools.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "my map.tsv"));
        tools.WaitForAssertion(() => Assert.True(projector.Projection?.AsIs == true));
        var shown = projector.Projection!;
        Assert.Equal(45, shown.Set.Count);
        Assert.Equal(44f, shown.Result.Coordinates[44 * 2]);
        Assert.Equal(-44f, shown.Result.Coordinates[44 * 2 + 1]);
        tools.WaitForAssertion(() => Assert.Equal(
            "my map.tsv: 45 points, 2-D, shown as they are. 1 key is not in the set: \"nobody\".",
            tools.Find("[data-testid=coordinates-note]").TextContent));
    }

    [Fact]
    public async Task A_bad_coordinates_file_fails_with_its_name_and_line_and_the_map_stays()
    {
        var projector = await Projected(Groups());
        var before = projector.Projection;
        var controls = Render<ProjectorControls>(); // its job panel shows the projector's jobs
        var tools = Render<MapToolsPanel>();
        tools.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("s0\t1\t2\ns1\t1\n", "my map.tsv"));
        controls.WaitForAssertion(() => Assert.Equal("Failed", controls.Find("[data-testid=job-panel]").GetAttribute("data-state")));
        Assert.Contains("my map.tsv, line 2: expected 3 or 4 tab-separated values (key, x, y[, z]), found 2.", controls.Find("[data-testid=job-panel]").TextContent);
        Assert.Same(before, projector.Projection);
        await Task.CompletedTask;
    }
}
