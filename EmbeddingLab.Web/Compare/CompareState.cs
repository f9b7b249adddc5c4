using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Compare;

/// <summary>
/// What the Compare page shows for one browser session: the two chosen sets, k, the comparison job and its result, and
/// the searched key's two neighbourhoods. Scoped, and the job runs here (not in a component), so a comparison started
/// before navigating away lands when it finishes.
/// </summary>
public sealed class CompareState(SessionWorkspace workspace, JobRunner jobs)
{
    /// <summary>Raised (on any thread) when a job's outcome changed what the page shows.</summary>
    public event Action? Changed;

    public string? NameA { get; set; }
    public string? NameB { get; set; }
    public int K { get; set; } = 10;

    public BackgroundJob? Job { get; private set; }
    public bool IsRunning => Job?.IsRunning == true;

    /// <summary>The setup panel's one current message (a problem found before the job starts).</summary>
    public string? Error { get; set; }

    public SpaceComparison? Result { get; private set; }
    public string? ResultA { get; private set; }
    public string? ResultB { get; private set; }
    private EmbeddingSet? _setA, _setB;
    private List<string>? _sharedKeys;

    public string? SearchKey { get; private set; }
    public IReadOnlyList<(string Key, float Score, int RankInB)> SearchInA { get; private set; } = [];
    public IReadOnlyList<(string Key, float Score, int RankInA)> SearchInB { get; private set; } = [];
    /// <summary>The search panel's one current message.</summary>
    public string? SearchError { get; private set; }

    public IReadOnlyList<WorkspaceEntry> Entries => workspace.Entries;

    /// <summary>Keys both compared sets hold, in A's order (for the key search).</summary>
    public IReadOnlyList<string> SharedKeys => _sharedKeys ??= _setA is null || _setB is null ? [] : _setA.Keys.Where(_setB.Contains).ToList();

    /// <summary>Starts comparing the two chosen workspace sets; a problem found before starting becomes <see cref="Error"/>.</summary>
    public void StartCompare()
    {
        Error = null;
        if (K < 1) { Error = $"k must be at least 1 (it is {K})."; return; }
        var a = NameA is null ? null : workspace.Get(NameA);
        var b = NameB is null ? null : workspace.Get(NameB);
        if (a is null || b is null) { Error = "Choose set A and set B from the workspace."; return; }
        var (nameA, nameB, k) = (a.Name, b.Name, K);
        Job = jobs.Start($"Comparing {nameA} with {nameB}", async job =>
        {
            await Task.Yield();
            job.Report(new JobProgress(null, "Loading the sets…"));
            var (setA, setB) = (a.Set, b.Set);
            var progress = new InlineProgress<string>(s => job.Report(new JobProgress(null, $"Computing {s}…")));
            return (setA, setB, SpaceComparer.Compare(setA, setB, new ComparisonOptions { K = k }, progress, job.CancellationToken));
        }, r => Land(nameA, nameB, r.setA, r.setB, r.Item3), kind: "compare");
    }

    /// <summary>
    /// The ready-made comparison: the demo playlists trained with CBOW and with skip-gram (the songs preset, same seed),
    /// both added to the workspace, then compared.
    /// </summary>
    public void StartSongsReadyMade()
    {
        Error = null;
        int k = K < 1 ? 10 : K;
        Job = jobs.Start("Songs: CBOW versus skip-gram", async job =>
        {
            await Task.Yield();
            var demo = DemoPlaylists.Generate();
            var corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(demo.Playlists), Word2VecOptions.SongPreset.MinCount, null, job.CancellationToken);
            EmbeddingSet Train(bool sg, double from)
            {
                var name = sg ? "skip-gram" : "CBOW";
                var progress = new InlineProgress<Word2VecProgress>(p => job.Report(new JobProgress(from + p.Fraction * 0.45,
                    $"Training {name}: epoch {p.Epoch}/{p.Epochs}", [("words/s", p.WordsPerSecond.ToString("N0"))])));
                var options = Word2VecOptions.SongPreset with { Sg = sg, Budget = jobs.MemoryBudget };
                return demo.Catalog.Annotate(Word2Vec.Train(corpus, options, progress, job.CancellationToken).Vectors);
            }
            var cbow = Train(false, 0);
            var skipGram = Train(true, 0.45);
            var status = new InlineProgress<string>(s => job.Report(new JobProgress(0.9, $"Computing {s}…")));
            return (cbow, skipGram, SpaceComparer.Compare(cbow, skipGram, new ComparisonOptions { K = k }, status, job.CancellationToken));
        }, r =>
        {
            var nameA = workspace.UniqueName("Songs (demo, CBOW)");
            workspace.Add(nameA, r.cbow, "Songs", "word2vec CBOW on the demo playlists (songs preset)");
            var nameB = workspace.UniqueName("Songs (demo, skip-gram)");
            workspace.Add(nameB, r.skipGram, "Songs", "word2vec skip-gram on the demo playlists (songs preset)");
            (NameA, NameB, K) = (nameA, nameB, k);
            Land(nameA, nameB, r.cbow, r.skipGram, r.Item3);
        }, kind: "compare");
    }

    private void Land(string nameA, string nameB, EmbeddingSet a, EmbeddingSet b, SpaceComparison result)
    {
        (ResultA, ResultB, _setA, _setB, Result, _sharedKeys) = (nameA, nameB, a, b, result, null);
        (SearchKey, SearchInA, SearchInB, SearchError) = (null, [], [], null);
        Changed?.Invoke();
    }

    /// <summary>Shows one shared key's neighbourhoods in A and B, each neighbour with its rank in the other space.</summary>
    public void Search(string? key)
    {
        SearchError = null;
        (SearchKey, SearchInA, SearchInB) = (null, [], []);
        if (_setA is null || _setB is null || Result is null) { SearchError = "Compare two sets first."; return; }
        if (string.IsNullOrWhiteSpace(key)) return;
        try
        {
            var (inA, inB) = SpaceComparer.KeyNeighborhoods(_setA, _setB, key, Result.K);
            (SearchKey, SearchInA, SearchInB) = (key, inA, inB);
        }
        catch (KeyNotFoundException e) { SearchError = e.Message; }
    }

    /// <summary>For tests and callers that already hold the two sets: show a finished comparison.</summary>
    public void Show(string nameA, string nameB, EmbeddingSet a, EmbeddingSet b, SpaceComparison result) => Land(nameA, nameB, a, b, result);
}
