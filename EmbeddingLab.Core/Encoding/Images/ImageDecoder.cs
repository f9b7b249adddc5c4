using System.Runtime.InteropServices;
using SkiaSharp;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>What an image file may be: bytes on disk and pixels (width × height, checked from the header before decoding).</summary>
public sealed record ImageLimits
{
    public long MaxFileBytes { get; init; } = 100L << 20;
    public long MaxPixels { get; init; } = 40_000_000;
}

/// <summary>An image the encoder cannot use; <see cref="Exception.Message"/> is the reason, for the per-file report.</summary>
public sealed class BadImageException(string message) : Exception(message);

/// <summary>Decoded pixels: RGBA, 8 bits per channel, not premultiplied, row-major.</summary>
public sealed class DecodedImage(int width, int height, byte[] rgba)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Rgba { get; } = rgba;
}

/// <summary>
/// Decodes PNG, JPEG, GIF (first frame), WebP and BMP with SkiaSharp's codecs. The header is read first, so an empty,
/// unknown, zero-sized or oversized image (a 20,000 × 20,000 PNG is a few hundred bytes) is refused before any pixel
/// memory is taken; a file that ends before its pixels do is refused as truncated rather than padded. The EXIF
/// orientation (phone photos) is applied, so callers get the upright picture, as PIL's <c>ImageOps.exif_transpose</c> gives.
/// </summary>
public static class ImageDecoder
{
    private static readonly SKEncodedImageFormat[] Supported =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp, SKEncodedImageFormat.Bmp];

    public static DecodedImage Decode(string path, ImageLimits? limits = null)
    {
        limits ??= new ImageLimits();
        long length;
        try { length = new FileInfo(path).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadImageException($"cannot be read ({e.Message})"); }
        if (length == 0) throw new BadImageException("the file is empty");
        if (length > limits.MaxFileBytes) throw new BadImageException($"the file is {length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadImageException($"cannot be read ({e.Message})"); }
        return Decode(bytes, limits);
    }

    public static DecodedImage Decode(byte[] bytes, ImageLimits? limits = null)
    {
        limits ??= new ImageLimits();
        if (bytes.Length == 0) throw new BadImageException("the file is empty");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) throw new BadImageException("not an image SkiaSharp can read (PNG, JPEG, GIF, WebP or BMP expected)");
        if (Array.IndexOf(Supported, codec.EncodedFormat) < 0)
            throw new BadImageException($"{codec.EncodedFormat} images are not supported (PNG, JPEG, GIF, WebP or BMP expected)");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) throw new BadImageException($"the image has no pixels ({width} × {height})");
        if ((long)width * height > limits.MaxPixels)
            throw new BadImageException($"the image is {width:N0} × {height:N0} pixels, over the {limits.MaxPixels:N0}-pixel limit");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize64];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(info, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        return result switch
        {
            SKCodecResult.Success => ImageOrientation.Apply(new DecodedImage(width, height, rgba), codec.EncodedOrigin),
            SKCodecResult.IncompleteInput => throw new BadImageException("truncated: the file ends before the image does"),
            SKCodecResult.ErrorInInput => throw new BadImageException("corrupt image data"),
            _ => throw new BadImageException($"could not be decoded ({result})"),
        };
    }

    /// <summary>Upright width and height from the header alone (null when it is not an image we read).</summary>
    public static (int Width, int Height)? ReadSize(string path)
    {
        try
        {
            using var codec = SKCodec.Create(path);
            return codec is null ? null : ImageOrientation.UprightSize(codec.Info.Width, codec.Info.Height, codec.EncodedOrigin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
