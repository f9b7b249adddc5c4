using System.IO.Compression;
using System.Text.Json;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Infrastructure;
using Xunit;

namespace EmbeddingLab.Tests.Cli;

public sealed class EncodeImagesCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("encode-images");
    private string PathOf(string name) => Path.Combine(_dir.FullName, name);
    private static string Images(params string[] parts) => RepoPaths.TestData(["images", .. parts]);

    [Fact]
    public void A_folder_becomes_a_set_keyed_by_relative_path_with_labels_from_folders()
    {
        var (code, output, err) = NeighborsCommandTests.Run("encode", "--encoder", "resnet18", "--input", Images("good"), "--out", PathOf("images.npy"), "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(8, json.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(512, json.RootElement.GetProperty("dimensions").GetInt32());
        var set = EmbeddingFiles.Read(PathOf("images.npy"), metadataPath: EmbeddingFiles.DefaultMetadataPath(PathOf("images.npy")));
        Assert.Equal((8, 512), (set.Count, set.Dimensions));
        Assert.Equal("circles/blue_wide.png", set.Keys[0]);
        Assert.Equal("circles", set.MetadataValue("label", 0));
        Assert.Equal("stripes", set.MetadataValue("label", 7));
        Assert.Equal(Path.GetFullPath(Images("good", "stripes", "stripes.png")), set.MetadataValue("image", 7));
    }

    [Fact]
    public void A_zip_is_unpacked_beside_the_output_and_bad_images_are_listed_and_skipped()
    {
        var zipPath = PathOf("shapes.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(Images("good", "circles", "blue_wide.png"), "round/a.png");
            zip.CreateEntryFromFile(Images("good", "squares", "magenta.gif"), "square/b.gif");
            zip.CreateEntryFromFile(Images("bad", "truncated.png"), "square/broken.png");
        }
        var (code, output, err) = NeighborsCommandTests.Run("encode", "--encoder", "resnet18", "--input", zipPath, "--out", PathOf("shapes.tsv"), "--normalize");
        Assert.True(code == 0, err);
        Assert.Contains("Skipped square/broken.png: truncated", err);
        Assert.Contains("Encoded 2 images", output);
        var set = EmbeddingFiles.Read(PathOf("shapes.tsv"), metadataPath: EmbeddingFiles.DefaultMetadataPath(PathOf("shapes.tsv")));
        Assert.Equal(["round/a.png", "square/b.gif"], set.Keys);
        Assert.Equal(["round", "square"], set.Column("label")!.Values);
        Assert.StartsWith(PathOf("shapes.tsv.images"), set.MetadataValue("image", 0));
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(set.Vector(0)), 1e-4f);
    }

    [Fact]
    public void A_missing_folder_is_one_sentence_with_exit_2()
    {
        var (code, _, err) = NeighborsCommandTests.Run("encode", "--encoder", "resnet18", "--input", PathOf("nope"), "--out", PathOf("x.npy"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    public void Dispose() => _dir.Delete(true);
}
