using EmbeddingLab.Core.Text;

namespace EmbeddingLab.Tests.WordsII;

public class RunningTextTests
{
    [Fact]
    public void Splits_sentences_and_tokens_as_documented()
    {
        var sentences = RunningText.Sentences(
            "Fellow-Citizens of the Senate: In 1790 we spent $1,000.50 on the U.S. Mint; the nation's debt fell. Mr. Lincoln spoke! Did he?");
        Assert.Equal(
        [
            ["fellow", "citizens", "of", "the", "senate", "in", "1790", "we", "spent", "1000.50", "on", "the", "u.s", "mint"],
            ["the", "nation's", "debt", "fell"],
            ["mr", "lincoln", "spoke"],
            ["did", "he"],
        ], sentences);
    }

    [Fact]
    public void Text_without_words_gives_no_sentences()
    {
        Assert.Empty(RunningText.Sentences(""));
        Assert.Empty(RunningText.Sentences("... !!! ;;; — ?"));
    }
}
