using System.Globalization;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Formats;

/// <summary>Sentences with optional label columns (metadata), as read from a file or pasted.</summary>
public sealed record SentenceTable(IReadOnlyList<string> Texts, IReadOnlyList<MetadataColumn> Labels)
{
    public int Count => Texts.Count;
}

/// <summary>Limits for reading sentence files.</summary>
public sealed record SentenceReadOptions
{
    /// <summary>Stop with an error after this many sentences (protects the page and the CLI from huge inputs).</summary>
    public int MaxSentences { get; init; } = 200_000;

    /// <summary>Sentences longer than this many characters are an error (likely a wrong file).</summary>
    public int MaxSentenceLength { get; init; } = 100_000;
}

/// <summary>
/// Reads sentences: plain text, one sentence a line (blank lines skipped), or CSV/TSV with a header that has a
/// <c>text</c> column; every other column becomes a label (metadata) column. Errors name the source and line.
/// </summary>
public static class SentenceFile
{
    /// <summary>
    /// CSV when the name ends in .csv or .tsv, else one sentence a line. A file that is not UTF-8 text (NUL bytes,
    /// invalid sequences: a binary file) is refused first, naming <paramref name="displayName"/> (default: the file's name) and the line.
    /// </summary>
    public static SentenceTable Read(string path, SentenceReadOptions? options = null, CancellationToken cancellationToken = default, string? displayName = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, displayName ?? Path.GetFileName(path), options, cancellationToken);
    }

    /// <summary>Reads an upload held in a seekable stream (checked as text first, then parsed); <paramref name="fileName"/> is the user's name.</summary>
    public static SentenceTable Read(Stream stream, string fileName, SentenceReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable (it is read twice).", nameof(stream));
        long start = stream.Position;
        TextValidator.EnsureText(stream, fileName, cancellationToken);
        stream.Position = start;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader, fileName, options, cancellationToken);
    }

    public static SentenceTable Read(TextReader reader, string fileName, SentenceReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext is ".csv" or ".tsv"
            ? ReadCsv(reader, ext == ".tsv" ? '\t' : ',', fileName, options, cancellationToken)
            : ReadLines(reader, fileName, options, cancellationToken);
    }

    public static SentenceTable ReadLines(TextReader reader, string source = "input", SentenceReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SentenceReadOptions();
        var texts = new List<string>();
        int line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if ((line & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            text = text.Trim();
            if (text.Length == 0) continue;
            Check(texts.Count, text, source, line, options);
            texts.Add(text);
        }
        if (texts.Count == 0) throw new FormatException($"{source} holds no sentences (expected one sentence a line).");
        return new SentenceTable(texts, []);
    }

    public static SentenceTable ReadCsv(TextReader reader, char delimiter, string source = "input", SentenceReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SentenceReadOptions();
        string[]? header = null;
        int textColumn = -1;
        var texts = new List<string>();
        List<string>[] labels = [];
        foreach (var record in Csv.Read(reader, delimiter, source))
        {
            if (header is null)
            {
                header = record.Fields.Select(f => f.Trim()).ToArray();
                textColumn = Array.FindIndex(header, h => string.Equals(h, "text", StringComparison.OrdinalIgnoreCase));
                if (textColumn < 0)
                    throw new FormatException($"{source}, line {record.Line}: the header has no \"text\" column (found {string.Join(", ", header.Select(h => $"\"{h}\""))}).");
                var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null) throw new FormatException($"{source}, line {record.Line}: column \"{duplicate.Key}\" appears twice in the header.");
                labels = header.Select(_ => new List<string>()).ToArray();
                continue;
            }
            if ((texts.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (record.Fields.Count != header.Length)
                throw new FormatException($"{source}, line {record.Line}: {record.Fields.Count} fields but the header has {header.Length} columns.");
            var text = record.Fields[textColumn].Trim();
            if (text.Length == 0) throw new FormatException($"{source}, line {record.Line}: the text column is empty.");
            Check(texts.Count, text, source, record.Line, options);
            texts.Add(text);
            for (int c = 0; c < header.Length; c++) if (c != textColumn) labels[c].Add(record.Fields[c].Trim());
        }
        if (header is null) throw new FormatException($"{source} is empty; expected a header line with a \"text\" column.");
        if (texts.Count == 0) throw new FormatException($"{source} has a header but no rows.");
        var columns = new List<MetadataColumn>();
        for (int c = 0; c < header.Length; c++)
            if (c != textColumn) columns.Add(new MetadataColumn(header[c].Length == 0 ? $"column{c + 1}" : header[c], labels[c]));
        return new SentenceTable(texts, columns);
    }

    private static void Check(int count, string text, string source, int line, SentenceReadOptions options)
    {
        if (count >= options.MaxSentences)
            throw new FormatException($"{source}, line {line}: more than {options.MaxSentences:N0} sentences; split the file or raise the limit.");
        if (text.Length > options.MaxSentenceLength)
            throw new FormatException($"{source}, line {line}: a sentence of {text.Length:N0} characters (limit {options.MaxSentenceLength:N0}); is this the right file?");
    }
}

/// <summary>
/// Reads STS pairs: CSV or TSV with sentence1, sentence2 and score columns. A header naming those columns is
/// optional; without one the first three columns are taken in that order.
/// </summary>
public static class SentencePairsFile
{
    public static IReadOnlyList<SentencePair> Read(string path, CancellationToken cancellationToken = default, string? displayName = null)
    {
        displayName ??= Path.GetFileName(path);
        TextValidator.EnsureText(path, displayName, cancellationToken);
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, displayName, cancellationToken);
    }

    /// <summary>Reads an upload held in a seekable stream (checked as text first); <paramref name="fileName"/> is the user's name.</summary>
    public static IReadOnlyList<SentencePair> Read(Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable (it is read twice).", nameof(stream));
        long start = stream.Position;
        TextValidator.EnsureText(stream, fileName, cancellationToken);
        stream.Position = start;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader, fileName, cancellationToken);
    }

    public static IReadOnlyList<SentencePair> Read(TextReader reader, string fileName, CancellationToken cancellationToken = default)
    {
        // Peek the first line to choose the delimiter, then parse everything (the first line included).
        var all = reader.ReadToEnd();
        var firstLine = all.Split('\n', 2)[0];
        char delimiter = Csv.GuessDelimiter(fileName, firstLine);
        var pairs = new List<SentencePair>();
        int s1 = 0, s2 = 1, sc = 2, width = -1;
        bool first = true;
        foreach (var record in Csv.Read(new StringReader(all), delimiter, fileName))
        {
            if ((pairs.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var f = record.Fields;
            if (first)
            {
                first = false;
                if (f.Count >= 3 && !TryScore(f[2], out _))
                {
                    var names = f.Select(x => x.Trim().ToLowerInvariant()).ToList();
                    s1 = names.IndexOf("sentence1"); s2 = names.IndexOf("sentence2"); sc = names.IndexOf("score");
                    if (s1 < 0 || s2 < 0 || sc < 0)
                        throw new FormatException($"{fileName}, line {record.Line}: the header needs columns sentence1, sentence2 and score (found {string.Join(", ", f)}).");
                    width = f.Count;
                    continue;
                }
            }
            if (width < 0 && f.Count < 3)
                throw new FormatException($"{fileName}, line {record.Line}: {f.Count} field(s); expected sentence1{Name(delimiter)}sentence2{Name(delimiter)}score.");
            if (width >= 0 && f.Count != width)
                throw new FormatException($"{fileName}, line {record.Line}: {f.Count} fields but the header has {width} columns.");
            if (!TryScore(f[sc], out double score))
                throw new FormatException($"{fileName}, line {record.Line}: score \"{f[sc]}\" is not a number.");
            if (f[s1].Trim().Length == 0 || f[s2].Trim().Length == 0)
                throw new FormatException($"{fileName}, line {record.Line}: a sentence is empty.");
            pairs.Add(new SentencePair(f[s1].Trim(), f[s2].Trim(), score));
        }
        if (pairs.Count < 2) throw new FormatException($"{fileName}: an STS evaluation needs at least two pairs (found {pairs.Count}).");
        return pairs;
    }

    private static string Name(char delimiter) => delimiter == '\t' ? "<tab>" : delimiter.ToString();

    private static bool TryScore(string text, out double score) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out score) && double.IsFinite(score);
}
