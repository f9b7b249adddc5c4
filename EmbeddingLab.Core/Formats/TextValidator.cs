using System.Buffers;
using System.Text;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Checks that bytes are text a reader can take: UTF-8 (a BOM is fine) without NUL bytes. Fed chunk by chunk, so an
/// upload can be refused from its first bytes and a file checked in one streamed pass; a failure names the file and
/// the line. Random binary data fails within its first few bytes (NUL or an invalid sequence).
/// </summary>
public sealed class TextValidator(string displayName)
{
    private readonly byte[] _carry = new byte[4]; // an incomplete UTF-8 sequence at the end of the previous chunk
    private int _carryLength;
    private long _line = 1;

    /// <summary>The 1-based line the next byte belongs to.</summary>
    public long Line => _line;

    /// <summary>Checks the next bytes; throws <see cref="InvalidDataException"/> naming the file and line at the first problem.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty) return;
        byte[]? rented = null;
        ReadOnlySpan<byte> data = chunk;
        if (_carryLength > 0)
        {
            rented = ArrayPool<byte>.Shared.Rent(_carryLength + chunk.Length);
            _carry.AsSpan(0, _carryLength).CopyTo(rented);
            chunk.CopyTo(rented.AsSpan(_carryLength));
            data = rented.AsSpan(0, _carryLength + chunk.Length);
            _carryLength = 0;
        }
        try
        {
            int nul = data.IndexOf((byte)0);
            if (nul >= 0)
                throw new InvalidDataException($"{displayName}, line {_line + data[..nul].Count((byte)'\n'):N0}: found a NUL byte; expected plain UTF-8 text (is this a binary file?).");
            int complete = CompleteLength(data);
            var body = data[..complete];
            if (!System.Text.Unicode.Utf8.IsValid(body))
            {
                int bad = FirstInvalid(body);
                throw new InvalidDataException($"{displayName}, line {_line + body[..bad].Count((byte)'\n'):N0}: the bytes are not UTF-8 text; save the file as UTF-8 (is this a binary file?).");
            }
            _line += body.Count((byte)'\n');
            data[complete..].CopyTo(_carry);
            _carryLength = data.Length - complete;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Call after the last chunk: a sequence cut off at the end of the file is invalid too.</summary>
    public void Complete()
    {
        if (_carryLength > 0)
            throw new InvalidDataException($"{displayName}, line {_line:N0}: the file ends inside a UTF-8 character; expected plain UTF-8 text (is this a binary file?).");
    }

    /// <summary>Checks a whole file in one streamed pass.</summary>
    public static void EnsureText(string path, string? displayName = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        EnsureText(stream, displayName ?? Path.GetFileName(path), cancellationToken);
    }

    /// <summary>Checks a stream from its current position to its end.</summary>
    public static void EnsureText(Stream stream, string displayName, CancellationToken cancellationToken = default)
    {
        var validator = new TextValidator(displayName);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                validator.Append(buffer.AsSpan(0, read));
            }
            validator.Complete();
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Length of <paramref name="data"/> without a multi-byte sequence that the next chunk completes.</summary>
    private static int CompleteLength(ReadOnlySpan<byte> data)
    {
        for (int i = data.Length - 1; i >= 0 && i >= data.Length - 3; i--)
        {
            byte b = data[i];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead
            int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return data.Length - i < need ? i : data.Length;
        }
        return data.Length;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (Rune.DecodeFromUtf8(data[i..], out _, out int consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return data.Length;
    }
}
