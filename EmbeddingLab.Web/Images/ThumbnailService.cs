using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Vectors;
using SkiaSharp;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// Small pictures of a set's rows for galleries, hover cards and sprite atlases. The file comes from the row's
/// <see cref="ImageColumn"/> on the server (never from the browser) and must lie under <see cref="ImageFolders"/>;
/// it is decoded with the encoder's checks (size from the header first), scaled to fit a square of the asked size with
/// SkiaSharp (mipmapped linear sampling, transparency kept) and kept in a byte-capped LRU cache as PNG.
/// </summary>
public sealed class ThumbnailService(ImageFolders folders, ILogger<ThumbnailService> log)
{
    public const int DefaultSize = 96;
    public const int MinSize = 16;
    public const int MaxSize = 256;
    private const long CacheBytes = 64L << 20;

    private readonly object _gate = new();
    private readonly Dictionary<(string Path, int Size), LinkedListNode<(string Path, int Size, DateTime Written, byte[] Png)>> _index = new();
    private readonly LinkedList<(string Path, int Size, DateTime Written, byte[] Png)> _lru = new();
    private long _bytes;

    /// <summary>The address of a row's thumbnail: <c>/thumbs?set=…&amp;row=…&amp;size=…</c>.</summary>
    public static string Url(string set, int row, int size = DefaultSize) =>
        $"/thumbs?set={Uri.EscapeDataString(set)}&row={row}&size={size}";

    /// <summary>The image path of <paramref name="row"/> when it may be shown, else null.</summary>
    public string? PathOf(EmbeddingSet set, int row) =>
        row >= 0 && row < set.Count && ImageColumn.Paths(set) is { } paths && folders.IsAllowed(paths[row]) ? paths[row] : null;

    /// <summary>PNG bytes of the row's thumbnail, or null (no image, outside the image folders, or unreadable).</summary>
    public byte[]? Png(EmbeddingSet set, int row, int size = DefaultSize) =>
        PathOf(set, row) is { } path ? Png(path, size) : null;

    /// <summary>The thumbnail's pixels (RGBA, unpremultiplied, fitting size × size), e.g. to draw into a sprite atlas.</summary>
    public DecodedImage? Pixels(EmbeddingSet set, int row, int size = DefaultSize)
    {
        if (PathOf(set, row) is not { } path) return null;
        try { return Scale(ImageDecoder.Decode(path), Math.Clamp(size, MinSize, MaxSize)); }
        catch (BadImageException e) { log.LogDebug("No thumbnail for {Path}: {Reason}", path, e.Message); return null; }
    }

    private byte[]? Png(string path, int size)
    {
        size = Math.Clamp(size, MinSize, MaxSize);
        DateTime written;
        try { written = File.GetLastWriteTimeUtc(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        lock (_gate)
        {
            if (_index.TryGetValue((path, size), out var node) && node.Value.Written == written)
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                return node.Value.Png;
            }
        }
        byte[] png;
        try { png = Encode(Scale(ImageDecoder.Decode(path), size)); }
        catch (BadImageException e) { log.LogDebug("No thumbnail for {Path}: {Reason}", path, e.Message); return null; }
        lock (_gate)
        {
            if (_index.Remove((path, size), out var old)) { _lru.Remove(old); _bytes -= old.Value.Png.Length; }
            _index[(path, size)] = _lru.AddFirst((path, size, written, png));
            _bytes += png.Length;
            while (_bytes > CacheBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _index.Remove((last.Value.Path, last.Value.Size));
                _bytes -= last.Value.Png.Length;
            }
        }
        return png;
    }

    /// <summary>Fits the image in size × size (never enlarges), keeping its aspect ratio and transparency.</summary>
    internal static DecodedImage Scale(DecodedImage image, int size)
    {
        double factor = Math.Min(1.0, (double)size / Math.Max(image.Width, image.Height));
        int width = Math.Max(1, (int)Math.Round(image.Width * factor)), height = Math.Max(1, (int)Math.Round(image.Height * factor));
        if (width == image.Width && height == image.Height) return image;
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var source = SKImage.FromPixelCopy(sourceInfo, image.Rgba);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.DrawImage(source, SKRect.Create(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize64];
        using var snapshot = surface.Snapshot();
        unsafe
        {
            fixed (byte* p = pixels) snapshot.ReadPixels(info, (nint)p, info.RowBytes, 0, 0);
        }
        return new DecodedImage(width, height, pixels);
    }

    internal static byte[] Encode(DecodedImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var picture = SKImage.FromPixelCopy(info, image.Rgba);
        using var data = picture.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
