using Bunit;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Words;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Words;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace EmbeddingLab.Tests.Words;

/// <summary>The Words page's panels in bUnit: empty, running, result and error states, and what typing and clicks change.</summary>
public sealed class WordsComponentTests : MudTestContext
{
    private static readonly EmbeddingSet Space = new(
        ["man", "woman", "king", "queen", "apple", "<b>pear</b>", "<img src=x onerror=alert(1)>"],
        [1, 0, 0,
         1, 1, 0,
         2, 0, 0.5f,
         2, 1, 0.5f,
         0, 0, 3,
         0, 0.2f, 2.5f,
         0.1f, 0.1f, 2.8f], 3);

    private readonly string _folder = Directory.CreateTempSubdirectory("el-words-panels-").FullName;

    public WordsComponentTests()
    {
        AddWordsServices();
    }

    private WordsState State => Services.GetRequiredService<WordsState>();

    private UploadedFile Upload(string displayName, string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return new UploadedFile(displayName, path, new FileInfo(path).Length);
    }

    [Theory]
    [InlineData(AnalogyMethod.CosAdd)]
    [InlineData(AnalogyMethod.CosMul)]
    public void Analogy_panel_answers_on_load_with_ranked_scores(AnalogyMethod method)
    {
        State.Analogy.Method = method;
        var cut = Render<AnalogyPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.Analogy).Add(c => c.SolveOnLoad, true));
        var words = cut.FindAll("[data-testid=analogy-word]").Select(e => e.TextContent).ToArray();
        Assert.Equal("queen", words[0]);
        Assert.DoesNotContain("king", words);
        var expected = Space.Analogy("man", "woman", "king", method)[0].Score;
        Assert.Contains(expected.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=analogy-results]").TextContent);
        Assert.Contains(method == AnalogyMethod.CosMul ? "3CosMul" : "3CosAdd", cut.Find("[data-testid=analogy-panel]").TextContent);
        // Keys that look like markup arrive as text.
        Assert.Contains("<b>pear</b>", cut.Find("[data-testid=analogy-results]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=analogy-results] b, [data-testid=analogy-results] img"));
    }

    [Fact]
    public void Analogy_panel_names_an_unknown_word_and_a_new_answer_replaces_the_message()
    {
        State.Analogy.C = "King";
        var cut = Render<AnalogyPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.Analogy).Add(c => c.SolveOnLoad, true));
        var error = cut.Find("[data-testid=analogy-error]").TextContent;
        Assert.Contains("\"King\" is not in this word set", error);
        Assert.Contains("Did you mean \"king\"?", error);
        Assert.Empty(cut.FindAll("[data-testid=analogy-results]"));

        var c = cut.Find("input[data-testid=analogy-c]");
        c.Input("king");
        c.Blur();
        cut.Find("button[data-testid=analogy-solve]").Click();
        cut.WaitForAssertion(() => Assert.Equal("queen", cut.FindAll("[data-testid=analogy-word]")[0].TextContent));
        Assert.Empty(cut.FindAll("[data-testid=analogy-error]"));
    }

    [Fact]
    public void Word_fields_complete_from_the_vocabulary_by_prefix()
    {
        Assert.Equal(["queen"], WordInput.Complete(Space, "qu", 10));
        Assert.Equal(["man"], WordInput.Complete(Space, "MA", 10));
        Assert.Equal(["king"], WordInput.Complete(Space, "king", 10));
        Assert.Empty(WordInput.Complete(Space, "  ", 10));

        var popovers = Render<MudPopoverProvider>();
        var cut = Render<AnalogyPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.Analogy));
        cut.Find("input[data-testid=analogy-c]").Input("<im");
        popovers.WaitForAssertion(() => Assert.Contains("<img src=x onerror=alert(1)>", popovers.Find(".mud-popover-open").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(popovers.FindAll(".mud-popover-open img"));
        popovers.Find(".mud-popover-open .mud-list-item").Click();
        cut.WaitForAssertion(() => Assert.Equal("<img src=x onerror=alert(1)>", State.Analogy.C));
    }

    [Fact]
    public void Word_fields_are_keyboard_navigable_arrow_down_then_enter_selects()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<AnalogyPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.Analogy));
        cut.Find("input[data-testid=analogy-c]").Input("<");
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll(".mud-popover-open .mud-list-item").Count), TimeSpan.FromSeconds(5));
        string? Highlighted() => popovers.FindAll(".mud-popover-open .mud-selected-item").SingleOrDefault()?.TextContent.Trim();
        var before = Highlighted();
        // A key press as the browser sends it: keydown, then keyup (MudAutocomplete moves on one and selects on the other).
        void Press(string key)
        {
            cut.Find("input[data-testid=analogy-c]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key, Code = key, Type = "keydown" });
            cut.Find("input[data-testid=analogy-c]").KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key, Code = key, Type = "keyup" });
        }

        Press("ArrowDown");
        popovers.WaitForAssertion(() => Assert.NotNull(Highlighted()), TimeSpan.FromSeconds(5));
        var chosen = Highlighted();
        Assert.NotEqual(before, chosen);
        Press("Enter");
        cut.WaitForAssertion(() => Assert.Equal(chosen, State.Analogy.C), TimeSpan.FromSeconds(5));
        Assert.Empty(popovers.FindAll(".mud-popover-open img"));
    }

    [Fact]
    public void Neighbours_panel_is_disabled_without_a_set_then_finds_and_sorts()
    {
        var empty = Render<NeighborsPanel>(p => p.Add(c => c.Set, null).Add(c => c.Query, new NeighborsQuery()));
        Assert.True(empty.Find("button[data-testid=neighbors-search]").HasAttribute("disabled"));

        State.Neighbors.Positive = "apple";
        var cut = Render<NeighborsPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.Neighbors));
        Assert.Empty(cut.FindAll("[data-testid=neighbors-results]"));
        cut.Find("button[data-testid=neighbors-search]").Click();
        var words = cut.FindAll("[data-testid=neighbor-word]").Select(e => e.TextContent).ToList();
        Assert.Equal(6, words.Count);
        Assert.Equal("<img src=x onerror=alert(1)>", words[0]);
        Assert.Empty(cut.FindAll("[data-testid=neighbors-results] img"));
        cut.FindAll("[data-testid=neighbors-results] .mud-table-sort-label")[1].Click(); // by word
        Assert.Equal("<b>pear</b>", cut.FindAll("[data-testid=neighbor-word]")[0].TextContent);

        cut.Find("input[data-testid=neighbors-positive]").Input("pear");
        cut.Find("button[data-testid=neighbors-search]").Click();
        Assert.Contains("\"pear\" is not in this word set", cut.Find("[data-testid=neighbors-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=neighbors-results]"));

        cut.Find("button[data-testid=similarity-compare]").Click();
        Assert.Contains("similarity(king, queen) = " + Space.Similarity("king", "queen").ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            cut.Find("[data-testid=similarity-result]").TextContent);
    }

    [Fact]
    public void Doesnt_match_starts_empty_then_names_the_odd_one_out()
    {
        State.DoesntMatch.Words = "man king <b>pear</b>";
        var cut = Render<DoesntMatchPanel>(p => p.Add(c => c.Set, Space).Add(c => c.Query, State.DoesntMatch));
        Assert.Equal("man king <b>pear</b>", cut.Find("input[data-testid=doesnt-match-words]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=doesnt-match-answer]"));
        cut.Find("button[data-testid=doesnt-match-find]").Click();
        Assert.Equal("<b>pear</b>", cut.Find("[data-testid=doesnt-match-answer]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=doesnt-match-panel] b:not(strong)"));

        cut.Find("input[data-testid=doesnt-match-words]").Input("man");
        cut.Find("button[data-testid=doesnt-match-find]").Click();
        Assert.Contains("at least two words", Assert.Single(cut.FindAll("[data-testid=doesnt-match-error]")).TextContent);
        Assert.Empty(cut.FindAll("[data-testid=doesnt-match-answer]"));
    }

    [Fact]
    public void Evaluation_view_has_a_row_per_section_the_total_and_a_bar_chart()
    {
        var result = AnalogyEvaluation.Evaluate(Space, new StringReader(": gender\nman woman king queen\nman woman apple pear\n: empty\n"), "q.txt");
        var cut = Render<AnalogyEvaluationView>(p => p.Add(c => c.Result, result).Add(c => c.RestrictVocab, 1000));
        var rows = cut.FindAll("[data-testid=analogy-evaluation] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("gender", rows[0].QuerySelector("[data-testid=evaluation-section]")!.TextContent);
        Assert.Contains("1 / 1", rows[0].TextContent);
        Assert.Contains("100.0%", rows[0].TextContent);
        Assert.Contains("–", rows[1].TextContent); // nothing asked: no accuracy
        Assert.Contains("Total accuracy", cut.Find("[data-testid=evaluation-total]").TextContent);
        Assert.Contains("1 of 2 questions skipped", cut.Find("[data-testid=evaluation-skipped]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=evaluation-chart]").GetAttribute("data-sections"));
    }

    [Fact]
    public void Evaluation_panel_runs_the_teaching_questions_as_a_job_and_shows_the_sections()
    {
        var cut = Render<EvaluationPanel>(p => p.Add(c => c.Set, Space).Add(c => c.State, State));
        Assert.Empty(cut.FindAll("[data-testid=analogy-evaluation]"));
        cut.Find("button[data-testid=evaluation-teaching]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=analogy-evaluation]")), TimeSpan.FromSeconds(20));
        Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state"));
        Assert.Equal(6, cut.FindAll("[data-testid=evaluation-section]").Count);
        Assert.False(cut.Find("button[data-testid=evaluation-teaching]").HasAttribute("disabled"));
    }

    [Fact]
    public void Evaluation_files_are_named_by_the_users_file_name_in_messages()
    {
        var cut = Render<EvaluationPanel>(p => p.Add(c => c.Set, Space).Add(c => c.State, State));
        State.EvaluatePairs(Space, Upload("my pairs.tsv", "man\tking\tnot-a-number\n"));
        cut.Render();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=job-error]")), TimeSpan.FromSeconds(20));
        Assert.Contains("my pairs.tsv", cut.Find("[data-testid=job-error]").TextContent);
    }

    [Fact]
    public void Training_on_an_uploaded_text_draws_the_loss_and_adds_the_set()
    {
        var text = string.Join('\n', Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "the king rules the land with the queen" : "the cat eats the fish in the house"));
        State.Corpus = Upload("my corpus.txt", text);
        State.Form.MinCount = 1;
        State.Form.VectorSize = 8;
        State.Form.Workers = 1;
        var cut = Render<EmbeddingLab.Web.Components.Pages.Words>();
        Assert.Contains("my corpus.txt", cut.Find("button[data-testid=train]").TextContent);
        cut.Find("input[data-testid=p-epochs]").Input("0");
        cut.Find("button[data-testid=train]").Click();
        Assert.Contains("epochs", Assert.Single(cut.FindAll("[data-testid=train-error]")).TextContent, StringComparison.OrdinalIgnoreCase);

        cut.Find("input[data-testid=p-epochs]").Input("3");
        cut.Find("button[data-testid=train]").Click();
        Assert.Empty(cut.FindAll("[data-testid=train-error]"));
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=train]").HasAttribute("disabled")), TimeSpan.FromSeconds(5));
        Assert.True(int.Parse(cut.Find("[data-testid=loss-chart]").GetAttribute("data-points")!) > 0);
        Assert.Equal("my corpus (word2vec)", State.SetName);
        Assert.Contains("king", cut.Find("[data-testid=first-words]").TextContent);
    }

    [Fact]
    public void A_corpus_without_words_is_refused_with_the_users_file_name()
    {
        State.Corpus = Upload("blank.txt", "\n\n   \n");
        var cut = Render<EmbeddingLab.Web.Components.Pages.Words>();
        cut.Find("button[data-testid=train]").Click();
        cut.WaitForAssertion(() => Assert.Contains("blank.txt", cut.Find("[data-testid=job-error]").TextContent), TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(Path.GetFileName(State.Corpus.Path), cut.Find("[data-testid=job-error]").TextContent);
    }

    [Fact]
    public void The_chosen_set_and_answers_survive_navigating_away_and_back()
    {
        var workspace = Services.GetRequiredService<SessionWorkspace>();
        workspace.Add("Tiny words", Space, "Words", "test set");
        workspace.Add("Other", new EmbeddingSet(["a", "b"], [1, 0, 0, 1], 2), "Songs", "other");
        var first = Render<EmbeddingLab.Web.Components.Pages.Words>();
        Assert.Equal("queen", first.FindAll("[data-testid=analogy-word]")[0].TextContent);
        first.Find("input[data-testid=doesnt-match-words]").Input("man king apple");
        first.Find("button[data-testid=doesnt-match-find]").Click();
        first.Dispose();

        var again = Render<EmbeddingLab.Web.Components.Pages.Words>();
        Assert.Equal("apple", again.Find("[data-testid=doesnt-match-answer]").TextContent);
        Assert.Equal("queen", again.FindAll("[data-testid=analogy-word]")[0].TextContent);
        Assert.Equal("Tiny words", State.SetName);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
