using System.Globalization;
using System.Text.Json;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Cli;

namespace EmbeddingLab.Tests.WordsII;

public class WordsCliTests
{
    [Fact]
    public void Weat_prints_the_documented_json_with_missing_words()
    {
        var dir = Directory.CreateTempSubdirectory("weat-");
        try
        {
            var file = Path.Combine(dir.FullName, "v.txt");
            string h = (Math.Sqrt(3) / 2).ToString("R", CultureInfo.InvariantCulture);
            File.WriteAllLines(file, ["6 2", "a 1 0", "b 0 1", "x1 1 0", $"x2 0.5 {h}", "y1 0 1", $"y2 {h} 0.5"]);
            var (code, stdout, stderr) = NeighborsCommandTests.Run("weat", "--vectors", file, "--targets-x", "x1,x2", "--targets-y", "y1,y2,zzz",
                "--attributes-a", "a", "--attributes-b", "b", "--json");
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
            var root = json.RootElement;
            double c = Math.Sqrt(3) / 2 - 0.5;
            Assert.Equal((1 - c) / Math.Sqrt((2 + 2 * c * c) / 3), root.GetProperty("effect_size").GetDouble(), 5);
            Assert.Equal(1.0 / 6, root.GetProperty("p_value").GetDouble(), 9);
            Assert.Equal(2, root.GetProperty("x").GetInt32());
            Assert.Equal(2, root.GetProperty("y").GetInt32());
            Assert.Equal(1, root.GetProperty("a").GetInt32());
            Assert.Equal(1, root.GetProperty("b").GetInt32());
            Assert.Equal(["zzz"], root.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));

            var (bad, _, error) = NeighborsCommandTests.Run("weat", "--vectors", file, "--targets-x", "x1", "--targets-y", "nope", "--attributes-a", "a", "--attributes-b", "b");
            Assert.Equal(2, bad);
            Assert.Contains("target set Y", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Weat_refuses_fewer_than_100000_permutations_naming_the_flag_and_the_minimum()
    {
        var dir = Directory.CreateTempSubdirectory("weat-");
        try
        {
            var file = Path.Combine(dir.FullName, "v.txt");
            File.WriteAllLines(file, ["5 2", "a 1 0", "b 0 1", "x1 1 0", "x2 0.5 0.8", "y1 0 1"]);
            string[] words = ["--targets-x", "x1,x2", "--targets-y", "y1", "--attributes-a", "a", "--attributes-b", "b"];
            var (code, stdout, stderr) = NeighborsCommandTests.Run(["weat", "--vectors", file, .. words, "--permutations", "1000", "--json"]);
            Assert.Equal(2, code);
            Assert.Contains("--permutations", stderr);
            Assert.Contains("100000", stderr);
            Assert.DoesNotContain("   at ", stderr);
            Assert.DoesNotContain("effect_size", stdout);

            var (ok, _, okError) = NeighborsCommandTests.Run(["weat", "--vectors", file, .. words, "--permutations", "100000", "--json"]);
            Assert.True(ok == 0, okError);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Train_with_phrases_joins_collocations_into_one_token()
    {
        var dir = Directory.CreateTempSubdirectory("phrases-");
        try
        {
            var corpus = Path.Combine(dir.FullName, "corpus.txt");
            var random = new Random(2);
            var lines = new List<string>();
            for (int i = 0; i < 600; i++)
            {
                var words = Enumerable.Range(0, random.Next(4, 10)).Select(_ => $"w{random.Next(300)}").ToList();
                words.Insert(random.Next(words.Count), "new york");
                lines.Add(string.Join(' ', words));
            }
            File.WriteAllLines(corpus, lines);
            var output = Path.Combine(dir.FullName, "v.txt");
            var (code, _, stderr) = NeighborsCommandTests.Run("train", "--corpus", corpus, "--phrases", "--phrase-threshold", "5", "--min-count", "2",
                "--vector-size", "8", "--epochs", "1", "--threads", "1", "--out", output, "--format", "word2vec-text", "--json");
            Assert.True(code == 0, stderr);
            var set = VectorFile.Read(output);
            Assert.True(set.Contains("new_york"));
            Assert.False(set.Contains("york"));

            var (withoutCode, _, _) = NeighborsCommandTests.Run("train", "--corpus", corpus, "--min-count", "2", "--vector-size", "8", "--epochs", "1",
                "--threads", "1", "--out", output, "--format", "word2vec-text", "--json");
            Assert.Equal(0, withoutCode);
            Assert.False(VectorFile.Read(output).Contains("new_york"));

            // The threshold is used: far above any score, nothing joins.
            var (highCode, _, highError) = NeighborsCommandTests.Run("train", "--corpus", corpus, "--phrases", "--phrase-threshold", "1e9", "--min-count", "2",
                "--vector-size", "8", "--epochs", "1", "--threads", "1", "--out", output, "--format", "word2vec-text", "--json");
            Assert.True(highCode == 0, highError);
            Assert.False(VectorFile.Read(output).Contains("new_york"));
            Assert.True(VectorFile.Read(output).Contains("york"));

            // Phrase settings without --phrases are an error, not silently ignored.
            foreach (var flag in new[] { "--phrase-threshold", "--phrase-min-count" })
            {
                var (badCode, _, badError) = NeighborsCommandTests.Run("train", "--corpus", corpus, flag, "5", "--min-count", "2",
                    "--vector-size", "8", "--epochs", "1", "--threads", "1", "--out", output, "--format", "word2vec-text");
                Assert.Equal(2, badCode);
                Assert.Contains("go with --phrases", badError);
                Assert.DoesNotContain("   at ", badError);
            }
        }
        finally { dir.Delete(true); }
    }
}
