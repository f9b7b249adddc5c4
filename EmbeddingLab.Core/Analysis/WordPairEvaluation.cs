using System.Text;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis;

/// <summary>What <c>evaluate_word_pairs</c> reports.</summary>
/// <param name="Pearson">Pearson's r between the human scores and the model's cosines.</param>
/// <param name="Spearman">Spearman's ρ between them.</param>
/// <param name="OovRatio">Pairs with an unknown word ÷ all pairs (0..1; gensim reports it ×100).</param>
/// <param name="Pairs">Pairs that entered the correlations.</param>
/// <param name="Oov">Pairs with an unknown word.</param>
public sealed record WordPairEvaluationResult(double Pearson, double Spearman, double OovRatio, int Pairs, int Oov);

/// <summary>Options of <see cref="WordPairEvaluation.Evaluate"/>, named as gensim's arguments.</summary>
public sealed record WordPairEvaluationOptions
{
    public char Delimiter { get; init; } = '\t';
    public int RestrictVocab { get; init; } = 300_000;
    public bool CaseInsensitive { get; init; } = true;
    /// <summary>Give pairs with unknown words similarity 0 instead of skipping them.</summary>
    public bool Dummy4Unknown { get; init; }
}

/// <summary>
/// gensim 4 <c>KeyedVectors.evaluate_word_pairs</c>: lines "word1 TAB word2 TAB score" ("#" starts a comment; lines that
/// are not three fields with a numeric score are skipped), the model's cosine for each known pair, and the Pearson and
/// Spearman correlations with the human scores.
/// </summary>
public static class WordPairEvaluation
{
    public static WordPairEvaluationResult Evaluate(EmbeddingSet set, string pairsPath, WordPairEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(pairsPath, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return Evaluate(set, reader, Path.GetFileName(pairsPath), options, cancellationToken);
    }

    public static WordPairEvaluationResult Evaluate(EmbeddingSet set, TextReader pairs, string fileName, WordPairEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new WordPairEvaluationOptions();
        var vocab = new GensimVocabulary(set, options.RestrictVocab, options.CaseInsensitive);
        var gold = new List<double>();
        var model = new List<double>();
        int oov = 0;
        string? line;
        while ((line = pairs.ReadLine()) is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.StartsWith('#')) continue;
            var parts = line.Split(options.Delimiter);
            if (parts.Length != 3 || !TryParsePythonFloat(parts[2], out double score)) continue; // gensim: "Skipping invalid line"
            // gensim upper-cases but does not strip the words: "king " is not "king".
            string a = vocab.Normalize(parts[0]), b = vocab.Normalize(parts[1]);
            if (!vocab.TryGetRow(a, out int ra) || !vocab.TryGetRow(b, out int rb))
            {
                oov++;
                if (options.Dummy4Unknown) { model.Add(0.0); gold.Add(score); }
                continue;
            }
            gold.Add(score);
            model.Add(WordQueries.RowSimilarity(set, ra, rb));
        }
        if (gold.Count == 0)
            throw new FormatException($"{fileName}: no usable word pairs; expected lines \"word1<TAB>word2<TAB>score\" with both words in the vectors.");
        if (gold.Count < 2)
            throw new FormatException($"{fileName}: only one usable word pair; a correlation needs at least two.");
        double ratio = options.Dummy4Unknown ? (double)oov / gold.Count : (double)oov / (gold.Count + oov);
        var g = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(gold);
        var m = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(model);
        return new WordPairEvaluationResult(Correlation.Pearson(g, m), Correlation.Spearman(g, m), ratio, gold.Count, oov);
    }

    /// <summary>Python's float(): surrounding whitespace allowed, "nan"/"inf" accepted.</summary>
    private static bool TryParsePythonFloat(string text, out double value)
    {
        var trimmed = text.Trim();
        return FastFloatParser.TryParseDouble(System.Text.Encoding.UTF8.GetBytes(trimmed), out value) && trimmed.Length > 0;
    }
}
