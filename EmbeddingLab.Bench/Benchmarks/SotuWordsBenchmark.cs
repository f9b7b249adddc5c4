using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Text;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// The "Words (State of the Union)" set: how long phrases + skip-gram take on the 1.8 M-word corpus, the neighbours a
/// person would check, a WEAT preset; and gensim's Phrases + Word2Vec on the same tokens with the same settings.
/// </summary>
public sealed class SotuWordsBenchmark : IBenchmark
{
    public string Name => "sotu-words";
    public string Description => "word2vec (phrases + skip-gram) on the State of the Union: seconds, neighbours, WEAT, vs gensim";

    public int Run(string[] args)
    {
        var words = Reference.Arg(args, "--words", "war,tax,slavery,railroad,internet,united_states").Split(',');
        bool skipReference = args.Contains("--skip-reference");
        var sw = Stopwatch.StartNew();
        var addresses = StateOfTheUnion.Read();
        var lexicons = WordLexicons.Read();
        double readSeconds = sw.Elapsed.TotalSeconds;
        var options = new SotuWordsOptions();
        sw.Restart();
        var result = SotuWords.Train(addresses, lexicons, options);
        double trainSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"State of the Union: {result.Addresses} addresses, {result.Sentences:N0} sentences, {result.Tokens:N0} tokens after phrases, " +
                          $"{result.PhrasesFound:N0} phrase types, vocabulary {result.Vectors.Count:N0}");
        Console.WriteLine($"EmbeddingLab: read {readSeconds:F1} s; tokenize + phrases + word2vec (sg, {options.Word2Vec.VectorSize} d, {options.Word2Vec.Epochs} epochs, " +
                          $"{options.Word2Vec.Workers} workers) {trainSeconds:F1} s, of which word2vec {result.Training.Seconds:F1} s ({result.Training.WordsPerSecond:N0} words/s)");
        foreach (var w in words)
            Console.WriteLine(result.Vectors.Contains(w)
                ? $"  {w}: {string.Join(", ", result.Vectors.MostSimilar(w, 8).Select(n => $"{n.Key} {n.Score:F2}"))}"
                : $"  {w}: not in the vocabulary");
        foreach (var preset in WeatPresets.All)
        {
            try
            {
                var weat = Weat.Run(result.Vectors, new WeatQuery(preset.X, preset.Y, preset.A, preset.B));
                Console.WriteLine($"  WEAT {preset.Name}: d = {weat.EffectSize:F2}, p = {weat.PValue:G3} ({(weat.Exact ? "exact" : "sampled")}, " +
                                  $"{weat.X.Count}/{weat.Y.Count}/{weat.A.Count}/{weat.B.Count} words, {weat.Missing.Count} missing)");
            }
            catch (ArgumentException e) { Console.WriteLine($"  WEAT {preset.Name}: {e.Message}"); }
        }
        if (skipReference) return 0;

        // gensim on exactly our tokens (before phrases), same phrase and word2vec settings.
        var dir = Directory.CreateTempSubdirectory("sotu-");
        try
        {
            var corpus = Path.Combine(dir.FullName, "sentences.txt");
            using (var writer = new StreamWriter(corpus))
                foreach (var a in addresses)
                    foreach (var s in RunningText.Sentences(a.Text)) writer.WriteLine(string.Join(' ', s));
            var output = Reference.Run("sotu_words_gensim.py", corpus, options.Word2Vec.Epochs.ToString(CultureInfo.InvariantCulture),
                options.Word2Vec.VectorSize.ToString(CultureInfo.InvariantCulture), options.Word2Vec.Workers.ToString(CultureInfo.InvariantCulture), string.Join(',', words));
            if (output is not null) Console.Write(output);
        }
        finally { dir.Delete(recursive: true); }
        return 0;
    }
}
