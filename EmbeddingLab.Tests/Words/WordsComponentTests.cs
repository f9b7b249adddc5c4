using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Words;

namespace EmbeddingLab.Tests.Words;

public sealed class WordsComponentTests
{
    private static readonly EmbeddingSet Space = new(
        ["man", "woman", "king", "queen", "apple", "<b>pear</b>"],
        [1, 0, 0,
         1, 1, 0,
         2, 0, 0.5f,
         2, 1, 0.5f,
         0, 0, 3,
         0, 0.2f, 2.5f], 3);

    [Theory]
    [InlineData(AnalogyMethod.CosAdd)]
    [InlineData(AnalogyMethod.CosMul)]
    public async Task AnalogyPanelShowsRankedAnswersWithScores(AnalogyMethod method)
    {
        var doc = await ComponentHarness.RenderAsync<AnalogyPanel>(new Dictionary<string, object?>
        {
            ["Set"] = Space, ["A"] = "man", ["B"] = "woman", ["C"] = "king", ["Method"] = method, ["SolveOnLoad"] = true,
        });
        var words = doc.QuerySelectorAll("[data-testid=analogy-word]").Select(e => e.TextContent).ToArray();
        Assert.Equal("queen", words[0]);
        Assert.DoesNotContain("king", words);
        var expected = Space.Analogy("man", "woman", "king", method)[0].Score;
        Assert.Contains(expected.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), doc.QuerySelector("[data-testid=analogy-results]")!.TextContent);
        // The pair labels arrive as text: a key that looks like markup stays text.
        Assert.Null(doc.QuerySelector("[data-testid=analogy-results] b"));
    }

    [Fact]
    public async Task AnalogyPanelNamesAnUnknownWordAndSuggestsItsCase()
    {
        var doc = await ComponentHarness.RenderAsync<AnalogyPanel>(new Dictionary<string, object?>
        {
            ["Set"] = Space, ["A"] = "man", ["B"] = "woman", ["C"] = "King", ["SolveOnLoad"] = true,
        });
        var error = doc.QuerySelector("[data-testid=analogy-error]")!.TextContent;
        Assert.Contains("\"King\" is not in this word set", error);
        Assert.Contains("Did you mean \"king\"?", error);
        Assert.Null(doc.QuerySelector("[data-testid=analogy-results]"));
    }

    [Fact]
    public async Task EvaluationViewHasARowAndABarPerSectionAndTheTotal()
    {
        var result = AnalogyEvaluation.Evaluate(Space, new StringReader(": gender\nman woman king queen\nman woman apple pear\n: empty\n"), "q.txt");
        var doc = await ComponentHarness.RenderAsync<AnalogyEvaluationView>(new Dictionary<string, object?> { ["Result"] = result, ["RestrictVocab"] = 1000 });
        var rows = doc.QuerySelectorAll("[data-testid=evaluation-section]");
        Assert.Equal(2, rows.Length);
        Assert.Contains("gender", rows[0].TextContent);
        Assert.Contains("1 / 1", rows[0].TextContent);
        Assert.Contains("width: 100.0%", rows[0].QuerySelector(".progress-bar")!.GetAttribute("style"));
        Assert.Contains("–", rows[1].TextContent); // nothing asked: no accuracy
        Assert.Contains("Total accuracy", doc.QuerySelector("[data-testid=evaluation-total]")!.TextContent);
        Assert.Contains("1 of 2 questions skipped", doc.QuerySelector("[data-testid=evaluation-skipped]")!.TextContent);
    }

    [Fact]
    public async Task DoesntMatchAndNeighboursPanelsStartEmptyAndSayWhatToDo()
    {
        var doc = await ComponentHarness.RenderAsync<DoesntMatchPanel>(new Dictionary<string, object?> { ["Set"] = Space, ["Words"] = "man king apple" });
        Assert.Equal("man king apple", doc.QuerySelector("[data-testid=doesnt-match-words]")!.GetAttribute("value"));
        Assert.Null(doc.QuerySelector("[data-testid=doesnt-match-answer]"));
        var neighbours = await ComponentHarness.RenderAsync<NeighborsPanel>(new Dictionary<string, object?> { ["Set"] = null });
        Assert.NotNull(neighbours.QuerySelector("[data-testid=neighbors-search][disabled]"));
    }
}
