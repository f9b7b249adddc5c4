using SkiaSharp;

namespace EmbeddingLab.Core.Sprites;

/// <summary>
/// Builds a <see cref="SpriteAtlas"/> from image files (PNG, JPEG, GIF, WebP, BMP — what Skia decodes): decoded in
/// parallel, each downsized into its own cell of one RGBA buffer (cells never overlap, so workers write without locks),
/// then encoded once as PNG. A file that is missing, not an image, truncated beyond use or too large is reported per row
/// and leaves its cell empty; the atlas is built from the rest.
/// </summary>
public static class SpriteAtlasBuilder
{
    public static SpriteAtlas Build(IReadOnlyList<string?> paths, SpriteAtlasOptions? options = null,
        IProgress<SpriteProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SpriteAtlasOptions();
        if (options.MaxImages < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxImages must be at least 1.");
        var cells = new int[paths.Count];
        var rows = new List<int>();
        int omitted = 0;
        for (int r = 0; r < paths.Count; r++)
        {
            cells[r] = -1;
            if (string.IsNullOrEmpty(paths[r])) continue;
            if (rows.Count >= options.MaxImages) { omitted++; continue; }
            cells[r] = rows.Count;
            rows.Add(r);
        }
        int cell = options.CellFor(rows.Count);
        if (cell is < 4 or > 256) throw new ArgumentOutOfRangeException(nameof(options), "CellSize must be between 4 and 256 pixels.");
        int columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(rows.Count)));
        int gridRows = Math.Max(1, (rows.Count + columns - 1) / columns);
        int width = columns * cell, height = gridRows * cell;
        var pixels = new byte[(long)width * height * 4];
        var roots = options.AllowedFolders?.Select(FolderPrefix).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<SpriteFailure>();
        int done = 0;
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = cancellationToken }, k =>
        {
            int row = rows[k];
            var error = Draw(paths[row]!, roots, options.MaxSourcePixels, cell, pixels, width, SpriteAtlas.Origin(k, columns, cell));
            if (error is not null)
            {
                failures.Add(new SpriteFailure(row, error));
                cells[row] = -1;
            }
            int d = Interlocked.Increment(ref done);
            if (d % 64 == 0 || d == rows.Count) progress?.Report(new SpriteProgress(d, rows.Count));
        });
        cancellationToken.ThrowIfCancellationRequested();
        var png = Encode(pixels, width, height);
        return new SpriteAtlas(cell, columns, width, height, cells, png, failures.OrderBy(f => f.Row).ToList(), omitted);
    }

    private static string FolderPrefix(string folder)
    {
        var full = Path.GetFullPath(folder);
        return full.EndsWith(Path.DirectorySeparatorChar) ? full : full + Path.DirectorySeparatorChar;
    }

    /// <summary>Draws one file into its cell; returns why it could not, or null.</summary>
    private static string? Draw(string path, string[]? roots, long maxPixels, int cell, byte[] atlas, int atlasWidth, (int X, int Y) origin)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (ArgumentException) { return "not a file path"; }
        if (!Path.IsPathFullyQualified(path)) return "not an absolute path";
        if (roots is not null && !roots.Any(r => full.StartsWith(r, StringComparison.Ordinal)))
            return "outside the folders this server reads images from";
        var file = new FileInfo(full);
        if (!file.Exists) return "file not found";
        if (file.Length == 0) return "empty file";
        using var codec = SKCodec.Create(full, out var opened);
        if (codec is null) return opened == SKCodecResult.Unimplemented ? "unsupported image format" : "not an image (" + Describe(opened) + ")";
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) return "image has no pixels";
        if ((long)info.Width * info.Height > maxPixels) return $"image too large ({info.Width} × {info.Height} pixels)";
        // JPEG and WebP can decode at a fraction of their size: ask for the smallest that still covers the cell.
        float scale = Math.Min(1f, (float)cell / Math.Min(info.Width, info.Height));
        var decodeSize = scale < 1f ? codec.GetScaledDimensions(scale) : new SKSizeI(info.Width, info.Height);
        if (decodeSize.Width <= 0 || decodeSize.Height <= 0) decodeSize = new SKSizeI(info.Width, info.Height);
        var decodeInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        // A truncated file still gives the rows it has (the rest stays blank), as browsers show it.
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput))
            return "could not be decoded (" + Describe(result) + ")";
        // Phone photos: the EXIF orientation turns the stored pixels upright, as the encoder and thumbnails see them.
        var source = Encoding.Images.ImageOrientation.Apply(decoded, codec.EncodedOrigin);
        using var turned = ReferenceEquals(source, decoded) ? null : source;

        // Fit inside the cell, aspect kept, centred.
        double fit = Math.Min((double)cell / source.Width, (double)cell / source.Height);
        int w = Math.Clamp((int)Math.Round(source.Width * fit), 1, cell), h = Math.Clamp((int)Math.Round(source.Height * fit), 1, cell);
        using var thumb = new SKBitmap(new SKImageInfo(cell, cell, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(thumb))
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Clear(SKColors.Transparent);
            var dest = SKRect.Create((cell - w) / 2f, (cell - h) / 2f, w, h);
            // Mipmapped sampling averages the many source pixels behind each thumbnail pixel (no aliasing on big photos).
            canvas.DrawImage(image, dest, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }
        var from = thumb.GetPixelSpan();
        int stride = cell * 4;
        for (int y = 0; y < cell; y++)
            from.Slice(y * stride, stride).CopyTo(atlas.AsSpan(((origin.Y + y) * atlasWidth + origin.X) * 4, stride));
        return null;
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.IncompleteInput => "truncated",
        SKCodecResult.ErrorInInput => "corrupt data",
        SKCodecResult.Unimplemented => "unsupported",
        SKCodecResult.InvalidConversion => "unsupported pixel format",
        SKCodecResult.InvalidScale => "invalid size",
        SKCodecResult.CouldNotRewind => "could not rewind",
        _ => result.ToString(),
    };

    private static byte[] Encode(byte[] pixels, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var image = SKImage.FromPixelCopy(info, pixels) ?? throw new InvalidOperationException("The atlas image could not be created.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("The atlas could not be encoded as PNG.");
        return data.ToArray();
    }
}
