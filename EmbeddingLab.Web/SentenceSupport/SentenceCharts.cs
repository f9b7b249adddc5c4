using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using EmbeddingLab.Web.Components.Charts;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>The Sentences page's Plotly figures: the cosine heatmap and the STS gold-versus-cosine scatter.</summary>
public static class SentenceCharts
{
    /// <summary>Hover text shortened to a line a tooltip can hold.</summary>
    public static string Short(string text, int max = 90) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// A heatmap of pairwise cosines between <paramref name="labels"/>.Count sentences (row-major <paramref name="cosines"/>);
    /// rows and columns are numbered as in the key under the chart, and hovering a cell names both sentences.
    /// </summary>
    public static HeatMap Heatmap(IReadOnlyList<string> texts, IReadOnlyList<string> labels, float[] cosines, bool dark = false)
    {
        int n = texts.Count;
        var axis = Enumerable.Range(1, n).Select(i => (object)$"#{i}").ToList();
        var z = new List<object>(n);
        var hover = new List<object>(n);
        for (int i = 0; i < n; i++)
        {
            var row = new double[n];
            var text = new string[n];
            for (int j = 0; j < n; j++)
            {
                row[j] = Math.Round(cosines[i * n + j], 4);
                text[j] = $"#{i + 1}{Tag(labels[i])}: {ChartStyle.Escape(Short(texts[i]))}<br>#{j + 1}{Tag(labels[j])}: {ChartStyle.Escape(Short(texts[j]))}";
            }
            z.Add(row);
            hover.Add(text);
        }
        return new HeatMap
        {
            Z = z,
            X = axis,
            Y = axis,
            Text = hover,
            HoverTemplate = "%{text}<br>cosine <b>%{z:.3f}</b><extra></extra>",
            ZMin = -1,
            ZMax = 1,
            ZMid = 0,
            // Diverging: blue for opposite, the card's own tone for unrelated (white would glare in the dark theme), red for similar.
            ColorScale = new object[]
            {
                new object[] { 0, "#2166ac" }, new object[] { 0.5, dark ? "#2a2a38" : "#f7f7f7" },
                new object[] { 0.75, dark ? "#b4563f" : "#f4a582" }, new object[] { 1, dark ? "#ef5350" : "#b2182b" },
            },
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "cosine" } },
            XGap = 1,
            YGap = 1,
        };

        static string Tag(string label) => label.Length == 0 ? "" : $" [{ChartStyle.Escape(label)}]";
    }

    /// <summary>Gold score against cosine, one point per pair; hover shows both sentences.</summary>
    public static Scatter StsScatter(StsOutcome sts)
    {
        var hover = sts.Pairs.Select((p, i) => $"{ChartStyle.Escape(Short(p.Sentence1, 70))}<br>{ChartStyle.Escape(Short(p.Sentence2, 70))}<br>gold {p.Score.ToString("0.###", CultureInfo.InvariantCulture)} · cosine {sts.Cosines[i].ToString("F3", CultureInfo.InvariantCulture)}").ToList();
        return new Scatter
        {
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            X = sts.Pairs.Select(p => (object)p.Score).ToList(),
            Y = sts.Cosines.Select(c => (object)Math.Round(c, 4)).ToList(),
            TextArray = hover,
            HoverTemplate = "%{text}<extra></extra>",
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = 8, Opacity = 0.75m },
            Name = "pairs",
        };
    }

    /// <summary>A layout whose text and grid follow the app's light or dark theme (the chart background stays the card's).</summary>
    public static Layout Layout(bool dark, string xTitle, string yTitle, decimal height, bool reverseY = false, bool showTicks = true)
    {
        string ink = dark ? "#e6e6ef" : "#1f2330";
        string grid = dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
        return new Layout
        {
            Height = height,
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = ink, Size = 12 },
            Margin = new Margin { L = 56, R = 16, T = 16, B = 48 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, GridColor = grid, ZeroLineColor = grid, ShowTickLabels = showTicks }],
            YAxis = [new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, GridColor = grid, ZeroLineColor = grid, ShowTickLabels = showTicks,
                AutoRange = reverseY ? Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed : null,
            }],
            HoverLabel = new HoverLabel { Align = Plotly.Blazor.LayoutLib.HoverLabelLib.AlignEnum.Left },
        };
    }

    public static Config Config() => new() { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.Hover };
}
