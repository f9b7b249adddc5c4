using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Images;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EmbeddingLab.Tests.Images;

public sealed class ThumbnailTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("el-thumbs-").FullName;
    public void Dispose() => Directory.Delete(_data, recursive: true);

    private ThumbnailService Service(out ImageFolders folders)
    {
        var settings = new WorkspaceSettings(_data, 1 << 30, 1 << 30, Path.Combine(_data, "demos"));
        folders = new ImageFolders(settings, new ConfigurationBuilder().Build());
        return new ThumbnailService(folders, NullLogger<ThumbnailService>.Instance);
    }

    [Fact]
    public void A_thumbnail_fits_the_size_keeps_its_aspect_and_transparency_and_only_files_under_the_image_folders_are_read()
    {
        var service = Service(out var folders);
        var inside = Path.Combine(folders.NewUploadFolder(), "wide.png");
        File.Copy(RepoPaths.TestData("images", "good", "circles", "blue_wide.png"), inside);
        var transparent = Path.Combine(Path.GetDirectoryName(inside)!, "red.png");
        File.Copy(RepoPaths.TestData("images", "good", "circles", "red_transparent.png"), transparent);
        var outside = RepoPaths.TestData("images", "good", "squares", "yellow_on_grey.png");
        var set = new EmbeddingSet(["wide", "red", "outside", "none"], new float[8], 2,
            [new MetadataColumn(ImageColumn.Name, [inside, transparent, outside, ""])]);

        var png = service.Png(set, 0, 32);
        Assert.NotNull(png);
        var image = ImageDecoder.Decode(png);
        Assert.Equal((32, 19), (image.Width, image.Height)); // 101 × 60 scaled to fit 32 × 32
        var red = ImageDecoder.Decode(service.Png(set, 1, 16)!);
        Assert.Equal(0, red.Rgba[3]); // the corner stays transparent
        Assert.Null(service.Png(set, 2)); // a path outside the image folders (an uploaded TSV can name any file)
        Assert.Null(service.Png(set, 3));
        Assert.Null(service.Png(set, 9));
        Assert.Same(png, service.Png(set, 0, 32)); // cached
        Assert.Equal("/thumbs?set=Emoji%20%28images%29&row=3&size=96", ThumbnailService.Url("Emoji (images)", 3));
    }
}
