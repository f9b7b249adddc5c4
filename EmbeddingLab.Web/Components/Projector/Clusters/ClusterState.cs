using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Components.ProjectorViews;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Components.Projector.Clusters;

/// <summary>
/// A cluster's name where the map draws it: the member nearest the members' mean on the map (2-D or 3-D; Z is 0 on a
/// 2-D map).
/// </summary>
public sealed record ClusterMark(int Id, int Size, string Name, float X, float Y, float Z, int[] Rows);

/// <summary>
/// The projector's clusters for one browser session (scoped): settings, the running job, the clustering of the map on
/// screen with its label positions, and the density toggle. A finished clustering becomes the metadata column
/// <see cref="ColumnName"/> of the set (saved in the workspace, so other pages and a reload see it) and is saved with
/// its names and scores by <see cref="SessionWorkspace.SaveClustering"/>; a reload restores it from there.
/// </summary>
public sealed class ClusterState : IDisposable
{
    public const string ColumnName = "cluster";

    /// <summary>A 3-D map names this many clusters at most, the largest (2-D maps hide names that would overlap instead).</summary>
    public const int MaxSceneNames = 40;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly ProjectorState _projector;
    private readonly SessionWorkspace _workspace;
    private readonly JobRunner _jobs;
    private ShownProjection? _seen;
    private int _run;
    private ClusterView? _resultView;   // how Result was made (the settings of its run, or the saved ones)

    public ClusterState(ProjectorState projector, SessionWorkspace workspace, JobRunner jobs)
    {
        _projector = projector;
        _workspace = workspace;
        _jobs = jobs;
        _projector.Changed += OnProjectorChanged;
        OnProjectorChanged();
    }

    /// <summary>Raised (on any thread) when the clustering, its job or the density toggle changes.</summary>
    public event Action? Changed;

    public ClusterSettings Settings { get; } = new();

    public BackgroundJob? Job { get; private set; }

    /// <summary>The panel's one current message (a bad setting, or the column could not be saved).</summary>
    public string? Error { get; private set; }

    /// <summary>A note about the last run (e.g. the column could not be kept in the workspace).</summary>
    public string? Note { get; private set; }

    /// <summary>Why an opened view's clusters (its <c>cl</c>) are not on the map, or null.</summary>
    public string? LinkNote { get; private set; }

    /// <summary>The clustering of the map on screen, or null.</summary>
    public ClusteringResult? Result { get; private set; }

    /// <summary>True when <see cref="Result"/> came back from the workspace (a reload), not from a run in this tab.</summary>
    public bool Restored { get; private set; }

    /// <summary>Where each cluster's name is drawn on the map on screen (2-D or 3-D: x and y of the first two axes).</summary>
    public IReadOnlyList<ClusterMark> Marks { get; private set; } = [];

    /// <summary>Cluster labels on the map (on by default when there is a clustering).</summary>
    public bool ShowLabels { get; private set; } = true;

    /// <summary>Density contours of the 2-D map.</summary>
    public bool ShowDensity { get; private set; }

    public bool CanRun => _projector.Projection is not null && Job?.IsRunning != true && _projector.Job?.IsRunning != true;

    public void SetShowLabels(bool on)
    {
        ShowLabels = on;
        Raise();
        _projector.SetLinkedClusters(Linked, LinkedView);   // the URL's cl follows the names on the map
    }

    // The view's cluster column: the clustering whose names are on the map; and how it was made.
    private string? Linked => Result is not null && ShowLabels ? ColumnName : null;
    private ClusterView? LinkedView => Linked is null ? null : _resultView;

    public void SetShowDensity(bool on) { ShowDensity = on; Raise(); }

    /// <summary>Clusters the set of the map on screen as a job (its vectors, or the map's coordinates).</summary>
    public bool Run() => CanRun && Start();

    // Run without waiting for the projector's job: an opened view's clusters start from that job's own completion
    // (the map is on screen, but the job still counts as running until its completion returns).
    private bool Start()
    {
        if (Job?.IsRunning == true || _projector.Projection is not { } shown) return false;
        var (request, error) = Settings.ToRequest(shown.Set.Count, shown.Result.Coordinates, shown.Result.Dims);
        if (request is null)
        {
            Error = error;
            if (Job is { IsRunning: false }) Job = null;
            Raise();
            return false;
        }
        Error = null;
        Note = null;
        LinkNote = null;
        int run = ++_run;
        bool whole = !_projector.ShowsSubset;
        var made = Settings.ToView();
        var what = request.Method == ClusteringMethod.KMeans ? $"k-means (k = {request.KMeans.NClusters})" : $"HDBSCAN (min_cluster_size = {request.Hdbscan.MinClusterSize})";
        var space = request.Space == ClusteringSpace.Map ? "the map" : "the vectors";
        Job = _jobs.Start($"{what} of {shown.Set.Count.ToString("N0", CultureInfo.InvariantCulture)} points on {space}", async job =>
        {
            var progress = new InlineProgress<ClusteringProgress>(p => job.Report(new JobProgress(p.Fraction, Stage(p.Stage))));
            var result = await Task.Run(() => Clusterer.Run(shown.Set, request, progress, job.CancellationToken), job.CancellationToken);
            job.Report(new JobProgress(1, Summary(result)));
            string? note = null;
            if (whole) note = await Task.Run(() => Keep(shown.SetName, result, request));
            return (result, note);
        }, done =>
        {
            if (run != _run) return;
            Note = done.note;
            Show(done.result, restored: false, made);
        });
        Raise();
        return true;
    }

    private static string Summary(ClusteringResult r)
    {
        var parts = new List<string> { $"{r.Clusters.Count} cluster{(r.Clusters.Count == 1 ? "" : "s")}" };
        if (r.Noise > 0) parts.Add($"{r.Noise.ToString("N0", CultureInfo.InvariantCulture)} noise");
        if (r.Silhouette is { } s) parts.Add($"silhouette {s.Value.ToString("F3", CultureInfo.InvariantCulture)}");
        return string.Join(", ", parts) + ".";
    }

    private static string Stage(string stage) => stage switch
    {
        "names" => "Naming the clusters…",
        "silhouette" => "Scoring (silhouette)…",
        _ => stage,
    };

    /// <summary>Selects the members of cluster <paramref name="id"/> (the selection panel lists them).</summary>
    public void SelectCluster(int id)
    {
        if (Marks.FirstOrDefault(m => m.Id == id) is not { } mark) return;
        _projector.Select(mark.Rows, mark.Rows.Length);
    }

    // The column joins the workspace set (other pages, export, reload) and the names and scores are saved with it.
    // Replacing the set drops what was saved of it (its rows may differ): the same rows keep their projection, so it is
    // saved again, and the clustering is saved after the set.
    private string? Keep(string setName, ClusteringResult result, ClusteringRequest request)
    {
        try
        {
            if (_workspace.Get(setName) is { } entry && entry.Set.Count == result.Labels.Length)
            {
                var projection = _workspace.LatestProjection(setName);
                _workspace.Add(setName, result.AddTo(entry.Set, ColumnName), entry.Kind, entry.Description, entry.Parameters);
                if (projection is not null && _workspace.LatestProjection(setName) is null)
                    _workspace.SaveProjection(setName, projection.Method, projection.Dims, projection.Parameters, projection.Coordinates);
            }
            _workspace.SaveClustering(setName, request.Method.ToString(), JsonSerializer.Serialize(Saved.From(result, request), Json), result.Labels);
            return null;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return $"The clusters are on the map but could not be kept in the workspace: {e.Message}";
        }
    }

    private void Show(ClusteringResult result, bool restored, ClusterView made)
    {
        if (_projector.Projection is not { } shown || shown.Set.Count != result.Labels.Length) return;
        Result = result;
        Restored = restored;
        _resultView = made;
        if (!restored) ShowLabels = true;   // a new clustering shows its names
        _projector.LinkClusters(Linked, LinkedView);    // ReplaceShownSet raises: the URL gets cl
        var set = HasLabels(shown.Set, result.Labels) ? shown.Set : result.AddTo(shown.Set, ColumnName);
        _seen = null; // the replaced projection is ours: OnProjectorChanged places the marks
        // A restored clustering keeps a colour the user or an opened view chose; a new one colours the map by its clusters.
        _projector.ReplaceShownSet(set, restored && _projector.ColorChosen ? null : ColumnName);
        Raise();
    }

    private static bool HasLabels(EmbeddingSet set, int[] labels)
    {
        if (set.Column(ColumnName) is not { } column || column.Values.Count != labels.Length) return false;
        for (int i = 0; i < labels.Length; i++)
            if (column.Values[i] != labels[i].ToString(CultureInfo.InvariantCulture)) return false;
        return true;
    }

    private void OnProjectorChanged()
    {
        bool opened = _projector.TakeViewClusters(out var linked, out var linkedClustering);
        var shown = _projector.Projection;
        if (!ReferenceEquals(shown, _seen))
        {
            _seen = shown;
            // Kept when the map shows the same rows with the same cluster column (a new projection of the clustered set).
            if (shown is null) Clear();
            else if (Result is { } r && HasLabels(shown.Set, r.Labels)) { Marks = Place(shown, r); Raise(); }
            else if (_projector.ShowsSubset || !TryRestore(shown)) Clear();
        }
        if (opened) OpenLinked(linked, linkedClustering);
    }

    // An opened view says whether cluster names are on its map: cl=cluster shows the set's saved clustering with its
    // names (as right after running it); a view without cl shows none. A view that says how its clusters were made
    // (cm, ck, …) gets those clusters: the saved clustering when it was made that way, else the same settings run
    // again (k-means and HDBSCAN give the same clusters for the same settings and seed).
    private void OpenLinked(string? column, ClusterView? clustering)
    {
        bool wanted = column == ColumnName;
        if (wanted && clustering is not null && clustering != _resultView)
        {
            Result = null;          // another clustering of the set: not what the link shows
            Marks = [];
            _resultView = null;
            Restored = false;
            Settings.Apply(clustering);
            ShowLabels = true;
            LinkNote = null;
            _projector.LinkClusters(column, clustering);   // the URL keeps the link's clusters while they are made
            if (Start()) return;
            LinkNote = $"The link's clusters could not be made again here: {Error ?? "a clustering is running; open the link again when it ends."}";
            Error = null;
            Raise();
            _projector.SetLinkedClusters(null);
            return;
        }
        LinkNote = wanted && Result is null
            ? "The link shows this set's clusters, but this workspace has no saved clustering that fits the map: find the clusters again."
            : null;
        ShowLabels = wanted || Result is null;
        Raise();
        _projector.SetLinkedClusters(Linked, LinkedView);
    }

    private bool TryRestore(ShownProjection shown)
    {
        StoredClustering? stored;
        try { stored = _workspace.LatestClustering(shown.SetName); }
        catch (Exception e) when (e is IOException or InvalidOperationException) { return false; }
        if (stored is null || stored.Labels.Length != shown.Set.Count) return false;
        Saved? saved;
        try { saved = JsonSerializer.Deserialize<Saved>(stored.Parameters, Json); }
        catch (JsonException) { return false; }
        if (saved is null) return false;
        saved.ApplyTo(Settings);   // the panel shows how this clustering was made
        Show(saved.ToResult(stored.Labels), restored: true, Settings.ToView());
        return true;
    }

    private void Clear()
    {
        if (Result is null && Marks.Count == 0) return;
        Result = null;
        Marks = [];
        Restored = false;
        _resultView = null;
        Raise();
        _projector.SetLinkedClusters(null);
    }

    /// <summary>
    /// Each cluster's mark: at the member nearest the mean of its members' map positions, in all the map's dimensions
    /// (always on a member, so a curved cluster's name does not float in empty space).
    /// </summary>
    public static IReadOnlyList<ClusterMark> Place(ShownProjection shown, ClusteringResult result)
    {
        var coords = shown.Result.Coordinates;
        int dims = shown.Result.Dims;
        bool three = dims >= 3;
        var marks = new List<ClusterMark>(result.Clusters.Count);
        var members = new List<int>[result.Clusters.Count];
        for (int c = 0; c < members.Length; c++) members[c] = [];
        for (int i = 0; i < result.Labels.Length; i++)
            if (result.Labels[i] is int l && l >= 0 && l < members.Length) members[l].Add(i);
        foreach (var cluster in result.Clusters)
        {
            var rows = members[cluster.Id];
            if (rows.Count == 0) continue;
            double mx = 0, my = 0, mz = 0;
            foreach (var r in rows)
            {
                mx += coords[r * dims];
                my += coords[r * dims + 1];
                if (three) mz += coords[r * dims + 2];
            }
            mx /= rows.Count; my /= rows.Count; mz /= rows.Count;
            int best = rows[0];
            double bestD = double.PositiveInfinity;
            foreach (var r in rows)
            {
                double dx = coords[r * dims] - mx, dy = coords[r * dims + 1] - my, dz = three ? coords[r * dims + 2] - mz : 0, d = dx * dx + dy * dy + dz * dz;
                if (d < bestD) { bestD = d; best = r; }
            }
            var name = cluster.Terms.Count == 0 ? $"cluster {cluster.Id}" : string.Join(" · ", cluster.Terms.Take(3));
            marks.Add(new ClusterMark(cluster.Id, rows.Count, name, coords[best * dims], coords[best * dims + 1], three ? coords[best * dims + 2] : 0, rows.ToArray()));
        }
        return marks;
    }

    private void Raise() => Changed?.Invoke();

    public void Dispose()
    {
        _projector.Changed -= OnProjectorChanged;
        _run++;
    }

    // What is saved beside the labels: enough to show the same panel after a reload.
    private sealed record Saved(string Method, string Space, int? K, int? NInit, int? MinClusterSize, int? MinSamples, int Seed,
        string? TextColumn, string NamesFrom, List<SavedCluster> Clusters, int Noise, double? Silhouette, int? SilhouetteSample,
        bool SilhouetteSampled, double? Inertia, string? ComparedWith, double? Ari, double? Nmi, double ElapsedMs)
    {
        public static Saved From(ClusteringResult r, ClusteringRequest q) => new(
            r.Method.ToString(), r.Space.ToString(),
            q.Method == ClusteringMethod.KMeans ? q.KMeans.NClusters : null, q.Method == ClusteringMethod.KMeans ? q.KMeans.NInit : null,
            q.Method == ClusteringMethod.Hdbscan ? q.Hdbscan.MinClusterSize : null, q.Method == ClusteringMethod.Hdbscan ? q.Hdbscan.MinSamples : null,
            q.Seed, q.TextColumn, r.NamesFrom, r.Clusters.Select(c => new SavedCluster(c.Id, c.Size, c.Terms.ToList())).ToList(), r.Noise,
            r.Silhouette?.Value, r.Silhouette?.SampleSize, r.Silhouette?.Sampled ?? false, r.Inertia, r.ComparedWith,
            r.AdjustedRandIndex, r.NormalizedMutualInformation, r.Elapsed.TotalMilliseconds);

        public void ApplyTo(ClusterSettings settings)
        {
            if (Enum.TryParse<ClusteringMethod>(Method, out var m)) settings.Method = m;
            if (Enum.TryParse<ClusteringSpace>(Space, out var s)) settings.Space = s;
            if (K is { } k) settings.K = k;
            if (NInit is { } n) settings.NInit = n;
            if (MinClusterSize is { } size) settings.MinClusterSize = size;
            if (m == ClusteringMethod.Hdbscan) settings.MinSamples = MinSamples;
            settings.Seed = Seed;
            settings.TextColumn = TextColumn ?? "";
            settings.CompareWith = ComparedWith ?? "";
        }

        public ClusteringResult ToResult(int[] labels) => new(
            Enum.TryParse<ClusteringMethod>(Method, out var m) ? m : ClusteringMethod.KMeans,
            Enum.TryParse<ClusteringSpace>(Space, out var s) ? s : ClusteringSpace.Vectors,
            labels, Clusters.Select(c => new ClusterSummary(c.Id, c.Size, c.Terms, [])).ToList(), Noise,
            Silhouette is { } v ? new SilhouetteScore(v, SilhouetteSample ?? 0, SilhouetteSampled) : null,
            Inertia, ComparedWith, Ari, Nmi, NamesFrom, TimeSpan.FromMilliseconds(ElapsedMs));
    }

    private sealed record SavedCluster(int Id, int Size, List<string> Terms);
}
