using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;

namespace EmbeddingLab.Tests.Songs;

public class Word2VecTests
{
    private static readonly PlantedGenreCorpus Planted = PlantedGenreCorpus.Generate(PlantedGenreOptions.Small);

    [Fact]
    public void OneWorkerWithASeedIsDeterministic()
    {
        var options = Word2VecOptions.SongPreset with { Workers = 1, Epochs = 1, Window = 5, Seed = 5 };
        var a = Word2Vec.Train(Planted.Sentences(), options);
        var b = Word2Vec.Train(Planted.Sentences(), options);
        Assert.Equal(a.Vectors.Keys, b.Vectors.Keys);
        Assert.True(a.Vectors.Matrix.SequenceEqual(b.Vectors.Matrix));
        var c = Word2Vec.Train(Planted.Sentences(), options with { Seed = 6 });
        Assert.False(a.Vectors.Matrix.SequenceEqual(c.Vectors.Matrix));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlantedGenresBecomeNeighbours(bool sg)
    {
        // Skip-gram does ~20x the work of CBOW per token at window 20; a window of 5 keeps the test fast.
        var options = Word2VecOptions.SongPreset with { Sg = sg, Workers = 2, Epochs = sg ? 5 : 10, Window = sg ? 5 : 20 };
        var result = Word2Vec.Train(Planted.Sentences(), options);
        double agreement = Planted.NeighbourGenreAgreement(result.Vectors, k: 10, probes: 400);
        Assert.True(agreement >= 0.95, $"only {agreement:P1} of the 10 nearest neighbours share the genre ({(sg ? "skip-gram" : "CBOW")})");
    }

    [Fact]
    public void VocabularyIsSortedByDescendingCountWithStableTiesAndMinCount()
    {
        var sentences = new[] { new[] { "b", "a", "c", "a" }, new[] { "c", "d", "e", "a" } };
        var result = Word2Vec.Train(sentences, new Word2VecOptions { MinCount = 2, VectorSize = 8, Workers = 1, Epochs = 1 });
        Assert.Equal(["a", "c"], result.Vectors.Keys);
        Assert.Equal(3, result.Counts["a"]);
        Assert.Equal(2, result.Counts["c"]);
        var all = Word2Vec.Train(sentences, new Word2VecOptions { MinCount = 1, VectorSize = 8, Workers = 1, Epochs = 1 });
        Assert.Equal(["a", "c", "b", "d", "e"], all.Vectors.Keys); // ties keep first-seen order
        Assert.Equal(8 * 1, all.ProcessedTokens);
        // gensim's max_final_vocab raises min_count until at most that many words remain.
        var capped = Word2Vec.Train(sentences, new Word2VecOptions { MinCount = 1, MaxFinalVocab = 1, VectorSize = 8, Workers = 1, Epochs = 1 });
        Assert.Equal(["a"], capped.Vectors.Keys);
    }

    [Fact]
    public void DownsamplingFollowsGensimFormula()
    {
        // gensim: threshold = sample * total; keep = (sqrt(c / threshold) + 1) * threshold / c, capped at 1.
        var ints = Word2VecTrainer.ComputeSampleInts([1000, 10, 1], 0.01);
        double threshold = 0.01 * 1011;
        double expected = (Math.Sqrt(1000 / threshold) + 1) * threshold / 1000;
        Assert.Equal(expected, ints[0] / 4294967296.0, 6);
        Assert.Equal(uint.MaxValue, ints[2]);
        Assert.All(Word2VecTrainer.ComputeSampleInts([1000, 10], 0), v => Assert.Equal(uint.MaxValue, v));
    }

    [Fact]
    public void ReportsProgressWithLossAndStopsWhenCancelled()
    {
        using var cts = new CancellationTokenSource();
        var reports = new List<Word2VecProgress>();
        var progress = new InlineProgress<Word2VecProgress>(p => { lock (reports) reports.Add(p); if (p.TokensDone > 0) cts.Cancel(); });
        var started = DateTime.UtcNow;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Word2Vec.Train(Planted.Sentences(), Word2VecOptions.SongPreset with { Epochs = 10_000, Workers = 2 }, progress, cts.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.NotEmpty(reports);
        var last = reports[^1];
        Assert.Equal(10_000, last.Epochs);
        Assert.True(last.WordsPerSecond > 0 && last.Loss > 0 && last.Alpha <= 0.025);
    }

    [Fact]
    public void FinishedRunReportsFigures()
    {
        var result = Word2Vec.Train(Planted.Sentences(), Word2VecOptions.SongPreset with { Epochs = 1, Workers = 2 });
        Assert.Equal(Planted.TokenCount, result.ProcessedTokens);
        Assert.True(result.TrainedTokens > 0 && result.TrainedTokens <= result.ProcessedTokens);
        Assert.True(result.WordsPerSecond > 0 && result.Seconds > 0);
        Assert.Equal(32, result.Vectors.Dimensions);
        Assert.NotNull(result.Vectors.Column("count"));
    }

    [Fact]
    public void InvalidOptionsAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Word2Vec.Train(Planted.Sentences(), new Word2VecOptions { Window = 0 }));
        Assert.Contains("window", e.Message);
        var empty = Assert.Throws<ArgumentException>(() => Word2Vec.Train([["a", "b"]], new Word2VecOptions { MinCount = 5 }));
        Assert.Contains("min_count", empty.Message);
    }
}
