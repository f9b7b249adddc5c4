using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Compare;

/// <summary>
/// The semantic-change ready-made comparison for one session: the era split, the minimum count, the job that trains the
/// two State of the Union eras and aligns them, and its result. Each era's vectors are cached on disk (beside the demo
/// sets, keyed by years and settings and the build of the code) and in the session, so a second run with the same
/// split, or one that shares an era, skips the training. <c>EmbeddingLab:Demos:SemanticChangeEpochs</c> lowers the
/// word2vec epochs (tests).
/// </summary>
public sealed class SemanticChangeState(SessionWorkspace workspace, JobRunner jobs, CompareState compare, IConfiguration configuration,
    DemoCache? cache = null)
{
    public event Action? Changed;

    public int FromA { get; set; } = SotuEraSplit.Default.FromA;
    public int ToA { get; set; } = SotuEraSplit.Default.ToA;
    public int FromB { get; set; } = SotuEraSplit.Default.FromB;
    public int ToB { get; set; } = SotuEraSplit.Default.ToB;
    /// <summary>A word is compared when it occurs at least this often in each era.</summary>
    public int MinCount { get; set; } = 50;

    public BackgroundJob? Job { get; private set; }
    public bool IsRunning => Job?.IsRunning == true;
    public string? Error { get; private set; }
    public SotuEraChange? Result { get; private set; }
    /// <summary>Workspace names the two eras were added under.</summary>
    public (string A, string B)? Names { get; private set; }

    private readonly Dictionary<string, EmbeddingSet> _eras = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public SotuWordsOptions TrainingOptions()
    {
        var options = new SotuWordsOptions();
        var epochs = configuration.GetValue<int?>("EmbeddingLab:Demos:SemanticChangeEpochs");
        return epochs is int e ? options with { Word2Vec = options.Word2Vec with { Epochs = Math.Max(1, e) } } : options;
    }

    /// <summary>Starts training the two eras and ranking the words; a problem found first becomes <see cref="Error"/>.</summary>
    public void Start()
    {
        Error = null;
        var split = new SotuEraSplit(FromA, ToA, FromB, ToB);
        if (split.Problem() is { } problem) { Error = problem; return; }
        if (MinCount < 1) { Error = $"The minimum count must be at least 1 (it is {MinCount})."; return; }
        int minCount = MinCount;
        var options = TrainingOptions();
        string version = typeof(SotuEras).Assembly.ManifestModule.ModuleVersionId.ToString();
        Job = jobs.Start($"Semantic change: State of the Union {split.NameA} vs {split.NameB}", async job =>
        {
            await Task.Yield();
            job.Report(new JobProgress(0, "Reading the addresses…"));
            var addresses = StateOfTheUnion.Read(cancellationToken: job.CancellationToken);
            var lexicons = WordLexicons.Read();
            var progress = new InlineProgress<SotuEraProgress>(p => job.Report(new JobProgress(p.Fraction, p.Stage,
                p.Training is { } t ? [("words/s", t.WordsPerSecond.ToString("N0")), ("ETA", t.Eta.ToString(@"m\:ss"))] : [])));
            return SotuEras.Run(addresses, lexicons, split, minCount, options, top: 20, neighbors: 8,
                eraCache: key => Cached(key, version), eraTrained: (key, set) => Remember(key, version, set),
                progress: progress, cancellationToken: job.CancellationToken);
        }, r =>
        {
            var nameA = workspace.UniqueName($"Words (SOTU {r.Split.NameA})");
            workspace.Add(nameA, r.EraA, "Words", $"word2vec (skip-gram, phrases) on the State of the Union addresses {r.Split.NameA}");
            var nameB = workspace.UniqueName($"Words (SOTU {r.Split.NameB})");
            workspace.Add(nameB, r.EraB, "Words", $"word2vec (skip-gram, phrases) on the State of the Union addresses {r.Split.NameB}");
            (Result, Names) = (r, (nameA, nameB));
            // Ready for the general comparison (overlaps and side-by-side maps) of the two eras.
            (compare.NameA, compare.NameB) = (nameA, nameB);
            Changed?.Invoke();
        }, kind: "semantic-change");
    }

    private EmbeddingSet? Cached(string key, string version)
    {
        lock (_gate) if (_eras.TryGetValue(key, out var set)) return set;
        var fromDisk = cache?.TryLoad(key, version);
        if (fromDisk is not null) lock (_gate) _eras[key] = fromDisk;
        return fromDisk;
    }

    private void Remember(string key, string version, EmbeddingSet set)
    {
        lock (_gate) _eras[key] = set;
        try { cache?.Save(key, version, set); }
        catch (IOException) { } // the disk cache only saves time; the session copy is kept
        catch (UnauthorizedAccessException) { }
    }
}
