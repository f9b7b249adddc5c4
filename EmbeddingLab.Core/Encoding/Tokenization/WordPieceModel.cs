namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>WordPiece: greedy longest match from the left, continuation pieces carry a prefix ("##"); a word that cannot be
/// covered, or is longer than <see cref="MaxInputCharsPerWord"/> code points, becomes the unknown token.</summary>
public sealed class WordPieceModel
{
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[] _idToToken;

    public WordPieceModel(IReadOnlyDictionary<string, int> vocab, string unkToken = "[UNK]", string continuingSubwordPrefix = "##", int maxInputCharsPerWord = 100)
    {
        _vocab = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        _lookup = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!_vocab.TryGetValue(unkToken, out int unk))
            throw new FormatException($"The WordPiece vocabulary has no unknown token '{unkToken}'.");
        UnkToken = unkToken;
        UnkId = unk;
        ContinuingSubwordPrefix = continuingSubwordPrefix;
        MaxInputCharsPerWord = maxInputCharsPerWord;
        int max = 0;
        foreach (int id in _vocab.Values) max = Math.Max(max, id);
        _idToToken = new string[max + 1];
        foreach (var (token, id) in _vocab) _idToToken[id] = token;
    }

    public string UnkToken { get; }
    public int UnkId { get; }
    public string ContinuingSubwordPrefix { get; }
    public int MaxInputCharsPerWord { get; }
    public int VocabSize => _vocab.Count;

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _lookup.TryGetValue(token, out id);

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <summary>Appends the ids of one pre-tokenised word.</summary>
    public void Tokenize(ReadOnlySpan<char> word, List<int> ids)
    {
        int codePoints = 0;
        for (int i = 0; i < word.Length; i++)
            if (!(char.IsLowSurrogate(word[i]) && i > 0 && char.IsHighSurrogate(word[i - 1]))) codePoints++;
        if (codePoints > MaxInputCharsPerWord)
        {
            ids.Add(UnkId);
            return;
        }

        int mark = ids.Count;
        int prefixLength = ContinuingSubwordPrefix.Length;
        Span<char> buffer = stackalloc char[256];
        if (word.Length + prefixLength > buffer.Length) buffer = new char[word.Length + prefixLength];
        ContinuingSubwordPrefix.AsSpan().CopyTo(buffer);
        int start = 0;
        while (start < word.Length)
        {
            int end = word.Length, found = -1;
            while (start < end)
            {
                scoped ReadOnlySpan<char> piece = word[start..end];
                if (start > 0)
                {
                    piece.CopyTo(buffer[prefixLength..]);
                    piece = buffer[..(prefixLength + piece.Length)];
                }
                if (_lookup.TryGetValue(piece, out int id))
                {
                    found = id;
                    break;
                }
                // Step back one code point, never splitting a surrogate pair.
                end -= end - start >= 2 && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }
            if (found < 0)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(UnkId);
                return;
            }
            ids.Add(found);
            start = end;
        }
    }
}
