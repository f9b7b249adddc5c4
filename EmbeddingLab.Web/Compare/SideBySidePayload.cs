using System.Text;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Components.Projector;

namespace EmbeddingLab.Web.Compare;

/// <summary>
/// What compare-plot.js draws for the side-by-side maps, built once per draw: both maps' coordinates and each key's
/// neighbourhood overlap as float32 bytes (NaN where the overlap was not computed, e.g. keys outside the sample of a
/// large comparison), and raw (unescaped) keys and hover text — the browser escapes them exactly once.
/// </summary>
public sealed record SideBySidePayload(byte[] A, byte[] B, string[] Keys, string[] Labels, string[] Hover, byte[]? Overlap, string ColorTitle,
    string TitleA, string TitleB, string Status)
{
    /// <summary>The overlap per row (NaN = not computed), in the order of the paired keys.</summary>
    public static float[] OverlapValues(IReadOnlyList<string> keys, IReadOnlyDictionary<string, double> overlapByKey)
    {
        var values = new float[keys.Count];
        for (int i = 0; i < keys.Count; i++) values[i] = overlapByKey.TryGetValue(keys[i], out var v) ? (float)v : float.NaN;
        return values;
    }

    /// <param name="paired">Set A restricted to the shared keys (its metadata labels the hover).</param>
    public static SideBySidePayload Build(EmbeddingSet paired, PairedProjectionResult maps, SpaceComparison comparison, string nameA, string nameB)
    {
        int n = paired.Count;
        var overlap = OverlapValues(paired.Keys, comparison.OverlapByKey);
        var hover = new string[n];
        var labels = new string[n];
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sb.Clear().Append(paired.Keys[i]);
            var label = paired.DisplayLabel(i);
            labels[i] = label.Length > 60 ? label[..60] + "…" : label;
            if (label != paired.Keys[i]) sb.Append('\n').Append(label.Length > 120 ? label[..120] + "…" : label);
            sb.Append('\n').Append("overlap@").Append(comparison.K).Append(": ")
              .Append(float.IsNaN(overlap[i]) ? "not computed (sampled)" : overlap[i].ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            hover[i] = sb.ToString();
        }
        string method = maps.Method switch { Core.Projection.ProjectionMethod.Tsne => "t-SNE", Core.Projection.ProjectionMethod.Umap => "UMAP", _ => "PCA" };
        return new SideBySidePayload(PlotPayload.Bytes(maps.A), PlotPayload.Bytes(maps.B), paired.Keys.ToArray(), labels, hover,
            PlotPayload.Bytes(overlap), $"overlap@{comparison.K}", $"A: {nameA} ({method})", $"B: {nameB} ({method}{(maps.Aligned ? ", aligned" : "")})",
            "Hover or click a point: the same key lights up in both maps.");
    }
}
