using Bunit;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Compare;
using EmbeddingLab.Web.Components.Compare;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ComparePage = EmbeddingLab.Web.Components.Pages.Compare;

namespace EmbeddingLab.Tests.Compare;

/// <summary>The Compare page's panels in bUnit: empty, running, result and error states, the key search, and escaping.</summary>
public sealed class CompareComponentTests : MudTestContext
{
    private const string Img = "<img src=x onerror=alert(1)>";

    // Two small spaces on the same keys (plus one only in each): B swaps the roles of two clusters' members, so some
    // neighbourhoods change and others stay.
    private static EmbeddingSet SpaceA() => new(
        ["a1", "a2", "a3", "<b>b1</b>", Img, "b3", "only-a"],
        [1, 0, 0,
         0.9f, 0.1f, 0,
         0.8f, 0.2f, 0.1f,
         0, 1, 0,
         0.1f, 0.9f, 0,
         0, 0.8f, 0.3f,
         0, 0, 1], 3);

    private static EmbeddingSet SpaceB() => new(
        ["a1", "a2", "a3", "<b>b1</b>", Img, "b3", "only-b"],
        [1, 0, 0,
         0.1f, 0.9f, 0,
         0.8f, 0.2f, 0.1f,
         0, 1, 0,
         0.9f, 0.1f, 0,
         0, 0.8f, 0.3f,
         0, 0, 1], 3);

    public CompareComponentTests()
    {
        AddCompareServices();
    }

    private CompareState State => Services.GetRequiredService<CompareState>();
    private SessionWorkspace Workspace => Services.GetRequiredService<SessionWorkspace>();

    [Fact]
    public void Empty_page_says_what_to_do_and_compare_without_sets_names_the_problem()
    {
        var cut = Render<ComparePage>();
        Assert.NotEmpty(cut.FindAll("[data-testid=compare-no-sets]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=compare-summary-empty]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=changed-empty]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=search-empty]"));
        cut.Find("[data-testid=compare-run]").Click();
        Assert.Contains("Choose set A and set B", cut.Find("[data-testid=compare-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=job-panel]"));
    }

    [Fact]
    public void Comparing_two_workspace_sets_shows_the_summary_and_the_changed_keys_escaped()
    {
        Workspace.Add("A", SpaceA(), "Test", "space A");
        Workspace.Add("B", SpaceB(), "Test", "space B");
        var cut = Render<ComparePage>();
        (State.NameA, State.NameB, State.K) = ("A", "B", 2);
        cut.Find("[data-testid=compare-run]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(20));
        // OnFinished re-renders the page: Compare is enabled again.
        cut.WaitForAssertion(() => Assert.Null(cut.Find("[data-testid=compare-run]").GetAttribute("disabled")));
        Assert.Equal("6", cut.Find("[data-testid=compare-shared]").TextContent);
        Assert.StartsWith("1", cut.Find("[data-testid=compare-only-a]").TextContent);
        Assert.Contains("only-a", cut.Find("[data-testid=compare-only-a]").TextContent);
        Assert.Contains("only-b", cut.Find("[data-testid=compare-only-b]").TextContent);
        var result = State.Result!;
        Assert.Contains(result.MeanOverlap.ToString("F3"), cut.Find("[data-testid=compare-mean-overlap]").TextContent);
        Assert.Contains($"chance {result.ChanceOverlap:F3}", cut.Find("[data-testid=compare-mean-overlap]").TextContent);
        Assert.Equal(result.Cka.ToString("F3"), cut.Find("[data-testid=compare-cka]").TextContent);
        Assert.True(result.MeanOverlap < 1, "the swapped keys change some neighbourhoods");

        // Most changed first: the lowest overlap is on top, and the keys (HTML in the data) are text, not markup.
        var overlaps = cut.FindAll("[data-testid=changed-overlap]").Select(e => double.Parse(e.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(overlaps.OrderBy(o => o), overlaps);
        var keys = cut.FindAll("[data-testid=changed-key]").Select(e => e.TextContent).ToList();
        Assert.Contains(Img, keys);
        Assert.Contains("<b>b1</b>", keys);
        Assert.Empty(cut.FindAll("[data-testid=changed-table] img"));
        Assert.Empty(cut.FindAll("[data-testid=changed-table] td b"));

        // Least changed: the highest overlap on top; a neighbour found in both lists is bold.
        cut.Find("[data-testid=changed-least]").Click();
        var least = cut.FindAll("[data-testid=changed-overlap]").Select(e => double.Parse(e.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(least.OrderByDescending(o => o), least);
        var top = result.LeastChanged[0];
        var bold = cut.FindAll("[data-testid=changed-table] tbody tr")[0].QuerySelectorAll("[data-testid=neighbor-shared]").Select(e => e.TextContent).ToList();
        Assert.Equal(top.NeighborsA.Intersect(top.NeighborsB).Order(StringComparer.Ordinal), bold.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("A", cut.Find("[data-testid=compare-name-a]").TextContent);
    }

    [Fact]
    public void Searching_a_shared_key_shows_both_neighbourhoods_with_ranks_and_an_unknown_key_gets_a_message()
    {
        var (a, b) = (SpaceA(), SpaceB());
        State.Show("A", "B", a, b, Core.Analysis.Comparison.SpaceComparer.Compare(a, b, new() { K = 2 }));
        var cut = Render<KeySearchPanel>(p => p.Add(c => c.State, State));
        Assert.Equal(6, State.SharedKeys.Count);

        State.Search(Img);
        cut.Render();
        var (inA, inB) = Core.Analysis.Comparison.SpaceComparer.KeyNeighborhoods(a, b, Img, 2);
        var rowsA = cut.FindAll("[data-testid=search-in-a] tbody tr");
        Assert.Equal(inA.Count, rowsA.Count);
        Assert.Equal(inA[0].Key, rowsA[0].QuerySelectorAll("td")[0].TextContent);
        Assert.Equal(inA[0].RankInB.ToString(), rowsA[0].QuerySelectorAll("td")[2].TextContent);
        var rowsB = cut.FindAll("[data-testid=search-in-b] tbody tr");
        Assert.Equal(inB[0].RankInA.ToString(), rowsB[0].QuerySelectorAll("td")[2].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=compare-search] img"));

        State.Search("only-a");
        cut.Render();
        Assert.Contains("only-a", cut.Find("[data-testid=search-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=search-in-a]"));
    }

    [Fact]
    public void Songs_are_shown_as_title_artist_and_id_in_the_changed_keys_and_the_key_search()
    {
        // The two test spaces as songs 0…6, one title holding HTML; song 5 has no artist, song 6 is not catalogued.
        var catalog = new Core.Data.SongCatalog([
            new(0, "Hey Jude", "The Beatles", []), new(1, "Jolene", "Dolly Parton", []), new(2, "Africa", "Toto", []),
            new(3, Img, "<b>Band</b>", []), new(4, "Hurt", "Johnny Cash", []), new(5, "Intro", "", [])]);
        static EmbeddingSet Ids(EmbeddingSet set) => new(Enumerable.Range(0, set.Count).Select(i => i.ToString()).ToArray(), set.Matrix.ToArray(), set.Dimensions);
        var (a, b) = (catalog.Annotate(Ids(SpaceA())), catalog.Annotate(Ids(SpaceB())));
        var result = Core.Analysis.Comparison.SpaceComparer.Compare(a, b, new() { K = 2 });
        State.Show("A", "B", a, b, result);
        var keys = State.ComparedKeys;
        Assert.Same(keys, State.ComparedKeys); // built once per comparison, not per render
        var table = Render<ChangedKeysPanel>(p => p.Add(c => c.Result, State.Result).Add(c => c.Keys, keys));

        var expected = result.MostChanged.Select(o => keys.Label(o.Key)).ToList();
        Assert.Equal(expected, table.FindAll("[data-testid=changed-key]").Select(e => e.TextContent));
        Assert.Contains("Hey Jude — The Beatles (0)", expected.Concat(result.MostChanged.SelectMany(o => o.NeighborsA).Select(keys.Label)));
        Assert.Equal("Intro (5)", keys.Label("5"));
        Assert.Equal("6", keys.Label("6"));
        Assert.Equal($"{Img} — <b>Band</b> (3)", keys.Label("3"));
        Assert.Empty(table.FindAll("[data-testid=changed-table] img"));
        Assert.Empty(table.FindAll("[data-testid=changed-table] td b"));
        // The neighbour columns are labelled too.
        var row = result.MostChanged[0];
        var neighborsA = table.FindAll("[data-testid=changed-table] tbody tr")[0].QuerySelectorAll("td")[2].TextContent;
        Assert.Equal(string.Join(", ", row.NeighborsA.Select(keys.Label)), neighborsA);

        // The key search finds songs by title, artist or id, offers labels, and shows labelled neighbours.
        Assert.Equal(["1"], keys.Find("jolene", 10));
        Assert.Equal(["4"], keys.Find("cash", 10));
        Assert.Equal("0", keys.Find("0", 10)[0]);
        Assert.Equal(["2"], keys.Find("Africa — Toto (2)", 10));
        var search = Render<KeySearchPanel>(p => p.Add(c => c.State, State));
        State.Search("Hey Jude — The Beatles (0)"); // the label typed whole names the song
        search.Render();
        Assert.Equal("0", State.SearchKey);
        var (inA, _) = Core.Analysis.Comparison.SpaceComparer.KeyNeighborhoods(a, b, "0", 2);
        Assert.Equal(keys.Label(inA[0].Key), search.FindAll("[data-testid=search-in-a] tbody tr")[0].QuerySelectorAll("td")[0].TextContent);
        Assert.Contains(" — ", search.FindAll("[data-testid=search-in-a] tbody tr")[0].QuerySelectorAll("td")[0].TextContent);
        Assert.Empty(search.FindAll("[data-testid=compare-search] img"));

        // A new comparison gets its own labels.
        State.Show("A", "B", SpaceA(), SpaceB(), Core.Analysis.Comparison.SpaceComparer.Compare(SpaceA(), SpaceB(), new() { K = 2 }));
        Assert.NotSame(keys, State.ComparedKeys);
        Assert.False(State.ComparedKeys.HasLabels);
    }

    [Fact]
    public async Task One_dimensional_sets_compare_and_the_maps_say_why_they_cannot_be_drawn()
    {
        var keys = Enumerable.Range(0, 12).Select(i => $"w{i}").ToArray();
        var a = new EmbeddingSet(keys, keys.Select((_, i) => (float)(i + 1)).ToArray(), 1);
        var b = new EmbeddingSet(keys, keys.Select((_, i) => (float)((i * 7) % 12 + 1)).ToArray(), 1);
        Workspace.Add("A", a, "Test", "one dimension");
        Workspace.Add("B", b, "Test", "one dimension");
        (State.NameA, State.NameB, State.K) = ("A", "B", 3);
        State.StartCompare();
        await State.Job!.WaitAsync();
        Assert.True(State.Job.State == JobState.Succeeded, State.Job.Error);
        Assert.Equal(12, State.Result!.Shared);
        Assert.Null(State.Maps);
        Assert.Contains("at least 2 dimensions", State.MapsError);
    }

    [Fact]
    public void The_key_column_sorts_songs_by_the_label_shown_not_by_their_ids()
    {
        // Titles run against the ids (song 0 is "Zebra", song 5 "Apple"), so sorting by id and by label disagree.
        string[] titles = ["Zebra", "Yellow", "Hurt", "Delta", "Candle", "Apple"];
        var catalog = new Core.Data.SongCatalog(titles.Select((t, i) => new Core.Data.Song(i, t, "Band", [])).ToList());
        static EmbeddingSet Ids(EmbeddingSet set) => new(Enumerable.Range(0, set.Count).Select(i => i.ToString()).ToArray(), set.Matrix.ToArray(), set.Dimensions);
        var (a, b) = (catalog.Annotate(Ids(SpaceA())), catalog.Annotate(Ids(SpaceB())));
        var result = Core.Analysis.Comparison.SpaceComparer.Compare(a, b, new() { K = 2 });
        State.Show("A", "B", a, b, result);
        var table = Render<ChangedKeysPanel>(p => p.Add(c => c.Result, State.Result).Add(c => c.Keys, State.ComparedKeys));
        var shown = result.MostChanged.Select(o => State.ComparedKeys.Label(o.Key)).ToList();
        Assert.True(shown.Count >= 3, $"{shown.Count} rows");
        table.FindAll("th .mud-table-sort-label")[0].Click();
        var sorted = table.FindAll("[data-testid=changed-key]").Select(e => e.TextContent).ToList();
        Assert.Equal(shown.Order(StringComparer.Ordinal), sorted);
        Assert.NotEqual(result.MostChanged.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => State.ComparedKeys.Label(o.Key)), sorted);
    }

    [Fact]
    public void The_ready_made_sentences_comparison_tf_idf_versus_lsa_renders_its_summary()
    {
        var cut = Render<ComparePage>();
        cut.Find("[data-testid=compare-ready-sentences]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(120));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=compare-summary-empty]")));

        int sentences = Core.Data.DemoSentences.All.Count;
        Assert.Equal(sentences.ToString("N0"), cut.Find("[data-testid=compare-shared]").TextContent);
        Assert.StartsWith("0", cut.Find("[data-testid=compare-only-a]").TextContent);
        Assert.Equal("Sentences (demo, TF-IDF)", cut.Find("[data-testid=compare-name-a]").TextContent);
        Assert.Equal("Sentences (demo, LSA)", cut.Find("[data-testid=compare-name-b]").TextContent);
        Assert.Equal(["Sentences (demo, TF-IDF)", "Sentences (demo, LSA)"], Workspace.Entries.Select(e => e.Name));
        var result = State.Result!;
        // LSA is a projection of the same TF-IDF rows: neighbourhoods overlap far above chance, and the spaces are related.
        Assert.True(result.MeanOverlap > 3 * result.ChanceOverlap, $"mean overlap {result.MeanOverlap} against chance {result.ChanceOverlap}");
        Assert.InRange(result.Cka, 0.2, 1.0);
        Assert.Contains($"{result.MeanOverlap:F3} (chance {result.ChanceOverlap:F3})", cut.Find("[data-testid=compare-mean-overlap]").TextContent);
        Assert.Equal(result.Cka.ToString("F3"), cut.Find("[data-testid=compare-cka]").TextContent);
        Assert.Equal(result.ProcrustesDisparity.ToString("F3"), cut.Find("[data-testid=compare-disparity]").TextContent);
        // TF-IDF has a dimension per term, LSA 50: the summary says both were reduced before Procrustes.
        Assert.Equal(50, result.ReducedTo);
        Assert.Contains(cut.FindAll("[data-testid=compare-note]"), n => n.TextContent.Contains("different dimensions, so both were reduced to 50"));
        Assert.Equal(Math.Min(20, sentences), cut.FindAll("[data-testid=changed-table] tbody tr").Count);
    }

    [Fact]
    public void Sets_with_too_few_shared_keys_fail_in_the_job_panel_with_the_reason()
    {
        Workspace.Add("A", SpaceA(), "Test", "space A");
        Workspace.Add("Other", new EmbeddingSet(["x", "y", "a1"], [1, 0, 0, 1, 1, 1], 2), "Test", "other keys");
        var cut = Render<ComparePage>();
        (State.NameA, State.NameB) = ("A", "Other");
        cut.Find("[data-testid=compare-run]").Click();
        cut.WaitForAssertion(() => Assert.Contains("share 1 key", cut.Find("[data-testid=job-error]").TextContent), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(cut.FindAll("[data-testid=compare-summary-empty]"));
        Assert.Null(cut.Find("[data-testid=compare-run]").GetAttribute("disabled"));
    }

    [Fact]
    public void While_the_ready_made_comparison_runs_the_buttons_wait_and_cancel_stops_it()
    {
        var cut = Render<ComparePage>();
        cut.Find("[data-testid=compare-ready-songs]").Click();
        Assert.Equal("Running", cut.Find("[data-testid=job-panel]").GetAttribute("data-state"));
        Assert.NotNull(cut.Find("[data-testid=compare-run]").GetAttribute("disabled"));
        Assert.NotNull(cut.Find("[data-testid=compare-ready-songs]").GetAttribute("disabled"));
        cut.Find("[data-testid=job-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Cancelled", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(60));
        // OnFinished re-renders the page: the buttons are enabled again.
        cut.WaitForAssertion(() => Assert.Null(cut.Find("[data-testid=compare-run]").GetAttribute("disabled")));
        Assert.Null(State.Result);
        Assert.Empty(Workspace.Entries);
    }
}
