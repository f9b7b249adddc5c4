using Bunit;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Projection;

/// <summary>The Projector's panels and its per-session state, rendered with bUnit.</summary>
public class ProjectorPanelsTests : MudTestContext
{
    public ProjectorPanelsTests()
    {
        AddWorkspaceServices();
        Services.AddScoped<ProjectorState>();
        Services.AddScoped<CustomAxesState>();
        Services.AddScoped<EmbeddingLab.Web.Components.Projector.Clusters.ClusterState>();
    }

    // Two planted clusters of 20 points in 6-D, with a title column whose values are markup.
    private static EmbeddingSet Clusters(int n = 40)
    {
        var random = new Random(3);
        var data = new float[n * 6];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 6; j++) data[i * 6 + j] = (float)((i % 2) * 5 + random.NextDouble());
        var keys = Enumerable.Range(0, n).Select(i => $"p{i}").ToArray();
        var titles = Enumerable.Range(0, n).Select(i => i == 0 ? "<img src=x onerror=alert(1)>" : $"Say \"Hello\" & Don't Stop {i}").ToArray();
        return new EmbeddingSet(keys, data, 6, [new MetadataColumn("title", titles), new MetadataColumn("cluster", keys.Select((_, i) => (i % 2).ToString()).ToArray())]);
    }

    private ProjectorState StateWith(EmbeddingSet set, string name = "clusters")
    {
        Services.GetRequiredService<SessionWorkspace>().Add(name, set, "Other", "test");
        var state = Services.GetRequiredService<ProjectorState>();
        state.SelectSet(name);
        return state;
    }

    // MudNumericField may apply a typed value after the input event's render: wait until the field shows it.
    private static void SetNumber(IRenderedComponent<ProjectorControls> controls, string testId, string value)
    {
        controls.Find($"input[data-testid={testId}]").Input(value);
        controls.WaitForAssertion(() => Assert.Equal(value, controls.Find($"input[data-testid={testId}]").GetAttribute("value")));
    }

    [Fact]
    public void The_chosen_method_and_dimensions_are_drawn_filled()
    {
        // The button groups overrode their buttons' styles, so PCA/t-SNE/UMAP and 2-D/3-D all looked unchosen.
        StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        // The group's override is CSS (background-color: inherit on every button inside it), so it must be off.
        Assert.Empty(controls.FindAll(".mud-button-group-override-styles [data-testid=method-pca], .mud-button-group-override-styles [data-testid=dims-2]"));
        Assert.Contains("mud-button-filled", controls.Find("[data-testid=method-pca]").ClassName);
        Assert.Contains("mud-button-filled", controls.Find("[data-testid=dims-2]").ClassName);
        Assert.DoesNotContain("mud-button-filled", controls.Find("[data-testid=method-tsne]").ClassName);
        controls.Find("[data-testid=method-tsne]").Click();
        controls.Find("[data-testid=dims-3]").Click();
        controls.WaitForAssertion(() => Assert.Contains("mud-button-filled", controls.Find("[data-testid=method-tsne]").ClassName));
        Assert.DoesNotContain("mud-button-filled", controls.Find("[data-testid=method-pca]").ClassName);
        Assert.Contains("mud-button-filled", controls.Find("[data-testid=dims-3]").ClassName);
    }

    [Fact]
    public void A_bad_setting_shows_one_current_message_replaced_by_the_next()
    {
        StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        controls.Find("[data-testid=method-tsne]").Click();
        SetNumber(controls, "perplexity", "0");
        controls.WaitForAssertion(() => Assert.Equal(0, Services.GetRequiredService<ProjectorState>().Settings.Perplexity));
        controls.Find("[data-testid=project]").Click();
        Assert.Equal("Perplexity must be positive.", controls.Find("[data-testid=projector-error]").TextContent.Trim());

        SetNumber(controls, "perplexity", "1000");
        controls.Find("[data-testid=project]").Click();
        var errors = controls.FindAll("[data-testid=projector-error], [data-testid=job-error]");
        Assert.Single(errors);
        Assert.Contains("Perplexity (1000) must be less than the number of points (40).", errors[0].TextContent);
        Assert.Empty(controls.FindAll("[data-testid=job-panel]")); // nothing was started
    }

    [Fact]
    public async Task Project_enables_again_by_itself_when_the_job_ends_and_the_projection_stays_in_the_session()
    {
        var state = StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        var quality = Render<QualityPanel>(p => p.Add(c => c.Projection, state.Projection));
        Assert.Empty(quality.FindAll("[data-testid=projection-quality]"));
        Assert.Contains("Project 40 vectors", controls.Find("[data-testid=project]").TextContent);
        controls.Find("[data-testid=project]").Click();
        var job = state.Job!;
        await job.WaitAsync();
        Assert.Equal(JobState.Succeeded, job.State);
        // No click, no other event: the job panel's OnFinished re-renders the controls.
        controls.WaitForAssertion(() => Assert.False(controls.Find("button[data-testid=project]").HasAttribute("disabled")));
        controls.WaitForAssertion(() => Assert.Equal("Succeeded", controls.Find("[data-testid=job-panel]").GetAttribute("data-state")));

        // A page opened later in the same session (navigating back) finds the projection in the state.
        var shown = state.Projection!;
        Assert.Equal(ProjectionMethod.Pca, shown.Result.Method);
        Assert.Equal(40, shown.Result.Count);
        var again = Render<QualityPanel>(p => p.Add(c => c.Projection, shown));
        Assert.Contains("PCA", again.Find("[data-testid=projection-quality]").TextContent);
        Assert.NotEmpty(again.FindAll("[data-testid=explained-variance-chart]"));
        Assert.Matches(@"Explained variance: \d+\.\d% \+ \d+\.\d% = \d+\.\d%", again.Find("[data-testid=explained-variance]").TextContent);
    }

    [Fact]
    public void Project_is_disabled_while_a_file_uploads()
    {
        var state = StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        Assert.False(controls.Find("button[data-testid=project]").HasAttribute("disabled"));
        state.Uploading = true;
        controls.Render();
        Assert.True(controls.Find("button[data-testid=project]").HasAttribute("disabled"));
        Assert.False(state.Run());
        Assert.Null(state.Job);
    }

    [Fact]
    public void A_bad_upload_is_refused_as_it_arrives_with_the_users_own_file_name()
    {
        var state = StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        controls.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("this is not a vector file\n", "my vectors.txt"));
        // Refused as its first bytes arrive (UploadChecks.VectorFile): nothing is read, no job starts.
        controls.WaitForAssertion(() =>
        {
            var error = controls.Find("[data-testid=upload-error]").TextContent;
            Assert.Contains("my vectors.txt", error);
            Assert.DoesNotContain("embeddinglab", error, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Null(state.Job);
        Assert.False(controls.Find("button[data-testid=project]").HasAttribute("disabled"));
        Assert.Equal("clusters", state.SetName); // the previous set stays chosen
    }

    [Fact]
    public async Task A_good_upload_joins_the_workspace_under_its_file_name_and_is_chosen()
    {
        var state = StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        controls.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("3 2\na 1 0\nb 0 1\nc 1 1\n", "tiny set.txt"));
        controls.WaitForAssertion(() => Assert.NotNull(state.Job));
        await state.Job!.WaitAsync();
        controls.WaitForAssertion(() => Assert.Equal("tiny set", state.SetName));
        controls.WaitForAssertion(() => Assert.Contains("Project 3 vectors", controls.Find("[data-testid=project]").TextContent));
    }

    [Fact]
    public void Quality_panel_renders_t_SNE_figures_and_nothing_without_a_result()
    {
        Assert.Empty(Render<QualityPanel>().FindAll("[data-testid=projection-quality]"));
        var result = new ProjectionResult(ProjectionMethod.Tsne, 40, 2, new float[80], new ProjectionQuality(10, 40, 0.912, 0.5), null, 0.4321, TimeSpan.FromSeconds(1.5));
        var panel = Render<QualityPanel>(p => p.Add(c => c.Projection, new ShownProjection("s", Clusters(), result, null)));
        Assert.Contains("t-SNE · 40 points · 2-D · 1.50 s", panel.Find("[data-testid=projection-quality]").TextContent);
        Assert.Equal("0.912", panel.Find("[data-testid=trustworthiness]").TextContent);
        Assert.Equal("0.432", panel.Find("[data-testid=kl-divergence]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=explained-variance-chart]"));
    }

    [Fact]
    public void Selection_panel_lists_labels_as_text_and_reports_clicks()
    {
        var set = Clusters();
        int? clicked = null;
        var panel = Render<SelectionPanel>(p => p.Add(c => c.Set, set).Add(c => c.Rows, [0, 3]).Add(c => c.Total, 250)
            .Add(c => c.OnSelect, r => clicked = r));
        Assert.Equal("250", panel.Find("[data-testid=selection-count]").TextContent);
        Assert.Empty(panel.FindAll("img"));
        Assert.Contains("<img src=x onerror=alert(1)>", panel.Markup.Replace("&lt;", "<").Replace("&gt;", ">"));
        Assert.Contains("… and 50 more", panel.Find("[data-testid=selection]").TextContent);
        panel.FindAll("[data-testid=selection] li button")[1].Click();
        Assert.Equal(3, clicked);
        Assert.Empty(Render<SelectionPanel>(p => p.Add(c => c.Set, set)).FindAll("[data-testid=selection]"));
    }

    [Fact]
    public void Export_tsv_holds_keys_coordinates_and_metadata_with_tabs_and_quotes_kept_as_text()
    {
        var set = Clusters(4);
        var result = new ProjectionResult(ProjectionMethod.Pca, 4, 2, [0.5f, 1f, 2f, 3f, 4f, 5f, 6f, 7f], null, [0.6, 0.3], null, TimeSpan.Zero);
        var tsv = ExportPanel.Tsv(new ShownProjection("my set", set, result, null)).Split('\n');
        Assert.Equal("key\tx\ty\ttitle\tcluster", tsv[0]);
        Assert.Equal("p1\t2\t3\tSay \"Hello\" & Don't Stop 1\t1", tsv[2]);
        Assert.Equal("my-set-pca", ExportPanel.FileStem(new ShownProjection("my set", set, result, null)));
    }

    [Fact]
    public void Choosing_a_set_picks_a_categorical_colour_and_keeps_a_users_choice_when_the_next_set_has_it()
    {
        var state = StateWith(Clusters(60));
        Assert.Equal("cluster", state.ColorBy); // two categories beat 60 distinct titles
        state.SetColor("title");
        Services.GetRequiredService<SessionWorkspace>().Add("other", Clusters(10), "Other", "test");
        state.SelectSet("other");
        Assert.Equal("title", state.ColorBy);
    }

    [Fact]
    public async Task The_page_renders_empty_then_the_projection_with_its_panels()
    {
        var state = StateWith(Clusters());
        RenderProviders();
        var page = Render<EmbeddingLab.Web.Components.Pages.Projector>();
        Assert.Contains("Choose a set and press Project.", page.Markup);
        Assert.NotNull(page.Find("input[data-testid=plot-search]"));
        Assert.Empty(page.FindAll("[data-testid=projection-quality]"));
        page.Find("button[data-testid=project]").Click();
        await state.Job!.WaitAsync();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=projection-quality]")));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=neighbor-hint]")));
        Assert.DoesNotContain("Choose a set and press Project.", page.Markup);
        state.Click(0);
        page.WaitForAssertion(() => Assert.Equal("p0", page.Find("[data-testid=neighbor-panel]").GetAttribute("data-key")));
        Assert.Empty(page.FindAll("[data-testid=neighbor-panel] img"));
        state.Query = "Hello";
        state.Search();
        page.WaitForAssertion(() => Assert.Equal("39 matches highlighted.", page.Find("[data-testid=search-note]").TextContent));
    }

    [Fact]
    public void A_set_with_two_dimensions_is_shown_as_is_without_projecting()
    {
        var flat = new EmbeddingSet(["a", "b", "c", "d"], [0f, 0f, 1f, 0f, 0f, 2f, 3f, 3f], 2);
        var state = StateWith(flat, "coordinates");
        var controls = Render<ProjectorControls>();
        controls.Find("button[data-testid=show-as-is]").Click();
        var shown = state.Projection!;
        Assert.True(shown.AsIs);
        Assert.Null(state.Job); // nothing ran
        Assert.Equal([0f, 0f, 1f, 0f, 0f, 2f, 3f, 3f], shown.Result.Coordinates);
        Assert.Equal(2, shown.Result.Dims);
        var quality = Render<QualityPanel>(p => p.Add(c => c.Projection, shown));
        Assert.Contains("The set's own coordinates · 4 points · 2-D", quality.Find("[data-testid=projection-quality]").TextContent);
        Assert.Equal("coordinates-coordinates", ExportPanel.FileStem(shown));

        // A 6-D set offers no such button.
        StateWith(Clusters(), "wide");
        controls.Render();
        Assert.Empty(controls.FindAll("[data-testid=show-as-is]"));
    }

    [Fact]
    public void UMAP_offers_its_parameters_and_names_a_bad_one()
    {
        StateWith(Clusters());
        var controls = Render<ProjectorControls>();
        controls.Find("[data-testid=method-umap]").Click();
        Assert.NotNull(controls.Find("[data-testid=umap-parameters]"));
        SetNumber(controls, "n-neighbors", "1");
        controls.Find("button[data-testid=project]").Click();
        Assert.Equal("n_neighbors must be at least 2, not 1.", controls.Find("[data-testid=projector-error]").TextContent.Trim());
    }
}
