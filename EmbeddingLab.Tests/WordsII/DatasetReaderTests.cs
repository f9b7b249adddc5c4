using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Tests.WordsII;

/// <summary>The npm data packages restored by the build (npm ci), read as the app reads them.</summary>
public class DatasetReaderTests
{
    [Fact]
    public void State_of_the_union_has_every_address_1790_to_2021_with_metadata()
    {
        var addresses = StateOfTheUnion.Read();
        Assert.Equal(233, addresses.Count);
        Assert.Equal(1790, addresses[0].Year);
        Assert.Equal("George Washington", addresses[0].President);
        Assert.Equal(2021, addresses[^1].Year);
        Assert.All(addresses, a => { Assert.False(string.IsNullOrWhiteSpace(a.Text)); Assert.False(string.IsNullOrWhiteSpace(a.President)); });
        Assert.Contains(addresses, a => a.Party == "Republican");
        Assert.Contains(addresses, a => a.Party == "Democratic");
        long words = addresses.Sum(a => (long)a.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.InRange(words, 1_700_000, 1_900_000);
    }

    [Fact]
    public void Lexicons_hold_afinn_valences_names_and_stop_words()
    {
        var lexicons = WordLexicons.Read();
        Assert.Equal(2477, lexicons.Afinn.Count);
        Assert.Equal(-2, lexicons.Afinn["abandon"]);
        Assert.Equal("male name", lexicons.NameGender("abraham"));
        Assert.Contains("mary", lexicons.FemaleNames);
        Assert.Null(lexicons.NameGender("railroad"));
        Assert.Contains("the", lexicons.Stopwords);
    }

    [Fact]
    public void Moby_dick_reads_in_chapter_order()
    {
        var chapters = MobyDick.Read();
        Assert.True(chapters.Count > 130);
        Assert.Equal(1, chapters[0].Number);
        Assert.StartsWith("Call me Ishmael", chapters[0].Text);
    }

    [Fact]
    public void A_folder_without_addresses_or_with_a_broken_file_is_a_clear_error()
    {
        var dir = Directory.CreateTempSubdirectory("sotu-");
        try
        {
            Assert.Throws<InvalidDataException>(() => StateOfTheUnion.ReadFolder(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, "1800_x.json"), "{\"year\": 1800, \"name\": \"X\"}");
            var e = Assert.Throws<InvalidDataException>(() => StateOfTheUnion.ReadFolder(dir.FullName));
            Assert.Contains("1800_x.json", e.Message);
        }
        finally { dir.Delete(true); }
    }
}
