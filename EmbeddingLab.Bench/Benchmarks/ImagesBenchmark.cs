using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis.Neighbors;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Vectors;
using SkiaSharp;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// ResNet-18 image embeddings: images/s (decode + preprocess + network, all cores) on generated 64×64 and 640×480 PNGs;
/// the preprocessing alone, ours vs PIL + numpy on the same files (one thread each); with "emoji", the full emoji set
/// (first build time and the share of each emoji's 10 nearest pictures in its own category, beside chance).
/// There is no onnxruntime for Debian's python, so the network itself has no reference run.
/// </summary>
public sealed class ImagesBenchmark : IBenchmark
{
    public string Name => "images";
    public string Description => "ResNet-18 images/s at 64×64 and 640×480; preprocessing vs PIL+numpy; [emoji] full emoji set build + category neighbours";

    public int Run(string[] args)
    {
        int count = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 32;
        var folder = Directory.CreateTempSubdirectory("el-bench-images-");
        try
        {
            using var encoder = ResNet18Encoder.Open();
            Console.WriteLine($"ResNet-18 ({encoder.Files.Model}), {Environment.ProcessorCount} cores");
            foreach (var (w, h) in new[] { (64, 64), (640, 480) })
            {
                var files = Generate(folder.FullName, w, h, count);
                var inputs = files.Select(f => new ImageInput(Path.GetFileName(f), f)).ToArray();
                encoder.Encode(inputs.Take(2).ToArray()); // warm-up
                var clock = Stopwatch.StartNew();
                var result = encoder.Encode(inputs);
                clock.Stop();
                if (result.Failures.Count > 0) throw new InvalidOperationException(result.Failures[0].Reason);
                Console.WriteLine($"{w}×{h}: {count / clock.Elapsed.TotalSeconds:F1} images/s ({count} images in {clock.Elapsed.TotalSeconds:F2} s, decode + preprocess + network)");

                // Preprocessing alone, one thread, same files: ours vs PIL + numpy.
                var pre = new ImagePreprocessor();
                var planes = new float[pre.TensorLength];
                var times = new List<double>();
                foreach (var f in files) pre.Preprocess(ImageDecoder.Decode(f), planes);
                for (int r = 0; r < 5; r++)
                {
                    var sw = Stopwatch.StartNew();
                    foreach (var f in files) pre.Preprocess(ImageDecoder.Decode(f), planes);
                    times.Add(sw.Elapsed.TotalMilliseconds / files.Count);
                }
                double ours = Reference.Median(times);
                Console.WriteLine($"  preprocessing (decode, composite, resize to 224, planes), one thread: EmbeddingLab {ours:F2} ms/image");
                var reference = Reference.Run("images_preprocess_pil.py", ["5", .. files]);
                if (reference is not null && double.TryParse(reference.Trim().Split('\n')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pil))
                {
                    Console.WriteLine($"  PIL {Reference.Run("version.py", "PIL")?.Trim()} + numpy, same steps and files: {pil:F2} ms/image");
                    Console.WriteLine($"  ratio: EmbeddingLab's preprocessing is {pil / ours:F2}× PIL+numpy's speed");
                }
            }
            if (args.Contains("emoji")) Emoji(encoder);
            return 0;
        }
        finally { folder.Delete(recursive: true); }
    }

    private static void Emoji(ResNet18Encoder encoder)
    {
        var emoji = EmojiDataset.Load();
        var clock = Stopwatch.StartNew();
        var result = ImageSets.Encode(encoder, emoji.Select(e => new ImageInput(e.Key, e.ImagePath)).ToArray(),
            [new MetadataColumn("category", emoji.Select(e => e.Category).ToArray())]);
        clock.Stop();
        Console.WriteLine($"Emoji (images, ResNet-18): {result.Set.Count:N0} emoji encoded in {clock.Elapsed.TotalSeconds:F1} s ({result.Set.Count / clock.Elapsed.TotalSeconds:F1} images/s), {result.Failures.Count} skipped");
        var agreement = LabelAgreement.Measure(result.Set, "category", 10);
        Console.WriteLine($"  10 nearest pictures in the emoji's own category: {agreement.Share:P1} (chance, Σ p² over categories: {agreement.Chance:P1}; {agreement.Share / agreement.Chance:F1}× chance)");
    }

    /// <summary>Shapes in random colours on a random background, as PNG files of the given size.</summary>
    private static List<string> Generate(string folder, int width, int height, int count)
    {
        var rng = new Random(7);
        var files = new List<string>();
        for (int i = 0; i < count; i++)
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            var canvas = surface.Canvas;
            canvas.Clear(new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
            using var paint = new SKPaint { IsAntialias = true };
            for (int s = 0; s < 6; s++)
            {
                paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(128, 256));
                float x = rng.Next(width), y = rng.Next(height), r = rng.Next(4, Math.Max(5, width / 3));
                if (s % 2 == 0) canvas.DrawCircle(x, y, r, paint);
                else canvas.DrawRect(SKRect.Create(x - r, y - r, r * 1.5f, r), paint);
            }
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            var path = Path.Combine(folder, $"{width}x{height}-{i:D3}.png");
            File.WriteAllBytes(path, data.ToArray());
            files.Add(path);
        }
        return files;
    }
}
