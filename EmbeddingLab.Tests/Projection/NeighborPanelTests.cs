using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Shared;

namespace EmbeddingLab.Tests.Projection;

public class NeighborPanelTests
{
    // Five songs on a line in 2-D original space; the "projection" keeps the order for some and scrambles one.
    private static EmbeddingSet Songs() => new(
        ["s0", "s1", "s2", "s3", "s4"],
        [1f, 0f, 1f, 0.1f, 1f, 0.2f, 1f, 0.3f, 0f, 1f], 2,
        [new MetadataColumn("title", ["<script>alert(1)</script>", "Calm & Quiet", "Song 2", "Song 3", "Far Away"])]);

    [Fact]
    public async Task Lists_cosine_neighbours_escapes_titles_and_marks_those_near_in_the_projection()
    {
        var set = Songs();
        // Projection: s1 sits next to s0, s2 far away, s3 close, s4 in between.
        float[] coords = [0f, 0f, 0.1f, 0f, 9f, 9f, 0.2f, 0f, 5f, 5f];
        var doc = await ComponentHarness.RenderAsync<NeighborPanel>(new Dictionary<string, object?>
        {
            ["Set"] = set, ["Row"] = 0, ["Coordinates"] = coords, ["Dims"] = 2, ["K"] = 2,
        });
        var title = doc.QuerySelector("[data-testid=neighbor-title]")!;
        Assert.Equal("<script>alert(1)</script>", title.TextContent);
        Assert.Empty(doc.QuerySelectorAll("script"));
        var items = doc.QuerySelectorAll("[data-testid=neighbor]");
        // Cosine in the original space: s1 (0.995), then s2 (0.98).
        Assert.Equal(["s1", "s2"], items.Select(i => i.GetAttribute("data-key")));
        Assert.Equal("true", items[0].GetAttribute("data-also-near"));   // s1 is among the 2 nearest in the plot
        Assert.Equal("false", items[1].GetAttribute("data-also-near"));  // s2 was thrown far away
        Assert.Contains("Calm & Quiet", items[0].TextContent);
        Assert.Contains("1 of them", doc.QuerySelector("[data-testid=neighbor-summary]")!.TextContent);
        Assert.Contains("0.995", items[0].TextContent);
    }

    [Fact]
    public async Task Renders_nothing_without_a_clicked_point()
    {
        var doc = await ComponentHarness.RenderAsync<NeighborPanel>(new Dictionary<string, object?> { ["Set"] = Songs(), ["Row"] = null });
        Assert.Null(doc.QuerySelector("[data-testid=neighbor-panel]"));
    }
}
