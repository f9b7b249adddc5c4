using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis;

/// <summary>One analogy question "a : b :: c : expected" (as written in the file, upper-cased when case-insensitive), and the answer given.</summary>
public sealed record AnalogyQuestion(string A, string B, string C, string Expected, string? Predicted);

/// <summary>Correct and incorrect questions of one section (or of the "Total accuracy" summary).</summary>
public sealed record AnalogySection(string Name, IReadOnlyList<AnalogyQuestion> Correct, IReadOnlyList<AnalogyQuestion> Incorrect)
{
    public int Total => Correct.Count + Incorrect.Count;
    /// <summary>Correct ÷ total; 0 when the section asked nothing (gensim's convention).</summary>
    public double Accuracy => Total == 0 ? 0.0 : (double)Correct.Count / Total;
}

/// <summary>What <c>evaluate_word_analogies</c> reports: the sections in file order, the total, and the skipped questions.</summary>
public sealed record AnalogyEvaluationResult(IReadOnlyList<AnalogySection> Sections, AnalogySection Total, int Skipped, int Questions)
{
    /// <summary>gensim's returned score: total accuracy.</summary>
    public double Score => Total.Accuracy;
    /// <summary>Questions with an out-of-vocabulary word ÷ all well-formed questions (0..1).</summary>
    public double OovRatio => Questions == 0 ? 0.0 : (double)Skipped / Questions;
}

/// <summary>Progress of an evaluation: questions answered of the total.</summary>
public readonly record struct EvaluationProgress(int Done, int Total)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}

/// <summary>Options of <see cref="AnalogyEvaluation.Evaluate"/>, named as gensim's arguments.</summary>
public sealed record AnalogyEvaluationOptions
{
    /// <summary>Only the first N words (files ordered by frequency) are used as question words and as answers.</summary>
    public int RestrictVocab { get; init; } = 300_000;
    /// <summary>Compare words upper-cased; the most frequent case variant of a word stands for it.</summary>
    public bool CaseInsensitive { get; init; } = true;
    /// <summary>Count questions with unknown words as wrong instead of skipping them.</summary>
    public bool Dummy4Unknown { get; init; }
    /// <summary>Threads for the nearest-neighbour scans (0 = all cores).</summary>
    public int Workers { get; init; }
}

/// <summary>
/// gensim 4 <c>KeyedVectors.evaluate_word_analogies</c>: "questions-words" files (": section" headers, four words a line),
/// each question answered by 3CosAdd over the first <c>restrict_vocab</c> words, the top answer that is not one of the
/// three question words compared with the expected word.
/// </summary>
public static class AnalogyEvaluation
{
    public static AnalogyEvaluationResult Evaluate(EmbeddingSet set, string questionsPath, AnalogyEvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(questionsPath, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        return Evaluate(set, reader, Path.GetFileName(questionsPath), options, progress, cancellationToken);
    }

    public static AnalogyEvaluationResult Evaluate(EmbeddingSet set, TextReader questions, string fileName, AnalogyEvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnalogyEvaluationOptions();
        var parsed = Parse(questions, fileName);
        var vocab = new GensimVocabulary(set, options.RestrictVocab, options.CaseInsensitive);
        int total = parsed.Sum(s => s.Lines.Count), done = 0, skipped = 0, questionCount = 0;
        var sections = new List<AnalogySection>();
        var mean = new float[set.Dimensions];
        progress?.Report(new EvaluationProgress(0, total));
        foreach (var (name, lines) in parsed)
        {
            var correct = new List<AnalogyQuestion>();
            var incorrect = new List<AnalogyQuestion>();
            foreach (var words in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                questionCount++;
                string a = vocab.Normalize(words[0]), b = vocab.Normalize(words[1]), c = vocab.Normalize(words[2]), expected = vocab.Normalize(words[3]);
                if (!vocab.TryGetRow(a, out int ra) || !vocab.TryGetRow(b, out int rb) || !vocab.TryGetRow(c, out int rc) || !vocab.Contains(expected))
                {
                    skipped++;
                    if (options.Dummy4Unknown) incorrect.Add(new AnalogyQuestion(a, b, c, expected, null));
                }
                else
                {
                    // most_similar(positive=[b, c], negative=[a], topn=5, restrict_vocab)
                    mean.AsSpan().Clear();
                    TensorPrimitives.Add(mean, set.UnitVector(rb), mean);
                    TensorPrimitives.Add(mean, set.UnitVector(rc), mean);
                    TensorPrimitives.Subtract(mean, set.UnitVector(ra), mean);
                    var sims = set.MostSimilarToVector(mean, 5, [rb, rc, ra], vocab.Rows, options.Workers);
                    string? predicted = null;
                    foreach (var sim in sims)
                    {
                        predicted = vocab.Normalize(sim.Key);
                        if (vocab.Contains(predicted) && predicted != a && predicted != b && predicted != c) break;
                    }
                    var question = new AnalogyQuestion(a, b, c, expected, predicted);
                    (predicted == expected ? correct : incorrect).Add(question);
                }
                done++;
                if ((done & 63) == 0) progress?.Report(new EvaluationProgress(done, total));
            }
            sections.Add(new AnalogySection(name, correct, incorrect));
        }
        progress?.Report(new EvaluationProgress(total, total));
        var all = new AnalogySection("Total accuracy", sections.SelectMany(s => s.Correct).ToList(), sections.SelectMany(s => s.Incorrect).ToList());
        return new AnalogyEvaluationResult(sections, all, skipped, questionCount);
    }

    /// <summary>
    /// Sections and their four-word lines, as gensim reads them: ": name" starts a section; other lines split on
    /// whitespace, and lines that are not four words are skipped. A question before any header is an error.
    /// </summary>
    private static List<(string Name, List<string[]> Lines)> Parse(TextReader reader, string fileName)
    {
        var sections = new List<(string Name, List<string[]> Lines)>();
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.StartsWith(": ", StringComparison.Ordinal))
            {
                sections.Add((line.TrimStart(':', ' ').Trim(), new List<string[]>()));
                continue;
            }
            if (sections.Count == 0)
                throw new FormatException($"{fileName}, line {lineNo}: expected a section header \": name\" before the first question (the questions-words format), found \"{Shorten(line)}\".");
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 4) sections[^1].Lines.Add(words);
        }
        if (sections.Count == 0) throw new FormatException($"{fileName}: no \": section\" header and no questions; expected the questions-words format (\": name\" lines, then four words a line).");
        return sections;
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
