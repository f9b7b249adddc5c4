using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>
/// Hugging Face's added tokens (tokenizer.json "added_tokens": &lt;s&gt;, &lt;mask&gt;…) in front of a library tokenizer:
/// typed in the text they become their id and the text between them goes to <see cref="Inner"/>, as in Hugging Face
/// tokenizers (leftmost-longest match, lstrip/rstrip/single_word honoured). Matching is on the raw text.
/// </summary>
public sealed class AddedTokensTokenizer(Tokenizer inner, IReadOnlyList<AddedToken> addedTokens) : Tokenizer
{
    private readonly AddedTokenMatcher _matcher = new(addedTokens.Select(t => (t, t.Content)));

    public Tokenizer Inner { get; } = inner;
    public IReadOnlyList<AddedToken> AddedTokens { get; } = addedTokens;
    public override Normalizer? Normalizer => Inner.Normalizer;
    public override PreTokenizer? PreTokenizer => Inner.PreTokenizer;

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        string s = text ?? textSpan.ToString();
        var tokens = new List<EncodedToken>();
        foreach (var (start, length, token) in Pieces(s))
        {
            if (token is not null) { tokens.Add(new EncodedToken(token.Id, token.Content, new Range(start, start + length))); continue; }
            foreach (var t in Inner.EncodeToTokens(s.AsSpan(start, length), out _, settings.ConsiderPreTokenization, settings.ConsiderNormalization))
                tokens.Add(new EncodedToken(t.Id, t.Value, new Range(start + t.Offset.Start.Value, start + t.Offset.End.Value)));
        }
        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = s.Length };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        string s = text ?? textSpan.ToString();
        var ids = new List<int>();
        foreach (var (start, length, token) in Pieces(s))
        {
            if (token is not null) ids.Add(token.Id);
            else ids.AddRange(Inner.EncodeToIds(s.AsSpan(start, length), settings.ConsiderPreTokenization, settings.ConsiderNormalization));
        }
        return new EncodeResults<int> { Tokens = ids, CharsConsumed = s.Length };
    }

    private List<(int Start, int Length, AddedToken? Token)> Pieces(string text)
    {
        var pieces = new List<(int, int, AddedToken?)>();
        if (_matcher.IsEmpty) pieces.Add((0, text.Length, null));
        else _matcher.Split(text, pieces);
        return pieces;
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        Inner.Decode(ids, destination, out idsConsumed, out charsWritten);
}
