namespace EmbeddingLab.Core.Formats;

/// <summary>Reads a stream as UTF-8 lines without decoding to strings (fast path for numeric text files).</summary>
internal sealed class Utf8LineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start, _end;
    private bool _eof;

    public Utf8LineReader(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Bytes handed out so far (start of the next line), counted from where the reader began.</summary>
    public long Position { get; private set; }

    /// <summary>Next line without its terminator (\n or \r\n); false at end of input.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                int len = nl - _start;
                if (len > 0 && _buffer[nl - 1] == (byte)'\r') len--;
                line = new ReadOnlySpan<byte>(_buffer, _start, len);
                Position += nl + 1 - _start;
                _start = nl + 1;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    int len = _end - _start;
                    if (_buffer[_end - 1] == (byte)'\r') len--;
                    line = new ReadOnlySpan<byte>(_buffer, _start, len);
                    Position += _end - _start;
                    _start = _end;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}
