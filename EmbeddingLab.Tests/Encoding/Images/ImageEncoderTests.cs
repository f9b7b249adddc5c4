using System.IO.Compression;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using Xunit;

namespace EmbeddingLab.Tests.Encoding.Images;

/// <summary>One ResNet-18 session for all image tests (loading it takes a second or two).</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Encoder Encoder { get; } = ResNet18Encoder.Open();
    public void Dispose() => Encoder.Dispose();
}

public sealed class ImageEncoderTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private static string Images(params string[] parts) => RepoPaths.TestData(["images", .. parts]);
    private ResNet18Encoder Encoder => fixture.Encoder;

    private static IEnumerable<(string File, float[] Planes)> Reference()
    {
        using var zip = ZipFile.OpenRead(Images("reference.npz"));
        foreach (var entry in zip.Entries)
        {
            using var buffer = new MemoryStream();
            using (var data = entry.Open()) data.CopyTo(buffer);
            buffer.Position = 0;
            var array = Npy.Read(buffer, entry.FullName);
            Assert.Equal([3, 224 * 224], array.Shape);
            yield return (Path.GetFileNameWithoutExtension(entry.FullName).Replace("__", "/"), array.Data);
        }
    }

    [Fact]
    public void Input_planes_equal_what_PIL_and_numpy_compute_for_the_same_resize_and_compositing()
    {
        var preprocessor = new ImagePreprocessor();
        var planes = new float[preprocessor.TensorLength];
        int compared = 0;
        foreach (var (file, expected) in Reference())
        {
            preprocessor.Preprocess(ImageDecoder.Decode(Images(file.Split('/'))), planes);
            float worst = 0;
            for (int i = 0; i < planes.Length; i++) worst = Math.Max(worst, Math.Abs(planes[i] - expected[i]));
            Assert.True(worst <= 1e-3f, $"{file}: largest difference from PIL {worst}");
            compared++;
        }
        // Six drawn images in lossless formats and six phone-style JPEGs turned upright as ImageOps.exif_transpose does.
        Assert.Equal(12, compared);
    }

    /// <summary>The upright picture of every exif/orientation_N.jpg: four flat quadrants (see make_exif_images.py).</summary>
    private static readonly (int X, int Y, byte R, byte G, byte B)[] UprightQuadrants =
        [(24, 16, 220, 30, 30), (72, 16, 30, 170, 60), (24, 48, 30, 60, 220), (72, 48, 240, 210, 20)];

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void The_EXIF_orientation_turns_the_stored_pixels_upright(int orientation)
    {
        var path = Images("exif", $"orientation_{orientation}.jpg");
        var image = ImageDecoder.Decode(path);
        Assert.Equal((96, 64), (image.Width, image.Height));
        Assert.Equal((96, 64), ImageDecoder.ReadSize(path));
        foreach (var (x, y, r, g, b) in UprightQuadrants)
        {
            int p = (y * image.Width + x) * 4;
            var found = (image.Rgba[p], image.Rgba[p + 1], image.Rgba[p + 2]);
            Assert.True(Math.Abs(found.Item1 - r) <= 3 && Math.Abs(found.Item2 - g) <= 3 && Math.Abs(found.Item3 - b) <= 3,
                $"orientation {orientation} at ({x}, {y}): expected ({r}, {g}, {b}), found {found}");
        }
    }

    [Fact]
    public void Transparent_pixels_become_white_and_opaque_ones_keep_their_colour()
    {
        var preprocessor = new ImagePreprocessor();
        var planes = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(ImageDecoder.Decode(Images("good", "circles", "red_transparent.png")), planes);
        int plane = 224 * 224, corner = 0, centre = 112 * 224 + 112;
        Assert.Equal([255f, 255f, 255f], new[] { planes[corner], planes[plane + corner], planes[2 * plane + corner] });
        Assert.Equal([220f, 30f, 30f], new[] { planes[centre], planes[plane + centre], planes[2 * plane + centre] });
    }

    [Fact]
    public void Our_normalisation_equals_the_models_own_preprocessing_graph()
    {
        var planes = new float[3 * 224 * 224];
        Encoder.Preprocessor.Preprocess(ImageDecoder.Decode(Images("good", "stripes", "stripes.png")), planes);
        var ours = new float[planes.Length];
        Encoder.Normalize(planes, ours);
        using var graph = OnnxModel.Open(Encoder.Files.Preprocess);
        var theirs = ResNet18Encoder.RunPreprocessGraph(graph, planes);
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-4f, $"element {i}: {ours[i]} vs {theirs[i]}");
    }

    private static ImageInput[] GoodImages() =>
        ImageFolder.Read(Images("good")).Select(i => new ImageInput(i.Key, i.Path)).ToArray();

    [Fact]
    public void Features_do_not_depend_on_batch_size_or_thread_count()
    {
        var images = GoodImages();
        Assert.Equal(8, images.Length);
        var one = Encoder.Encode(images, new ImageEncoderOptions { Threads = 1, BatchSize = 1 });
        var many = Encoder.Encode(images, new ImageEncoderOptions { Threads = 2, BatchSize = 3 });
        Assert.Empty(one.Failures);
        Assert.Equal(images.Length * 512, one.Vectors.Length);
        for (int i = 0; i < one.Vectors.Length; i++) Assert.True(Math.Abs(one.Vectors[i] - many.Vectors[i]) <= 1e-5f, $"element {i}");
        // Real features: non-negative (after ReLU and average pooling), not all zero, and different per image.
        Assert.All(one.Vectors, v => Assert.True(v >= 0));
        for (int r = 0; r < images.Length; r++) Assert.True(one.Vectors.AsSpan(r * 512, 512).ToArray().Sum() > 1, images[r].Key);
        Assert.NotEqual(one.Vectors.AsSpan(0, 512).ToArray(), one.Vectors.AsSpan(512, 512).ToArray());
    }

    [Fact]
    public void Normalize_gives_unit_vectors_in_the_same_directions()
    {
        var images = GoodImages().Take(3).ToArray();
        var raw = Encoder.Encode(images);
        var unit = Encoder.Encode(images, new ImageEncoderOptions { Normalize = true });
        for (int r = 0; r < images.Length; r++)
        {
            var a = raw.Vectors.AsSpan(r * 512, 512);
            var b = unit.Vectors.AsSpan(r * 512, 512);
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(b), 1e-5f);
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b), 1e-5f);
        }
    }

    [Fact]
    public void Bad_images_are_reported_with_their_reason_and_the_set_is_built_from_the_rest()
    {
        var good = GoodImages().Take(2).ToList();
        var bad = Directory.GetFiles(Images("bad")).Order(StringComparer.Ordinal).Select(p => new ImageInput("bad/" + Path.GetFileName(p), p)).ToList();
        var progress = new List<EncodingProgress>();
        var result = ImageSets.Encode(Encoder, [.. good, .. bad], progress: new Core.Reporting.InlineProgress<EncodingProgress>(progress.Add));
        Assert.Equal(good.Select(g => g.Key), result.Set.Keys);
        Assert.Equal(good.Select(g => Path.GetFullPath(g.Path)), ImageColumn.Paths(result.Set));
        var reasons = result.Failures.ToDictionary(f => f.Key, f => f.Reason);
        Assert.Equal(4, reasons.Count);
        Assert.Contains("empty", reasons["bad/empty.png"]);
        Assert.Contains("not an image", reasons["bad/not_an_image.png"]);
        Assert.Contains("truncated", reasons["bad/truncated.png"]);
        Assert.Contains("20,000 × 20,000", reasons["bad/huge_20000x20000.png"]);
        Assert.Equal(6, progress.Count);
        Assert.Equal(6, progress.Max(p => p.Done));
    }

    [Fact]
    public void A_set_with_no_readable_image_fails_with_the_first_reason()
    {
        var bad = new[] { new ImageInput("empty.png", Images("bad", "empty.png")) };
        var e = Assert.Throws<InvalidDataException>(() => ImageSets.Encode(Encoder, bad));
        Assert.Contains("empty.png: the file is empty", e.Message);
    }

    [Fact]
    public void Cancellation_stops_encoding()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Encoder.Encode(GoodImages(), cancellationToken: cts.Token));
    }
}

public sealed class ImageFolderTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("el-images-").FullName;
    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void A_folder_gives_keys_relative_to_it_and_labels_from_the_folder_names()
    {
        var items = ImageFolder.Read(RepoPaths.TestData("images", "good"));
        Assert.Equal(["circles/blue_wide.png", "circles/green_tall.bmp", "circles/orange.webp", "circles/red_transparent.png",
            "squares/blue.jpg", "squares/magenta.gif", "squares/yellow_on_grey.png", "stripes/stripes.png"], items.Select(i => i.Key));
        Assert.Equal(["circles", "circles", "circles", "circles", "squares", "squares", "squares", "stripes"], items.Select(i => i.Label));
    }

    [Fact]
    public void A_zip_is_unpacked_and_labelled_by_folder_skipping_files_that_are_not_images()
    {
        var zipPath = Path.Combine(_scratch, "pets.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(RepoPaths.TestData("images", "good", "circles", "blue_wide.png"), "pets/cats/one.png");
            zip.CreateEntryFromFile(RepoPaths.TestData("images", "good", "squares", "blue.jpg"), "pets/dogs/two.jpg");
            zip.CreateEntryFromFile(RepoPaths.TestData("images", "good", "squares", "magenta.gif"), "top.gif");
            using (var w = new StreamWriter(zip.CreateEntry("pets/readme.txt").Open())) w.Write("not an image");
        }
        var items = ImageFolder.ReadZip(zipPath, Path.Combine(_scratch, "out"));
        Assert.Equal(["pets/cats/one.png", "pets/dogs/two.jpg", "top.gif"], items.Select(i => i.Key));
        Assert.Equal(["cats", "dogs", ""], items.Select(i => i.Label));
        Assert.All(items, i => Assert.StartsWith(Path.Combine(_scratch, "out") + Path.DirectorySeparatorChar, i.Path));
        Assert.False(File.Exists(Path.Combine(_scratch, "out", "pets", "readme.txt")));
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("cats/../../escape.png")]
    public void A_zip_entry_that_leaves_the_archive_refuses_the_whole_archive(string entryName)
    {
        var zipPath = Path.Combine(_scratch, "evil.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(RepoPaths.TestData("images", "good", "squares", "magenta.gif"), "cats/fine.gif");
            zip.CreateEntryFromFile(RepoPaths.TestData("images", "good", "squares", "magenta.gif"), entryName);
        }
        var target = Path.Combine(_scratch, "inner", "out");
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.ReadZip(zipPath, target, "evil.zip"));
        Assert.Contains("evil.zip", e.Message);
        Assert.Contains("outside", e.Message);
        Assert.False(File.Exists(Path.Combine(_scratch, "inner", "escape.png")));
        Assert.False(File.Exists(Path.Combine(_scratch, "escape.png")));
        Assert.False(File.Exists(Path.Combine(target, "cats", "fine.gif")));
    }
}
