using System.Buffers;
using System.Text.Unicode;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Web.Uploads;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>
/// Reads a sentence or STS-pairs file uploaded on the Sentences page: refused with a message in the user's own file name
/// when it is bigger than the page takes or is not UTF-8 text (a NUL byte or an invalid byte sequence), before any parsing.
/// </summary>
public static class SentenceUpload
{
    /// <summary>The largest file the page reads (bigger corpora go through the CLI's encode command).</summary>
    public const long MaxBytes = 50L * 1024 * 1024;

    public static SentenceTable ReadSentences(UploadedFile file)
    {
        using var reader = new StringReader(ReadText(file));
        return SentenceFile.Read(reader, file.DisplayName);
    }

    public static IReadOnlyList<SentencePair> ReadPairs(UploadedFile file)
    {
        using var reader = new StringReader(ReadText(file));
        return SentencePairsFile.Read(reader, file.DisplayName);
    }

    /// <summary>The file's text, or a <see cref="FormatException"/> saying why it is not a text file the page can read.</summary>
    public static string ReadText(UploadedFile file)
    {
        long length = new FileInfo(file.Path).Length;
        if (length > MaxBytes)
            throw new FormatException($"{file.DisplayName} is {Components.Shared.UploadBox.FormatBytes(length)}; the Sentences page reads files up to {Components.Shared.UploadBox.FormatBytes(MaxBytes)} " +
                "(encode bigger files with the command line: embeddinglab encode).");
        var bytes = File.ReadAllBytes(file.Path);
        return Decode(bytes, file.DisplayName);
    }

    /// <summary>Strict UTF-8 (a byte order mark is skipped): a NUL byte or an invalid sequence is an error naming the byte and line.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            throw new FormatException($"{displayName} is not a text file: byte {nul + 1:N0} (line {LineOf(bytes, nul):N0}) is a NUL byte. Upload UTF-8 text, one sentence a line, or CSV/TSV.");
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
            throw new FormatException($"{displayName} is not UTF-8 text: the bytes at {read + 1:N0} (line {LineOf(bytes, read):N0}) are not valid UTF-8. Save it as UTF-8 and upload it again.");
        return new string(chars, 0, written);
    }

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;
}
