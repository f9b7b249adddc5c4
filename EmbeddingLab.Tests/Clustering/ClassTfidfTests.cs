using EmbeddingLab.Core.Analysis.Clustering;

namespace EmbeddingLab.Tests.Clustering;

public class ClassTfidfTests
{
    [Fact]
    public void Weights_equal_a_hand_computation()
    {
        // Class 0: "apple banana apple", "apple cherry" → apple 3, banana 1, cherry 1 (5 words).
        // Class 1: "banana durian", "durian durian the" → banana 1, durian 3 (4 words; "the" is a stop word).
        // A = int(9 / 2) = 4; f(apple) = 3, f(banana) = 2, f(cherry) = 1, f(durian) = 3.
        string[] texts = ["apple banana apple", "apple cherry", "banana durian", "durian durian the"];
        var tfidf = ClassTfidf.Fit(texts, [0, 0, 1, 1], 2, new HashSet<string> { "the" });
        Assert.Equal(4, tfidf.AverageWords);
        Assert.Equal(new[] { 5, 4 }, tfidf.WordsPerClass);
        Assert.Equal(3.0 / 5 * Math.Log(1 + 4.0 / 3), tfidf.Weight("apple", 0), 12);
        Assert.Equal(1.0 / 5 * Math.Log(1 + 4.0 / 2), tfidf.Weight("banana", 0), 12);
        Assert.Equal(1.0 / 5 * Math.Log(1 + 4.0 / 1), tfidf.Weight("cherry", 0), 12);
        Assert.Equal(1.0 / 4 * Math.Log(1 + 4.0 / 2), tfidf.Weight("banana", 1), 12);
        Assert.Equal(3.0 / 4 * Math.Log(1 + 4.0 / 3), tfidf.Weight("durian", 1), 12);
        Assert.Equal(0, tfidf.Weight("the", 1));
        Assert.Equal(new[] { "apple", "cherry", "banana" }, tfidf.TopTerms(0, 5).Select(t => t.Term));
        Assert.Equal(new[] { "durian" }, tfidf.TopTerms(1, 1).Select(t => t.Term));
    }

    [Fact]
    public void English_stop_words_come_from_the_npm_package()
    {
        var words = StopWords.EnglishWords;
        Assert.Contains("the", words);
        Assert.Contains("and", words);
        Assert.DoesNotContain("guitar", words);
        Assert.EndsWith(Path.Combine("@stdlib", "datasets-stopwords-en", "data", "words.json"), StopWords.Resolve());
    }
}
