using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Data.Npm;
using EmbeddingLab.Core.Sprites;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// The projector's sprite atlas of the 3,786 emoji (64 × 64 PNGs of the npm package emoji-datasource-google) in 48-px
/// cells: ours (SkiaSharp, parallel decode, one PNG encode) vs the same layout with Pillow; time and atlas size.
/// </summary>
public sealed class SpriteAtlasBenchmark : IBenchmark
{
    public string Name => "sprites";
    public string Description => "sprite atlas of the 3,786 emoji (64 px) in 48-px cells vs Pillow [--cell 48 --threads 0 --skip-reference]";

    public int Run(string[] args)
    {
        int cell = int.Parse(Reference.Arg(args, "cell", "48"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        var folder = Path.Combine(NpmPackages.PackageFolder("emoji-datasource-google"), "img", "google", "64");
        var paths = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).ToArray();
        var options = new SpriteAtlasOptions { CellSize = cell, MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Console.WriteLine($"Sprite atlas: {paths.Length:N0} emoji PNGs (64 px) in {cell}-px cells, {options.MaxDegreeOfParallelism} threads");
        SpriteAtlasBuilder.Build(paths.Take(50).ToArray(), options); // JIT and native library warm-up
        var clock = Stopwatch.StartNew();
        var atlas = SpriteAtlasBuilder.Build(paths, options);
        double ours = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ours:   {ours,7:F3} s   {atlas.Width} x {atlas.Height} px, {atlas.Png.Length / 1e6:F2} MB PNG, {atlas.ImageCount:N0} images, {atlas.Failures.Count} unreadable");
        // What the encode costs and what other encodings would weigh (the atlas is PNG: lossless, decoded everywhere).
        using (var image = SkiaSharp.SKImage.FromEncodedData(atlas.Png))
        {
            foreach (var (name, format, quality) in new[] { ("PNG", SkiaSharp.SKEncodedImageFormat.Png, 100), ("WebP lossy q80", SkiaSharp.SKEncodedImageFormat.Webp, 80), ("WebP lossless", SkiaSharp.SKEncodedImageFormat.Webp, 100) })
            {
                var c = Stopwatch.StartNew();
                using var data = image.Encode(format, quality);
                Console.WriteLine($"  encode {name,-15} {c.Elapsed.TotalSeconds,7:F3} s   {data.Size / 1e6:F2} MB");
            }
        }
        if (args.Contains("--skip-reference")) return 0;
        var dir = Directory.CreateTempSubdirectory("sprites-bench-");
        try
        {
            var list = Path.Combine(dir.FullName, "paths.txt");
            File.WriteAllLines(list, paths);
            var reference = Reference.RunJson("sprite_atlas_pil.py", list, cell.ToString(CultureInfo.InvariantCulture), Path.Combine(dir.FullName, "atlas.png"));
            if (reference is null) return 1;
            var r = reference.Value;
            double theirs = r.GetProperty("seconds").GetDouble();
            Console.WriteLine($"Pillow: {theirs,7:F3} s   {r.GetProperty("width").GetInt32()} x {r.GetProperty("height").GetInt32()} px, {r.GetProperty("bytes").GetInt64() / 1e6:F2} MB PNG (Pillow {r.GetProperty("pillow").GetString()}, 1 thread)");
            Console.WriteLine($"ratio ours/Pillow: time {ours / theirs:F3}, size {(double)atlas.Png.Length / r.GetProperty("bytes").GetInt64():F3}");
        }
        finally { dir.Delete(true); }
        return 0;
    }
}
