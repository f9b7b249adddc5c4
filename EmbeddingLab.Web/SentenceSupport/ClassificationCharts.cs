using Plotly.Blazor;
using Plotly.Blazor.Traces;
using EmbeddingLab.Web.Components.Charts;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>The Classification panel's Plotly figure: the confusion matrix as a heatmap (rows true, columns predicted).</summary>
public static class ClassificationCharts
{
    /// <summary>
    /// Counts coloured by the share of the true class's rows (so a small class's mistakes show as clearly as a big
    /// one's), the count written in each cell; hover names both classes. Class names are escaped for plotly.
    /// </summary>
    public static HeatMap Confusion(IReadOnlyList<string> classes, int[][] confusion, bool dark)
    {
        int k = classes.Count;
        var names = classes.Select(c => (object)ChartStyle.Escape(SentenceCharts.Short(c, 40))).ToList();
        var z = new List<object>(k);
        var text = new List<object>(k);
        var hover = new List<object>(k);
        for (int i = 0; i < k; i++)
        {
            int support = confusion[i].Sum();
            var share = new double[k];
            var counts = new string[k];
            var tips = new string[k];
            for (int j = 0; j < k; j++)
            {
                share[j] = support == 0 ? 0 : Math.Round((double)confusion[i][j] / support, 4);
                counts[j] = confusion[i][j].ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
                tips[j] = $"true <b>{names[i]}</b><br>predicted <b>{names[j]}</b><br>{counts[j]} of {support:N0} ({share[j]:P1})";
            }
            z.Add(share);
            text.Add(counts);
            hover.Add(tips);
        }
        return new HeatMap
        {
            Z = z,
            X = names,
            Y = names,
            Text = text,
            TextTemplate = k <= 20 ? "%{text}" : null,
            CustomData = hover,
            HoverTemplate = "%{customdata}<extra></extra>",
            ZMin = 0,
            ZMax = 1,
            ColorScale = new object[]
            {
                new object[] { 0, dark ? "#2a2a38" : "#f7fbff" }, new object[] { 0.5, dark ? "#3f6fb0" : "#6baed6" }, new object[] { 1, dark ? "#9ecae1" : "#08306b" },
            },
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "share of true class" } },
            XGap = 1,
            YGap = 1,
        };
    }

    public static Layout ConfusionLayout(bool dark, int classes)
    {
        var layout = SentenceCharts.Layout(dark, "predicted", "true", Math.Clamp(180 + 28 * classes, 320, 760), reverseY: true);
        layout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 120, R = 16, T = 8, B = 110 };
        return layout;
    }
}
