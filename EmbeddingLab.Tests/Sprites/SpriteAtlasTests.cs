using EmbeddingLab.Core.Sprites;
using EmbeddingLab.Tests.Infrastructure;
using SkiaSharp;

namespace EmbeddingLab.Tests.Sprites;

/// <summary>The sprite atlas: cells where the layout says, each holding its own row's picture, bad files skipped with a reason.</summary>
public sealed class SpriteAtlasTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("el-sprites-").FullName;

    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    private static SKBitmap Decode(SpriteAtlas atlas)
    {
        var bitmap = SKBitmap.Decode(atlas.Png);
        Assert.NotNull(bitmap);
        Assert.Equal((atlas.Width, atlas.Height), (bitmap.Width, bitmap.Height));
        return bitmap;
    }

    private static readonly SKColor Clear = new(0, 0, 0, 0);

    private static void AssertColour(SKColor expected, SKColor actual, string where, int tolerance = 2)
    {
        if (expected.Alpha == 0) { Assert.True(actual.Alpha <= tolerance, $"{where}: expected transparent, found {actual}"); return; }
        Assert.True(Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance && Math.Abs(expected.Alpha - actual.Alpha) <= tolerance,
            $"{where}: expected {expected}, found {actual}");
    }

    [Fact]
    public void Each_row_s_picture_lands_in_its_own_cell_in_reading_order()
    {
        SKColor[] colours = [SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.Yellow, SKColors.Magenta, SKColors.Cyan,
            new SKColor(128, 64, 0), new SKColor(20, 200, 120), new SKColor(90, 90, 90), new SKColor(250, 150, 200)];
        // Row 3 has no picture: it gets no cell, and the rows after it move up one cell.
        var paths = new List<string?>();
        for (int i = 0; i < colours.Length; i++)
        {
            if (i == 3) paths.Add("");
            paths.Add(SpriteTestImages.Solid(_folder, $"c{i}", colours[i]));
        }
        var atlas = SpriteAtlasBuilder.Build(paths, new SpriteAtlasOptions { CellSize = 16 });

        Assert.Equal(16, atlas.CellSize);
        Assert.Equal(4, atlas.Columns); // ceil(sqrt(10 pictures))
        Assert.Equal((64, 48), (atlas.Width, atlas.Height));
        Assert.Equal([0, 1, 2, -1, 3, 4, 5, 6, 7, 8, 9], atlas.Cells);
        Assert.Empty(atlas.Failures);
        Assert.Equal(0, atlas.Omitted);
        Assert.Equal(10, atlas.ImageCount);
        Assert.Equal((48, 16), SpriteAtlas.Origin(7, 4, 16));

        using var bitmap = Decode(atlas);
        for (int row = 0; row < paths.Count; row++)
        {
            int cell = atlas.Cells[row];
            if (cell < 0) continue;
            var colour = colours[row < 3 ? row : row - 1];
            var (x, y) = atlas.Origin(cell);
            foreach (var (dx, dy) in new[] { (1, 1), (8, 8), (14, 14) })
                AssertColour(colour, bitmap.GetPixel(x + dx, y + dy), $"row {row} cell {cell} at +{dx},+{dy}");
        }
        // Cells past the last picture stay empty.
        AssertColour(Clear, bitmap.GetPixel(63 - 8, 47 - 8), "unused cell 11");
    }

    [Fact]
    public void Pictures_keep_their_orientation_and_aspect()
    {
        var quadrants = SpriteTestImages.Quadrants(_folder, "quad", 64);
        var wide = SpriteTestImages.Solid(_folder, "wide", SKColors.Blue, 40, 10);
        var tall = SpriteTestImages.Solid(_folder, "tall", SKColors.Red, 10, 40);
        var atlas = SpriteAtlasBuilder.Build([quadrants, wide, tall], new SpriteAtlasOptions { CellSize = 20 });
        using var bitmap = Decode(atlas);

        var (qx, qy) = atlas.Origin(atlas.Cells[0]);
        AssertColour(SKColors.Red, bitmap.GetPixel(qx + 4, qy + 4), "quadrants top-left");
        AssertColour(SKColors.Lime, bitmap.GetPixel(qx + 15, qy + 4), "quadrants top-right");
        AssertColour(SKColors.Blue, bitmap.GetPixel(qx + 4, qy + 15), "quadrants bottom-left");
        AssertColour(SKColors.Yellow, bitmap.GetPixel(qx + 15, qy + 15), "quadrants bottom-right");

        // 40×10 fitted into 20 px: 20×5, centred vertically (rows 7–12 hold it; the top and bottom stay clear).
        var (wx, wy) = atlas.Origin(atlas.Cells[1]);
        AssertColour(SKColors.Blue, bitmap.GetPixel(wx + 10, wy + 10), "wide centre");
        AssertColour(Clear, bitmap.GetPixel(wx + 10, wy + 2), "wide above");
        AssertColour(Clear, bitmap.GetPixel(wx + 10, wy + 17), "wide below");
        var (tx, ty) = atlas.Origin(atlas.Cells[2]);
        AssertColour(SKColors.Red, bitmap.GetPixel(tx + 10, ty + 10), "tall centre");
        AssertColour(Clear, bitmap.GetPixel(tx + 2, ty + 10), "tall left");
        AssertColour(Clear, bitmap.GetPixel(tx + 17, ty + 10), "tall right");
    }

    [Fact]
    public void Phone_photos_are_drawn_upright_as_their_EXIF_orientation_says()
    {
        // Stored turned a quarter (tags 6 and 8), half (3) and mirrored across the diagonal (5); all look the same upright.
        int[] tags = [1, 3, 5, 6, 8];
        var paths = tags.Select(t => (string?)RepoPaths.TestData("images", "exif", $"orientation_{t}.jpg")).ToList();
        var atlas = SpriteAtlasBuilder.Build(paths, new SpriteAtlasOptions { CellSize = 24 });
        Assert.Empty(atlas.Failures);
        using var bitmap = Decode(atlas);
        for (int i = 0; i < tags.Length; i++)
        {
            // 96 × 64 upright fitted into 24 px: 24 × 16, rows 4–19 of the cell.
            var (x, y) = atlas.Origin(atlas.Cells[i]);
            AssertColour(new SKColor(220, 30, 30), bitmap.GetPixel(x + 5, y + 7), $"tag {tags[i]} top-left", 12);
            AssertColour(new SKColor(30, 170, 60), bitmap.GetPixel(x + 18, y + 7), $"tag {tags[i]} top-right", 12);
            AssertColour(new SKColor(30, 60, 220), bitmap.GetPixel(x + 5, y + 16), $"tag {tags[i]} bottom-left", 12);
            AssertColour(new SKColor(240, 210, 20), bitmap.GetPixel(x + 18, y + 16), $"tag {tags[i]} bottom-right", 12);
            AssertColour(Clear, bitmap.GetPixel(x + 12, y + 1), $"tag {tags[i]} above (landscape, not portrait)");
        }
    }

    [Fact]
    public void A_large_photo_is_averaged_down_not_sampled()
    {
        // 1-px black and white stripes: a sampled thumbnail would be black or white, an averaged one grey.
        var path = Path.Combine(_folder, "stripes.png");
        SpriteTestImages.WritePng(path, 640, 480, c =>
        {
            c.Clear(SKColors.White);
            using var p = new SKPaint { Color = SKColors.Black };
            for (int x = 0; x < 640; x += 2) c.DrawRect(x, 0, 1, 480, p);
        });
        var atlas = SpriteAtlasBuilder.Build([path], new SpriteAtlasOptions { CellSize = 32 });
        using var bitmap = Decode(atlas);
        var centre = bitmap.GetPixel(16, 16);
        Assert.InRange(centre.Red, 100, 155);
    }

    [Fact]
    public void Bad_files_are_reported_per_row_and_the_rest_is_drawn()
    {
        var good = SpriteTestImages.Solid(_folder, "good", SKColors.Lime);
        var text = Path.Combine(_folder, "notes.png");
        File.WriteAllText(text, "this is not a picture");
        var empty = Path.Combine(_folder, "empty.png");
        File.WriteAllBytes(empty, []);
        var whole = File.ReadAllBytes(SpriteTestImages.Solid(_folder, "whole", SKColors.Red, 64, 64));
        var truncated = Path.Combine(_folder, "truncated.png");
        File.WriteAllBytes(truncated, whole[..20]); // the signature and part of the header
        var missing = Path.Combine(_folder, "missing.png");
        var outside = Path.Combine(Path.GetTempPath(), "el-outside-" + Guid.NewGuid().ToString("N") + ".png");
        SpriteTestImages.WritePng(outside, 8, 8, c => c.Clear(SKColors.Red));
        var big = SpriteTestImages.Solid(_folder, "big", SKColors.Blue, 300, 300);
        try
        {
            var options = new SpriteAtlasOptions { CellSize = 16, AllowedFolders = [_folder], MaxSourcePixels = 200 * 200 };
            var atlas = SpriteAtlasBuilder.Build([good, text, empty, truncated, missing, outside, "relative/pic.png", big], options);

            Assert.Equal([0, -1, -1, -1, -1, -1, -1, -1], atlas.Cells);
            var reasons = atlas.Failures.ToDictionary(f => f.Row, f => f.Reason);
            Assert.Equal(7, reasons.Count);
            Assert.StartsWith("not an image", reasons[1]);
            Assert.Equal("empty file", reasons[2]);
            Assert.Matches("not an image|could not be decoded", reasons[3]);
            Assert.Equal("file not found", reasons[4]);
            Assert.Equal("outside the folders this server reads images from", reasons[5]);
            Assert.Equal("not an absolute path", reasons[6]);
            Assert.Equal("image too large (300 × 300 pixels)", reasons[7]);
            using var bitmap = Decode(atlas);
            AssertColour(SKColors.Lime, bitmap.GetPixel(8, 8), "the good picture");
        }
        finally { File.Delete(outside); }
    }

    [Fact]
    public void Pictures_past_the_cap_get_no_cell()
    {
        var paths = Enumerable.Range(0, 5).Select(i => SpriteTestImages.Solid(_folder, $"p{i}", new SKColor((byte)(i * 50), 0, 0))).ToArray();
        var atlas = SpriteAtlasBuilder.Build(paths, new SpriteAtlasOptions { CellSize = 8, MaxImages = 3 });
        Assert.Equal([0, 1, 2, -1, -1], atlas.Cells);
        Assert.Equal(2, atlas.Omitted);
        Assert.Equal(2, atlas.Columns);
        Assert.Equal((16, 16), (atlas.Width, atlas.Height));
    }

    [Fact]
    public void Cell_size_shrinks_for_big_sets_so_the_atlas_stays_within_4096_pixels()
    {
        var options = new SpriteAtlasOptions();
        Assert.Equal(48, options.CellFor(3786));
        Assert.Equal(48, options.CellFor(SpriteAtlasOptions.LargeCellLimit));
        Assert.Equal(32, options.CellFor(SpriteAtlasOptions.LargeCellLimit + 1));
        Assert.True(Math.Ceiling(Math.Sqrt(SpriteAtlasOptions.LargeCellLimit)) * 48 <= 4096);
        Assert.True(Math.Ceiling(Math.Sqrt(options.MaxImages)) * 32 <= 4096);
        Assert.Equal(20, new SpriteAtlasOptions { CellSize = 20 }.CellFor(100_000));
    }

    [Fact]
    public void Progress_reaches_every_picture_and_cancellation_stops_the_build()
    {
        var paths = Enumerable.Range(0, 70).Select(i => SpriteTestImages.Solid(_folder, $"q{i}", SKColors.Gray, 8, 8)).ToArray();
        var reports = new List<SpriteProgress>();
        SpriteAtlasBuilder.Build(paths, new SpriteAtlasOptions { CellSize = 8 }, new Core.Reporting.InlineProgress<SpriteProgress>(p => { lock (reports) reports.Add(p); }));
        Assert.Contains(new SpriteProgress(70, 70), reports);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SpriteAtlasBuilder.Build(paths, new SpriteAtlasOptions { CellSize = 8 }, null, cts.Token));
    }
}
