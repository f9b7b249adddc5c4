using System.Diagnostics;
using System.Globalization;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Text;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// Semantic change on the State of the Union with the Compare page's defaults (eras 1790–1900 and 1945–2021, the
/// State of the Union word2vec recipe per era, Procrustes on the words with count ≥ 50 in both, stop words left out):
/// the time, the most-moved words with their neighbours in each era as a README table; and gensim Phrases + Word2Vec
/// plus scipy's orthogonal_procrustes on the same tokens of the same eras, with how many top words both lists share.
/// </summary>
public sealed class SemanticChangeBenchmark : IBenchmark
{
    public string Name => "semantic-change";
    public string Description => "State of the Union 1790–1900 vs 1945–2021: two word2vec eras, Procrustes, most-moved words; vs gensim + scipy";

    public int Run(string[] args)
    {
        var parts = Reference.Arg(args, "--split", "1790,1900,1945,2021").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var split = new SotuEraSplit(parts[0], parts[1], parts[2], parts[3]);
        int minCount = int.Parse(Reference.Arg(args, "--min-count", "50"), CultureInfo.InvariantCulture);
        var addresses = StateOfTheUnion.Read();
        var lexicons = WordLexicons.Read();
        var options = new SotuWordsOptions();
        var sw = Stopwatch.StartNew();
        var result = SotuEras.Run(addresses, lexicons, split, minCount, options);
        double seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"EmbeddingLab semantic change {split.NameA} vs {split.NameB}: {seconds:F1} s (two eras: tokens, phrases, skip-gram " +
                          $"{options.Word2Vec.VectorSize} d, {options.Word2Vec.Epochs} epochs, {options.Word2Vec.Workers} workers; then Procrustes); " +
                          $"vocabularies {result.EraA.Count:N0} and {result.EraB.Count:N0}, {result.Change.SharedVocabulary:N0} shared words with count ≥ {minCount} in both");
        Console.WriteLine();
        Console.WriteLine($"| word | change | neighbours {split.NameA} | neighbours {split.NameB} |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var w in result.Change.MostChanged)
            Console.WriteLine($"| {w.Word} | {w.Change:F2} | {string.Join(", ", w.NeighborsA.Take(6))} | {string.Join(", ", w.NeighborsB.Take(6))} |");
        Console.WriteLine();
        Console.WriteLine("Least changed: " + string.Join(", ", result.Change.LeastChanged.Take(12).Select(w => $"{w.Word} {w.Change:F2}")));
        if (args.Contains("--skip-reference")) return 0;

        // gensim on exactly our tokens per era (before phrases), the same phrase and word2vec settings, then scipy.
        var dir = Directory.CreateTempSubdirectory("semantic-");
        try
        {
            string Corpus(string name, int from, int to)
            {
                var path = Path.Combine(dir.FullName, name);
                using var writer = new StreamWriter(path);
                foreach (var a in addresses.Where(a => a.Year >= from && a.Year <= to))
                    foreach (var s in RunningText.Sentences(a.Text)) writer.WriteLine(string.Join(' ', s));
                return path;
            }
            var stop = Path.Combine(dir.FullName, "stopwords.txt");
            File.WriteAllLines(stop, lexicons.Stopwords);
            var ours = string.Join(',', result.Change.MostChanged.Select(w => w.Word));
            var output = Reference.Run("semantic_change_gensim.py", Corpus("a.txt", split.FromA, split.ToA), Corpus("b.txt", split.FromB, split.ToB), stop,
                options.Word2Vec.Epochs.ToString(CultureInfo.InvariantCulture), options.Word2Vec.VectorSize.ToString(CultureInfo.InvariantCulture),
                options.Word2Vec.Workers.ToString(CultureInfo.InvariantCulture), minCount.ToString(CultureInfo.InvariantCulture), ours);
            if (output is not null)
            {
                Console.Write(output);
                var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("gensim total", StringComparison.Ordinal));
                if (line is not null && double.TryParse(line.Split(' ')[2], CultureInfo.InvariantCulture, out var theirs))
                    Console.WriteLine($"ratio gensim / EmbeddingLab: {theirs / seconds:F2}");
            }
        }
        finally { dir.Delete(recursive: true); }
        return 0;
    }
}
