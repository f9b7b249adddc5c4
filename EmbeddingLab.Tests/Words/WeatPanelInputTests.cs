using Bunit;
using EmbeddingLab.Core.Analysis.Bias;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Charts;
using EmbeddingLab.Web.Components.Words;
using EmbeddingLab.Web.Words;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace EmbeddingLab.Tests.Words;

/// <summary>The WEAT panel's permutations field (never below the test's minimum) and its strip chart with a hostile word.</summary>
public sealed class WeatPanelInputTests : MudTestContext
{
    private const string Img = "<img src=x onerror=alert(1)>";

    // 2-D: "he" along +x, "she" along +y; targets at known angles between them.
    private static readonly EmbeddingSet Space = new(
        ["he", "she", "doctor", "nurse", "engineer", Img],
        [1, 0,
         0, 1,
         1, 0.3f,
         0.3f, 1,
         1, 0.1f,
         0.2f, 1], 2);

    public WeatPanelInputTests() => AddWordsServices();

    private WeatRun Run => Services.GetRequiredService<WordsState>().Weat;

    [Fact]
    public void Permutations_field_clamps_to_the_minimum_and_the_sampled_test_draws_that_many()
    {
        // 10 + 10 targets: C(20, 10) = 184,756 partitions, more than the exact limit, so the page samples.
        var random = new Random(4);
        var keys = new List<string> { "he", "she" };
        var data = new List<float> { 1, 0, 0, 0, 1, 0 };
        for (int i = 0; i < 20; i++)
        {
            keys.Add($"t{i}");
            data.AddRange([(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()]);
        }
        var set = new EmbeddingSet(keys, data.ToArray(), 3);
        (Run.X, Run.Y, Run.A, Run.B) = (string.Join(", ", keys.Skip(2).Take(10)), string.Join(", ", keys.Skip(12)), "he", "she");
        var cut = Render<WeatPanel>(p => p.Add(c => c.Set, set).Add(c => c.Run, Run));
        const string field = "input[data-testid=weat-permutations], [data-testid=weat-permutations] input";
        var input = cut.Find(field);
        input.Change("500");
        cut.Find(field).Blur();
        Assert.Equal(Weat.MinPermutations, Run.Permutations);
        cut.WaitForAssertion(() => Assert.Equal("100000", cut.Find(field).GetAttribute("value")));

        cut.Find("[data-testid=weat-run]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=weat-result]"), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=weat-error]"));
        Assert.Contains("sampled, 100,000 random partitions", cut.Find("[data-testid=weat-exact]").TextContent);
    }

    [Fact]
    public void Strip_chart_escapes_words_for_plotly_hover_and_labels()
    {
        // Words with spaces cannot come through the panel's lists, but a vector file's keys can be anything.
        var result = Weat.Run(Space, new WeatQuery(["doctor", "engineer"], ["nurse", Img], ["he"], ["she"]));
        var cut = Render<WeatStripChart>(p => p.Add(c => c.Result, result).Add(c => c.XName, "career").Add(c => c.YName, "<b>family</b>"));

        var traces = cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        var text = traces.SelectMany(t => t.TextArray).ToList();
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", text);
        Assert.Contains("doctor", text);
        Assert.DoesNotContain(text, t => t.Contains('<'));
        Assert.Equal("&lt;b&gt;family&lt;/b&gt;", traces[1].Name);
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void Names_preset_on_a_vocabulary_without_those_names_says_which_are_missing_and_that_the_test_cannot_run()
    {
        Run.Apply(WeatPresets.All.First(p => p.Name.Contains("WEAT 6")));
        var cut = Render<WeatPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Run, Run));
        cut.Find("[data-testid=weat-run]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=weat-error]"));
        var message = cut.Find("[data-testid=weat-error]").TextContent;
        Assert.Contains("cannot run", message);
        Assert.Contains("target set X", message);
        Assert.Contains("john, paul, mike, kevin, steve, greg, jeff, bill", message);
        Assert.Empty(cut.FindAll("[data-testid=weat-result]"));
    }
}
