using System.Diagnostics;
using System.Text.Json;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.WordsII;

public class PhrasesTests
{
    private static readonly string[][] Corpus =
    [
        ["new", "york", "is", "big"],
        ["new", "york", "city"],
        ["new", "car"],
        ["york", "is", "old"],
        ["the", "new", "york", "times"],
    ];

    [Fact]
    public void Counts_and_scores_equal_a_hand_computation()
    {
        var phrases = Phrases.Learn(Corpus, new PhrasesOptions { MinCount = 1, Threshold = 1 });
        // Unigrams: new 4, york 4, is 2, big 1, city 1, car 1, old 1, the 1, times 1 → 9 types.
        // Bigrams: new_york 3, york_is 2, is_big 1, york_city 1, new_car 1, is_old 1, the_new 1, york_times 1 → 8 types.
        Assert.Equal(17, phrases.VocabularySize);
        Assert.Equal(16, phrases.CorpusWordCount);
        Assert.Equal(3, phrases.Count("new_york"));
        Assert.Equal(2, phrases.Count("york_is"));
        // score(new, york) = (3 − 1) / (4 · 4) · 17 = 2.125 > 1.
        Assert.Equal(2.125, phrases.Score("new", "york")!.Value, 12);
        // score(york, is) = (2 − 1) / (4 · 2) · 17 = 2.125.
        Assert.Equal(2.125, phrases.Score("york", "is")!.Value, 12);
        // score(new, car) = (1 − 1) / … = 0, not above the threshold.
        Assert.Null(phrases.Score("new", "car"));
        Assert.Null(phrases.Score("car", "new")); // never seen as a bigram
        Assert.Null(phrases.Score("ship", "york")); // unknown word
    }

    [Fact]
    public void Apply_merges_greedily_left_to_right_as_gensim_does()
    {
        var phrases = Phrases.Learn(Corpus, new PhrasesOptions { MinCount = 1, Threshold = 1 });
        // "new york" merges first, so "york is" cannot merge in the same sentence.
        Assert.Equal(["new_york", "is", "big"], phrases.Apply(["new", "york", "is", "big"]));
        Assert.Equal(["york_is", "old"], phrases.Apply(["york", "is", "old"]));
        Assert.Equal(["the", "new_york", "times"], phrases.Apply(["the", "new", "york", "times"]));
        Assert.Equal(["new", "car"], phrases.Apply(["new", "car"]));
        Assert.Empty(phrases.Apply([]));
    }

    [Fact]
    public void Connector_words_sit_inside_phrases_but_never_start_or_end_them()
    {
        string[][] corpus = [["bank", "of", "america", "rose"], ["bank", "of", "america", "fell"], ["of", "bank"], ["america", "of"]];
        var options = new PhrasesOptions { MinCount = 1, Threshold = 0.5, ConnectorWords = new HashSet<string> { "of" } };
        var phrases = Phrases.Learn(corpus, options);
        // Unigrams bank 3, america 3, rose, fell; bigrams bank_of_america 2, america_rose, america_fell: 7 types.
        Assert.Equal(7, phrases.VocabularySize);
        Assert.Equal((2 - 1) / 9.0 * 7, phrases.Score("bank", "america", ["of"])!.Value, 12);
        Assert.Equal(2, phrases.Count("bank_of_america"));
        Assert.Equal(0, phrases.Count("of")); // connectors are not counted as unigrams
        Assert.Equal(["bank_of_america", "rose"], phrases.Apply(["bank", "of", "america", "rose"]));
        Assert.Equal(["of", "bank"], phrases.Apply(["of", "bank"]));
    }

    [Fact]
    public void Equals_gensim_on_a_generated_corpus()
    {
        var python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "/usr/bin/python3 is missing: run ./test.sh (it installs python3-gensim).");
        // A corpus with real collocations (new york, united states, ice cream…) among 500 filler words, seeded.
        var random = new Random(7);
        var filler = Enumerable.Range(0, 500).Select(i => $"w{i}").Concat(["new", "state", "the", "of", "and", "a"]).ToArray();
        string[][] collocations = [["new", "york"], ["united", "states"], ["ice", "cream"], ["white", "house"], ["bank", "of", "america"], ["supreme", "court"]];
        var corpus = new List<string[]>();
        for (int s = 0; s < 2000; s++)
        {
            var sentence = new List<string>();
            int length = random.Next(3, 14);
            while (sentence.Count < length)
            {
                if (random.NextDouble() < 0.1) sentence.AddRange(collocations[random.Next(collocations.Length)]);
                else sentence.Add(filler[random.Next(filler.Length)]);
            }
            corpus.Add(sentence.ToArray());
        }
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, corpus.Select(s => string.Join(' ', s)));
            foreach (var (minCount, threshold, connectors) in new[] { (5, 10.0, ""), (2, 3.0, ""), (5, 10.0, "of,and,the,a") })
            {
                var psi = new ProcessStartInfo(python, [RepoPaths.TestData("phrases", "gensim_phrases.py"), file, minCount.ToString(), threshold.ToString(System.Globalization.CultureInfo.InvariantCulture), connectors])
                    { RedirectStandardOutput = true, RedirectStandardError = true };
                using var process = Process.Start(psi)!;
                var output = process.StandardOutput.ReadToEnd();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"gensim reference failed (apt-get install python3-gensim): {error}");
                using var reference = JsonDocument.Parse(output);
                var options = new PhrasesOptions
                {
                    MinCount = minCount, Threshold = threshold,
                    ConnectorWords = connectors.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
                };
                var ours = Phrases.Learn(corpus, options);
                Assert.Equal(reference.RootElement.GetProperty("vocab_size").GetInt32(), ours.VocabularySize);
                Assert.Equal(reference.RootElement.GetProperty("corpus_word_count").GetInt64(), ours.CorpusWordCount);
                var applied = reference.RootElement.GetProperty("applied").EnumerateArray().ToList();
                Assert.Equal(corpus.Count, applied.Count);
                int merged = 0;
                for (int i = 0; i < corpus.Count; i++)
                {
                    var expected = applied[i].EnumerateArray().Select(t => t.GetString()!).ToList();
                    var actual = ours.Apply(corpus[i]);
                    Assert.Equal(expected, actual);
                    merged += actual.Count(t => t.Contains('_'));
                }
                Assert.True(merged > 50, $"the generated corpus should produce phrases (min_count {minCount}, threshold {threshold}); got {merged}");
            }
        }
        finally { File.Delete(file); }
    }
}
