namespace EmbeddingLab.Core.Encoding.Tokenization;

/// <summary>One encoded text: ids with the special tokens, token type ids and attention mask (all ones, no padding).</summary>
public sealed record TokenizedText(int[] Ids, int[] TypeIds, string[] Tokens)
{
    public int Length => Ids.Length;
    public int[] AttentionMask => Enumerable.Repeat(1, Ids.Length).ToArray();
}

/// <summary>
/// A padded batch as a model takes it: row-major [Count × SequenceLength] int64 tensors (input_ids, attention_mask, token_type_ids).
/// </summary>
public sealed class TokenBatch
{
    public TokenBatch(int count, int sequenceLength, long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int[] lengths)
    {
        Count = count;
        SequenceLength = sequenceLength;
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
        Lengths = lengths;
    }

    public int Count { get; }
    public int SequenceLength { get; }
    public long[] InputIds { get; }
    public long[] AttentionMask { get; }
    public long[] TokenTypeIds { get; }
    /// <summary>Tokens before padding, per row.</summary>
    public int[] Lengths { get; }

    public ReadOnlySpan<long> Row(int row) => InputIds.AsSpan(row * SequenceLength, SequenceLength);
}
