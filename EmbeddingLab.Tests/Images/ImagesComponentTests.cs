using Bunit;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Images;
using EmbeddingLab.Web.Images;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using ImagesPage = EmbeddingLab.Web.Components.Pages.Images;

namespace EmbeddingLab.Tests.Images;

/// <summary>The Images page's panels in bUnit: empty states, the gallery, neighbours, escaping, and an encoding job.</summary>
public sealed class ImagesComponentTests : MudTestContext
{
    private const string Evil = "<img src=x onerror=alert(1)>";
    private readonly string _data = Directory.CreateTempSubdirectory("el-images-ui-").FullName;

    public ImagesComponentTests()
    {
        AddWorkspaceServices();
        Services.AddSingleton(new WorkspaceSettings(_data, 1 << 30, 1 << 30, Path.Combine(_data, "demos")));
        Services.AddSingleton<ImageFolders>();
        Services.AddSingleton<ImageEncoders>();
        Services.AddScoped<ImagesState>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private ImagesState State => Services.GetRequiredService<ImagesState>();
    private SessionWorkspace Workspace => Services.GetRequiredService<SessionWorkspace>();

    // Five "images" in two tight groups; the paths are only read by the thumbnail endpoint, never by these panels.
    private static EmbeddingSet Pictures() => new(
        ["cat1.png", "cat2.png", Evil, "dog1.png", "dog2.png"],
        [1, 0, 0.95f, 0.05f, 0.9f, 0.1f, 0, 1, 0.05f, 0.95f], 2,
        [new MetadataColumn("label", ["cats", "cats", "cats", "dogs", "dogs"]), new MetadataColumn(ImageColumn.Name, ["/x/1.png", "/x/2.png", "/x/3.png", "/x/4.png", "/x/5.png"])]);

    [Fact]
    public void Without_image_sets_the_page_says_what_to_do_and_encode_waits_for_uploads()
    {
        Workspace.Add("Words", new EmbeddingSet(["a", "b"], [1, 0, 0, 1], 2), "Words", "no pictures");
        var cut = Render<ImagesPage>();
        Assert.NotEmpty(cut.FindAll("[data-testid=images-no-sets]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=images-pick]"));
        Assert.NotNull(cut.Find("[data-testid=images-encode]").GetAttribute("disabled"));
        State.StartEncode();
        Assert.Contains("Upload images", State.Error);
    }

    [Fact]
    public void The_gallery_shows_the_first_image_set_and_a_click_lists_the_nearest_images_with_similarity()
    {
        Workspace.Add("Pets", Pictures(), "Images", "test pictures");
        var cut = Render<ImagesPage>();
        var thumbs = cut.FindAll("[data-testid=gallery-image]");
        Assert.Equal(5, thumbs.Count);
        Assert.Equal("/thumbs?set=Pets&row=0&size=96", thumbs[0].QuerySelector("img")!.GetAttribute("src"));
        // Keys are data: escaped, never markup.
        Assert.Empty(cut.FindAll("img[onerror]"));
        Assert.Contains(Evil, thumbs[2].GetAttribute("data-key"));

        thumbs[0].Click();
        var neighbours = cut.FindAll("[data-testid=image-neighbor]");
        Assert.Equal(4, neighbours.Count);
        Assert.Equal(["cat2.png", Evil, "dog2.png", "dog1.png"], neighbours.Select(n => n.GetAttribute("data-key")));
        Assert.Equal("0.999", cut.FindAll("[data-testid=image-neighbor-score]")[0].TextContent);
        Assert.Equal("true", cut.FindAll("[data-testid=gallery-image]")[0].GetAttribute("aria-pressed"));

        // A neighbour click moves there.
        cut.FindAll("[data-testid=image-neighbor] button")[2].Click();
        Assert.Equal("dog1.png", cut.FindAll("[data-testid=image-neighbor]")[0].GetAttribute("data-key"));
    }

    [Fact]
    public void The_filter_narrows_the_gallery_by_key_or_metadata()
    {
        Workspace.Add("Pets", Pictures(), "Images", "test pictures");
        var cut = Render<ImagesPage>();
        State.SetFilter("dogs");
        cut.Render();
        Assert.Equal(["dog1.png", "dog2.png"], cut.FindAll("[data-testid=gallery-image]").Select(t => t.GetAttribute("data-key")));
        State.SetFilter("nothing like this");
        cut.Render();
        Assert.NotEmpty(cut.FindAll("[data-testid=images-none-match]"));
    }

    [Fact]
    public void Show_in_projector_asks_the_workspace_to_open_the_set()
    {
        Workspace.Add("Pets", Pictures(), "Images", "test pictures");
        var cut = Render<ImagesPage>();
        cut.Find("[data-testid=images-projector]").Click();
        Assert.Equal("Pets", Workspace.ProjectorRequest);
    }

    [Fact]
    public void Encoding_uploaded_images_adds_a_set_with_labels_and_lists_the_skipped_ones()
    {
        var cut = Render<ImagesPage>();
        foreach (var (name, file) in new[] { ("blue.png", "good/circles/blue_wide.png"), ("broken.png", "bad/truncated.png") })
        {
            var copy = Path.Combine(_data, name);
            File.Copy(RepoPaths.TestData(["images", .. file.Split('/')]), copy);
            State.AddUpload(new EmbeddingLab.Web.Uploads.UploadedFile(name, copy, new FileInfo(copy).Length));
        }
        cut.Render();
        Assert.Contains("blue.png, broken.png", cut.Find("[data-testid=images-pending]").TextContent);
        cut.Find("[data-testid=images-encode]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() => Assert.Contains("broken.png: truncated", cut.Find("[data-testid=images-skipped]").TextContent));
        var entry = Workspace.Get("Images (ResNet-18)");
        Assert.NotNull(entry);
        Assert.Equal(["blue.png"], entry.Set.Keys);
        Assert.Equal(512, entry.Set.Dimensions);
        Assert.StartsWith(Path.Combine(_data, "images"), ImageColumn.Paths(entry.Set)![0]);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=gallery-image]")));
    }
}
