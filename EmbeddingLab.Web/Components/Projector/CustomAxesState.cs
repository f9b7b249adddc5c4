using EmbeddingLab.Core.Analysis.Directions;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>What one axis of a custom projection is made of, as the user typed it.</summary>
public sealed class CustomAxisForm
{
    /// <summary>True: a direction between two word lists; false: a search term (one word or several, their mean).</summary>
    public bool IsDirection { get; set; } = true;
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Term { get; set; } = "";

    public CustomAxis Build(EmbeddingSet set) => IsDirection
        ? CustomAxis.Direction(set, Split(From), Split(To))
        : CustomAxis.Term(set, Split(Term));

    internal static string[] Split(string text) =>
        text.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The projector's custom axes for one browser session (TF Embedding Projector's custom projection): the set, the two
/// axes, which words to show and the last drawing. Scoped, so leaving the page and coming back keeps it.
/// </summary>
public sealed class CustomAxesState(SessionWorkspace workspace)
{
    public string? SetName { get; set; }
    public CustomAxisForm X { get; } = new() { From = "man", To = "woman" };
    public CustomAxisForm Y { get; } = new() { IsDirection = false, Term = "king" };
    public CustomPointsSource Points { get; set; } = CustomPointsSource.Words;
    public string PointsText { get; set; } = "man woman king queen boy girl prince princess father mother son daughter";
    public int Limit { get; set; } = 50;

    public CustomProjection? Result { get; private set; }
    /// <summary>The set the result was drawn from (by name).</summary>
    public string? ResultSet { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Word sets first, then every other set.</summary>
    public IReadOnlyList<WorkspaceEntry> Entries() =>
        workspace.Entries.OrderBy(e => e.Kind == "Words" ? 0 : 1).ThenBy(e => e.IsDemo ? 1 : 0).ToList();

    /// <summary>The chosen set; the first word set when none is chosen or the chosen one is gone.</summary>
    public WorkspaceEntry? Current()
    {
        var entries = Entries();
        var current = SetName is null ? null : entries.FirstOrDefault(e => e.Name == SetName);
        current ??= entries.FirstOrDefault(e => e.Kind == "Words") ?? entries.FirstOrDefault();
        SetName = current?.Name;
        return current;
    }

    /// <summary>Computes the projection (at most <see cref="CustomAxes.MaxPoints"/> dot products per axis: no job needed).</summary>
    public void Draw()
    {
        Error = null;
        var entry = Current();
        if (entry is null) { Error = "The workspace has no vector set yet."; return; }
        try
        {
            var set = entry.Set;
            var x = X.Build(set);
            var y = Y.Build(set);
            var rows = CustomAxes.ChooseRows(set, Points, PointsText, Limit, out var missing);
            Result = CustomAxes.Project(set, x, y, rows, missing);
            ResultSet = entry.Name;
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            // One current message: the drawing it would replace stays, the message says why nothing new came.
            Error = e.Message;
        }
    }
}
