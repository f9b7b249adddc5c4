using Bunit;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Sprites;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Sprites;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace EmbeddingLab.Tests.Sprites;

/// <summary>Thumbnails in the projector's panels (bUnit) and the shared atlas service (memory and disk cache).</summary>
public sealed class ProjectorThumbnailTests : MudTestContext
{
    private readonly string _data = Directory.CreateTempSubdirectory("el-sprite-data-").FullName;

    public ProjectorThumbnailTests()
    {
        AddWorkspaceServices();
        Services.AddSingleton(Atlases(_data));
        Services.AddScoped<ProjectorState>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static SpriteAtlases Atlases(string data)
    {
        var settings = new WorkspaceSettings(data, 1L << 30, 1L << 30, Path.Combine(data, "demos"));
        return new(settings, new EmbeddingLab.Web.Images.ImageFolders(settings, new ConfigurationBuilder().Build()), NullLogger<SpriteAtlases>.Instance);
    }

    private EmbeddingSet Swatches(int n = 12) => SpriteTestImages.Swatches(Path.Combine(_data, "images"), n);

    // The set shown as its first two dimensions, as the projector shows any projection.
    private ProjectorState Shown(EmbeddingSet set, string name = "swatches")
    {
        Services.GetRequiredService<SessionWorkspace>().Add(name, set, "Images", "test");
        var state = Services.GetRequiredService<ProjectorState>();
        state.SelectSet(name);
        var coords = new float[set.Count * 2];
        for (int i = 0; i < set.Count; i++) { coords[i * 2] = set.Vector(i)[0]; coords[i * 2 + 1] = set.Vector(i)[1]; }
        state.ShowProjection(new ShownProjection(name, set, new ProjectionResult(ProjectionMethod.Pca, set.Count, 2, coords, null, null, null, TimeSpan.Zero), null));
        return state;
    }

    private static void WaitForSprites(ProjectorState state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (state.Sprites is null && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(20);
        Assert.True(state.Sprites is not null, state.SpritesStatus ?? "no sprites");
    }

    [Fact]
    public void A_set_with_pictures_gets_its_atlas_and_the_neighbour_panel_shows_each_neighbour_s_thumbnail()
    {
        var set = Swatches();
        var state = Shown(set);
        Assert.True(state.HasImages);
        WaitForSprites(state);
        var sheet = state.Sprites!;
        Assert.StartsWith("/sprites?set=swatches&v=", sheet.Url);
        Assert.Equal(12, sheet.ImageCount);

        var panel = Render<NeighborPanel>(p => p.Add(c => c.Set, set).Add(c => c.Row, 5).Add(c => c.Sprites, sheet));
        var own = panel.Find("[data-testid=neighbor-own-thumb]");
        Assert.Equal("5", own.GetAttribute("data-row"));
        var thumbs = panel.FindAll("[data-testid=neighbor-thumb]");
        var neighbours = panel.FindAll("[data-testid=neighbor]");
        Assert.Equal(neighbours.Count, thumbs.Count);
        foreach (var (thumb, neighbour) in thumbs.Zip(neighbours))
        {
            int row = int.Parse(thumb.GetAttribute("data-row")!);
            Assert.Equal(set.Keys[row], neighbour.GetAttribute("data-key"));
            // The crop shows this row's own cell: the atlas scaled to 32-px cells, shifted to the cell's corner.
            var (x, y) = SpriteAtlas.Origin(sheet.Cells[row], sheet.Columns, sheet.CellSize);
            double scale = 32.0 / sheet.CellSize;
            var style = thumb.GetAttribute("style")!;
            Assert.Contains($"background-image:url('{sheet.Url}')", style);
            Assert.Contains($"background-position:{(-x * scale).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}px {(-y * scale).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}px", style);
            Assert.Equal("true", thumb.GetAttribute("aria-hidden"));
        }
        // The server's image paths never reach the page.
        Assert.DoesNotContain(_data, panel.Markup);
    }

    [Fact]
    public void Without_thumbnails_the_neighbour_panel_shows_none()
    {
        var set = Swatches(6);
        var panel = Render<NeighborPanel>(p => p.Add(c => c.Set, set).Add(c => c.Row, 1));
        Assert.Empty(panel.FindAll("[data-testid=neighbor-thumb]"));
        Assert.Empty(panel.FindAll("[data-testid=neighbor-own-thumb]"));
        Assert.DoesNotContain(_data, panel.Markup);
    }

    private const string Toggle = "input[data-testid=sprite-toggle], [data-testid=sprite-toggle] input";

    [Fact]
    public void The_draw_as_images_toggle_appears_for_sets_with_pictures_and_switches_the_plot_s_mode()
    {
        var state = Shown(Swatches());
        WaitForSprites(state);
        var plot = Render<ProjectorPlot>();
        plot.WaitForAssertion(() => Assert.False(plot.Find(Toggle).HasAttribute("disabled")));
        Assert.Contains("12 thumbnails", plot.Find("[data-testid=sprite-status]").TextContent);
        // The image column is no colour choice, and its paths are not in the page.
        Assert.DoesNotContain(_data, plot.Markup);

        plot.Find(Toggle).Change(true);
        Assert.True(state.DrawImages);
        plot.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "setSpriteMode" && i.Arguments[1] is true));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "setSprites" && i.Arguments[1] is not null);
    }

    [Fact]
    public void Sets_without_pictures_have_no_toggle()
    {
        var plain = new EmbeddingSet(["a", "b", "c"], [0, 0, 1, 0, 0, 1], 2);
        Shown(plain, "plain");
        var plot = Render<ProjectorPlot>();
        Assert.Empty(plot.FindAll(Toggle));
        Assert.Empty(plot.FindAll("[data-testid=sprite-status]"));
    }

    [Fact]
    public async Task The_atlas_is_built_once_kept_on_disk_and_rebuilt_when_a_picture_changes()
    {
        var set = Swatches(5);
        var first = Atlases(_data);
        var key = first.KeyFor(set)!;
        var built = await first.GetAsync(set, key);
        Assert.True(File.Exists(Path.Combine(_data, "sprites", key + ".png")));
        Assert.Same(built, await first.GetAsync(set, key)); // from memory

        // A new start reads it back from disk.
        var second = Atlases(_data);
        Assert.Null(second.TryGet(key));
        var loaded = await second.GetAsync(set, key);
        Assert.Equal(built.Png, loaded.Png);
        Assert.Equal(built.Cells, loaded.Cells);

        // A changed file is a new atlas.
        var path = ImageColumn.Paths(set)![2];
        SpriteTestImages.WritePng(path, 40, 40, c => c.Clear(SKColors.Black));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var changed = new EmbeddingSet(set.Keys, set.Matrix.ToArray(), set.Dimensions, set.Metadata);
        Assert.NotEqual(key, second.KeyFor(changed));
        Assert.Null(second.KeyFor(new EmbeddingSet(["x"], [1f], 1)));
    }
}
