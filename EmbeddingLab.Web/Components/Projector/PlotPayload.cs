using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>
/// What plot.js draws, built once per draw: coordinates, colour codes and values as raw little-endian bytes (Blazor sends
/// byte[] as binary; the browser views them as Float32Array/Int32Array, no object per point), and raw (unescaped)
/// labels and hover text — plot.js escapes them exactly once for plotly.
/// </summary>
public static class PlotPayload
{
    public static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    public static byte[] Bytes(int[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>
    /// Above this many points no per-point text is sent (at a million points it would be tens of megabytes of JSON):
    /// plot.js finds the row under the pointer with its grid index and asks for that row's <see cref="HoverText"/>.
    /// Must equal plot.js's <c>largePlot</c>.
    /// </summary>
    public const int LargePlot = 50_000;

    /// <summary>The hover text of one row: key, label (when it differs) and up to five metadata values ("\n" between lines).</summary>
    public static string HoverText(EmbeddingSet set, int row, StringBuilder? sb = null)
    {
        sb ??= new StringBuilder();
        var label = set.DisplayLabel(row);
        sb.Clear().Append(set.Keys[row]);
        if (label != set.Keys[row]) sb.Append('\n').Append(Shorten(label, 120));
        // Image paths are the server's business: thumbnails come from the sprite atlas, the path never reaches the browser.
        int shown = 0;
        foreach (var column in set.Metadata)
        {
            if (column.Name == ImageColumn.Name) continue;
            if (shown++ == 5) break;
            var v = column.Values[row];
            if (v == label) continue;
            sb.Append('\n').Append(column.Name).Append(": ").Append(Shorten(v, 80));
        }
        return sb.ToString();
    }

    public static object Build(EmbeddingSet set, float[] coords, int dims, string colorBy, ProjectorOverlay? overlay, IEnumerable<int> highlight)
    {
        bool large = set.Count > LargePlot;
        var hover = large ? null : new string[set.Count];
        var labels = large ? null : new string[set.Count];
        var sb = new StringBuilder();
        for (int i = 0; !large && i < set.Count; i++)
        {
            labels![i] = set.DisplayLabel(i);
            hover![i] = HoverText(set, i, sb);
        }
        var arrows = new List<int[]>();
        var labelled = new List<int>(highlight);
        if (overlay is not null)
        {
            foreach (var (from, to) in overlay.Arrows)
            {
                int a = set.IndexOf(from), b = set.IndexOf(to);
                if (a >= 0 && b >= 0) { arrows.Add([a, b]); labelled.Add(a); labelled.Add(b); }
            }
            foreach (var key in overlay.Highlight) if (set.IndexOf(key) is int r and >= 0) labelled.Add(r);
        }
        var marked = labelled.Distinct().ToArray();
        return new
        {
            dims,
            coords = Bytes(coords),
            labels,
            // Large plots: labels of the marked rows only (keyed by row).
            labelsFor = large ? marked.Where(r => r >= 0 && r < set.Count).ToDictionary(r => r.ToString(CultureInfo.InvariantCulture), set.DisplayLabel) : null,
            hover,
            color = Colour(set, colorBy),
            arrows,
            highlight = marked,
        };
    }

    private static string Shorten(string s, int max) => s.Length > max ? s[..max] + "…" : s;

    /// <summary>The legend name of the rows whose value in the colour column is empty.</summary>
    public const string NoValue = "(no value)";

    /// <summary>A few categories (genre, label, topic) show cluster structure best; a numeric scale only when there are none.</summary>
    public static MetadataColumn? DefaultColour(EmbeddingSet set)
    {
        var columns = set.Metadata.Where(c => c.Name != ImageColumn.Name).ToList();
        return columns.FirstOrDefault(c => !IsNumeric(c) && DistinctUpTo(c, 41) is > 1 and <= 40)
            ?? columns.FirstOrDefault(c => DistinctUpTo(c, 41) is > 1 and <= 40 || IsNumeric(c));
    }

    private static int DistinctUpTo(MetadataColumn c, int cap) => c.Values.Distinct().Take(cap).Count();

    /// <summary>Numbers throughout with more than 20 distinct values: a colour scale rather than categories.</summary>
    public static bool IsNumeric(MetadataColumn c) =>
        c.Values.Count > 0 && c.Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) && DistinctUpTo(c, 21) > 20;

    private static object? Colour(EmbeddingSet set, string colorBy)
    {
        var column = string.IsNullOrEmpty(colorBy) || colorBy == ImageColumn.Name ? null : set.Column(colorBy);
        if (column is null) return null;
        if (IsNumeric(column))
        {
            var values = column.Values.Select(v => (float)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return new { kind = "numeric", name = column.Name, values = Bytes(values) };
        }
        // Categorical: the 19 most frequent values get their own colour and legend entry; the rest share "(other)".
        var top = column.Values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(19).Select(g => g.Key).ToList();
        var index = top.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        bool other = index.Count < column.Values.Distinct().Count();
        // An empty value (a word without an AFINN valence or a name) is a legend entry too: name it rather than leave it blank.
        var categories = (other ? top.Append("(other)") : top).Select(v => v.Length == 0 ? NoValue : v).ToArray();
        var codes = column.Values.Select(v => index.TryGetValue(v, out var i) ? i : top.Count).ToArray();
        return new { kind = "category", name = column.Name, codes = Bytes(codes), categories };
    }
}
