using Bunit;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;

namespace EmbeddingLab.Tests.Projection;

public class NeighborPanelTests : MudTestContext
{
    // Five songs on a line in 2-D original space; the "projection" keeps the order for some and scrambles one.
    private static EmbeddingSet Songs() => new(
        ["s0", "s1", "s2", "s3", "s4"],
        [1f, 0f, 1f, 0.1f, 1f, 0.2f, 1f, 0.3f, 0f, 1f], 2,
        [new MetadataColumn("title", ["<script>alert(1)</script>", "Calm & Quiet", "<img src=x onerror=alert(2)>", "Song 3", "Far Away"])]);

    // Projection: s1 sits next to s0, s2 far away, s3 close, s4 in between.
    private static readonly float[] Coords = [0f, 0f, 0.1f, 0f, 9f, 9f, 0.2f, 0f, 5f, 5f];

    private IRenderedComponent<NeighborPanel> RenderPanel(SimilarityMetric metric = SimilarityMetric.Cosine, Action<int>? onSelect = null) =>
        Render<NeighborPanel>(p => p.Add(c => c.Set, Songs()).Add(c => c.Row, 0).Add(c => c.Coordinates, Coords)
            .Add(c => c.Dims, 2).Add(c => c.K, 2).Add(c => c.Metric, metric).Add(c => c.OnSelect, onSelect ?? (_ => { })));

    [Fact]
    public void Lists_cosine_neighbours_escapes_titles_and_marks_those_near_in_the_projection()
    {
        var panel = RenderPanel();
        Assert.Equal("<script>alert(1)</script>", panel.Find("[data-testid=neighbor-title]").TextContent);
        Assert.Empty(panel.FindAll("script"));
        Assert.Empty(panel.FindAll("img"));
        var items = panel.FindAll("[data-testid=neighbor]");
        // Cosine in the original space: s1 (0.995), then s2 (0.98).
        Assert.Equal(["s1", "s2"], items.Select(i => i.GetAttribute("data-key")));
        Assert.Equal("true", items[0].GetAttribute("data-also-near"));   // s1 is among the 2 nearest in the plot
        Assert.Equal("false", items[1].GetAttribute("data-also-near"));  // s2 was thrown far away
        Assert.Contains("Calm & Quiet", items[0].TextContent);
        Assert.Contains("<img src=x onerror=alert(2)>", items[1].TextContent);
        Assert.Contains("1 of them", panel.Find("[data-testid=neighbor-summary]").TextContent);
        Assert.Contains("0.995", items[0].Closest("tr")!.TextContent);
        Assert.Single(panel.FindAll("[data-testid=also-near]"));
    }

    [Fact]
    public void Euclidean_ranks_by_distance_in_the_original_space()
    {
        var panel = RenderPanel(SimilarityMetric.Euclidean);
        var items = panel.FindAll("[data-testid=neighbor]");
        // Distances from (1, 0): s1 0.1, s2 0.2 (s4 at (0, 1) is 1.414 away).
        Assert.Equal(["s1", "s2"], items.Select(i => i.GetAttribute("data-key")));
        Assert.Contains("0.100", items[0].Closest("tr")!.TextContent);
        Assert.Contains("euclidean", panel.Find("[data-testid=neighbor-summary]").TextContent);
    }

    [Fact]
    public void Clicking_a_neighbour_reports_its_row()
    {
        int? selected = null;
        var panel = RenderPanel(onSelect: r => selected = r);
        panel.FindAll("[data-testid=neighbor] button")[1].Click();
        Assert.Equal(2, selected);
    }

    [Fact]
    public void Sorting_by_the_neighbour_column_orders_rows_by_label()
    {
        var panel = RenderPanel();
        // Sort labels are the header's clickable spans; the first column is the neighbour's label.
        panel.FindAll("th .mud-table-sort-label")[0].Click();
        var keys = panel.FindAll("[data-testid=neighbor]").Select(i => i.GetAttribute("data-key")).ToList();
        Assert.Equal(["s2", "s1"], keys); // "<img…" sorts before "Calm…" (ordinal '<' < 'C')
    }

    [Fact]
    public void Renders_nothing_without_a_clicked_point()
    {
        var panel = Render<NeighborPanel>(p => p.Add(c => c.Set, Songs()).Add(c => c.Row, null));
        Assert.Empty(panel.FindAll("[data-testid=neighbor-panel]"));
    }
}
