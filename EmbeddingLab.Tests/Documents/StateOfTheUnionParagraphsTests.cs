using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Text;

namespace EmbeddingLab.Tests.Documents;

/// <summary>Paragraphs of running text, and the State of the Union addresses as paragraphs with their metadata.</summary>
public class StateOfTheUnionParagraphsTests
{
    [Fact]
    public void Blank_lines_are_paragraph_breaks()
    {
        var text = "First paragraph, one sentence.\n\nSecond  paragraph\nwraps here. It has two sentences.\n \n\nThird.";
        Assert.Equal(["First paragraph, one sentence.", "Second paragraph wraps here. It has two sentences.", "Third."], ParagraphSegmenter.Split(text));
    }

    [Fact]
    public void Without_blank_lines_each_line_is_a_paragraph()
    {
        Assert.Equal(["One line. Two sentences.", "Another line."], ParagraphSegmenter.Split("One line. Two sentences.\r\nAnother line.\n"));
    }

    [Fact]
    public void Abbreviations_and_initials_end_no_sentence()
    {
        var sentences = ParagraphSegmenter.Sentences("Mr. Lincoln met Gen. Grant in Washington, D.C. on Tuesday. J. Q. Adams wrote to the U.S. Senate! Did he? \"Yes.\" (It was 1825.) The end");
        Assert.Equal(["Mr. Lincoln met Gen. Grant in Washington, D.C. on Tuesday.", "J. Q. Adams wrote to the U.S. Senate!", "Did he?", "\"Yes.\"", "(It was 1825.)", "The end"], sentences);
        // A full stop followed by a lower-case word is not a sentence end (e.g. "3 p.m. today").
        Assert.Single(ParagraphSegmenter.Sentences("We met at 3 p.m. today and spoke."));
    }

    [Fact]
    public void A_single_line_of_prose_is_cut_into_chunks_of_whole_sentences()
    {
        // 20 sentences of 10 words: chunks close at 6 sentences (60 words, short of the 120-word target); the last
        // 2 sentences (20 words, under 40) join the chunk before.
        var sentence = "This sentence has exactly ten words in it for testing.";
        var text = string.Join(' ', Enumerable.Repeat(sentence, 20));
        var paragraphs = ParagraphSegmenter.Split(text);
        Assert.Equal([6, 6, 8], paragraphs.Select(p => ParagraphSegmenter.Sentences(p).Count));
        Assert.Equal(text, string.Join(' ', paragraphs));
        // Sentences of 50 words: 3 pass the 120-word target; the last one (50 words) stands alone.
        var longSentence = "Word " + string.Join(" ", Enumerable.Repeat("word", 48)) + " end.";
        var longText = string.Join(' ', Enumerable.Repeat(longSentence, 7));
        Assert.Equal([3, 3, 1], ParagraphSegmenter.Split(longText).Select(p => ParagraphSegmenter.Sentences(p).Count));
    }

    [Fact]
    public void A_short_remainder_joins_the_paragraph_before_it()
    {
        var sentence = "This sentence has exactly ten words in it for testing.";
        var text = string.Join(' ', Enumerable.Repeat(sentence, 7));
        var paragraphs = ParagraphSegmenter.Split(text);
        Assert.Single(paragraphs); // 6 + 1 short sentence (10 words < 40): one paragraph of 7
        Assert.Empty(ParagraphSegmenter.Split(" \n\n \t "));
    }

    [Fact]
    public void Every_address_yields_its_paragraphs_with_year_decade_president_and_party()
    {
        var addresses = StateOfTheUnion.Read();
        Assert.Equal(233, addresses.Count);
        var paragraphs = StateOfTheUnionParagraphs.Split(addresses);
        var byAddress = paragraphs.GroupBy(p => p.Address).ToList();
        Assert.Equal(233, byAddress.Count); // every address has paragraphs
        Assert.Equal(1790, paragraphs[0].Address.Year);
        Assert.Equal(2021, paragraphs[^1].Address.Year);
        foreach (var group in byAddress)
        {
            // Nothing lost or reordered: the paragraphs put back together are the address (white space collapsed).
            var collapsed = string.Join(' ', group.Key.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(collapsed, string.Join(' ', group.Select(p => p.Text)));
            Assert.Equal(Enumerable.Range(1, group.Count()), group.Select(p => p.Index));
        }
        Assert.All(paragraphs, p => Assert.False(string.IsNullOrWhiteSpace(p.Text)));
        var words = paragraphs.Select(p => ParagraphSegmenter.CountWords(p.Text)).Order().ToList();
        Assert.InRange(words[words.Count / 2], 90, 180); // paragraph-sized: the median is around the 120-word target
        Assert.InRange(paragraphs.Count, 10_000, 20_000);

        var documents = StateOfTheUnionParagraphs.ToDocuments(paragraphs, "test");
        Assert.Equal(paragraphs.Count, documents.Keys.Distinct().Count()); // keys are unique
        Assert.Equal(["year", "decade", "president", "party"], documents.Columns.Select(c => c.Name));
        Assert.All(documents.Columns, c => Assert.All(c.Values, v => Assert.False(string.IsNullOrWhiteSpace(v))));
        Assert.Equal("1790", documents.Columns[0].Values[0]);
        Assert.Equal("1790s", documents.Columns[1].Values[0]);
        Assert.Equal("George Washington", documents.Columns[2].Values[0]);
        Assert.Equal("1790 George Washington ¶1", documents.Keys[0]);
        Assert.Contains("Republican", documents.Columns[3].Values);
        Assert.Contains("Democratic", documents.Columns[3].Values);
    }

    [Fact]
    public void Years_narrow_the_addresses()
    {
        var paragraphs = StateOfTheUnionParagraphs.Split(StateOfTheUnion.Read(), 2019, 2021);
        Assert.Equal([2019, 2020, 2021], paragraphs.Select(p => p.Address.Year).Distinct());
    }
}
