using Bunit;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Components.ProjectorViews;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.ProjectorViews;

/// <summary>The bookmark panel and opening views, on a persistent workspace in a temporary folder.</summary>
public class BookmarkPanelTests : MudTestContext
{
    private readonly TempFolder _dir = new();

    public BookmarkPanelTests()
    {
        var store = new WorkspaceStore(new WorkspaceStoreOptions(_dir.Path));
        var hub = new WorkspaceHub(store, new SetCache(64 << 20));
        var context = new WorkspaceContext();
        context.Bind(WorkspaceStore.NewWorkspaceId());
        var demos = new DemoLibrary([], NullLogger<DemoLibrary>.Instance);
        Services.AddSingleton(demos);
        Services.AddSingleton(context);
        Services.AddScoped(_ => new SessionWorkspace(demos, context, hub));
        Services.AddSingleton<ILogger<JobRunner>>(NullLogger<JobRunner>.Instance);
        Services.AddScoped<JobRunner>();
        Services.AddScoped<ProjectorState>();
        // The container disposes what its factories made: the folder goes with the test context.
        Services.AddSingleton(_ => _dir);
        Services.GetRequiredService<TempFolder>();
    }

    // 12 points in 2-D (shown as they are, no projection job) with a category column.
    private static EmbeddingSet Plane()
    {
        var keys = Enumerable.Range(0, 12).Select(i => i == 5 ? "<b>five</b> & co" : $"k{i}").ToArray();
        var coords = Enumerable.Range(0, 24).Select(i => (float)(i * 0.5 % 7)).ToArray();
        return new EmbeddingSet(keys, coords, 2, [new MetadataColumn("group", keys.Select((_, i) => i % 3 == 0 ? "a" : "b").ToArray())]);
    }

    private ProjectorState Shown(string name = "plane <&>")
    {
        Services.GetRequiredService<SessionWorkspace>().Add(name, Plane(), "Other", "test");
        var state = Services.GetRequiredService<ProjectorState>();
        state.SelectSet(name);
        Assert.True(state.ShowAsIs());
        return state;
    }

    [Fact]
    public void Saves_the_current_view_under_a_name_lists_it_as_a_link_renames_and_deletes_it()
    {
        var state = Shown();
        state.SetColor("group");
        state.Select([1, 4, 7], 3);
        state.Click(5);
        var panel = Render<BookmarkPanel>();
        Assert.NotNull(panel.Find("[data-testid=bookmark-empty]"));

        panel.Find("[data-testid=bookmark-save]").Click();
        Assert.Contains("name", panel.Find("[data-testid=bookmark-message]").TextContent);

        panel.Find("input[data-testid=bookmark-name]").Input("Lesson <1> & \"clusters\"");
        panel.Find("form").Submit();
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=bookmark]")));
        var link = panel.Find("[data-testid=bookmark-link]");
        Assert.Equal("Lesson <1> & \"clusters\"", link.TextContent); // shown as text, escaped by Blazor
        var href = link.GetAttribute("href")!;
        var view = ProjectorView.Parse(href[(href.IndexOf('?') + 1)..]).View!;
        Assert.Equal(("plane <&>", ProjectorView.AsIs, "group", "<b>five</b> & co"), (view.Set, view.Method, view.Color, view.Clicked));
        Assert.Equal([1, 4, 7], view.Selection);
        // Kept with the workspace: the store holds it.
        Assert.Equal("Lesson <1> & \"clusters\"", Assert.Single(Services.GetRequiredService<SessionWorkspace>().Bookmarks).Note);

        panel.Find("[data-testid=bookmark-rename]").Click();
        panel.Find("input[data-testid=bookmark-rename-input]").Input("Lesson 2");
        panel.Find("[data-testid=bookmark-rename-save]").Click();
        panel.WaitForAssertion(() => Assert.Equal("Lesson 2", panel.Find("[data-testid=bookmark-link]").TextContent));

        panel.Find("[data-testid=bookmark-delete]").Click();
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=bookmark-empty]")));
        Assert.Empty(Services.GetRequiredService<SessionWorkspace>().Bookmarks);
    }

    [Fact]
    public void Opening_a_view_restores_set_colour_selection_and_point_and_reuses_a_matching_saved_projection()
    {
        var state = Shown();
        var workspace = Services.GetRequiredService<SessionWorkspace>();
        workspace.Add("other", FormatTestData.Small(), "Other", "test");
        // A saved t-SNE of "other" with the view's parameters: opening the view shows it without a job.
        var coords = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var tsne = new ProjectorView { Set = "other", Method = "tsne", Perplexity = 5, Iterations = 300 };
        workspace.SaveProjection("other", "t-SNE", 2, $$"""{"method":"t-SNE","dims":2,"seed":0,"view":"{{tsne.ParameterQuery()}}"}""", coords);
        var key = FormatTestData.Small().Keys[7];

        Assert.Null(state.OpenView(tsne with { Selection = [2, 3], Clicked = key, Color = "", Camera = [0, 10, -1, 1] }));
        Assert.Null(state.Job);
        Assert.Equal("other", state.Projection!.SetName);
        Assert.Equal(coords, state.Projection.Result.Coordinates);
        Assert.Equal([2, 3], state.Selection);
        Assert.Equal(7, state.Clicked);
        Assert.Equal("", state.ColorBy);
        Assert.Equal([0, 10, -1, 1], state.CameraToApply!);
        // The URL the page writes now is the same view.
        Assert.Equal(tsne with { Selection = [2, 3], Clicked = key, Color = "", Camera = [0, 10, -1, 1] }, state.CurrentView(), ViewComparer.Instance);

        // Other parameters than the saved projection's: projected again (a job).
        Assert.Null(state.OpenView(tsne with { Perplexity = 6 }));
        Assert.NotNull(state.Job);
        state.Job!.Cancel();
    }

    [Theory]
    [InlineData("set=nowhere", "no set called \"nowhere\"")]
    [InlineData("set=other&m=tsne&perp=500", "Perplexity")]
    [InlineData("set=other&m=asis&d=2", "5 dimensions")]
    [InlineData("set=other&c=nope", "no column \"nope\"")]
    [InlineData("set=other&pt=nokey", "no point \"nokey\"")]
    [InlineData("set=other&sel=fw", "row 126")]
    public void A_view_that_does_not_fit_the_workspace_says_why_and_changes_nothing(string query, string message)
    {
        var state = Shown();
        Services.GetRequiredService<SessionWorkspace>().Add("other", FormatTestData.Small(), "Other", "test");
        var before = state.Projection;
        var error = state.OpenView(ProjectorView.Parse(query).View!);
        Assert.Contains(message, error);
        Assert.Same(before, state.Projection);
        Assert.Null(state.Job);
    }

    private sealed class ViewComparer : IEqualityComparer<ProjectorView>
    {
        public static readonly ViewComparer Instance = new();
        public bool Equals(ProjectorView? x, ProjectorView? y) => x?.ToQuery() == y?.ToQuery();
        public int GetHashCode(ProjectorView obj) => obj.ToQuery().GetHashCode();
    }
}
