using System.Runtime.InteropServices;
using Bunit;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Compare;
using EmbeddingLab.Web.Components.Compare;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Compare;

/// <summary>The side-by-side maps panel in bUnit: what it sends to compare-plot.js, overlap colours, aligned modes, a pinned key.</summary>
public sealed class SideBySideTests : MudTestContext
{
    private readonly BunitJSModuleInterop _module;

    public SideBySideTests()
    {
        AddCompareServices();
        _module = JSInterop.SetupModule("./js/compare-plot.js");
        _module.Mode = JSRuntimeMode.Loose;
    }

    private CompareState State => Services.GetRequiredService<CompareState>();

    // Two clustered spaces on 40 shared keys (A's keys in reverse order in B, plus one key only in each; one key is HTML).
    private static (EmbeddingSet A, EmbeddingSet B) Spaces()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 40).Select(i => i == 3 ? "<img src=x onerror=alert(1)>" : $"k{i}").ToList();
        float[] Rows(int n, int d, double noise)
        {
            var data = new float[n * d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) data[i * d + j] = (float)((i % 4 == j % 4 ? 2 : 0) + noise * (random.NextDouble() - 0.5));
            return data;
        }
        var a = new EmbeddingSet([.. keys, "only-a"], Rows(41, 6, 1.0), 6);
        var bData = Rows(41, 6, 1.5);
        var bKeys = keys.AsEnumerable().Reverse().Append("only-b").ToArray();
        return (a, new EmbeddingSet(bKeys, bData, 6));
    }

    private SideBySidePayload LastPayload()
    {
        var render = _module.Invocations["render"];
        Assert.NotEmpty(render);
        Assert.Equal(SideBySidePanel.IdA, render[^1].Arguments[0]);
        Assert.Equal(SideBySidePanel.IdB, render[^1].Arguments[1]);
        return Assert.IsType<SideBySidePayload>(render[^1].Arguments[4]);
    }

    private static float[] Floats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    [Fact]
    public void The_maps_payload_holds_both_maps_the_shared_keys_and_each_keys_overlap_as_its_colour()
    {
        var (a, b) = Spaces();
        var comparison = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 3 });
        State.Show("A", "B", a, b, comparison, withMaps: true);
        var cut = Render<SideBySidePanel>(p => p.Add(c => c.State, State));

        var payload = LastPayload();
        var (pa, _, _, _, _, _) = SpaceComparer.Pair(a, b);
        Assert.Equal(pa.Keys, payload.Keys);
        Assert.DoesNotContain("only-a", payload.Keys);
        Assert.Equal(State.Maps!.A, Floats(payload.A));
        Assert.Equal(State.Maps!.B, Floats(payload.B));
        Assert.Equal(40 * 2, Floats(payload.A).Length);
        // Colour = the key's overlap at k, in the row order of the maps.
        var overlap = Floats(payload.Overlap!);
        for (int i = 0; i < payload.Keys.Length; i++) Assert.Equal((float)comparison.OverlapByKey[payload.Keys[i]], overlap[i]);
        Assert.Contains(overlap, v => v < 1);
        Assert.Equal("overlap@3", payload.ColorTitle);
        Assert.Contains("overlap@3: ", payload.Hover[0]);
        Assert.Equal(payload.Keys.Length, payload.Labels.Length);
        Assert.StartsWith(payload.Keys[0], payload.Hover[0]);
        // Keys go raw to the browser (compare-plot.js escapes them once); the page shows no markup from the data.
        Assert.Contains("<img src=x onerror=alert(1)>", payload.Keys);
        Assert.Empty(cut.FindAll("[data-testid=compare-maps] img"));
        Assert.Equal("true", cut.Find("[data-testid=maps-alignment]").GetAttribute("data-aligned"));
        Assert.Contains("Procrustes", cut.Find("[data-testid=maps-alignment]").TextContent);
        Assert.Contains("aligned", payload.TitleB);
    }

    [Fact]
    public void Keys_outside_a_sampled_overlap_get_no_colour_value()
    {
        var (a, b) = Spaces();
        var comparison = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 3, ExactKeyLimit = 10, SampleKeys = 10 });
        State.Show("A", "B", a, b, comparison, withMaps: true);
        Render<SideBySidePanel>(p => p.Add(c => c.State, State));
        var overlap = Floats(LastPayload().Overlap!);
        Assert.Equal(10, overlap.Count(v => !float.IsNaN(v)));
        Assert.Equal(30, overlap.Count(float.IsNaN));
        Assert.Contains(LastPayload().Hover, h => h.EndsWith("not computed (sampled)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProjectionMethod.Pca, true, "rotated (or reflected), scaled and shifted onto A's PCA")]
    [InlineData(ProjectionMethod.Pca, false, "Each set's own PCA")]
    [InlineData(ProjectionMethod.Tsne, true, "started from A's finished t-SNE layout")]
    [InlineData(ProjectionMethod.Umap, true, "started from A's finished UMAP layout")]
    [InlineData(ProjectionMethod.Umap, false, "Each set's own UMAP")]
    public void Draw_maps_runs_the_chosen_method_and_aligned_mode_picks_the_matching_start(ProjectionMethod method, bool aligned, string says)
    {
        var (a, b) = Spaces();
        State.Show("A", "B", a, b, SpaceComparer.Compare(a, b, new ComparisonOptions { K = 3 }), withMaps: true);
        var cut = Render<SideBySidePanel>(p => p.Add(c => c.State, State));
        int drawn = _module.Invocations["render"].Count;
        (State.MapMethod, State.MapAligned) = (method, aligned);
        cut.Find("[data-testid=maps-run]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(60));
        // The first maps (aligned PCA) already say "Pca": wait for the new maps' text too, which lands a moment after the job.
        cut.WaitForAssertion(() =>
        {
            var alignment = cut.Find("[data-testid=maps-alignment]");
            Assert.Equal(method.ToString(), alignment.GetAttribute("data-method"));
            Assert.Contains(says, alignment.TextContent);
            Assert.Equal(aligned ? "true" : "false", alignment.GetAttribute("data-aligned"));
        });
        cut.WaitForAssertion(() => Assert.Equal(drawn + 1, _module.Invocations["render"].Count));
        Assert.Equal(State.Maps!.B, Floats(LastPayload().B));
    }

    [Fact]
    public void A_key_clicked_in_a_map_shows_its_two_neighbourhoods()
    {
        var (a, b) = Spaces();
        State.Show("A", "B", a, b, SpaceComparer.Compare(a, b, new ComparisonOptions { K = 3 }), withMaps: true);
        var cut = Render<SideBySidePanel>(p => p.Add(c => c.State, State));
        cut.InvokeAsync(() => cut.Instance.OnKeyPinned("k5"));
        Assert.Equal("k5", State.SearchKey);
        Assert.Equal(3, State.SearchInA.Count);
        Assert.Equal(3, State.SearchInB.Count);
    }

    [Fact]
    public void Without_a_comparison_the_maps_say_what_to_do_and_draw_is_disabled()
    {
        var cut = Render<SideBySidePanel>(p => p.Add(c => c.State, State));
        Assert.Contains("Compare two sets", cut.Find("[data-testid=maps-status]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=maps-run]").GetAttribute("disabled"));
        Assert.Empty(_module.Invocations["render"]);
    }
}

/// <summary>The semantic-change panel in bUnit on two tiny eras of the real State of the Union (one epoch).</summary>
public sealed class SemanticChangePanelTests : MudTestContext
{
    public SemanticChangePanelTests()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmbeddingLab:Demos:SemanticChangeEpochs"] = "1",
            ["EmbeddingLab:UploadPath"] = Path.Combine(Path.GetTempPath(), "embeddinglab-test-uploads"),
        }).Build());
        AddCompareServices();
    }

    private SemanticChangeState State => Services.GetRequiredService<SemanticChangeState>();

    [Fact]
    public void Two_short_eras_train_align_and_list_the_moved_words_with_their_neighbours_then_and_now()
    {
        var cut = Render<SemanticChangePanel>(p => p.Add(c => c.State, State));
        Assert.Equal("1790", cut.Find("input[data-testid=semantic-from-a]").GetAttribute("value"));
        Assert.Equal("2021", cut.Find("input[data-testid=semantic-to-b]").GetAttribute("value"));
        (State.FromA, State.ToA, State.FromB, State.ToB, State.MinCount) = (1790, 1794, 2017, 2021, 3);
        cut.Find("[data-testid=semantic-run]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("[data-testid=job-panel]").GetAttribute("data-state")), TimeSpan.FromSeconds(120));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=semantic-word]")));
        var r = State.Result!;
        Assert.Equal("1790–1794", r.Split.NameA);
        Assert.Equal(Math.Min(20, r.Change.SharedVocabulary), cut.FindAll("[data-testid=semantic-word]").Count);
        var scores = cut.FindAll("[data-testid=semantic-score]").Select(e => double.Parse(e.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.Equal(r.Change.MostChanged[0].Word, cut.FindAll("[data-testid=semantic-word]")[0].TextContent);
        Assert.Contains(string.Join(", ", r.Change.MostChanged[0].NeighborsA), cut.Find("[data-testid=semantic-table] tbody tr").TextContent);
        // Stop words are left out of the ranking.
        Assert.DoesNotContain(r.Change.MostChanged, w => w.Word is "the" or "of" or "and");
        // Both eras are in the workspace and chosen for the general comparison.
        var workspace = Services.GetRequiredService<SessionWorkspace>();
        Assert.Contains(workspace.Entries, e => e.Name == "Words (SOTU 1790–1794)");
        Assert.Equal("Words (SOTU 2017–2021)", Services.GetRequiredService<CompareState>().NameB);

        cut.Find("[data-testid=semantic-least]").Click();
        var least = cut.FindAll("[data-testid=semantic-score]").Select(e => double.Parse(e.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(least.OrderBy(s => s), least);
    }

    [Fact]
    public void Overlapping_eras_are_refused_before_any_training()
    {
        var cut = Render<SemanticChangePanel>(p => p.Add(c => c.State, State));
        (State.FromA, State.ToA, State.FromB, State.ToB) = (1800, 1900, 1850, 1950);
        cut.Find("[data-testid=semantic-run]").Click();
        Assert.Contains("overlap", cut.Find("[data-testid=semantic-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=job-panel]"));
    }
}
