using SkiaSharp;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>
/// The EXIF Orientation tag (1–8): cameras and phones store the sensor's pixels as they came and record how to turn
/// them upright; viewers, browsers and PIL's <c>ImageOps.exif_transpose</c> apply it, so the encoder, thumbnails and
/// sprites do too. Skia's codecs read the tag (<see cref="SKCodec.EncodedOrigin"/>) but hand out the stored pixels.
/// </summary>
public static class ImageOrientation
{
    /// <summary>True when the upright picture is the stored one turned a quarter (width and height swap).</summary>
    public static bool SwapsSides(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
        or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Width and height of the upright picture.</summary>
    public static (int Width, int Height) UprightSize(int width, int height, SKEncodedOrigin origin) =>
        SwapsSides(origin) ? (height, width) : (width, height);

    /// <summary>
    /// Writes the upright pixels of a stored <paramref name="width"/> × <paramref name="height"/> picture (one uint per
    /// pixel, row-major) into <paramref name="upright"/>, whose size is <see cref="UprightSize"/>. An exact permutation:
    /// no pixel is resampled.
    /// </summary>
    public static void Apply(ReadOnlySpan<uint> stored, int width, int height, SKEncodedOrigin origin, Span<uint> upright)
    {
        if (stored.Length < width * height || upright.Length < width * height)
            throw new ArgumentException($"A {width} × {height} picture needs {width * height} pixels.");
        var (uw, uh) = UprightSize(width, height, origin);
        for (int y = 0; y < uh; y++)
        {
            var row = upright.Slice(y * uw, uw);
            for (int x = 0; x < uw; x++)
            {
                // Where upright (x, y) was stored: origin names the corner the stored first row/column belongs at.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (width - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, height - 1 - x),
                    SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
                    SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
                    _ => (x, y),
                };
                row[x] = stored[sy * width + sx];
            }
        }
    }

    /// <summary>The upright copy of a decoded picture (the same object when the origin is top-left).</summary>
    public static DecodedImage Apply(DecodedImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0) return image;
        var (uw, uh) = UprightSize(image.Width, image.Height, origin);
        var rgba = new byte[image.Rgba.Length];
        Apply(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image.Rgba), image.Width, image.Height, origin,
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba.AsSpan()));
        return new DecodedImage(uw, uh, rgba);
    }

    /// <summary>The upright copy of a bitmap of 4-byte pixels (the same bitmap when the origin is top-left).</summary>
    public static SKBitmap Apply(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0) return bitmap;
        if (bitmap.BytesPerPixel != 4 || bitmap.RowBytes != bitmap.Width * 4)
            throw new ArgumentException("Only packed 4-byte pixels are turned.", nameof(bitmap));
        var (uw, uh) = UprightSize(bitmap.Width, bitmap.Height, origin);
        var turned = new SKBitmap(new SKImageInfo(uw, uh, bitmap.ColorType, bitmap.AlphaType));
        Apply(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan()), bitmap.Width, bitmap.Height, origin,
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(turned.GetPixelSpan()));
        return turned;
    }
}
