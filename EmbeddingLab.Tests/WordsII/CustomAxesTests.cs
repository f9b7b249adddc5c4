using Bunit;
using EmbeddingLab.Core.Analysis.Directions;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace EmbeddingLab.Tests.WordsII;

/// <summary>
/// Custom axes (TF Embedding Projector's custom projection): each word at (cos with a direction or a term, cos with
/// another), the values equal to a hand computation; the projector's panel draws them labelled, with both values on hover.
/// </summary>
public sealed class CustomAxesTests : MudTestContext
{
    // a, b, c span the three axes; w1..w3 are placed by hand below.
    private static readonly EmbeddingSet Space = new(
        ["a", "b", "c", "w1", "w2", "w3", "<b>x</b>"],
        [1, 0, 0,
         0, 1, 0,
         0, 0, 2,
         1, 1, 0,
         3, 0, 4,
         0, 2, 2,
         0, 0, 1], 3,
        [new MetadataColumn("frequency", ["5", "50", "7", "40", "3", "40", "1"])]);

    private static readonly double R2 = Math.Sqrt(2);

    public CustomAxesTests()
    {
        AddWorkspaceServices();
        Services.AddScoped<CustomAxesState>();
    }

    [Fact]
    public void A_direction_and_a_term_place_each_word_at_its_hand_computed_cosines()
    {
        // x: a → b = (−1, 1, 0)/√2; y: toward c = (0, 0, 1).
        var x = CustomAxis.Direction(Space, ["a"], ["b"]);
        var y = CustomAxis.Term(Space, ["c"]);
        var rows = CustomAxes.ChooseRows(Space, CustomPointsSource.Words, "w1, w2 w3 nothing", 50, out var missing);
        var p = CustomAxes.Project(Space, x, y, rows, missing);
        Assert.Equal(["w1", "w2", "w3"], p.Words);
        Assert.Equal(["nothing"], p.MissingWords);
        // w1 = (1,1,0)/√2: on neither. w2 = (0.6, 0, 0.8): x = −0.6/√2, y = 0.8. w3 = (0,1,1)/√2: x = 1/2, y = 1/√2.
        double[] ex = [0, -0.6 / R2, 0.5], ey = [0, 0.8, 1 / R2];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ex[i], p.XValues[i], 5);
            Assert.Equal(ey[i], p.YValues[i], 5);
        }
        Assert.Equal("a → b", x.Label);
        Assert.Equal("cos(·, c)", y.Label);

        // A term of several words is their mean direction: (a + c)/2 of unit vectors → (1, 0, 1)/√2; w2 → 1.4/√2.
        var both = CustomAxis.Term(Space, ["a", "c", "zzz"]);
        Assert.Equal(1.4 / R2, both.Value(Space, Space.IndexOf("w2")), 5);
        Assert.Equal(["zzz"], both.Missing);
        // Two directions: x a → b, y a → c = (−1, 0, 1)/√2: w3 → 1/2.
        Assert.Equal(0.5, CustomAxis.Direction(Space, ["a"], ["c"]).Value(Space, Space.IndexOf("w3")), 5);
    }

    [Fact]
    public void Points_are_the_listed_words_a_search_or_the_most_frequent()
    {
        Assert.Equal([3, 4, 5], CustomAxes.ChooseRows(Space, CustomPointsSource.Search, "W", 10, out _));
        Assert.Equal([3, 4], CustomAxes.ChooseRows(Space, CustomPointsSource.Search, "w", 2, out _));
        // By the frequency column, ties in the set's order: b 50, w1 40, w3 40, c 7.
        Assert.Equal([1, 3, 5, 2], CustomAxes.ChooseRows(Space, CustomPointsSource.TopFrequent, "", 4, out _));
        Assert.Equal("No word contains \"zz\".", Assert.Throws<ArgumentException>(() => CustomAxes.ChooseRows(Space, CustomPointsSource.Search, "zz", 5, out _)).Message);
        Assert.Equal("None of the listed words are in the vocabulary (q, r).",
            Assert.Throws<ArgumentException>(() => CustomAxes.ChooseRows(Space, CustomPointsSource.Words, "q r", 5, out _)).Message);
    }

    [Fact]
    public void The_projector_panel_draws_the_words_labelled_with_both_values_on_hover()
    {
        Services.GetRequiredService<SessionWorkspace>().Add("tiny words", Space, "Words", "a hand-made space");
        var state = Services.GetRequiredService<CustomAxesState>();
        (state.X.IsDirection, state.X.From, state.X.To) = (true, "a", "b");
        (state.Y.IsDirection, state.Y.Term) = (false, "c");
        state.PointsText = "w1 w2 w3 <b>x</b> missing";
        var cut = Render<CustomAxesPanel>();
        Assert.NotNull(cut.Find("[data-testid=custom-axes-hint]"));
        cut.Find("[data-testid=custom-axes-draw]").Click();

        Assert.Equal("4 words of tiny words · x: a → b · y: cos(·, c)", cut.Find("[data-testid=custom-axes-summary]").TextContent.Trim());
        Assert.Contains("missing", cut.Find("[data-testid=custom-axes-missing]").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=custom-axes-chart]").GetAttribute("data-points"));
        var trace = Assert.IsType<Scatter>(Assert.Single(cut.FindComponent<PlotlyChart>().Instance.Data));
        Assert.True(trace.Mode!.Value.HasFlag(Plotly.Blazor.Traces.ScatterLib.ModeFlag.Text), "labels are always drawn");
        Assert.Equal(["w1", "w2", "w3", "&lt;b&gt;x&lt;/b&gt;"], trace.TextArray);
        Assert.Equal(-0.6 / R2, Convert.ToDouble(trace.X[1]), 4);
        Assert.Equal(0.8, Convert.ToDouble(trace.Y[1]), 4);
        Assert.Equal("w2<br>x · a → b: -0.4243<br>y · cos(·, c): 0.8000", trace.HoverTextArray[1]);
        Assert.Equal("&lt;b&gt;x&lt;/b&gt;<br>x · a → b: 0.0000<br>y · cos(·, c): 1.0000", trace.HoverTextArray[3]);
        // The key that looks like markup is text in the page, not an element.
        Assert.Empty(cut.FindAll("[data-testid=custom-axes] b"));

        // A bad axis: one current message, the drawing stays.
        state.X.From = "nope";
        cut.Find("[data-testid=custom-axes-draw]").Click();
        Assert.Equal("None of the words at the negative end are in the vocabulary (nope).", cut.Find("[data-testid=custom-axes-error]").TextContent.Trim());
        Assert.Equal("4", cut.Find("[data-testid=custom-axes-chart]").GetAttribute("data-points"));
        state.X.From = "a";
        cut.Find("[data-testid=custom-axes-draw]").Click();
        Assert.Empty(cut.FindAll("[data-testid=custom-axes-error]"));
    }
}
