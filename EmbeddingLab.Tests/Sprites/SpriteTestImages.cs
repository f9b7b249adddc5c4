using EmbeddingLab.Core.Vectors;
using SkiaSharp;

namespace EmbeddingLab.Tests.Sprites;

/// <summary>
/// Pictures drawn for the sprite tests (nothing third-party): solid swatches of known colours, a picture with four
/// coloured quadrants (orientation), wide and tall ones (aspect), and a set of swatches whose vectors are their colours,
/// so a projection lays them out by colour.
/// </summary>
public static class SpriteTestImages
{
    public static void WritePng(string path, int width, int height, Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            draw(canvas);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    public static string Solid(string folder, string name, SKColor colour, int width = 24, int height = 24)
    {
        var path = Path.Combine(folder, name + ".png");
        WritePng(path, width, height, c => c.Clear(colour));
        return path;
    }

    /// <summary>Red top-left, green top-right, blue bottom-left, yellow bottom-right.</summary>
    public static string Quadrants(string folder, string name, int size = 32)
    {
        var path = Path.Combine(folder, name + ".png");
        WritePng(path, size, size, c =>
        {
            int h = size / 2;
            using var p = new SKPaint();
            p.Color = SKColors.Red; c.DrawRect(0, 0, h, h, p);
            p.Color = SKColors.Lime; c.DrawRect(h, 0, h, h, p);
            p.Color = SKColors.Blue; c.DrawRect(0, h, h, h, p);
            p.Color = SKColors.Yellow; c.DrawRect(h, h, h, h, p);
        });
        return path;
    }

    /// <summary>
    /// <paramref name="count"/> swatches (a filled circle of a colour round the hue wheel, lightness varied) as PNGs in
    /// <paramref name="folder"/>, and a set whose vectors are (r, g, b, lightness) plus a little noise, with an
    /// <c>image</c> column naming each file, a <c>label</c> and a <c>hue</c> band.
    /// </summary>
    public static EmbeddingSet Swatches(string folder, int count, int size = 32, int seed = 7)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var keys = new string[count];
        var paths = new string[count];
        var labels = new string[count];
        var bands = new string[count];
        var data = new float[count * 4];
        string[] bandNames = ["red", "yellow", "green", "cyan", "blue", "magenta"];
        for (int i = 0; i < count; i++)
        {
            float hue = 360f * i / count, light = 35 + 30 * (float)random.NextDouble();
            var colour = SKColor.FromHsl(hue, 80, light);
            keys[i] = $"swatch-{i:D4}";
            labels[i] = $"swatch {i} (hue {hue:F0})";
            bands[i] = bandNames[(int)(hue / 60) % 6];
            paths[i] = Path.Combine(folder, keys[i] + ".png");
            WritePng(paths[i], size, size, c =>
            {
                using var p = new SKPaint { Color = colour, IsAntialias = true };
                c.DrawCircle(size / 2f, size / 2f, size * 0.45f, p);
                p.Color = SKColors.Black;
                p.Style = SKPaintStyle.Stroke;
                p.StrokeWidth = Math.Max(1, size / 16f);
                c.DrawCircle(size / 2f, size / 2f, size * 0.45f, p);
            });
            data[i * 4] = colour.Red / 255f + 0.02f * (float)random.NextDouble();
            data[i * 4 + 1] = colour.Green / 255f + 0.02f * (float)random.NextDouble();
            data[i * 4 + 2] = colour.Blue / 255f + 0.02f * (float)random.NextDouble();
            data[i * 4 + 3] = light / 100f;
        }
        return new EmbeddingSet(keys, data, 4,
        [
            new MetadataColumn("label", labels),
            new MetadataColumn("hue", bands),
            new MetadataColumn(ImageColumn.Name, paths),
        ]);
    }
}
