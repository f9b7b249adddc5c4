using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.Words;

public sealed class TeachingCorpusTests
{
    [Fact]
    public void SameOptionsGiveTheSameSentences()
    {
        var a = TeachingCorpus.Sentences();
        var b = TeachingCorpus.Sentences();
        Assert.Equal(a.Select(s => string.Join(' ', s)), b.Select(s => string.Join(' ', s)));
        Assert.NotEqual(a.Select(s => string.Join(' ', s)), TeachingCorpus.Sentences(new TeachingCorpusOptions { Seed = 2 }).Select(s => string.Join(' ', s)));
        Assert.Equal(TeachingCorpus.Words.Count * 60, a.Count);
    }

    [Fact]
    public void EveryQuestionWordOccursAndFamiliesShareNoWords()
    {
        var vocabulary = TeachingCorpus.Sentences().SelectMany(s => s).ToHashSet();
        var familyWords = TeachingCorpus.Families.Select(f => f.Pairs.SelectMany(p => new[] { p.A, p.B }).ToHashSet()).ToList();
        foreach (var words in familyWords) Assert.Subset(vocabulary, words);
        // Countries appear in two families (capitals and nationalities); otherwise a word belongs to one family only.
        var counts = familyWords.SelectMany(w => w).GroupBy(w => w).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.Equal(TeachingCorpus.Families[1].Pairs.Select(p => p.A).ToHashSet(), counts);
    }

    [Fact]
    public void QuestionsAreInTheQuestionsWordsFormat()
    {
        var questions = TeachingCorpus.AnalogyQuestions();
        var lines = questions.TrimEnd('\n').Split('\n');
        Assert.Equal(": family", lines[0]);
        Assert.Equal(TeachingCorpus.Families.Count, lines.Count(l => l.StartsWith(": ")));
        Assert.All(lines.Where(l => !l.StartsWith(": ")), l => Assert.Equal(4, l.Split(' ').Length));
        Assert.Contains("man woman king queen", lines);
        Assert.Contains("france paris italy rome", lines);
        int n = TeachingCorpus.Families.Sum(f => f.Pairs.Count * (f.Pairs.Count - 1));
        Assert.Equal(n, lines.Length - TeachingCorpus.Families.Count);
    }

    [Theory]
    [InlineData("The King's crown, and the QUEEN!", true, true, "the king's crown and the queen")]
    [InlineData("The King's crown, and the QUEEN!", false, true, "The King's crown and the QUEEN")]
    [InlineData("well-known 'quoted' words...", true, true, "well-known quoted words")]
    [InlineData("a,b c", true, false, "a,b c")]
    public void TokenizationFollowsTheOptions(string line, bool lowercase, bool split, string expected) =>
        Assert.Equal(expected, string.Join(' ', TextCorpus.Tokenize(line, new TextCorpusOptions { Lowercase = lowercase, SplitPunctuation = split })));
}
