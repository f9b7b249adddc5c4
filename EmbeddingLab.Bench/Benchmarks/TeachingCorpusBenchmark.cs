using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// word2vec on the built-in teaching corpus with the demo's settings: training time and analogy accuracy per family,
/// ours and gensim's (same sentences, same questions, same parameters).
/// </summary>
public sealed class TeachingCorpusBenchmark : IBenchmark
{
    public string Name => "teaching-corpus";
    public string Description => "word2vec on the teaching corpus (demo settings): seconds and analogy accuracy, vs gensim";

    public int Run(string[] args)
    {
        var sentences = TeachingCorpus.Sentences();
        var options = TeachingCorpus.Word2VecSettings;
        var sw = Stopwatch.StartNew();
        var result = Word2Vec.Train(sentences, options);
        sw.Stop();
        var evaluation = AnalogyEvaluation.Evaluate(result.Vectors, new StringReader(TeachingCorpus.AnalogyQuestions()), "teaching");
        Console.WriteLine($"Teaching corpus: {sentences.Count:N0} sentences, {sentences.Sum(s => s.Count):N0} tokens, {result.Vectors.Count} words");
        Console.WriteLine($"EmbeddingLab word2vec (sg, 50 d, 20 epochs, 1 worker): {sw.Elapsed.TotalSeconds:F2} s, analogy accuracy {evaluation.Score:P1} " +
                          $"({evaluation.Total.Correct.Count}/{evaluation.Total.Total})");
        foreach (var s in evaluation.Sections) Console.WriteLine($"  {s.Name}: {s.Correct.Count}/{s.Total}");
        foreach (var (a, b, c) in new[] { ("man", "woman", "king"), ("france", "paris", "italy") })
            Console.WriteLine($"  {b} − {a} + {c} → {string.Join(", ", result.Vectors.Analogy(a, b, c, topn: 3).Select(n => $"{n.Key} {n.Score:F3}"))}");

        var dir = Directory.CreateTempSubdirectory("teaching-");
        try
        {
            var corpus = Path.Combine(dir.FullName, "corpus.txt");
            var questions = Path.Combine(dir.FullName, "questions.txt");
            using (var writer = new StreamWriter(corpus)) TeachingCorpus.WriteText(writer);
            File.WriteAllText(questions, TeachingCorpus.AnalogyQuestions());
            var output = Reference.Run("teaching_corpus_gensim.py", corpus, questions,
                options.Epochs.ToString(CultureInfo.InvariantCulture), options.VectorSize.ToString(CultureInfo.InvariantCulture), options.Sg ? "1" : "0");
            if (output is not null) Console.Write("gensim 4, same settings (seeds 1-3):\n" + output);
        }
        finally { dir.Delete(recursive: true); }
        return 0;
    }
}
