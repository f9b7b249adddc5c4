using Bunit;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Songs;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Songs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace EmbeddingLab.Tests.Songs;

/// <summary>The Songs page's panels in bUnit: their states (empty, running, result, error) and what clicks and typing change.</summary>
public sealed class SongsPanelTests : MudTestContext
{
    private readonly string _folder = Directory.CreateTempSubdirectory("el-songs-panels-").FullName;

    public SongsPanelTests()
    {
        AddSongsServices();
    }

    private SongsState State => Services.GetRequiredService<SongsState>();

    /// <summary>A file as UploadBox leaves it: a random name on disk, the user's own name kept for messages.</summary>
    private UploadedFile Upload(string displayName, string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return new UploadedFile(displayName, path, new FileInfo(path).Length);
    }

    /// <summary>Eight songs in two groups that always play together, titles with markup in them.</summary>
    private (UploadedFile Train, UploadedFile Songs) SmallDataset()
    {
        var lines = new List<string> { "#header", "#header" };
        for (int i = 0; i < 60; i++) lines.Add(i % 2 == 0 ? "0 1 2 3 0 1 2 3" : "4 5 6 7 4 5 6 7");
        var songs = string.Join('\n', Enumerable.Range(0, 8).Select(i => i switch
        {
            0 => "0\t<script>alert(1)</script>\t<img src=x onerror=alert(1)>",
            _ => $"{i}\tSong {i}\tArtist {(i < 4 ? "North" : "South")}",
        }));
        return (Upload("my playlists.txt", string.Join('\n', lines)), Upload("my songs.txt", songs));
    }

    [Fact]
    public void Training_panel_starts_with_the_chapter_preset_and_no_message()
    {
        var cut = Render<SongTrainingPanel>(p => p.Add(c => c.State, State));
        Assert.Equal("32", cut.Find("input[data-testid=p-vector-size]").GetAttribute("value"));
        Assert.Equal("20", cut.Find("input[data-testid=p-window]").GetAttribute("value"));
        Assert.Equal("50", cut.Find("input[data-testid=p-negative]").GetAttribute("value"));
        Assert.Equal("1", cut.Find("input[data-testid=p-min-count]").GetAttribute("value"));
        Assert.Equal("5", cut.Find("input[data-testid=p-epochs]").GetAttribute("value"));
        Assert.Contains("Dimensions of each vector", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=songs-error]"));
        Assert.Empty(cut.FindAll("[data-testid=job-panel]"));
        Assert.Empty(cut.FindAll("[data-testid=loss-chart]"));
        Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_new_error_replaces_the_old_one_and_the_preset_clears_it()
    {
        var cut = Render<SongTrainingPanel>(p => p.Add(c => c.State, State));
        cut.Find("input[data-testid=p-window]").Input("0");
        cut.Find("button[data-testid=train]").Click();
        Assert.Contains("window", Assert.Single(cut.FindAll("[data-testid=songs-error]")).TextContent, StringComparison.OrdinalIgnoreCase);

        cut.Find("input[data-testid=p-window]").Input("5");
        cut.Find("input[data-testid=p-negative]").Input("-1");
        cut.Find("button[data-testid=train]").Click();
        var error = Assert.Single(cut.FindAll("[data-testid=songs-error]")).TextContent;
        Assert.Contains("negative", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("window", error, StringComparison.OrdinalIgnoreCase);

        cut.Find("button[data-testid=preset]").Click();
        Assert.Empty(cut.FindAll("[data-testid=songs-error]"));
        Assert.Equal("50", cut.Find("input[data-testid=p-negative]").GetAttribute("value"));
    }

    [Fact]
    public void Train_waits_while_a_file_is_uploading()
    {
        State.Source = PlaylistSource.Upload;
        State.SetUploading("train", true);
        var cut = Render<SongTrainingPanel>(p => p.Add(c => c.State, State));
        Assert.True(cut.Find("button[data-testid=train]").HasAttribute("disabled"));
        Assert.Contains("Waiting for the upload", cut.Find("[data-testid=waiting-upload]").TextContent);
        State.SetUploading("train", false);
        cut.Render();
        Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled"));
        cut.Find("button[data-testid=train]").Click();
        Assert.Contains("Upload a train.txt", cut.Find("[data-testid=songs-error]").TextContent);
    }

    [Fact]
    public void Source_panel_switches_between_demo_upload_and_download()
    {
        var cut = Render<PlaylistSourcePanel>(p => p.Add(c => c.State, State));
        Assert.Contains("Simulated data", cut.Find("[data-testid=demo-note]").TextContent);
        Assert.Equal("true", cut.Find("[data-testid=source-demo]").GetAttribute("aria-pressed"));

        cut.Find("[data-testid=source-upload]").Click();
        Assert.NotNull(cut.Find("input[type=file][data-testid=upload-train]"));
        Assert.NotNull(cut.Find("input[type=file][data-testid=upload-songs]"));
        Assert.Empty(cut.FindAll("[data-testid=demo-note]"));

        cut.Find("[data-testid=source-download]").Click();
        Assert.Equal(YesDataset.DefaultUri.ToString(), cut.Find("input[data-testid=download-url]").GetAttribute("value"));
        Assert.NotNull(cut.Find("button[data-testid=download]"));
    }

    [Fact]
    public void The_chosen_source_is_drawn_filled_and_the_others_outlined()
    {
        // A button group overriding its buttons' styles drew all three outlined: nothing showed which source was on.
        var cut = Render<PlaylistSourcePanel>(p => p.Add(c => c.State, State));
        // The group's override is CSS (background-color: inherit on every button inside it), so it must be off.
        Assert.Empty(cut.FindAll(".mud-button-group-override-styles [data-testid=source-demo]"));
        Assert.Contains("mud-button-filled", cut.Find("[data-testid=source-demo]").ClassName);
        Assert.DoesNotContain("mud-button-filled", cut.Find("[data-testid=source-upload]").ClassName);
        cut.Find("[data-testid=source-upload]").Click();
        Assert.Contains("mud-button-filled", cut.Find("[data-testid=source-upload]").ClassName);
        Assert.DoesNotContain("mud-button-filled", cut.Find("[data-testid=source-demo]").ClassName);
    }

    [Fact]
    public void A_failed_download_says_why_in_the_job_panel()
    {
        State.Source = PlaylistSource.Download;
        var cut = Render<PlaylistSourcePanel>(p => p.Add(c => c.State, State));
        cut.Find("input[data-testid=download-url]").Change("ftp://example.org/data.tar.gz");
        cut.Find("button[data-testid=download]").Click();
        cut.WaitForAssertion(() => Assert.Contains("http://", cut.Find("[data-testid=job-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Failed", cut.Find("[data-testid=job-panel]").GetAttribute("data-state"));
        // The panel re-renders through JobPanel's OnFinished, just after the job panel shows the failure.
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=download]").HasAttribute("disabled")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_uploaded_file_keeps_the_users_name_in_the_panel()
    {
        State.Source = PlaylistSource.Upload;
        var cut = Render<PlaylistSourcePanel>(p => p.Add(c => c.State, State));
        var inputs = cut.FindComponents<Microsoft.AspNetCore.Components.Forms.InputFile>();
        inputs[0].UploadFiles(InputFileContent.CreateFromText("#\n#\n1 2 3\n", "train (copy).txt"));
        cut.WaitForAssertion(() => Assert.Equal("train (copy).txt", State.TrainFile?.DisplayName), TimeSpan.FromSeconds(10));
        Assert.Contains("train (copy).txt", cut.Markup);
        Assert.DoesNotContain(Path.GetFileName(State.TrainFile!.Path), cut.Markup);
        Services.GetRequiredService<SessionUploads>().Dispose();
    }

    [Fact]
    public void Bad_playlist_lines_are_reported_with_the_users_file_name()
    {
        State.Source = PlaylistSource.Upload;
        State.TrainFile = Upload("my playlists.txt", "#\n#\n1 2 3\n4 five 6\n");
        var cut = Render<SongTrainingPanel>(p => p.Add(c => c.State, State));
        cut.Find("button[data-testid=train]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=job-error]")), TimeSpan.FromSeconds(20));
        var message = cut.Find("[data-testid=job-error]").TextContent;
        Assert.Contains("my playlists.txt", message);
        Assert.Contains("line 4", message);
        Assert.DoesNotContain(Path.GetFileName(State.TrainFile.Path), message);
    }

    [Fact]
    public void An_empty_playlist_file_says_it_holds_no_playlists()
    {
        State.Source = PlaylistSource.Upload;
        State.TrainFile = Upload("empty.txt", "");
        var cut = Render<SongTrainingPanel>(p => p.Add(c => c.State, State));
        cut.Find("button[data-testid=train]").Click();
        cut.WaitForAssertion(() => Assert.Contains("empty.txt holds no playlists", cut.Find("[data-testid=job-error]").TextContent), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void After_a_failed_training_job_Train_is_enabled_again()
    {
        State.Source = PlaylistSource.Upload;
        State.TrainFile = Upload("empty.txt", "");
        var cut = Render<EmbeddingLab.Web.Components.Pages.Songs>();
        cut.Find("button[data-testid=train]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Failed", cut.Find("[data-testid=training-panel] [data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(20));
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled")), TimeSpan.FromSeconds(5));
        Assert.False(cut.Find("button[data-testid=preset]").HasAttribute("disabled"));

        // And it works: a second click runs a new job (with a fixed file this time).
        var (train, songs) = SmallDataset();
        (State.TrainFile, State.SongsFile) = (train, songs);
        State.Form.Epochs = 1;
        State.Form.Workers = 1;
        cut.Find("button[data-testid=train]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=training-panel] [data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_failed_training_job_tells_the_page_once_it_has_ended()
    {
        // A job that fails within milliseconds can end before the page's JobPanel subscribes to it; the state must
        // still say so, after the job stopped counting as running, or Train stays disabled.
        State.Source = PlaylistSource.Upload;
        State.TrainFile = Upload("empty.txt", "");
        var ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        State.Changed += () => { if (!State.IsTraining) ended.TrySetResult(true); };
        State.StartTraining();
        await State.TrainJob!.WaitAsync();
        Assert.Equal(JobState.Failed, State.TrainJob.State);
        Assert.True(await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Training_runs_in_the_page_and_Train_enables_again_when_the_job_ends()
    {
        var (train, songs) = SmallDataset();
        State.Source = PlaylistSource.Upload;
        (State.TrainFile, State.SongsFile) = (train, songs);
        State.Form.Epochs = 3;
        State.Form.Workers = 1;
        var cut = Render<EmbeddingLab.Web.Components.Pages.Songs>();
        Assert.NotNull(cut.Find("[data-testid=no-model]"));
        cut.Find("input[data-testid=p-window]").Input("0");
        cut.Find("button[data-testid=train]").Click();
        Assert.NotEmpty(cut.FindAll("[data-testid=songs-error]"));
        cut.Find("input[data-testid=p-window]").Input("3");
        cut.Find("button[data-testid=train]").Click();

        // Running: the job panel shows and Train is disabled; success clears the old message.
        Assert.Empty(cut.FindAll("[data-testid=songs-error]"));
        Assert.NotNull(cut.Find("[data-testid=job-panel]"));
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=training-panel] [data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        // Nothing else happens on the page: JobPanel's OnFinished alone must re-render it with Train enabled.
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled")), TimeSpan.FromSeconds(5));
        Assert.Contains("60 playlists", cut.Find("[data-testid=train-note]").TextContent);
        Assert.Contains("Songs (trained)", cut.Find("[data-testid=model-name]").TextContent);
        var chart = cut.Find("[data-testid=loss-chart]");
        Assert.True(int.Parse(chart.GetAttribute("data-points")!) > 0);
        Assert.Contains("Training loss", chart.TextContent);
    }

    [Fact]
    public void Song_lookup_is_keyboard_navigable_arrow_down_then_enter_selects()
    {
        var keys = new[] { "0", "1", "2", "3" };
        var catalog = new SongCatalog([
            new Song(0, "Lonely Road", "Otis Day", [], "Jazz"),
            new Song(1, "Midnight Train", "Maya Rivers", [], "Rock"),
            new Song(2, "Night Fire", "Maya Rivers", [], "Rock"),
            new Song(3, "Blue Sky", "Maya Rivers", [], "Jazz")]);
        var set = catalog.Annotate(new EmbeddingSet(keys, [1, 0, 0.9f, 0.1f, 0.8f, 0.3f, 0, 1], 2));
        Services.GetRequiredService<SessionWorkspace>().Add(SongsDemoSource.DemoName, set, "Songs", "test");
        State.EnsureModel();
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<RecommendationsPanel>(p => p.Add(c => c.State, State));

        var input = cut.Find("input[data-testid=song-search]");
        input.Input("maya");
        popovers.WaitForAssertion(() => Assert.Equal(3, popovers.FindAll("[data-testid=song-match]").Count), TimeSpan.FromSeconds(5));
        string? Highlighted() => popovers.FindAll(".mud-popover-open .mud-selected-item [data-testid=song-match] strong").SingleOrDefault()?.TextContent;
        var before = Highlighted();
        // A key press as the browser sends it: keydown, then keyup (MudAutocomplete moves on one and selects on the other).
        void Press(string key)
        {
            var args = new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key, Code = key, Type = "keydown" };
            cut.Find("input[data-testid=song-search]").KeyDown(args);
            cut.Find("input[data-testid=song-search]").KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key, Code = key, Type = "keyup" });
        }

        Press("ArrowDown");
        popovers.WaitForAssertion(() => Assert.NotNull(Highlighted()), TimeSpan.FromSeconds(5));
        var chosen = Highlighted();
        Assert.NotEqual(before, chosen); // the arrow moved the highlight
        Press("Enter");

        cut.WaitForAssertion(() => Assert.Equal(chosen, State.Selected?.Title), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Contains(chosen!, cut.Find("[data-testid=because]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal(3, cut.FindAll("[data-testid=recommendations] tbody tr").Count);
    }

    [Fact]
    public void Recommendations_panel_finds_a_song_by_autocomplete_and_shows_markup_as_text()
    {
        var keys = new[] { "0", "1", "2", "3" };
        var catalog = new SongCatalog([
            new Song(0, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", []),
            new Song(1, "Midnight Train", "Maya Rivers", [], "Rock"),
            new Song(2, "Night Fire", "Maya Rivers", [], "Rock"),
            new Song(3, "Blue Sky", "Otis Day", [], "Jazz")]);
        var set = catalog.Annotate(new EmbeddingSet(keys, [1, 0, 0.9f, 0.1f, 0.8f, 0.3f, 0, 1], 2));
        Services.GetRequiredService<SessionWorkspace>().Add(SongsDemoSource.DemoName, set, "Songs", "test");
        State.EnsureModel();
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<RecommendationsPanel>(p => p.Add(c => c.State, State));
        Assert.Contains(SongsDemoSource.DemoName, cut.Find("[data-testid=model-name]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=recommendations]"));

        cut.Find("input[data-testid=song-search]").Input("onerror");
        popovers.WaitForAssertion(() => Assert.Single(popovers.FindAll("[data-testid=song-match]")), TimeSpan.FromSeconds(5));
        var match = popovers.Find("[data-testid=song-match]");
        Assert.Contains("<script>alert(1)</script>", match.TextContent);
        Assert.Empty(popovers.FindAll("[data-testid=song-match] script, [data-testid=song-match] img"));
        match.Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=recommendations] tbody tr")), TimeSpan.FromSeconds(5));
        var rows = cut.FindAll("[data-testid=recommendations] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal("Midnight Train", rows[0].Children[0].TextContent); // nearest by cosine first
        Assert.Contains("<script>alert(1)</script>", cut.Find("[data-testid=because]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=recommendations-panel] script, [data-testid=recommendations-panel] img"));

        // Sorting by title puts "Blue Sky" first.
        cut.FindAll("[data-testid=recommendations] .mud-table-sort-label")[0].Click();
        Assert.Equal("Blue Sky", cut.FindAll("[data-testid=recommendations] tbody tr")[0].Children[0].TextContent);
    }

    [Fact]
    public void Page_state_survives_navigating_away_and_back()
    {
        State.Source = PlaylistSource.Download;
        State.DownloadUrl = "https://example.org/mine.tar.gz";
        State.Form.VectorSize = 48;
        var first = Render<EmbeddingLab.Web.Components.Pages.Songs>();
        first.Dispose();
        var again = Render<EmbeddingLab.Web.Components.Pages.Songs>();
        Assert.Equal("https://example.org/mine.tar.gz", again.Find("input[data-testid=download-url]").GetAttribute("value"));
        Assert.Equal("48", again.Find("input[data-testid=p-vector-size]").GetAttribute("value"));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
