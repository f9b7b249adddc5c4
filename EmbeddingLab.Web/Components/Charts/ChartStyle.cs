using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace EmbeddingLab.Web.Components.Charts;

/// <summary>Plotly layout colours that follow the app's light or dark theme (transparent paper, readable text and grid).</summary>
public static class ChartStyle
{
    public static string Text(bool dark) => dark ? "rgba(255,255,255,0.85)" : "rgba(0,0,0,0.80)";
    public static string Grid(bool dark) => dark ? "rgba(255,255,255,0.14)" : "rgba(0,0,0,0.10)";
    /// <summary>The theme's primary colour (AppTheme), so charts match the buttons.</summary>
    public static string Accent(bool dark) => dark ? "#a5b4fc" : "#4338ca";
    public static string Second(bool dark) => dark ? "#5eead4" : "#0f766e";

    /// <summary>
    /// Text from data (words, section and set names, sentences) for plotly's hover, labels and tick labels. Plotly reads
    /// a small HTML subset there (&lt;b&gt;, &lt;br&gt;, &lt;a&gt;…) and decodes &amp;amp; &amp;lt; &amp;gt; and numeric
    /// references but not &amp;quot;, so quotes become numeric references: the text shows as written and none of it acts
    /// as markup. The same escaping as plot.js's <c>escapeHtml</c>; the one helper for every Plotly.Blazor chart.
    /// </summary>
    public static string Escape(string? text) => (text ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\"", "&#34;").Replace("'", "&#39;");

    public static Config Config() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False,
    };

    public static Plotly.Blazor.Layout Layout(bool dark, string xTitle, string yTitle, int height) => new()
    {
        Height = height,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = Text(dark), Family = "Roboto, Helvetica, Arial, sans-serif", Size = 12 },
        Margin = new Margin { L = 56, R = 16, T = 12, B = 44 },
        ShowLegend = true,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m, X = 0 }],
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, GridColor = Grid(dark), ZeroLineColor = Grid(dark) }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, GridColor = Grid(dark), ZeroLineColor = Grid(dark) }],
    };
}
