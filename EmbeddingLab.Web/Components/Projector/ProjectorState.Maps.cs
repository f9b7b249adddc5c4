using System.Globalization;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Uploads;

namespace EmbeddingLab.Web.Components.Projector;

// The projector's other maps: isolating a selection (TF Projector's "isolate") and a map brought as a coordinates
// TSV; and the one way panels change the shown set without starting over (a cluster column joins it).
public sealed partial class ProjectorState
{
    private ShownProjection? _isolated;     // the isolated map while it is on screen
    private ShownProjection? _whole;        // what "Back to the whole set" shows again
    private ShownProjection? _partialMap;   // a coordinates file that covers only some of the set's rows

    /// <summary>Fewest points an isolated map may have.</summary>
    public const int MinIsolated = 3;

    /// <summary>True while the map on screen is an isolated selection (then "Back to the whole set" shows).</summary>
    public bool IsIsolated => Projection is { } p && ReferenceEquals(p, _isolated) && _whole is not null;

    /// <summary>True when the map on screen shows only some rows of its workspace set (isolated, or a partial coordinates file).</summary>
    public bool ShowsSubset => Projection is { } p && (ReferenceEquals(p, _isolated) || ReferenceEquals(p, _partialMap));

    /// <summary>What the last coordinates file said (keys not in the set, rows without coordinates), or null.</summary>
    public string? CoordinatesNote { get; private set; }

    public bool CanIsolate => Projection is not null && Selection.Count >= MinIsolated && Job?.IsRunning != true && !Uploading;

    /// <summary>
    /// Projects only the selected points again with the current method and parameters, as a job; the whole map is
    /// kept for <see cref="BackToWholeSet"/>. An isolated map is not saved as the set's projection.
    /// </summary>
    public bool Isolate()
    {
        if (!CanIsolate || Projection is not { } shown) return false;
        var rows = Selection.Order().ToArray();
        var subset = shown.Set.Subset(rows);
        var (request, error) = Settings.ToRequest(subset.Count, subset.Dimensions);
        if (request is null)
        {
            Error = "Isolate: " + error;
            Raise();
            return false;
        }
        Error = null;
        var whole = IsIsolated ? _whole! : shown;
        int run = ++_run;
        var method = ProjectorSettings.MethodName(request.Method);
        Job = _jobs.Start($"{method} of the {subset.Count.ToString("N0", CultureInfo.InvariantCulture)} selected points", async job =>
        {
            var progress = new InlineProgress<TsneProgress>(p => OnProgress(job, run, subset, request, null, p));
            return await Task.Run(() => Core.Projection.Projector.Project(subset, request with { Budget = _jobs.MemoryBudget }, progress, job.CancellationToken), job.CancellationToken);
        }, result =>
        {
            if (run != _run) return;
            var isolated = new ShownProjection(shown.SetName, subset, result, null);
            _whole = whole;
            _isolated = isolated;
            ShowProjection(isolated);
        });
        Raise();
        return true;
    }

    /// <summary>Shows the whole set's map again (the one that was on screen before isolating).</summary>
    public void BackToWholeSet()
    {
        if (!IsIsolated || _whole is not { } whole) return;
        _run++;
        _isolated = null;
        _whole = null;
        ShowProjection(whole);
    }

    /// <summary>
    /// Reads an uploaded coordinates TSV for the chosen set and shows it as it is (no projecting). Rows the file has
    /// no coordinates for are left out of the map (and said); keys the set lacks are reported; a bad line is an
    /// error naming the file and line.
    /// </summary>
    public void OpenCoordinates(UploadedFile file)
    {
        var set = Set;
        var name = SetName;
        CoordinatesNote = null;
        if (set is null || name is null) { SessionUploads.Delete(file); Error = "Choose a set before its coordinates."; Raise(); return; }
        Job = _jobs.Start($"Reading {file.DisplayName}", async job =>
        {
            // A bad line fails the job with the file's name and the line (the job panel shows it).
            try { return await Task.Run(() => CoordinatesTsv.Read(file.Path, set, file.DisplayName, job.CancellationToken), job.CancellationToken); }
            finally { SessionUploads.Delete(file); }
        }, table => ShowCoordinates(name, set, table, file.DisplayName));
        Raise();
    }

    /// <summary>Shows a read coordinates table of <paramref name="set"/> as the map.</summary>
    public void ShowCoordinates(string name, EmbeddingSet set, CoordinatesTable table, string fileName)
    {
        var whole = table.CoversWholeSet(set.Count);
        var shownSet = whole ? set : set.Subset(table.Rows);
        var result = new ProjectionResult(ProjectionMethod.Pca, shownSet.Count, table.Dims, table.Coordinates, null, null, null, TimeSpan.Zero);
        var shown = new ShownProjection(name, shownSet, result, null) { AsIs = true };
        var notes = new List<string> { $"{fileName}: {table.Rows.Length.ToString("N0", CultureInfo.InvariantCulture)} points, {table.Dims}-D, shown as they are." };
        if (table.MissingCount > 0)
            notes.Add($"{table.MissingCount.ToString("N0", CultureInfo.InvariantCulture)} rows of the set have no coordinates and are left out.");
        if (table.UnknownCount > 0)
            notes.Add($"{table.UnknownCount.ToString("N0", CultureInfo.InvariantCulture)} key{(table.UnknownCount == 1 ? " is" : "s are")} not in the set: "
                + string.Join(", ", table.UnknownKeys.Select(k => $"\"{k}\"")) + (table.UnknownCount > table.UnknownKeys.Count ? ", …" : "") + ".");
        CoordinatesNote = string.Join(" ", notes);
        _run++;
        _partialMap = whole ? null : shown;
        ShowProjection(shown);
    }

    /// <summary>
    /// Replaces the shown map's set by one with the same rows and more columns (a cluster column), keeping the
    /// selection, click and camera; the map is drawn again with the new colours.
    /// </summary>
    public void ReplaceShownSet(EmbeddingSet set, string? colorBy = null)
    {
        if (Projection is not { } p || set.Count != p.Set.Count) return;
        var replaced = p with { Set = set };
        if (ReferenceEquals(p, _isolated)) _isolated = replaced;
        if (ReferenceEquals(p, _partialMap)) _partialMap = replaced;
        Projection = replaced;
        if (colorBy is not null && set.Column(colorBy) is not null)
        {
            ColorBy = colorBy;
            _colorChosenByUser = true;
        }
        Raise();
    }
}
