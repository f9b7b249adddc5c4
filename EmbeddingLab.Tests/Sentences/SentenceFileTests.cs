using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Tests.Sentences;

public class SentenceFileTests
{
    [Fact]
    public void Csv_with_quotes_and_label_columns()
    {
        var csv = "id,text,label\n1,\"Hello, world\",greeting\n2,\"She said \"\"hi\"\"\nand left\",story\n\n3,plain,other\n";
        var table = SentenceFile.Read(new StringReader(csv), "s.csv");
        Assert.Equal(["Hello, world", "She said \"hi\"\nand left", "plain"], table.Texts);
        Assert.Equal(["id", "label"], table.Labels.Select(l => l.Name));
        Assert.Equal(["greeting", "story", "other"], table.Labels[1].Values);
    }

    [Theory]
    [InlineData("text,label\na,b\n\"unclosed,x\n", "s.csv, line 3: a quoted field is never closed")]
    [InlineData("text,label\na,b\nc\n", "s.csv, line 3: 1 fields but the header has 2 columns")]
    [InlineData("text,label\n\"a\nb\",x\nc,d,e\n", "s.csv, line 4: 3 fields")]
    [InlineData("sentence,label\na,b\n", "s.csv, line 1: the header has no \"text\" column")]
    [InlineData("text,label\n\"a\"x,b\n", "s.csv, line 2: unexpected character 'x' after a closing quote")]
    [InlineData("text\nab\"c\n", "s.csv, line 2: a quote inside an unquoted field")]
    [InlineData("text,label\n ,b\n", "s.csv, line 2: the text column is empty")]
    public void Csv_errors_name_the_line(string csv, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SentenceFile.Read(new StringReader(csv), "s.csv"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Text_is_one_sentence_a_line_skipping_blanks()
    {
        var table = SentenceFile.Read(new StringReader("first one\r\n\r\n  second  \nthird"), "s.txt");
        Assert.Equal(["first one", "second", "third"], table.Texts);
        Assert.Empty(table.Labels);
        Assert.Throws<FormatException>(() => SentenceFile.Read(new StringReader("\n\n"), "s.txt"));
        var e = Assert.Throws<FormatException>(() => SentenceFile.Read(new StringReader("a\nb\nc\n"), "s.txt", new SentenceReadOptions { MaxSentences = 2 }));
        Assert.StartsWith("s.txt, line 3:", e.Message);
    }

    [Fact]
    public void Sts_pairs_with_or_without_header_tsv_or_csv()
    {
        var tsv = SentencePairsFile.Read(new StringReader("sentence1\tsentence2\tscore\nA cat.\tA dog.\t1.5\nRain.\tSun.\t0\n"), "p.tsv");
        Assert.Equal(2, tsv.Count);
        Assert.Equal(1.5, tsv[0].Score);
        var csv = SentencePairsFile.Read(new StringReader("score,sentence2,sentence1\n4,\"b, c\",a\n2,d,e\n"), "p.csv");
        Assert.Equal(("a", "b, c", 4.0), (csv[0].Sentence1, csv[0].Sentence2, csv[0].Score));
        var noHeader = SentencePairsFile.Read(new StringReader("x\ty\t3\nu\tv\t1\n"), "pairs.txt");
        Assert.Equal("y", noHeader[0].Sentence2);
        var e = Assert.Throws<FormatException>(() => SentencePairsFile.Read(new StringReader("a\tb\t1\nc\td\thigh\n"), "p.tsv"));
        Assert.Equal("p.tsv, line 2: score \"high\" is not a number.", e.Message);
    }
}
