using EmbeddingLab.Web.Uploads;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// The Images page's upload check: the first bytes must be a zip archive or a PNG, JPEG, GIF, WebP or BMP image, so a
/// wrong file stops after its first chunk. Deeper problems (truncated, oversized) are found per image when encoding.
/// </summary>
public sealed class ImageUploadCheck(string displayName) : IUploadCheck
{
    private readonly byte[] _head = new byte[12];
    private int _length;

    public static IUploadCheck For(string displayName) => new ImageUploadCheck(displayName);

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_length >= _head.Length) return;
        int take = Math.Min(chunk.Length, _head.Length - _length);
        chunk[..take].CopyTo(_head.AsSpan(_length));
        _length += take;
        if (_length == _head.Length) Check();
    }

    public void Complete()
    {
        if (_length < _head.Length) Check();
    }

    private void Check()
    {
        var h = _head.AsSpan(0, _length);
        bool known = h.StartsWith("PK\x03\x04"u8) || h.StartsWith("\x89PNG"u8) || h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || h.StartsWith("GIF8"u8)
            || h.StartsWith("BM"u8) || (h.StartsWith("RIFF"u8) && h.Length >= 12 && h[8..12].SequenceEqual("WEBP"u8));
        if (!known)
            throw new InvalidDataException(_length == 0 ? $"\"{displayName}\" is empty."
                : $"\"{displayName}\" is not a .zip or a PNG, JPEG, GIF, WebP or BMP image (its first bytes say otherwise).");
    }
}
