using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>
/// BERT's text → ids exactly as Hugging Face tokenizers, as a Microsoft.ML.Tokenizers <see cref="Tokenizer"/>: added
/// tokens matched first (raw ones on the text, normalized ones after normalisation), then our BertNormalizer and
/// BertPreTokenizer, then the library's <see cref="WordPieceTokenizer"/> on each word. The library's own BERT
/// normaliser and pre-tokeniser differ from Hugging Face's (symbols, tabs, emoji, some scripts), ours do not; its
/// WordPiece model does not differ, so it is used. Immutable: one instance serves many threads.
/// </summary>
public sealed class HfBertTokenizer : Tokenizer
{
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly BertNormalizerAdapter? _normalizer;
    private readonly BertPreTokenizerAdapter _preTokenizer = new();

    public HfBertTokenizer(WordPieceTokenizer wordPiece, BertNormalizer? normalizer, IReadOnlyList<AddedToken> addedTokens)
    {
        WordPiece = wordPiece;
        BertNormalizer = normalizer;
        AddedTokens = addedTokens;
        _normalizer = normalizer is null ? null : new BertNormalizerAdapter(normalizer);
        _rawMatcher = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized).Select(t => (t, t.Content)));
        _normalizedMatcher = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized)
            .Select(t => (t, normalizer is null ? t.Content : normalizer.Normalize(t.Content))));
    }

    /// <summary>The library's WordPiece model over the vocabulary.</summary>
    public WordPieceTokenizer WordPiece { get; }
    public BertNormalizer? BertNormalizer { get; }
    public IReadOnlyList<AddedToken> AddedTokens { get; }
    public override Normalizer? Normalizer => _normalizer;
    public override PreTokenizer? PreTokenizer => _preTokenizer;

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var tokens = new List<EncodedToken>();
        Encode(text ?? textSpan.ToString(), settings, true, (id, start, length, value) => tokens.Add(new EncodedToken(id, value(), new Range(start, start + length))));
        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = text?.Length ?? textSpan.Length };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var ids = new List<int>();
        Encode(text ?? textSpan.ToString(), settings, false, (id, _, _, _) => ids.Add(id));
        return new EncodeResults<int> { Tokens = ids, CharsConsumed = text?.Length ?? textSpan.Length };
    }

    /// <summary>
    /// Emits (id, start, length, token text) in order. Offsets are in the raw text for added tokens and in the normalised
    /// piece otherwise (normalisation may change lengths; callers here need ids and token strings).
    /// </summary>
    private void Encode(string text, EncodeSettings settings, bool withTokens, Action<int, int, int, Func<string>> emit)
    {
        var raw = new List<(int, int, AddedToken?)>();
        var normalizedPieces = new List<(int, int, AddedToken?)>();
        var words = new List<(int, int)>();
        if (_rawMatcher.IsEmpty) raw.Add((0, text.Length, null));
        else _rawMatcher.Split(text, raw);
        foreach (var (start, length, token) in raw)
        {
            if (token is not null) { emit(token.Id, start, length, () => token.Content); continue; }
            string normalized = BertNormalizer is null || !settings.ConsiderNormalization
                ? text.Substring(start, length) : BertNormalizer.Normalize(text.AsSpan(start, length));
            normalizedPieces.Clear();
            if (_normalizedMatcher.IsEmpty) normalizedPieces.Add((0, normalized.Length, null));
            else _normalizedMatcher.Split(normalized, normalizedPieces);
            foreach (var (ns, nl, nt) in normalizedPieces)
            {
                if (nt is not null) { emit(nt.Id, start + ns, nl, () => nt.Content); continue; }
                words.Clear();
                if (settings.ConsiderPreTokenization) BertPreTokenizer.Split(normalized.AsSpan(ns, nl), words);
                else words.Add((0, nl));
                foreach (var (ws, wl) in words)
                {
                    var word = normalized.AsSpan(ns + ws, wl);
                    if (!withTokens)
                    {
                        foreach (int id in WordPiece.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false)) emit(id, 0, 0, null!);
                        continue;
                    }
                    foreach (var piece in WordPiece.EncodeToTokens(word, out _, considerPreTokenization: false, considerNormalization: false))
                        emit(piece.Id, start + ns + ws + piece.Offset.Start.Value, piece.Offset.End.Value - piece.Offset.Start.Value, () => piece.Value);
                }
            }
        }
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        WordPiece.Decode(ids, destination, out idsConsumed, out charsWritten);

    /// <summary>Our BertNormalizer as a library <see cref="Microsoft.ML.Tokenizers.Normalizer"/>.</summary>
    private sealed class BertNormalizerAdapter(BertNormalizer normalizer) : Normalizer
    {
        public override string Normalize(string original) => normalizer.Normalize(original);
        public override string Normalize(ReadOnlySpan<char> original) => normalizer.Normalize(original);
    }

    /// <summary>Our BertPreTokenizer as a library <see cref="Microsoft.ML.Tokenizers.PreTokenizer"/>.</summary>
    private sealed class BertPreTokenizerAdapter : PreTokenizer
    {
        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => PreTokenize(text.AsSpan());

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
        {
            var words = new List<(int, int)>();
            BertPreTokenizer.Split(text, words);
            return words;
        }
    }
}
