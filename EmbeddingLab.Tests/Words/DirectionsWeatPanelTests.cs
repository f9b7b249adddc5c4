using Bunit;
using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Core.Analysis.Directions;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Components.Words;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Words;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Words;

/// <summary>The Words page's Directions and WEAT panels in bUnit, and the State of the Union metadata in the projector's colour menu.</summary>
public sealed class DirectionsWeatPanelTests : MudTestContext
{
    // 2-D: "he"/"him" point along +x, "she"/"her" along +y; the other words sit at known angles between them.
    private static readonly EmbeddingSet Space = new(
        ["he", "him", "she", "her", "doctor", "nurse", "engineer", "dancer", "<b>x</b>"],
        [1, 0,
         1, 0.1f,
         0, 1,
         0.1f, 1,
         1, 0.3f,
         0.3f, 1,
         1, 0.1f,
         0.1f, 1,
         1, 1], 2);

    public DirectionsWeatPanelTests()
    {
        AddWordsServices();
        Services.AddScoped<ProjectorState>();
    }

    private WordsState State => Services.GetRequiredService<WordsState>();

    [Fact]
    public void Directions_rank_listed_words_with_the_projection_values_at_both_ends()
    {
        var query = State.Direction;
        (query.Negative, query.Positive, query.Words, query.Ends) = ("he him", "she her", "doctor nurse engineer dancer robot", 2);
        var cut = Render<DirectionsPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, query));
        cut.Find("[data-testid=direction-rank]").Click();

        var direction = WordDirection.Between(Space, ["he", "him"], ["she", "her"]);
        var positive = cut.FindAll("[data-testid=direction-positive-end] tr");
        var negative = cut.FindAll("[data-testid=direction-negative-end] tr");
        Assert.Equal(["dancer", "nurse"], positive.Select(r => r.Children[0].TextContent));
        Assert.Equal(["engineer", "doctor"], negative.Select(r => r.Children[0].TextContent));
        Assert.Equal(direction.Project(Space, Space.IndexOf("dancer")).ToString("F4", System.Globalization.CultureInfo.InvariantCulture), positive[0].Children[1].TextContent);
        Assert.Contains("robot", cut.Find("[data-testid=direction-missing]").TextContent);
    }

    [Fact]
    public void Directions_over_the_whole_vocabulary_escape_words_and_report_bad_input_as_one_message()
    {
        var query = State.Direction;
        (query.Negative, query.Positive, query.Words, query.Ends) = ("he", "she", "", 20);
        var cut = Render<DirectionsPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, query));
        cut.Find("[data-testid=direction-rank]").Click();
        Assert.Contains("9 words of the vocabulary", cut.Find("[data-testid=direction-summary]").TextContent);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", cut.Markup);
        Assert.Empty(cut.FindAll("b"));

        query.Positive = "queen";
        cut.Find("[data-testid=direction-rank]").Click();
        Assert.Single(cut.FindAll("[data-testid=direction-error]"));
        Assert.Contains("positive end", cut.Find("[data-testid=direction-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=direction-positive-end]"));

        (query.Positive, query.Orthogonalize, query.OrthoNegative, query.OrthoPositive) = ("she", true, "he", "she");
        cut.Render();
        cut.Find("[data-testid=direction-rank]").Click();
        Assert.Contains("parallel", cut.Find("[data-testid=direction-error]").TextContent);
    }

    [Fact]
    public void Weat_panel_shows_d_p_sizes_missing_words_and_a_strip_of_every_used_target()
    {
        var run = State.Weat;
        (run.X, run.Y, run.A, run.B) = ("doctor, engineer, pilot", "nurse, dancer", "he, him", "she, her");
        var cut = Render<WeatPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Run, run));
        cut.Find("[data-testid=weat-run]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=weat-result]"), TimeSpan.FromSeconds(20));

        var expected = Weat.Run(Space, new WeatQuery(["doctor", "engineer", "pilot"], ["nurse", "dancer"], ["he", "him"], ["she", "her"]));
        Assert.Equal(expected.EffectSize.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=weat-d]").TextContent);
        Assert.True(expected.Exact);
        Assert.Contains("exact, all 6 partitions", cut.Find("[data-testid=weat-exact]").TextContent);
        // X's two words are the most he-like: no other partition exceeds the observed statistic.
        Assert.Equal(0, expected.PValue);
        Assert.Equal("0.0000", cut.Find("[data-testid=weat-p]").TextContent);
        Assert.True(expected.EffectSize > 1);
        Assert.Contains("X 2, Y 2, A 2, B 2", cut.Find("[data-testid=weat-sizes]").TextContent);
        Assert.Contains("pilot", cut.Find("[data-testid=weat-missing]").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=weat-chart]").GetAttribute("data-words"));
    }

    [Fact]
    public void Weat_panel_fills_lists_from_a_preset_and_replaces_a_result_with_one_error()
    {
        var run = State.Weat;
        var preset = WeatPresets.All.First(p => p.Name.Contains("WEAT 7"));
        run.Apply(preset);
        Assert.Equal(string.Join(", ", preset.X), run.X);
        (run.X, run.Y, run.A, run.B) = ("doctor", "nurse, dancer", "he", "she");
        var cut = Render<WeatPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Run, run));
        cut.Find("[data-testid=weat-run]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=weat-result]"));

        run.A = "king, queen";
        cut.Render();
        cut.Find("[data-testid=weat-run]").Click();
        cut.WaitForAssertion(() => Assert.Contains("attribute set A", cut.Find("[data-testid=weat-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=weat-result]"));
    }

    [Fact]
    public void Afinn_and_name_columns_of_word_vectors_reach_the_projectors_colour_menu()
    {
        var lexicons = new WordLexicons
        {
            Afinn = new Dictionary<string, int> { ["nurse"] = 2, ["dancer"] = 1 },
            MaleNames = new HashSet<string> { "engineer" },
            FemaleNames = new HashSet<string> { "dancer" },
            Stopwords = new HashSet<string>(),
        };
        var counts = Space.Keys.ToDictionary(k => k, _ => 3L);
        var set = SotuWords.WithLexiconColumns(Space, counts, lexicons);
        Services.GetRequiredService<SessionWorkspace>().Add("sotu", set, "Words", "test");
        Services.GetRequiredService<ProjectorState>().SelectSet("sotu");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var plot = Render<ProjectorPlot>();
        plot.Find("[data-testid=color-by]").MouseDown();
        plot.WaitForAssertion(() =>
        {
            var items = popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();
            Assert.Contains("afinn", items);
            Assert.Contains("name", items);
            Assert.Contains("frequency", items);
        });
        Assert.Equal("female name", set.Column("name")!.Values[Space.IndexOf("dancer")]);
        Assert.Equal("2", set.Column("afinn")!.Values[Space.IndexOf("nurse")]);

        // Coloured by AFINN, the words without a valence form a named legend entry, not a blank one.
        var coords = new float[set.Count * 2];
        var payload = System.Text.Json.JsonSerializer.SerializeToElement(EmbeddingLab.Web.Components.Projector.PlotPayload.Build(set, coords, 2, "afinn", null, []));
        var categories = payload.GetProperty("color").GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("(no value)", categories);
        Assert.DoesNotContain("", categories);
        Assert.Contains("2", categories);
        var codes = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(payload.GetProperty("color").GetProperty("codes").GetBytesFromBase64()).ToArray();
        int engineer = set.IndexOf("engineer");
        Assert.Equal("", set.Column("afinn")!.Values[engineer]);
        Assert.Equal("(no value)", categories[codes[engineer]]);
    }
}
