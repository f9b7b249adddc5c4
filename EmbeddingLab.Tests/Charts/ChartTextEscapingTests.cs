using Bunit;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Charts;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace EmbeddingLab.Tests.Charts;

/// <summary>
/// Words and names from the user's data reach plotly's text, hover and tick labels, which plotly reads as a small HTML
/// subset: the analogy-evaluation bars and the WEAT strip chart hand them over escaped (ChartStyle.Escape).
/// </summary>
public sealed class ChartTextEscapingTests : MudTestContext
{
    private const string Payload = "<img src=x onerror=alert(1)>";
    private const string Escaped = "&lt;img src=x onerror=alert(1)&gt;";

    [Fact]
    public void Escape_turns_markup_and_quotes_into_references_plotly_decodes()
    {
        Assert.Equal(Escaped, ChartStyle.Escape(Payload));
        // plotly decodes &amp; &lt; &gt; and numeric references, not &quot;: quotes become numeric references.
        Assert.Equal("Say &#34;Hello&#34; &amp; Don&#39;t &lt;", ChartStyle.Escape("Say \"Hello\" & Don't <"));
        Assert.Equal("", ChartStyle.Escape(null));
        Assert.Equal("queen", ChartStyle.Escape("queen"));
    }

    [Fact]
    public void A_section_name_with_markup_reaches_the_accuracy_bars_escaped()
    {
        var q = new AnalogyQuestion("a", "b", "c", "d", "d");
        var marked = new AnalogySection(Payload, [q], []);
        var plain = new AnalogySection("capital-common-countries", [q], [q]);
        var result = new AnalogyEvaluationResult([plain, marked], new AnalogySection("Total accuracy", [q, q], [q]), 0, 3);

        var cut = Render<SectionAccuracyChart>(p => p.Add(c => c.Result, result));

        var bar = Assert.IsType<Bar>(Assert.Single(cut.FindComponent<PlotlyChart>().Instance.Data));
        // Drawn top to bottom in file order, so plotly gets them reversed.
        Assert.Equal([Escaped, "capital-common-countries"], bar.Y.Cast<string>());
        Assert.DoesNotContain(bar.Y.Cast<string>(), s => s.Contains('<'));
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void A_target_word_and_set_name_with_markup_reach_the_weat_strip_escaped()
    {
        var scores = new List<WeatWordScore> { new(Payload, "X", 0.25), new("tulip", "X", 0.125), new("spider", "Y", -0.5) };
        var result = new WeatResult(1.2, 0.05, true, 20, 0.9, [Payload, "tulip"], ["spider"], ["love"], ["hate"], [], scores);

        var cut = Render<WeatStripChart>(p => p.Add(c => c.Result, result).Add(c => c.XName, "flowers <b>").Add(c => c.YName, "insects"));

        var traces = cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        Assert.Equal(2, traces.Count);
        Assert.Equal([Escaped, "tulip"], traces[0].TextArray);
        Assert.Equal(["spider"], traces[1].TextArray);
        Assert.Equal("flowers &lt;b&gt;", traces[0].Name);
        Assert.All(traces[0].Y, y => Assert.Equal("flowers &lt;b&gt;", y));
        Assert.Empty(cut.FindAll("img"));
    }
}
