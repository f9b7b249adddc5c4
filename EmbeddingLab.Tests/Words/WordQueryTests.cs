using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Words;

public sealed class WordQueryTests
{
    // A tiny hand-made space: the gender offset is the second axis.
    private static readonly EmbeddingSet Space = new(
        ["man", "woman", "king", "queen", "apple"],
        [1, 0, 0,
         1, 1, 0,
         2, 0, 0.5f,
         2, 1, 0.5f,
         0, 0, 3], 3);

    [Theory]
    [InlineData(AnalogyMethod.CosAdd)]
    [InlineData(AnalogyMethod.CosMul)]
    public void AnalogyAnswersAndNeverReturnsItsInputs(AnalogyMethod method)
    {
        var answers = Space.Analogy("man", "woman", "king", method, topn: 10);
        Assert.Equal("queen", answers[0].Key);
        Assert.DoesNotContain(answers, a => a.Key is "man" or "woman" or "king");
        Assert.Equal(2, answers.Count); // five words minus the three inputs
    }

    [Fact]
    public void UnknownWordsAreErrorsThatNameThem()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Space.Analogy("man", "woman", "emperor", AnalogyMethod.CosMul));
        Assert.Contains("\"emperor\"", e.Message);
        Assert.Contains("\"prince\"", Assert.Throws<KeyNotFoundException>(() => Space.Similarity("prince", "king")).Message);
        Assert.Contains("\"pear\"", Assert.Throws<KeyNotFoundException>(() => Space.DoesntMatch(["man", "pear"])).Message);
    }

    [Fact]
    public void DoesntMatchPicksTheOddOneOut() =>
        Assert.Equal("apple", Space.DoesntMatch(["man", "king", "queen", "apple"]));

    [Fact]
    public void SpearmanAveragesTiedRanksLikeScipy()
    {
        Assert.Equal([1.5, 1.5, 3, 4.5, 4.5], Correlation.Rank([2, 2, 5, 9, 9]));
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505139
        Assert.Equal(0.9486832980505138, Correlation.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), 12);
        // scipy.stats.pearsonr([1, 2, 3, 4], [2, 4, 5, 4]).statistic = 0.7181848464596078
        Assert.Equal(0.7181848464596078, Correlation.Pearson([1, 2, 3, 4], [2, 4, 5, 4]), 12);
    }
}
