using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Tests.Words;

/// <summary>Our word2vec on the teaching corpus, with the demo's settings: the relation families must visibly work.</summary>
public sealed class TeachingCorpusTrainingTests
{
    private static readonly Lazy<Word2VecResult> Trained = new(() => Word2Vec.Train(TeachingCorpus.Sentences(), TeachingCorpusWords.Options));

    [Theory]
    [InlineData("man", "woman", "king", "queen")]
    [InlineData("france", "paris", "italy", "rome")]
    [InlineData("cat", "cats", "dog", "dogs")]
    [InlineData("big", "bigger", "cold", "colder")]
    [InlineData("walk", "walked", "swim", "swam")]
    [InlineData("japan", "japanese", "greece", "greek")]
    public void ClassicAnalogiesComeOutOnTop(string a, string b, string c, string expected)
    {
        var vectors = Trained.Value.Vectors;
        Assert.Equal(expected, vectors.Analogy(a, b, c, AnalogyMethod.CosAdd, topn: 1)[0].Key);
        Assert.Equal(expected, vectors.Analogy(a, b, c, AnalogyMethod.CosMul, topn: 1)[0].Key);
    }

    [Fact]
    public void AnalogyAccuracyOnTheTeachingQuestionsIsHigh()
    {
        var result = AnalogyEvaluation.Evaluate(Trained.Value.Vectors, new StringReader(TeachingCorpus.AnalogyQuestions()), "teaching");
        Assert.Equal(0, result.Skipped);
        Assert.True(result.Score >= 0.9, $"total accuracy {result.Score:P1}: " + string.Join(", ", result.Sections.Select(s => $"{s.Name} {s.Accuracy:P0}")));
        Assert.All(result.Sections, s => Assert.True(s.Accuracy >= 0.75, $"{s.Name}: {s.Accuracy:P1}"));
    }
}
