using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Data;
using static EmbeddingLab.Tests.Sentences.SentenceTestData;

namespace EmbeddingLab.Tests.Sentences;

public class SimilarityEvaluationTests
{
    [Fact]
    public void Pearson_and_spearman_match_scipy_with_ties()
    {
        var c = Reference.GetProperty("correlation");
        var x = Doubles(c.GetProperty("x"));
        var y = Doubles(c.GetProperty("y"));
        Assert.Equal(c.GetProperty("pearson").GetDouble(), Correlation.Pearson(x, y), 1e-10);
        Assert.Equal(c.GetProperty("spearman").GetDouble(), Correlation.Spearman(x, y), 1e-10);
    }

    [Fact]
    public void Ranks_share_the_average_on_ties()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], Correlation.Rank([0.1, 0.5, 0.5, 2]));
        Assert.True(double.IsNaN(Correlation.Pearson([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void Sts_scores_match_the_sentence_transformers_evaluator()
    {
        var s = Reference.GetProperty("sts");
        int d = s.GetProperty("dimensions").GetInt32();
        var e1 = Matrix(s.GetProperty("e1")).SelectMany(r => r.Select(v => (float)v)).ToArray();
        var e2 = Matrix(s.GetProperty("e2")).SelectMany(r => r.Select(v => (float)v)).ToArray();
        var result = SimilarityEvaluation.Evaluate(e1, e2, d, Doubles(s.GetProperty("gold")));
        Assert.Equal(30, result.Pairs);
        foreach (var name in SimilarityEvaluation.ScoreNames)
        {
            Assert.Equal(s.GetProperty(name).GetProperty("pearson").GetDouble(), result[name].Pearson, 1e-5);
            Assert.Equal(s.GetProperty(name).GetProperty("spearman").GetDouble(), result[name].Spearman, 1e-5);
        }
    }

    [Fact]
    public void Tfidf_on_the_demo_pairs_correlates_positively_with_gold()
    {
        var encoder = TfidfEncoder.Fit(DemoSentences.All.Select(s => s.Text).Concat(DemoSentences.StsPairs.SelectMany(p => new[] { p.Sentence1, p.Sentence2 })).ToArray());
        var result = SimilarityEvaluation.Evaluate(encoder, DemoSentences.StsPairs);
        Assert.Equal(DemoSentences.StsPairs.Count, result.Pairs);
        Assert.True(result["cosine"].Spearman > 0.5, $"cosine spearman {result["cosine"].Spearman}");
    }

    [Fact]
    public void Demo_sentences_are_thirty_per_topic_and_unique()
    {
        Assert.Equal(300, DemoSentences.All.Count);
        Assert.All(DemoSentences.Topics, t => Assert.Equal(30, DemoSentences.All.Count(s => s.Label == t)));
        Assert.Equal(300, DemoSentences.All.Select(s => s.Text).Distinct().Count());
    }
}
