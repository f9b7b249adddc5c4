using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using TextEncoding = System.Text.Encoding;
using System.Text.RegularExpressions;

namespace EmbeddingLab.Core.Formats;

/// <summary>A float32 array read from an .npy file: row-major data and its shape.</summary>
public sealed record NpyArray(float[] Data, IReadOnlyList<int> Shape)
{
    /// <summary>Rows of a 2-D array (the length of a 1-D one).</summary>
    public int Rows => Shape.Count == 0 ? 1 : Shape[0];

    /// <summary>Columns of a 2-D array (1 for a 1-D one).</summary>
    public int Columns => Shape.Count >= 2 ? Shape[1] : 1;
}

/// <summary>
/// numpy's .npy format (NEP 1): magic "\x93NUMPY", version, a little-endian header length, an ASCII Python dict
/// header {'descr', 'fortran_order', 'shape'} padded so the data starts on a 64-byte boundary, then raw data.
/// Writes version 1.0, '&lt;f4', C order. Reads versions 1–3, '&lt;f4' or '&lt;f8' (converted to float32),
/// C or Fortran order, 1-D or 2-D.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static void Write(string path, ReadOnlySpan<float> rowMajor, int rows, int columns)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, rowMajor, rows, columns);
    }

    /// <summary>Writes a rows × columns matrix in C order, as float32 ('&lt;f4') or, with <paramref name="float64"/>, float64 ('&lt;f8').</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> rowMajor, int rows, int columns, bool float64 = false)
    {
        if ((long)rows * columns != rowMajor.Length)
            throw new ArgumentException($"{rowMajor.Length} floats cannot be a {rows} × {columns} matrix.");
        var dict = $"{{'descr': '{(float64 ? "<f8" : "<f4")}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1; // + final newline
        int padding = (64 - unpadded % 64) % 64;
        var header = dict + new string(' ', padding) + "\n";
        if (header.Length > ushort.MaxValue) throw new ArgumentException("The shape is too long for an .npy v1.0 header.");
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(TextEncoding.ASCII.GetBytes(header));
        if (float64)
        {
            var buffer = new byte[8 * 8192];
            for (int start = 0; start < rowMajor.Length; start += 8192)
            {
                int n = Math.Min(8192, rowMajor.Length - start);
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(i * 8), rowMajor[start + i]);
                stream.Write(buffer, 0, n * 8);
            }
        }
        else if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(rowMajor));
        else
        {
            var buffer = new byte[4];
            foreach (float f in rowMajor) { BinaryPrimitives.WriteSingleLittleEndian(buffer, f); stream.Write(buffer); }
        }
    }

    public static NpyArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, Path.GetFileName(path));
    }

    public static NpyArray Read(Stream stream, string source = "input", CancellationToken cancellationToken = default)
    {
        var prefix = new byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8 || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{source} is not an .npy file (byte 0: expected the magic string \\x93NUMPY).");
        int major = prefix[6];
        int headerLength;
        long offset;
        if (major == 1)
        {
            var len = new byte[2];
            ReadExactly(stream, len, source, 8);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
            offset = 10;
        }
        else if (major is 2 or 3)
        {
            var len = new byte[4];
            ReadExactly(stream, len, source, 8);
            uint l = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (l > 1 << 20) throw new InvalidDataException($"{source}, byte 8: header length {l} is implausible.");
            headerLength = (int)l;
            offset = 12;
        }
        else throw new InvalidDataException($"{source}, byte 6: .npy version {major}.{prefix[7]} is not supported (expected 1, 2 or 3).");

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, offset);
        var header = (major == 3 ? TextEncoding.UTF8 : TextEncoding.Latin1).GetString(headerBytes);
        long dataOffset = offset + headerLength;

        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw new InvalidDataException($"{source}, byte {offset}: the header has no 'descr' entry.");
        var type = descr.Groups[1].Value;
        int itemSize = type switch
        {
            "<f4" or "=f4" or "f4" => 4,
            "<f8" or "=f8" or "f8" => 8,
            _ => throw new InvalidDataException($"{source}, byte {offset}: dtype '{type}' is not supported (expected '<f4' float32 or '<f8' float64)."),
        };
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success) throw new InvalidDataException($"{source}, byte {offset}: the header has no 'fortran_order' entry.");
        bool fortranOrder = fortran.Groups[1].Value == "True";
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw new InvalidDataException($"{source}, byte {offset}: the header has no 'shape' entry.");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
                : throw new InvalidDataException($"{source}, byte {offset}: shape entry \"{s}\" is not a whole number."))
            .ToArray();
        if (shape.Length > 2) throw new InvalidDataException($"{source}: a {shape.Length}-D array; expected a matrix (2-D) or a vector (1-D).");
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count > Array.MaxLength) throw new InvalidDataException($"{source}: {count:N0} values are too many for one array.");

        // Streamed in chunks straight into the float array: a float64 file never needs a second full-size buffer.
        var data = new float[count];
        var chunk = new byte[1 << 20];
        long done = 0;
        while (done < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int want = (int)Math.Min(chunk.Length / itemSize, count - done) * itemSize;
            int read = stream.ReadAtLeast(chunk.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (read < want)
                throw new InvalidDataException($"{source}, byte {dataOffset + done * itemSize + read}: the file ends early; shape ({string.Join(", ", shape)}) needs {count * itemSize:N0} data bytes, found {done * itemSize + read:N0}.");
            int items = want / itemSize;
            var dst = data.AsSpan((int)done, items);
            if (itemSize == 4)
            {
                if (BitConverter.IsLittleEndian) chunk.AsSpan(0, want).CopyTo(MemoryMarshal.AsBytes(dst));
                else for (int i = 0; i < items; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(chunk.AsSpan(i * 4));
            }
            else for (int i = 0; i < items; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(chunk.AsSpan(i * 8));
            done += items;
        }

        if (fortranOrder && shape.Length == 2)
        {
            int r = shape[0], c = shape[1];
            var c_order = new float[data.Length];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) c_order[i * c + j] = data[j * r + i];
            data = c_order;
        }
        return new NpyArray(data, shape);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string source, long offset)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InvalidDataException($"{source}, byte {offset}: the file ends inside the .npy header.");
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
