using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TextEncoding = System.Text.Encoding;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Storage;

/// <summary>
/// The workspace's own file for one set: a 64-byte header, the float32 matrix (64-byte aligned, little-endian, so it
/// can be memory-mapped), then keys and metadata as length-prefixed UTF-8, and an end marker holding the file length
/// so a torn file is recognised. Files are only ever written to a temporary name and renamed into place.
/// </summary>
public static class SetFile
{
    private static readonly byte[] Magic = "ELSET001"u8.ToArray();
    private static readonly byte[] EndMagic = "ELSETEND"u8.ToArray();
    private const int HeaderBytes = 64;

    /// <summary>Bytes the file of a set takes (for quotas before writing).</summary>
    public static long EstimateBytes(EmbeddingSet set)
    {
        long bytes = HeaderBytes + (long)set.Count * set.Dimensions * 4 + 16;
        foreach (var k in set.Keys) bytes += 4 + TextEncoding.UTF8.GetByteCount(k);
        foreach (var c in set.Metadata)
        {
            bytes += 4 + TextEncoding.UTF8.GetByteCount(c.Name);
            foreach (var v in c.Values) bytes += 4 + TextEncoding.UTF8.GetByteCount(v ?? "");
        }
        return bytes;
    }

    /// <summary>Writes the set and flushes it to the disk (not only the OS cache) before returning.</summary>
    /// <param name="halfway">Called once the vectors are written (flushed to the file) and before the keys: a test hook.</param>
    public static long Write(EmbeddingSet set, string path, CancellationToken cancellationToken = default, Action? halfway = null)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), set.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), set.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), set.Metadata.Count);
        file.Write(header);
        var matrix = set.Matrix;
        const int chunk = 1 << 18;
        for (int start = 0; start < matrix.Length; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = matrix.Slice(start, Math.Min(chunk, matrix.Length - start));
            if (BitConverter.IsLittleEndian) file.Write(MemoryMarshal.AsBytes(part));
            else
            {
                var b = new byte[4];
                foreach (float f in part) { BinaryPrimitives.WriteSingleLittleEndian(b, f); file.Write(b); }
            }
        }
        if (halfway is not null)
        {
            file.Flush();
            halfway();
        }
        using (var writer = new BinaryWriter(file, TextEncoding.UTF8, leaveOpen: true))
        {
            foreach (var k in set.Keys) WriteString(writer, k);
            foreach (var c in set.Metadata)
            {
                WriteString(writer, c.Name);
                foreach (var v in c.Values) WriteString(writer, v ?? "");
            }
            writer.Flush();
        }
        long length = file.Position + 16;
        file.Write(EndMagic);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(len, length);
        file.Write(len);
        file.Flush(flushToDisk: true);
        return length;
    }

    private static void WriteString(BinaryWriter writer, string s)
    {
        var bytes = TextEncoding.UTF8.GetBytes(s);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads a set, streamed; a torn or foreign file is an <see cref="InvalidDataException"/> saying where.</summary>
    public static EmbeddingSet Read(string path, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var name = Path.GetFileName(path);
        if (file.Length < HeaderBytes + 16) throw new InvalidDataException($"{name}: {file.Length} bytes is too short for a stored set (torn write?).");
        Span<byte> tail = stackalloc byte[16];
        file.Seek(-16, SeekOrigin.End);
        file.ReadExactly(tail);
        if (!tail[..8].SequenceEqual(EndMagic) || BinaryPrimitives.ReadInt64LittleEndian(tail[8..]) != file.Length)
            throw new InvalidDataException($"{name}: the end marker is missing (torn write?).");
        file.Seek(0, SeekOrigin.Begin);
        var header = new byte[HeaderBytes];
        file.ReadExactly(header);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic)) throw new InvalidDataException($"{name}, byte 0: not a stored set.");
        int count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        int dims = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        int columns = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        if (count < 0 || dims <= 0 || columns < 0 || (long)count * dims * 4 > file.Length)
            throw new InvalidDataException($"{name}, byte 8: header says {count} × {dims}, which does not fit the file.");
        var data = GC.AllocateUninitializedArray<float>(count * dims);
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        for (int start = 0; start < bytes.Length; start += 1 << 20)
        {
            cancellationToken.ThrowIfCancellationRequested();
            file.ReadExactly(bytes.Slice(start, Math.Min(1 << 20, bytes.Length - start)));
        }
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(MemoryMarshal.AsBytes(data.AsSpan(i, 1)));
        using var reader = new BinaryReader(new BufferedStream(file, 1 << 16), TextEncoding.UTF8, leaveOpen: true);
        var keys = new string[count];
        for (int i = 0; i < count; i++) keys[i] = ReadString(reader, name);
        var meta = new List<MetadataColumn>(columns);
        for (int c = 0; c < columns; c++)
        {
            var columnName = ReadString(reader, name);
            var values = new string[count];
            for (int i = 0; i < count; i++) values[i] = ReadString(reader, name);
            meta.Add(new MetadataColumn(columnName, values));
        }
        return new EmbeddingSet(keys, data, dims, meta);
    }

    private static string ReadString(BinaryReader reader, string name)
    {
        int n = reader.ReadInt32();
        if (n < 0 || n > 1 << 26) throw new InvalidDataException($"{name}: a string of {n} bytes; the file is damaged.");
        return TextEncoding.UTF8.GetString(reader.ReadBytes(n));
    }
}
