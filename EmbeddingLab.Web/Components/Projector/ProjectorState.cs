using EmbeddingLab.Core.Reporting;
using System.Globalization;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>
/// A projection on screen: the set it was made from (by name and instance), the result, and the overlay drawn on it.
/// <see cref="AsIs"/>: the set's own 2-D or 3-D vectors shown without projecting (Result.Method is then meaningless).
/// </summary>
public sealed record ShownProjection(string SetName, EmbeddingSet Set, ProjectionResult Result, ProjectorOverlay? Overlay)
{
    public bool AsIs { get; init; }

    /// <summary>The method's parameters as a view query (<c>ProjectorView.ParameterQuery</c>), or null when unknown.</summary>
    public string? Parameters { get; init; }

    public string Title => AsIs ? "The set's own coordinates" : ProjectorSettings.MethodName(Result.Method);
}

/// <summary>Live coordinates of a running projection (t-SNE iterations) for the plot to animate.</summary>
public sealed record LiveFrame(int Run, EmbeddingSet Set, int Dims, float[] Coordinates, ProjectorOverlay? Overlay);

/// <summary>
/// The Projector page's state for one browser session (scoped): chosen set, method and parameters, colour, the shown
/// projection, the clicked point, selection and search. The page and its panels read and change it; because it
/// outlives the page, navigating away and back shows the same projection, and a job that finishes meanwhile lands here.
/// The shown projection lives only in <see cref="Projection"/> (one place to persist it later).
/// </summary>
public sealed partial class ProjectorState : IDisposable
{
    private readonly SessionWorkspace _workspace;
    private readonly JobRunner _jobs;
    private readonly Web.Sprites.SpriteAtlases? _atlases;
    private (string?, ProjectorOverlay?) _takenRequest;
    private int _run;

    public ProjectorState(SessionWorkspace workspace, JobRunner jobs, Web.Sprites.SpriteAtlases? atlases = null)
    {
        _workspace = workspace;
        _jobs = jobs;
        _atlases = atlases;
        _workspace.Changed += OnWorkspaceChanged;
        if (!TakeRequest() && _workspace.Entries.FirstOrDefault() is { } first) SelectSet(first.Name);
    }

    /// <summary>Raised (on any thread) when anything here changes; components re-render through InvokeAsync.</summary>
    public event Action? Changed;

    /// <summary>Raised (on the job's thread) with live coordinates while a projection runs.</summary>
    public event Action<LiveFrame>? Live;

    public ProjectorSettings Settings { get; } = new();

    /// <summary>The chosen set's name (what Project will run on), or null.</summary>
    public string? SetName { get; private set; }

    /// <summary>The chosen set, or null when none is chosen or it left the workspace.</summary>
    public EmbeddingSet? Set => SetName is null ? null : _workspace.Get(SetName)?.Set;

    /// <summary>The overlay (e.g. an analogy's arrows) for the chosen set, from another page's "show in projector".</summary>
    public ProjectorOverlay? Overlay { get; private set; }

    /// <summary>The projection on screen (the only copy), or null before the first run.</summary>
    public ShownProjection? Projection { get; private set; }

    public BackgroundJob? Job { get; private set; }

    /// <summary>The controls panel's one current message (a bad setting); replaced, never stacked.</summary>
    public string? Error { get; private set; }

    /// <summary>True while a file is being uploaded: actions that need it wait.</summary>
    public bool Uploading { get; set; }

    /// <summary>Metadata column colouring the points ("" = none).</summary>
    public string ColorBy { get; private set; } = "";
    private bool _colorChosenByUser;

    public int? Clicked { get; private set; }
    public IReadOnlyList<int> Selection { get; private set; } = [];
    public int SelectionTotal { get; private set; }
    public string Query { get; set; } = "";
    public IReadOnlyList<int> SearchRows { get; private set; } = [];
    public string? SearchNote { get; private set; }

    /// <summary>Thumbnails of the shown set (its rows have pictures and the atlas is ready), or null.</summary>
    public SpriteSheet? Sprites { get; private set; }

    /// <summary>"Preparing thumbnails…" or why there are none, while the shown set has pictures but no <see cref="Sprites"/>.</summary>
    public string? SpritesStatus { get; private set; }

    /// <summary>True when the shown set's rows have pictures (thumbnails are, or will be, available).</summary>
    public bool HasImages { get; private set; }

    /// <summary>Draw the points in view as their pictures when few enough are in view (TF Projector's sprites).</summary>
    public bool DrawImages { get; private set; }

    /// <summary>How the neighbour panel ranks neighbours in the original space.</summary>
    public SimilarityMetric NeighborMetric { get; private set; } = SimilarityMetric.Cosine;

    /// <summary>Set by the page when a "show in projector" request should run as soon as the plot is ready.</summary>
    public bool AutoRunPending { get; private set; }

    public bool CanProject => Set is not null && Job?.IsRunning != true && !Uploading;

    public void SelectSet(string? name)
    {
        SetName = string.IsNullOrEmpty(name) ? null : name;
        Overlay = null;
        Error = null;
        var set = Set;
        // Keep a colour the user picked when the new set has that column too; otherwise choose again.
        if (set is not null && !(_colorChosenByUser && set.Column(ColorBy) is not null))
            ColorBy = PlotPayload.DefaultColour(set)?.Name ?? "";
        if (set is not null && SetName is { } chosen) RestoreSaved(chosen, set);
        Raise();
    }

    /// <summary>Shows the set's last saved projection (persistent workspaces keep one per set across reloads and restarts).</summary>
    private void RestoreSaved(string name, EmbeddingSet set)
    {
        if (Projection?.SetName == name || Job?.IsRunning == true) return;
        StoredProjectionView? saved;
        try { saved = _workspace.LatestProjection(name) is { } p ? new StoredProjectionView(p.Method, p.Dims, p.Coordinates, SavedViewParameters(p.Parameters)) : null; }
        catch (Exception e) when (e is IOException or InvalidOperationException) { return; }
        if (saved is null || saved.Dims is not (2 or 3) || saved.Coordinates.Length != set.Count * saved.Dims) return;
        var method = saved.Method.Contains("SNE", StringComparison.OrdinalIgnoreCase) ? ProjectionMethod.Tsne
            : saved.Method.Contains("UMAP", StringComparison.OrdinalIgnoreCase) ? ProjectionMethod.Umap : ProjectionMethod.Pca;
        _run++;
        ShowProjection(new ShownProjection(name, set, new ProjectionResult(method, set.Count, saved.Dims, saved.Coordinates, null, null, null, TimeSpan.Zero), null)
            { Parameters = saved.ViewParameters });
    }

    private sealed record StoredProjectionView(string Method, int Dims, float[] Coordinates, string? ViewParameters);

    public void SetColor(string column)
    {
        ColorBy = column ?? "";
        _colorChosenByUser = true;
        Raise();
    }

    public void SetDrawImages(bool on)
    {
        DrawImages = on;
        Raise();
    }

    public void SetNeighborMetric(SimilarityMetric metric)
    {
        NeighborMetric = metric;
        Raise();
    }

    /// <summary>Validates the settings and starts the projection as a background job; a bad setting becomes <see cref="Error"/>.</summary>
    public bool Run()
    {
        AutoRunPending = false;
        var set = Set;
        var name = SetName;
        if (set is null || name is null || Job?.IsRunning == true || Uploading) return false;
        var (request, error) = Settings.ToRequest(set.Count, set.Dimensions);
        if (request is null)
        {
            Error = error;
            // One current message: a failed earlier run's message is stale now.
            if (Job is { IsRunning: false }) Job = null;
            Raise();
            return false;
        }
        Error = null;
        var overlay = Overlay;
        int run = ++_run;
        var method = ProjectorSettings.MethodName(request.Method);
        var viewParameters = ViewParameters(Settings);
        Job = _jobs.Start($"{method} of {set.Count.ToString("N0", CultureInfo.InvariantCulture)} vectors to {request.Dims}-D", async job =>
        {
            var progress = new InlineProgress<TsneProgress>(p => OnProgress(job, run, set, request, overlay, p));
            return await Task.Run(() => Core.Projection.Projector.Project(set, request with { Budget = _jobs.MemoryBudget }, progress, job.CancellationToken), job.CancellationToken);
        }, result =>
        {
            // Kept with the set in a persistent workspace: reload, a new tab or a restart shows it again.
            try
            {
                _workspace.SaveProjection(name, method, request.Dims,
                    System.Text.Json.JsonSerializer.Serialize(new { method, dims = request.Dims, seed = request.Seed, view = viewParameters }), result.Coordinates);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { }
            if (run != _run) return;
            ShowProjection(new ShownProjection(name, set, result, overlay) { Parameters = viewParameters });
        });
        Raise();
        return true;
    }

    /// <summary>True when the chosen set already has 2 or 3 dimensions and can be shown as it is.</summary>
    public bool CanShowAsIs => Set is { Dimensions: 2 or 3 } && Job?.IsRunning != true && !Uploading;

    /// <summary>Shows a 2-D or 3-D set's own vectors as the map ("bring your own coordinates"), without projecting.</summary>
    public bool ShowAsIs()
    {
        var set = Set;
        var name = SetName;
        if (!CanShowAsIs || set is null || name is null) return false;
        Error = null;
        var result = new ProjectionResult(ProjectionMethod.Pca, set.Count, set.Dimensions, set.Matrix.ToArray(), null, null, null, TimeSpan.Zero);
        _run++; // a projection still sending live frames is superseded
        ShowProjection(new ShownProjection(name, set, result, Overlay) { AsIs = true, Parameters = AsIsParameters(set.Dimensions) });
        return true;
    }

    /// <summary>Replaces the projection on screen (clears what belonged to the old one).</summary>
    public void ShowProjection(ShownProjection projection)
    {
        Projection = projection;
        Clicked = null;
        Selection = [];
        SelectionTotal = 0;
        SearchRows = [];
        SearchNote = null;
        LoadSprites(projection);
        OnProjectionShown(projection);
        Raise();
    }

    /// <summary>Asks for the set's sprite atlas (built in the background the first time) and shows it when ready.</summary>
    private void LoadSprites(ShownProjection projection)
    {
        var set = projection.Set;
        if (Sprites is not null && ReferenceEquals(_spritesFor, set)) return;
        Sprites = null;
        _spritesFor = set;
        HasImages = ImageColumn.HasImages(set);
        SpritesStatus = null;
        if (!HasImages || _atlases is not { } atlases) return;
        SpritesStatus = "Preparing thumbnails…";
        _ = Task.Run(async () =>
        {
            try
            {
                var key = atlases.KeyFor(set);
                if (key is null) return;
                var atlas = await atlases.GetAsync(set, key);
                if (_workspace.Get(projection.SetName) is { } entry && ReferenceEquals(entry.Set, set)) atlases.Use(entry, key);
                if (!ReferenceEquals(Projection?.Set, set)) return;
                Sprites = SpriteSheet.From(Web.Sprites.SpriteEndpoint.UrlFor(projection.SetName, key), atlas);
                SpritesStatus = Sprites.ImageCount == 0 ? "None of the set's images could be read." : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!ReferenceEquals(Projection?.Set, set)) return;
                SpritesStatus = "Thumbnails could not be prepared: " + e.Message;
            }
            catch (OperationCanceledException) { return; }
            Raise();
        });
    }

    private EmbeddingSet? _spritesFor;

    private void OnProgress(BackgroundJob job, int run, EmbeddingSet set, ProjectionRequest request, ProjectorOverlay? overlay, TsneProgress p)
    {
        var figures = new List<(string, string)> { ("iteration", $"{p.Iteration} / {p.NIter}") };
        if (p.KlDivergence is { } kl) figures.Add(("KL", kl.ToString("F3", CultureInfo.InvariantCulture)));
        double? fraction = p.Phase is "neighbours" or "perplexity" || p.NIter <= 0 ? null : (double)p.Iteration / p.NIter;
        var status = p.Phase switch
        {
            "neighbours" => "Finding neighbours…",
            "perplexity" => "Calibrating perplexity…",
            _ => $"{ProjectorSettings.MethodName(request.Method)}: {p.Phase}",
        };
        job.Report(new JobProgress(fraction, status, figures));
        if (p.Coordinates is { } coords && p.Phase != "done" && run == _run)
            Live?.Invoke(new LiveFrame(run, set, request.Dims, coords, overlay));
    }

    /// <summary>True while <paramref name="run"/> is the newest run (older live frames are dropped).</summary>
    public bool IsCurrentRun(int run) => run == _run;

    /// <summary>Reads an uploaded vector file as a job; the set joins the workspace under the user's file name.</summary>
    public void OpenUpload(UploadedFile file)
    {
        Error = null;
        Job = _jobs.Start($"Reading {file.DisplayName}", async job =>
        {
            try
            {
                // Messages name the user's own file, never the temporary one; the job's memory bound applies.
                var options = new VectorReadOptions { DisplayName = file.DisplayName, Budget = _jobs.MemoryBudget };
                return await Task.Run(() => VectorFile.Read(file.Path, options, null, job.CancellationToken), job.CancellationToken);
            }
            finally { SessionUploads.Delete(file); }
        }, set =>
        {
            var name = _workspace.UniqueName(Path.GetFileNameWithoutExtension(file.DisplayName));
            _workspace.Add(name, set, "Uploaded", $"From {file.DisplayName}");
            SelectSet(name);
        });
        Raise();
    }

    public void Click(int row)
    {
        if (Projection is not { } p || row < 0 || row >= p.Set.Count) return;
        Clicked = row;
        Raise();
    }

    public void Select(IReadOnlyList<int> rows, int total)
    {
        var count = Projection?.Set.Count ?? 0;
        Selection = rows.Where(r => r >= 0 && r < count).Distinct().ToList();
        SelectionTotal = Math.Max(total, Selection.Count);
        Raise();
    }

    public void ClearSelection() => Select([], 0);

    /// <summary>Finds labels or keys containing <see cref="Query"/> (at most 1,000) and says how many.</summary>
    public void Search()
    {
        if (Projection is not { } p) { SearchNote = "Project a set first."; Raise(); return; }
        var q = Query.Trim();
        if (q.Length == 0) { SearchRows = []; SearchNote = null; Raise(); return; }
        var matches = new List<int>();
        for (int i = 0; i < p.Set.Count && matches.Count < 1000; i++)
            if (p.Set.Keys[i].Contains(q, StringComparison.OrdinalIgnoreCase) || p.Set.DisplayLabel(i).Contains(q, StringComparison.OrdinalIgnoreCase))
                matches.Add(i);
        SearchRows = matches;
        SearchNote = matches.Count == 0 ? $"No label contains \"{q}\"."
            : $"{matches.Count.ToString("N0", CultureInfo.InvariantCulture)}{(matches.Count == 1000 ? "+" : "")} match{(matches.Count == 1 ? "" : "es")} highlighted.";
        Raise();
    }

    // "Show in projector" from another page: open that set (with its overlay) once, and project it with PCA.
    private bool TakeRequest()
    {
        var request = (_workspace.ProjectorRequest, _workspace.ProjectorOverlay);
        if (request.ProjectorRequest is not { } name || _workspace.Get(name) is null || request == _takenRequest) return false;
        _takenRequest = request;
        SelectSet(name);
        Overlay = request.ProjectorOverlay;
        Settings.Method = ProjectionMethod.Pca;
        AutoRunPending = true;
        return true;
    }

    private void OnWorkspaceChanged()
    {
        TakeRequest();
        // A set that was not there yet (a demo still being prepared) becomes the default when it arrives.
        if (SetName is null && _workspace.Entries.FirstOrDefault() is { } first) SelectSet(first.Name);
        Raise();
    }

    private void Raise() => Changed?.Invoke();

    public void Dispose()
    {
        _workspace.Changed -= OnWorkspaceChanged;
        _run++;
    }
}
