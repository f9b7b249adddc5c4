using System.Globalization;
using System.Text.Json;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Web.Components.ProjectorViews;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>
/// The projector's state as a shareable view (<see cref="ProjectorView"/>): what the URL and the bookmarks hold, and
/// how a view is opened again — the set is chosen, the saved projection reused when its parameters match or the
/// projection run again, then colour, selection, clicked point and camera applied once the map is there.
/// </summary>
public sealed partial class ProjectorState
{
    private ProjectorView? _pendingView;   // opened from a link; its details wait for a matching projection
    private bool _openingView;

    /// <summary>The camera the browser last reported (2-D axis ranges or 3-D eye/centre/up), or null (autoscale).</summary>
    public IReadOnlyList<double>? Camera { get; private set; }

    /// <summary>A camera from an opened view that the plot has not been given yet.</summary>
    public IReadOnlyList<double>? CameraToApply { get; private set; }

    private bool _viewClustersPending;    // an opened view's cluster column waits for the clusters panel

    /// <summary>
    /// The cluster column whose names are on the map (the view's <c>cl</c>), or null. The clusters panel keeps it in
    /// line with what it shows; an opened view sets it, and the panel then shows that clustering (<see cref="TakeViewClusters"/>).
    /// </summary>
    public string? LinkedClusterColumn { get; private set; }

    /// <summary>True when the colour was chosen (by the user or an opened view), not the page's default.</summary>
    public bool ColorChosen => _colorChosenByUser;

    /// <summary>How the clusters named on the map were made (the view's cm, ck, …), or null.</summary>
    public ClusterView? LinkedClustering { get; private set; }

    /// <summary>Records the cluster column shown on the map and how its clusters were made; the URL follows.</summary>
    public void SetLinkedClusters(string? column, ClusterView? clustering = null)
    {
        if (column == LinkedClusterColumn && clustering == LinkedClustering) return;
        (LinkedClusterColumn, LinkedClustering) = (column, clustering);
        Raise();
    }

    /// <summary>
    /// True once after a view was opened, with the cluster column it shows (null: the view shows no cluster names). The
    /// clusters panel takes it when the view's map is on screen and shows the set's saved clustering accordingly.
    /// </summary>
    public bool TakeViewClusters(out string? column, out ClusterView? clustering)
    {
        column = LinkedClusterColumn;
        clustering = LinkedClustering;
        bool pending = _viewClustersPending;
        _viewClustersPending = false;
        return pending;
    }

    /// <summary>Sets the cluster column without raising <see cref="Changed"/> (the caller raises it next).</summary>
    internal void LinkClusters(string? column, ClusterView? clustering) => (LinkedClusterColumn, LinkedClustering) = (column, clustering);

    /// <summary>True while an opened view waits for its projection (the URL keeps the link's view meanwhile).</summary>
    public bool ViewPending => _pendingView is not null && Job?.IsRunning == true;

    /// <summary>Records the camera the user moved to (no re-render: only the URL follows it).</summary>
    public void SetCamera(IReadOnlyList<double>? camera) => Camera = camera is { Count: 4 or 9 } ? camera : null;

    public void CameraApplied() => CameraToApply = null;

    public static string ViewParameters(ProjectorSettings s) => FromSettings(s).ParameterQuery();

    public static string AsIsParameters(int dims) => new ProjectorView { Method = ProjectorView.AsIs, Dims = dims }.ParameterQuery();

    /// <summary>The "view" entry of a saved projection's parameters (JSON), or null for projections saved before views existed.</summary>
    private static string? SavedViewParameters(string parametersJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(parametersJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("view", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static ProjectorView FromSettings(ProjectorSettings s) => new()
    {
        Method = s.Method switch { ProjectionMethod.Tsne => "tsne", ProjectionMethod.Umap => "umap", _ => "pca" },
        Dims = s.Dims, Seed = s.Seed,
        Perplexity = s.Perplexity, Iterations = s.Iterations, EarlyExaggeration = s.EarlyExaggeration, LearningRate = s.LearningRate, Init = s.Init,
        NNeighbors = s.NNeighbors, MinDist = s.MinDist, Metric = s.Metric,
    };

    /// <summary>What is on screen as a view: the shown projection's parameters (else the controls'), colour, selection, point, camera.</summary>
    public ProjectorView CurrentView()
    {
        if (_pendingView is not null && ViewPending) return _pendingView;
        var p = Projection is { } shown && shown.SetName == SetName ? shown : null;
        // The shown projection's parameters parse to a view holding just them (AsIs included); else the controls'.
        var view = p?.Parameters is { } parameters && ProjectorView.Parse(parameters).View is { } method ? method : FromSettings(Settings);
        view = view with { Set = SetName, Color = _colorChosenByUser ? ColorBy : null, Clusters = LinkedClusterColumn,
            Clustering = LinkedClusterColumn is null ? null : LinkedClustering, Camera = Camera };
        if (p is not null)
            view = view with
            {
                Selection = Selection.Count == SelectionTotal ? Selection.Order().ToArray() : [],
                Clicked = Clicked is int c && c < p.Set.Count ? p.Set.Keys[c] : null,
            };
        return view;
    }

    /// <summary>
    /// Opens a view (from a link or a bookmark). Returns null when it is open or on its way (a projection job runs), or
    /// one sentence saying why it cannot open (unknown set, parameters that do not fit the set, a busy projector).
    /// </summary>
    public string? OpenView(ProjectorView view)
    {
        if (view.Set is not { } name) return null;
        var entry = _workspace.Get(name);
        if (entry is null)
            return _workspace.PendingDemos.Contains(name)
                ? $"The set \"{name}\" is still being prepared; the view opens when it is ready."
                : $"This workspace has no set called \"{name}\". Links open in the browser that made them (each browser has its own workspace), and the set may have been renamed or deleted.";
        var set = entry.Set;
        var settings = new ProjectorSettings();
        if (view.Method == ProjectorView.AsIs)
        {
            if (set.Dimensions != view.Dims)
                return $"The link shows \"{name}\" as it is in {view.Dims}-D, but its vectors have {set.Dimensions} dimensions.";
        }
        else
        {
            ApplySettings(view, settings);
            var (request, error) = settings.ToRequest(set.Count, set.Dimensions);
            if (request is null) return $"The link's settings do not fit \"{name}\": {error}";
        }
        if (view.Color is { Length: > 0 } colour && set.Column(colour) is null) return $"The set \"{name}\" has no column \"{colour}\" to colour by.";
        if (view.Clusters is { } clusters && clusters != Clusters.ClusterState.ColumnName)
            return $"The link names the cluster column \"{clusters}\"; the projector draws the names of its own clustering (\"{Clusters.ClusterState.ColumnName}\") only.";
        if (view.Clusters is { } column && set.Column(column) is null)
            return $"The set \"{name}\" has no cluster column \"{column}\": its clusters were not found in this workspace, or the set was replaced since.";
        if (view.Clusters is not null && view.Clustering is { NamesFrom.Length: > 0 } made && set.Column(made.NamesFrom) is null)
            return $"The link's clusters are named from the column \"{made.NamesFrom}\", which the set \"{name}\" does not have.";
        if (view.Clicked is { } key && set.IndexOf(key) < 0) return $"The set \"{name}\" has no point \"{key}\".";
        if (view.Selection.Count > 0 && view.Selection[^1] >= set.Count)
            return $"The link's selection names row {view.Selection[^1].ToString("N0", CultureInfo.InvariantCulture)}, but \"{name}\" has {set.Count.ToString("N0", CultureInfo.InvariantCulture)} points: the set changed since the link was made.";
        if (Job?.IsRunning == true) return "A job is running in the projector; wait for it or cancel it, then open the view again.";

        if (view.Method != ProjectorView.AsIs) ApplySettings(view, Settings);
        _pendingView = view;
        _openingView = true;
        try { SelectSet(name); }   // shows the saved projection when there is one (OnProjectionShown checks it)
        finally { _openingView = false; }
        if (_pendingView is null) return null;                                  // the saved projection matched
        // The set may have been reloaded from disk since (a new instance): the same name and size is the same set.
        if (Projection is { } p && p.SetName == name && p.Set.Count == set.Count && p.Parameters == view.ParameterQuery())
        {
            ApplyDetails(view);                                                  // already on screen
            Raise();
            return null;
        }
        if (view.Method == ProjectorView.AsIs) { ShowAsIs(); return null; }
        if (!Run()) { _pendingView = null; return Error ?? "The projection could not start."; }
        return null;
    }

    /// <summary>A view's method and parameters into the controls (the inverse of <see cref="FromSettings"/>).</summary>
    private static void ApplySettings(ProjectorView v, ProjectorSettings to)
    {
        to.Method = v.Method switch { "tsne" => ProjectionMethod.Tsne, "umap" => ProjectionMethod.Umap, _ => ProjectionMethod.Pca };
        (to.Dims, to.Seed) = (v.Dims, v.Seed);
        (to.Perplexity, to.Iterations, to.EarlyExaggeration, to.LearningRate, to.Init) = (v.Perplexity, v.Iterations, v.EarlyExaggeration, v.LearningRate, v.Init);
        (to.NNeighbors, to.MinDist, to.Metric) = (v.NNeighbors, v.MinDist, v.Metric);
    }

    // Called by ShowProjection: a view waiting for this projection gets its details; any other projection ends the wait.
    private void OnProjectionShown(ShownProjection projection)
    {
        if (_pendingView is not { } view) return;
        if (projection.SetName == view.Set && projection.Parameters == view.ParameterQuery()) ApplyDetails(view);
        else if (!_openingView) _pendingView = null;
    }

    private void ApplyDetails(ProjectorView view)
    {
        _pendingView = null;
        if (Projection is not { } p) return;
        var set = p.Set;
        if (view.Color is not null && (view.Color.Length == 0 || set.Column(view.Color) is not null))
        {
            ColorBy = view.Color;
            _colorChosenByUser = true;
        }
        LinkedClusterColumn = view.Clusters;
        LinkedClustering = view.Clusters is null ? null : view.Clustering;
        _viewClustersPending = true;
        var rows = view.Selection.Where(r => r < set.Count).ToArray();
        Selection = rows;
        SelectionTotal = rows.Length;
        Clicked = view.Clicked is { } key && set.IndexOf(key) is var row and >= 0 ? row : null;
        Camera = view.Camera;
        CameraToApply = view.Camera;
    }
}
