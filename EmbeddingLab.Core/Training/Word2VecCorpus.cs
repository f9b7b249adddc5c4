using System.Runtime.InteropServices;

namespace EmbeddingLab.Core.Training;

/// <summary>
/// A corpus turned into vocabulary ids: the vocabulary sorted by descending count (ties keep first-seen order),
/// tokens below min_count removed, and every sentence as a run of ids in one flat array.
/// Built once, trained on for every epoch (gensim's build_vocab + the corpus iterator).
/// </summary>
public sealed class Word2VecCorpus
{
    /// <summary>gensim's MAX_WORDS_IN_BATCH: longer sentences are split into pieces of this many tokens.</summary>
    public const int MaxSentenceLength = 10_000;

    private Word2VecCorpus(string[] words, long[] counts, int[] tokens, int[] sentenceStarts, long droppedTokens)
    {
        Words = words;
        Counts = counts;
        Tokens = tokens;
        SentenceStarts = sentenceStarts;
        DroppedTokens = droppedTokens;
    }

    /// <summary>Vocabulary, most frequent first.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Count of each vocabulary word (same order as <see cref="Words"/>).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>All kept tokens as vocabulary ids, sentence after sentence.</summary>
    internal int[] Tokens { get; }

    /// <summary>Start of each sentence in <see cref="Tokens"/>, plus one final entry = Tokens.Length.</summary>
    internal int[] SentenceStarts { get; }

    public int SentenceCount => SentenceStarts.Length - 1;

    /// <summary>Kept corpus tokens (one epoch).</summary>
    public long TokenCount => Tokens.Length;

    /// <summary>Tokens dropped because their word is below min_count / outside max_final_vocab.</summary>
    public long DroppedTokens { get; }

    /// <summary>Builds the vocabulary and the id corpus in one streamed pass over the sentences.</summary>
    public static Word2VecCorpus Build(IEnumerable<IReadOnlyList<string>> sentences, int minCount = 5, int? maxFinalVocab = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var counts = new List<long>();
        var raw = new List<int>();
        var starts = new List<int> { 0 };
        int n = 0;
        foreach (var sentence in sentences)
        {
            if ((++n & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (sentence is null) continue;
            for (int i = 0; i < sentence.Count; i++)
            {
                var token = sentence[i];
                if (string.IsNullOrEmpty(token)) continue;
                ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, token, out bool exists);
                if (!exists)
                {
                    id = words.Count;
                    words.Add(token);
                    counts.Add(0);
                }
                counts[id]++;
                raw.Add(id);
            }
            if (raw.Count > starts[^1]) starts.Add(raw.Count);
        }
        return FromIds(words, counts, CollectionsMarshal.AsSpan(raw), CollectionsMarshal.AsSpan(starts), minCount, maxFinalVocab);
    }

    /// <summary>
    /// Builds from an already tokenised corpus: <paramref name="tokenIds"/> index <paramref name="names"/>, sentences are
    /// delimited by <paramref name="sentenceStarts"/> (ascending, first 0, last = tokenIds.Length).
    /// </summary>
    public static Word2VecCorpus FromIds(IReadOnlyList<string> names, IReadOnlyList<long>? nameCounts, ReadOnlySpan<int> tokenIds,
        ReadOnlySpan<int> sentenceStarts, int minCount = 5, int? maxFinalVocab = null)
    {
        if (minCount < 1) throw new ArgumentException($"min_count must be at least 1, found {minCount}.");
        if (sentenceStarts.Length == 0 || sentenceStarts[0] != 0 || sentenceStarts[^1] != tokenIds.Length)
            throw new ArgumentException("Sentence starts must begin at 0 and end at the token count.");
        int v = names.Count;
        long[] counts;
        if (nameCounts is null)
        {
            counts = new long[v];
            foreach (int id in tokenIds)
            {
                if ((uint)id >= (uint)v) throw new ArgumentException($"Token id {id} is outside the {v} names.");
                counts[id]++;
            }
        }
        else counts = nameCounts.ToArray();

        // gensim's max_final_vocab: raise min_count so that at most that many words survive.
        int effectiveMin = minCount;
        if (maxFinalVocab is { } maxV && maxV < v)
        {
            var sorted = counts.ToArray();
            Array.Sort(sorted);
            Array.Reverse(sorted);
            effectiveMin = (int)Math.Max(effectiveMin, Math.Min(int.MaxValue, sorted[maxV] + 1));
        }

        // Descending count, ties in first-seen order (stable sort).
        var order = Enumerable.Range(0, v).Where(i => counts[i] >= effectiveMin).OrderByDescending(i => counts[i]).ToArray();
        var remap = new int[v];
        Array.Fill(remap, -1);
        var words = new string[order.Length];
        var kept = new long[order.Length];
        for (int r = 0; r < order.Length; r++)
        {
            remap[order[r]] = r;
            words[r] = names[order[r]];
            kept[r] = counts[order[r]];
        }

        var tokens = new List<int>(tokenIds.Length);
        var starts = new List<int>(sentenceStarts.Length) { 0 };
        long dropped = 0;
        for (int s = 0; s + 1 < sentenceStarts.Length; s++)
        {
            int piece = 0;
            for (int i = sentenceStarts[s]; i < sentenceStarts[s + 1]; i++)
            {
                int id = tokenIds[i];
                if ((uint)id >= (uint)v) throw new ArgumentException($"Token id {id} is outside the {v} names.");
                int r = remap[id];
                if (r < 0) { dropped++; continue; }
                tokens.Add(r);
                if (++piece == MaxSentenceLength) { starts.Add(tokens.Count); piece = 0; }
            }
            if (tokens.Count > starts[^1]) starts.Add(tokens.Count);
        }
        return new Word2VecCorpus(words, kept, tokens.ToArray(), starts.ToArray(), dropped);
    }

    /// <summary>Streams a plain-text corpus: one sentence per line, tokens separated by whitespace.</summary>
    public static IEnumerable<IReadOnlyList<string>> ReadTextLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file \"{path}\" does not exist.", path);
        return Lines(path);

        static IEnumerable<IReadOnlyList<string>> Lines(string path)
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            while (reader.ReadLine() is { } line)
                yield return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
