using System.Diagnostics;
using Bunit;
using System.Text.Json;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.ProjectorViews;

/// <summary>
/// The plot's spatial index (wwwroot-assets/js/spatial-index.js), which hover and click use on large plots, run by node:
/// on clustered, degenerate, duplicated and badly scaled points it finds the same nearest point as a scan of every point.
/// </summary>
public class SpatialIndexTests
{
    [Fact]
    public async Task The_grid_finds_the_same_nearest_point_as_a_full_scan()
    {
        var start = new ProcessStartInfo("node", ["--no-warnings", RepoPaths.TestData("js", "spatial-index.test.mjs")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, await stderr);
        using var result = JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]);
        Assert.True(result.RootElement.GetProperty("checked").GetInt32() > 4000);
        Assert.True(result.RootElement.GetProperty("count").GetInt32() == 0, result.RootElement.GetProperty("mismatches").ToString());
    }
}

/// <summary>The t-SNE warning for large sets.</summary>
public class TsneCostNoteTests : EmbeddingLab.Tests.Infrastructure.MudTestContext
{
    [Fact]
    public void A_million_points_warn_in_minutes_and_suggest_PCA_or_UMAP_while_small_sets_show_nothing()
    {
        var million = Render<EmbeddingLab.Web.Components.Projector.TsneCostNote>(p => p.Add(c => c.Count, 1_000_000).Add(c => c.Dimensions, 50).Add(c => c.Iterations, 1000));
        var text = million.Find("[data-testid=tsne-estimate]").TextContent;
        Assert.Contains("1,000,000 points", text);
        Assert.Contains("47 minutes", text); // n² neighbours: 14.3 s × 100 × 50/32 = 37 min, plus 10 min of gradient
        Assert.Contains("PCA", text);
        Assert.Contains("UMAP", text);
        var wide = Render<EmbeddingLab.Web.Components.Projector.TsneCostNote>(p => p.Add(c => c.Count, 1_000_000).Add(c => c.Dimensions, 384));
        Assert.Contains("hours", wide.Find("[data-testid=tsne-estimate]").TextContent);
        var medium = Render<EmbeddingLab.Web.Components.Projector.TsneCostNote>(p => p.Add(c => c.Count, 150_000).Add(c => c.Dimensions, 32));
        Assert.Contains("minutes", medium.Find("[data-testid=tsne-estimate]").TextContent);
        var small = Render<EmbeddingLab.Web.Components.Projector.TsneCostNote>(p => p.Add(c => c.Count, 5_000).Add(c => c.Dimensions, 300));
        Assert.Empty(small.FindAll("[data-testid=tsne-estimate]"));
    }
}
