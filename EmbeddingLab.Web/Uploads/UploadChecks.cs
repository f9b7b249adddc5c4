using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// Looks at an upload's bytes while they arrive, so a wrong file is refused after its first bytes instead of after a
/// 300 MB transfer. <see cref="Append"/> and <see cref="Complete"/> throw (FormatException / InvalidDataException) with
/// a message that names the user's file.
/// </summary>
public interface IUploadCheck
{
    void Append(ReadOnlySpan<byte> chunk);
    void Complete();
}

/// <summary>The checks pages give <c>UploadBox</c> (<c>Check="UploadChecks.Text"</c>), each made per upload from its file name.</summary>
public static class UploadChecks
{
    /// <summary>UTF-8 text without NUL bytes, checked all the way as it arrives: corpora, sentences, playlists, song lists.</summary>
    public static IUploadCheck Text(string displayName) => new TextCheck(displayName);

    /// <summary>A vector file: its first line must be a word2vec header or a GloVe line (the rest may be binary).</summary>
    public static IUploadCheck VectorFile(string displayName) => new VectorHeadCheck(displayName);

    private sealed class TextCheck(string displayName) : IUploadCheck
    {
        private readonly TextValidator _validator = new(displayName);
        public void Append(ReadOnlySpan<byte> chunk) => _validator.Append(chunk);
        public void Complete() => _validator.Complete();
    }

    private sealed class VectorHeadCheck(string displayName) : IUploadCheck
    {
        private const int MaxFirstLine = 1 << 20;
        private readonly MemoryStream _head = new();
        private bool _done;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            if (_done) return;
            int nl = chunk.IndexOf((byte)'\n');
            _head.Write(nl >= 0 ? chunk[..nl] : chunk);
            if (nl >= 0) Finish();
            else if (_head.Length > MaxFirstLine)
                throw new VectorFormatException(displayName, $"no line break in the first {MaxFirstLine:N0} bytes; expected a word2vec header \"count dimensions\" or a GloVe line \"word v1 v2 …\" (is this a vector file?).", line: 1);
        }

        public void Complete()
        {
            if (_done) return;
            if (_head.Length == 0) throw new VectorFormatException(displayName, "the file is empty; expected a word2vec header \"count dimensions\" or GloVe lines \"word v1 v2 …\".", line: 1);
            Finish();
        }

        private void Finish()
        {
            _done = true;
            Core.Formats.VectorFile.CheckFirstLine(_head.GetBuffer().AsSpan(0, (int)_head.Length), displayName);
        }
    }
}
