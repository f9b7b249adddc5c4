using System.Text;
using EmbeddingLab.Core.Data.Mail;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Documents;

/// <summary>Raw e-mails read as a reader sees them (fixtures in TestData/mail, written by hand; see its README).</summary>
public class MailReaderTests
{
    private static string Fixture(string relative) => RepoPaths.TestData("mail", relative);

    private static MailText Read(string relative) => MailReader.Read(File.ReadAllBytes(Fixture(relative)));

    [Fact]
    public void Multipart_alternative_prefers_the_plain_text_and_skips_the_mbox_line()
    {
        var mail = Read("easy-ham-1/00001.alternative.txt");
        Assert.Equal("Meeting notes for Thursday", mail.Subject);
        Assert.Equal("The plain version: we meet on Thursday to review the telescope budget.", mail.Body);
        Assert.False(mail.FromHtml);
        Assert.DoesNotContain("htmlonlyword", mail.Body);
    }

    [Fact]
    public void Quoted_printable_body_and_encoded_subject_are_decoded()
    {
        var mail = Read("easy-ham-1/00002.quoted.txt");
        Assert.Equal("Café au lait and a summary", mail.Subject);
        Assert.StartsWith("Le café est prêt.", mail.Body);
        Assert.Contains("a soft line break in the middle", mail.Body); // "so=\nft" joined again
        Assert.EndsWith("Equals sign: = done.", mail.Body);
    }

    [Fact]
    public void Base64_text_is_decoded_and_the_attachment_skipped()
    {
        var mail = Read("spam-1/00001.base64.txt");
        Assert.Equal("You have WON", mail.Subject);
        Assert.Equal("Cheap watches for everyone: naïve café prices ✓ Reply now to claim your prize.", mail.Body);
        Assert.DoesNotContain("zebra", mail.Body);
        Assert.DoesNotContain("PDF", mail.Body);
    }

    [Fact]
    public void Html_only_message_is_reduced_to_visible_text()
    {
        var mail = Read("spam-1/00002.html.txt");
        Assert.True(mail.FromHtml);
        Assert.Equal("Act now Save 50% on Tom & Jerry first second line break", mail.Body);
    }

    [Fact]
    public void Bytes_without_a_header_block_are_refused_with_the_reason()
    {
        var e = Assert.Throws<MailFormatException>(() => Read("spam-1/00003.broken.txt"));
        Assert.Contains("header", e.Message);
        Assert.Throws<MailFormatException>(() => MailReader.Read([]));
    }

    [Fact]
    public void Html_text_keeps_words_apart_and_drops_what_is_not_shown()
    {
        Assert.Equal("one two three & four", HtmlText.Convert("<div>one</div><div>two<br>three</div><script>x()</script><p>&amp; four</p>"));
        Assert.Equal("", HtmlText.Convert(""));
    }

    [Fact]
    public void Reading_a_folder_counts_and_names_every_message_that_could_not_be_read()
    {
        var corpus = SpamAssassin.ReadFolder(RepoPaths.TestData("mail"));
        Assert.Equal(6, corpus.Total);
        Assert.Equal(["easy-ham-1/00001.alternative", "easy-ham-1/00002.quoted", "spam-1/00001.base64", "spam-1/00002.html"],
            corpus.Messages.Select(m => m.Key));
        Assert.Equal(["ham", "ham", "spam", "spam"], corpus.Messages.Select(m => m.Label));
        Assert.Equal(2, corpus.Unparsed.Count);
        Assert.Equal("spam-1/00003.broken.txt", corpus.Unparsed[0].File);
        Assert.Contains("header", corpus.Unparsed[0].Reason);
        Assert.Equal("spam-1/00004.missing.txt", corpus.Unparsed[1].File);
        Assert.Contains("missing", corpus.Unparsed[1].Reason);
        var report = corpus.Report();
        Assert.StartsWith("4 of 6 messages read; 2 could not be parsed: spam-1/00003.broken.txt:", report);
        Assert.Contains("spam-1/00004.missing.txt", report);
    }

    [Fact]
    public void Documents_carry_label_group_and_subject_and_are_capped()
    {
        var corpus = SpamAssassin.ReadFolder(RepoPaths.TestData("mail"));
        var documents = SpamAssassin.ToDocuments(corpus, new MailDocumentOptions { MaxChars = 40 });
        Assert.Equal(4, documents.Count);
        Assert.Equal(["label", "group", "subject"], documents.Columns.Select(c => c.Name));
        Assert.Equal("spam-1", documents.Columns[1].Values[2]);
        Assert.Equal("You have WON", documents.Columns[2].Values[2]);
        Assert.All(documents.Texts, t => Assert.True(t.Length <= 42, t));
        // No space in the last fifth before the limit: cut at the limit.
        Assert.Equal("You have WON. Cheap watches for everyone …", documents.Texts[2]);
        Assert.Equal("Limited offer. Act now Save 50% on Tom & …", documents.Texts[3]);
        // Uncapped: subject, then body.
        var full = SpamAssassin.ToDocuments(corpus);
        Assert.Equal("Meeting notes for Thursday. The plain version: we meet on Thursday to review the telescope budget.", full.Texts[0]);
    }

    [Fact]
    public void Per_group_limit_reads_only_the_first_files_of_each_group()
    {
        var corpus = SpamAssassin.ReadFolder(RepoPaths.TestData("mail"), perGroup: 1);
        Assert.Equal(["easy-ham-1/00001.alternative", "spam-1/00001.base64"], corpus.Messages.Select(m => m.Key));
        Assert.Empty(corpus.Unparsed);
    }

    [Fact]
    public void The_npm_corpus_is_present_and_its_first_messages_parse()
    {
        // The whole corpus (6,046 messages) is read by the benchmark; here the first five of each group.
        var corpus = SpamAssassin.Read(perGroup: 5);
        Assert.Equal(25, corpus.Total);
        Assert.Equal(SpamAssassin.Groups, corpus.Messages.Select(m => m.Group).Distinct());
        Assert.All(corpus.Messages, m => Assert.False(string.IsNullOrWhiteSpace(m.Subject + m.Body)));
        Assert.Equal(10, corpus.Messages.Count(m => m.Label == "spam"));
    }
}
