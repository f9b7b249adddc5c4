using System.Text;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Core.Data;

/// <summary>How plain text becomes word2vec sentences.</summary>
public sealed record TextCorpusOptions
{
    /// <summary>Lower-case every token (so "The" and "the" are one word).</summary>
    public bool Lowercase { get; init; } = true;
    /// <summary>Split punctuation off words and drop it ("queen," → "queen"); apostrophes and hyphens inside words stay.</summary>
    public bool SplitPunctuation { get; init; } = true;
    /// <summary>The name messages use for the file (an upload's own name); null uses the file's name.</summary>
    public string? DisplayName { get; init; }
    /// <summary>
    /// Memory reading may take, estimated before reading as 3 × the file's size (a reference per token of about four
    /// bytes of text, then a 4-byte id per token for training); null: no bound.
    /// </summary>
    public Limits.MemoryBudget? Budget { get; init; }
    /// <summary>Refuse corpora larger than this many bytes.</summary>
    public long MaxBytes { get; init; } = 512L << 20;
}

/// <summary>Progress of reading a corpus: bytes read and sentences so far.</summary>
public readonly record struct CorpusProgress(long BytesRead, long TotalBytes, int Sentences, long Tokens)
{
    public double Fraction => TotalBytes > 0 ? Math.Clamp((double)BytesRead / TotalBytes, 0, 1) : 0;
}

/// <summary>Plain-text corpora for word2vec: one sentence per line, tokens split on whitespace (and punctuation).</summary>
public static class TextCorpus
{
    /// <summary>The tokens of one line.</summary>
    public static List<string> Tokenize(string line, TextCorpusOptions options)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            // Apostrophes/hyphens at the edges are punctuation ("'hello'" → "hello"); inside they belong to the word.
            var token = current.ToString();
            if (options.SplitPunctuation) token = token.Trim('\'', '’', '-');
            if (token.Length > 0) tokens.Add(options.Lowercase ? token.ToLowerInvariant() : token);
            current.Clear();
        }
        foreach (char ch in line)
        {
            if (char.IsWhiteSpace(ch)) { Flush(); continue; }
            if (options.SplitPunctuation && !char.IsLetterOrDigit(ch) && ch is not ('\'' or '’' or '-') && !char.IsSurrogate(ch) && char.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                Flush();
                continue;
            }
            current.Append(ch);
        }
        Flush();
        return tokens;
    }

    /// <summary>Reads a UTF-8 text file into sentences (empty lines are skipped).</summary>
    public static List<IReadOnlyList<string>> ReadSentences(string path, TextCorpusOptions? options = null, IProgress<CorpusProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TextCorpusOptions();
        var info = new FileInfo(path);
        string name = options.DisplayName ?? info.Name;
        if (!info.Exists) throw new FileNotFoundException($"Corpus file \"{options.DisplayName ?? path}\" does not exist.", path);
        if (info.Length > options.MaxBytes)
            throw new InvalidDataException($"{name} is {info.Length:N0} bytes, over the limit of {options.MaxBytes:N0} bytes for a corpus.");
        options.Budget?.Ensure(info.Length * 3, $"reading the {info.Length:N0}-byte corpus {name} for training");
        // Binary files (NUL bytes, invalid UTF-8) are refused before any word is counted.
        TextValidator.EnsureText(path, name, cancellationToken);
        // One string per distinct word: a corpus of millions of tokens holds references, not millions of copies.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        var sentences = new List<IReadOnlyList<string>>();
        long tokens = 0;
        int lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.IndexOf('\0') >= 0)
                throw new InvalidDataException($"{name}, line {lineNo}: found a NUL byte; expected plain text with one sentence per line (is this a binary file?).");
            var sentence = Tokenize(line, options);
            if (sentence.Count > 0)
            {
                var interned = new string[sentence.Count];
                for (int i = 0; i < interned.Length; i++)
                {
                    ref string? shared = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(pool, sentence[i], out _);
                    interned[i] = shared ??= sentence[i];
                }
                sentences.Add(interned);
                tokens += interned.Length;
            }
            if ((lineNo & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new CorpusProgress(stream.Position, info.Length, sentences.Count, tokens));
            }
        }
        if (sentences.Count == 0) throw new InvalidDataException($"{name} holds no words; expected plain text with one sentence per line.");
        progress?.Report(new CorpusProgress(info.Length, info.Length, sentences.Count, tokens));
        return sentences;
    }
}
