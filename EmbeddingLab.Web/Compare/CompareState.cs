using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Core.Projection;
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
public sealed class CompareState(SessionWorkspace workspace, JobRunner jobs, EmbeddingLab.Core.Encoding.Onnx.OnnxSessionCache sessions)
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
    private ComparedKeys? _compared;

    public string? SearchKey { get; private set; }
    public IReadOnlyList<(string Key, float Score, int RankInB)> SearchInA { get; private set; } = [];
    public IReadOnlyList<(string Key, float Score, int RankInA)> SearchInB { get; private set; } = [];
    /// <summary>The search panel's one current message.</summary>
    public string? SearchError { get; private set; }

    public IReadOnlyList<WorkspaceEntry> Entries => workspace.Entries;

    /// <summary>Keys both compared sets hold, in A's order, with their labels (songs as "title — artist (id)"): built
    /// once per comparison for the changed-keys table and the key search.</summary>
    public ComparedKeys ComparedKeys => _compared ??= _setA is null || _setB is null ? ComparedKeys.Empty : ComparedKeys.Of(_setA, _setB);

    /// <summary>Keys both compared sets hold, in A's order (for the key search).</summary>
    public IReadOnlyList<string> SharedKeys => ComparedKeys.Keys;

    /// <summary>Starts comparing the two chosen workspace sets; a problem found before starting becomes <see cref="Error"/>.</summary>
    public void StartCompare()
    {
        Error = null;
        if (K < 1) { Error = $"k must be at least 1 (it is {K})."; return; }
        var a = NameA is null ? null : workspace.Get(NameA);
        var b = NameB is null ? null : workspace.Get(NameB);
        if (a is null || b is null) { Error = "Choose set A and set B from the workspace."; return; }
        var (nameA, nameB, k, aligned) = (a.Name, b.Name, K, MapAligned);
        Job = jobs.Start($"Comparing {nameA} with {nameB}", async job =>
        {
            await Task.Yield();
            job.Report(new JobProgress(null, "Loading the sets…"));
            var (setA, setB) = (a.Set, b.Set);
            var progress = new InlineProgress<string>(s => job.Report(new JobProgress(null, $"Computing {s}…")));
            var comparison = SpaceComparer.Compare(setA, setB, new ComparisonOptions { K = k, Budget = jobs.MemoryBudget }, progress, job.CancellationToken);
            var maps = FirstMaps(setA, setB, comparison.Shared, aligned, jobs.MemoryBudget, progress, job.CancellationToken);
            Finished(job, comparison);
            return (setA, setB, comparison, maps);
        }, r => Land(nameA, nameB, r.setA, r.setB, r.comparison, r.Item4), kind: "compare");
    }

    /// <summary>
    /// The ready-made comparison: the demo playlists trained with CBOW and with skip-gram (the songs preset, same seed),
    /// both added to the workspace, then compared. The CBOW side is the built-in Songs (demo) set when it is ready (it
    /// is that very training: the songs preset, sg off), so only skip-gram trains; otherwise both train.
    /// </summary>
    public void StartSongsReadyMade()
    {
        Error = null;
        int k = K < 1 ? 10 : K;
        bool aligned = MapAligned;
        var demoCbow = workspace.Entries.FirstOrDefault(e => e.IsDemo && e.Name == Songs.SongsDemoSource.DemoName)?.Set;
        Job = jobs.Start("Songs: CBOW versus skip-gram", async job =>
        {
            await Task.Yield();
            var demo = DemoPlaylists.Generate();
            var corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(demo.Playlists), Word2VecOptions.SongPreset.MinCount, null, job.CancellationToken);
            EmbeddingSet Train(bool sg, double from, double share)
            {
                var name = sg ? "skip-gram" : "CBOW";
                var progress = new InlineProgress<Word2VecProgress>(p => job.Report(new JobProgress(from + p.Fraction * share,
                    $"Training {name}: epoch {p.Epoch}/{p.Epochs}", [("words/s", p.WordsPerSecond.ToString("N0"))])));
                var options = Word2VecOptions.SongPreset with { Sg = sg, Budget = jobs.MemoryBudget };
                return demo.Catalog.Annotate(Word2Vec.Train(corpus, options, progress, job.CancellationToken).Vectors);
            }
            var cbow = demoCbow ?? Train(false, 0, 0.45);
            var skipGram = demoCbow is null ? Train(true, 0.45, 0.45) : Train(true, 0, 0.9);
            var status = new InlineProgress<string>(s => job.Report(new JobProgress(0.9, $"Computing {s}…")));
            var comparison = SpaceComparer.Compare(cbow, skipGram, new ComparisonOptions { K = k, Budget = jobs.MemoryBudget }, status, job.CancellationToken);
            var maps = FirstMaps(cbow, skipGram, comparison.Shared, aligned, jobs.MemoryBudget, status, job.CancellationToken);
            Finished(job, comparison);
            return (cbow, skipGram, comparison, maps);
        }, r =>
        {
            var nameA = workspace.UniqueName("Songs (demo, CBOW)");
            workspace.Add(nameA, r.cbow, "Songs", "word2vec CBOW on the demo playlists (songs preset)");
            var nameB = workspace.UniqueName("Songs (demo, skip-gram)");
            workspace.Add(nameB, r.skipGram, "Songs", "word2vec skip-gram on the demo playlists (songs preset)");
            (NameA, NameB, K) = (nameA, nameB, k);
            Land(nameA, nameB, r.cbow, r.skipGram, r.comparison, r.Item4);
        }, kind: "compare");
    }

    /// <summary>
    /// The ready-made sentence comparison: the demo sentences encoded with TF-IDF (scikit-learn's defaults, one dimension
    /// per term) and with TF-IDF + LSA (50 dimensions, as the demo set), or, when <paramref name="model"/> is given, with
    /// that transformer model; both added to the workspace, then compared.
    /// </summary>
    public void StartSentencesReadyMade(ModelFolder? model = null)
    {
        Error = null;
        int k = K < 1 ? 10 : K;
        bool aligned = MapAligned;
        var texts = DemoSentences.All.Select(s => s.Text).ToArray();
        var labels = new MetadataColumn("label", DemoSentences.All.Select(s => s.Label).ToArray());
        string nameB = model is null ? "LSA" : model.Label;
        Job = jobs.Start($"Sentences: TF-IDF versus {nameB}", async job =>
        {
            await Task.Yield();
            job.Report(new JobProgress(0.05, "Encoding with TF-IDF…"));
            var tfidf = SentenceSets.Encode(TfidfEncoder.Fit(texts, cancellationToken: job.CancellationToken), texts, [labels], null, job.CancellationToken);
            job.Report(new JobProgress(0.3, $"Encoding with {nameB}…"));
            EmbeddingSet other;
            if (model is null)
            {
                var lsa = TfidfEncoder.Fit(texts, lsa: new TruncatedSvdOptions { NComponents = SentencesDemoSource.Components }, cancellationToken: job.CancellationToken);
                other = SentenceSets.Encode(lsa, texts, [labels], null, job.CancellationToken);
            }
            else
            {
                using var encoder = TransformerEncoder.Load(model.Path, null, sessions);
                var progress = new InlineProgress<EncodingProgress>(p => job.Report(new JobProgress(0.3 + 0.5 * p.Done / Math.Max(1.0, p.Total), $"Encoding with {nameB}…")));
                other = SentenceSets.Encode(encoder, texts, [labels], progress, job.CancellationToken);
            }
            var status = new InlineProgress<string>(s => job.Report(new JobProgress(0.9, $"Computing {s}…")));
            var comparison = SpaceComparer.Compare(tfidf, other, new ComparisonOptions { K = k, Budget = jobs.MemoryBudget }, status, job.CancellationToken);
            var maps = FirstMaps(tfidf, other, comparison.Shared, aligned, jobs.MemoryBudget, status, job.CancellationToken);
            Finished(job, comparison);
            return (tfidf, other, comparison, maps);
        }, r =>
        {
            var a = workspace.UniqueName("Sentences (demo, TF-IDF)");
            workspace.Add(a, r.tfidf, "Sentences", "the demo sentences under TF-IDF (scikit-learn's defaults)");
            var b = workspace.UniqueName(model is null ? "Sentences (demo, LSA)" : $"Sentences (demo, {nameB})");
            workspace.Add(b, r.other, "Sentences", model is null ? $"the demo sentences under TF-IDF + LSA ({SentencesDemoSource.Components} dimensions)" : $"the demo sentences encoded by {nameB}");
            (NameA, NameB, K) = (a, b, k);
            Land(a, b, r.tfidf, r.other, r.comparison, r.Item4);
        }, kind: "compare");
    }

    // The job panel shows the last status after "Done in …": say what was compared, not the last step ("Computing PCA of B…").
    private static void Finished(BackgroundJob job, SpaceComparison comparison) =>
        job.Report(new JobProgress(1, $"{comparison.Shared:N0} shared keys compared at k = {comparison.K}."));

    private void Land(string nameA, string nameB, EmbeddingSet a, EmbeddingSet b, SpaceComparison result, PairedMaps? maps)
    {
        (ResultA, ResultB, _setA, _setB, Result, _compared) = (nameA, nameB, a, b, result, null);
        (SearchKey, SearchInA, SearchInB, SearchError) = (null, [], [], null);
        (Maps, PairedA, MapsError, MapMethod) = (maps?.Maps, maps?.PairedA, maps?.Error, ProjectionMethod.Pca);
        MapsVersion++;
        Changed?.Invoke();
    }

    // ---- Side-by-side maps ----

    /// <summary>The method of the next side-by-side maps (PCA after every comparison; t-SNE and UMAP on request).</summary>
    public ProjectionMethod MapMethod { get; set; } = ProjectionMethod.Pca;

    /// <summary>Aligned mode: B's map tied to A's (Procrustes-aligned PCA, or t-SNE/UMAP started from A's layout).</summary>
    public bool MapAligned { get; set; } = true;

    /// <summary>The side-by-side maps of the shared keys (rows in the order of <see cref="PairedA"/>).</summary>
    public PairedProjectionResult? Maps { get; private set; }

    /// <summary>Set A restricted to the keys both sets share, in the maps' row order.</summary>
    public EmbeddingSet? PairedA { get; private set; }

    /// <summary>Changes whenever new maps land, so the plot redraws once per result.</summary>
    public int MapsVersion { get; private set; }

    public BackgroundJob? MapsJob { get; private set; }
    public bool IsMapping => MapsJob?.IsRunning == true;
    public string? MapsError { get; private set; }

    /// <summary>Maps that landed, or (<see cref="Error"/>) why none were drawn.</summary>
    private sealed record PairedMaps(EmbeddingSet? PairedA, PairedProjectionResult? Maps, string? Error = null);

    /// <summary>
    /// PCA maps (cheap) made inside every comparison job, so the two pictures come with the numbers. Sized against the
    /// job's memory bound before pairing: maps over it are refused with their size, and the comparison still lands.
    /// </summary>
    private static PairedMaps FirstMaps(EmbeddingSet a, EmbeddingSet b, int shared, bool aligned, Core.Limits.MemoryBudget budget,
        IProgress<string> progress, CancellationToken cancellationToken)
    {
        var options = new PairedProjectionOptions { Method = ProjectionMethod.Pca, Aligned = aligned, Budget = budget };
        try
        {
            PairedProjection.EnsureFits(shared, a.Dimensions, b.Dimensions, options);
            var (pa, pb, _, _, _, _) = SpaceComparer.Pair(a, b);
            return new PairedMaps(pa, PairedProjection.Run(pa, pb, options, progress, cancellationToken));
        }
        // Maps that cannot be drawn (over the bound, or 1-dimensional sets) must not cost the user the comparison itself.
        catch (Exception e) when (e is Core.Limits.MemoryBudgetException or ArgumentException) { return new PairedMaps(null, null, e.Message); }
    }

    /// <summary>Projects the compared sets again with <see cref="MapMethod"/> and <see cref="MapAligned"/>, as a job.</summary>
    public void StartMaps()
    {
        MapsError = null;
        if (_setA is null || _setB is null || Result is null) { MapsError = "Compare two sets first."; return; }
        var (a, b, method, aligned, shared) = (_setA, _setB, MapMethod, MapAligned, Result.Shared);
        string name = method switch { ProjectionMethod.Tsne => "t-SNE", ProjectionMethod.Umap => "UMAP", _ => "PCA" };
        MapsJob = jobs.Start($"Side-by-side maps ({name}{(aligned ? ", aligned" : "")})", async job =>
        {
            await Task.Yield();
            // Sized before pairing copies the sets: maps over the job's bound fail the job with their size.
            var options = new PairedProjectionOptions { Method = method, Aligned = aligned, Budget = jobs.MemoryBudget };
            PairedProjection.EnsureFits(shared, a.Dimensions, b.Dimensions, options);
            var (pa, pb, _, _, _, _) = SpaceComparer.Pair(a, b);
            var progress = new InlineProgress<string>(s => job.Report(new JobProgress(s.EndsWith("of B", StringComparison.Ordinal) ? 0.5 : 0.0, $"Projecting: {s}…")));
            return new PairedMaps(pa, PairedProjection.Run(pa, pb, options, progress, job.CancellationToken));
        }, r =>
        {
            if (!ReferenceEquals(a, _setA) || !ReferenceEquals(b, _setB)) return; // a newer comparison landed meanwhile
            (Maps, PairedA) = (r.Maps, r.PairedA);
            MapsVersion++;
            Changed?.Invoke();
        }, kind: "compare-maps");
    }

    /// <summary>Shows one shared key's neighbourhoods in A and B, each neighbour with its rank in the other space.</summary>
    public void Search(string? key)
    {
        SearchError = null;
        (SearchKey, SearchInA, SearchInB) = (null, [], []);
        if (_setA is null || _setB is null || Result is null) { SearchError = "Compare two sets first."; return; }
        if (string.IsNullOrWhiteSpace(key)) return;
        key = ComparedKeys.KeyOf(key)!; // a song's label typed whole names its id
        try
        {
            var (inA, inB) = SpaceComparer.KeyNeighborhoods(_setA, _setB, key, Result.K);
            (SearchKey, SearchInA, SearchInB) = (key, inA, inB);
        }
        catch (KeyNotFoundException e) { SearchError = e.Message; }
    }

    /// <summary>Tells the page that something it shows changed (e.g. a key clicked in a map was searched).</summary>
    public void NotifyChanged() => Changed?.Invoke();

    /// <summary>For tests and callers that already hold the two sets: show a finished comparison.</summary>
    public void Show(string nameA, string nameB, EmbeddingSet a, EmbeddingSet b, SpaceComparison result, bool withMaps = false) =>
        Land(nameA, nameB, a, b, result, withMaps ? FirstMaps(a, b, result.Shared, MapAligned, jobs.MemoryBudget, new InlineProgress<string>(_ => { }), CancellationToken.None) : null);
}
