using EmbeddingLab.Core.Encoding.Onnx;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.Hub;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>
/// Sentences with their label columns and where they came from (file name, "pasted", the demo, a built-in set);
/// <paramref name="Keys"/> when the documents have their own keys ("1790 George Washington ¶3"), else the texts are the keys.
/// </summary>
public sealed record SentenceCorpus(IReadOnlyList<string> Texts, IReadOnlyList<MetadataColumn> Labels, string Source, IReadOnlyList<string>? Keys = null)
{
    public int Count => Texts.Count;

    /// <summary>The documents of a built set: its text column, its keys and every other metadata column.</summary>
    public static SentenceCorpus FromSet(EmbeddingSet set, string source) => new(
        set.Column("text")?.Values ?? set.Keys,
        set.Metadata.Where(c => !string.Equals(c.Name, "text", StringComparison.OrdinalIgnoreCase)).ToList(),
        source,
        set.Keys);

    public EmbeddingSet Encode(ISentenceEncoder encoder, IProgress<EncodingProgress>? progress, CancellationToken cancellationToken) => Keys is null
        ? SentenceSets.Encode(encoder, Texts, Labels, progress, cancellationToken)
        : new DocumentCollection(Keys, Texts, Labels, Source).Encode(encoder, progress, cancellationToken);

    public static SentenceCorpus Demo() => new(
        DemoSentences.All.Select(s => s.Text).ToArray(),
        [new MetadataColumn("label", DemoSentences.All.Select(s => s.Label).ToArray())],
        $"built-in demo ({DemoSentences.Topics.Count} topics)");
}

/// <summary>An STS run: the correlations and, for the scatter, each pair's gold score beside its cosine.</summary>
public sealed record StsOutcome(SimilarityEvaluationResult Result, IReadOnlyList<SentencePair> Pairs, double[] Cosines, string Source, string EncoderName);

/// <summary>
/// Everything the Sentences page holds for one browser session (scoped): the encoded sentences, the encoder choice,
/// the last search, heatmap and STS run, and the jobs that produce them. It outlives the page component, so leaving the
/// page and coming back shows what the user did. The encoded sentences, their encoder and their set change together
/// and only when an encode job succeeds: a file that fails to read or to encode leaves the previous ones as they were.
/// Job callbacks run on worker threads; <see cref="Changed"/> tells the panels to re-render.
/// </summary>
public sealed class SentencesState(SessionWorkspace workspace, JobRunner jobs, TransformerModels models, DemoLibrary demos,
    IEnumerable<Documents.DocumentSetSource> documents, OnnxSessionCache sessions) : IDisposable
{
    public const int MaxHeatmap = 50;
    public const int MaxLsaComponents = 1000;

    /// <summary>Largest sentences × dimensions matrix the page encodes (1 GB of float32): TF-IDF on a big, varied file would exceed any memory.</summary>
    public const long MaxMatrixFloats = 256L * 1024 * 1024;

    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Raised (on any thread) when what the panels show has changed.</summary>
    public event Action? Changed;

    public TransformerModels Models => models;

    /// <summary>The built-in sets of real documents offered beside the demo sentences (State of the Union, Spam Assassin).</summary>
    public IReadOnlyList<Documents.DocumentSetSource> BuiltIns { get; } = documents.OrderBy(d => d.Order).ToList();

    /// <summary>The built-in set being opened (waiting for it to be built, or for its query encoder); null when none.</summary>
    public string? OpeningBuiltIn { get; private set; }

    /// <summary>"14,567 paragraphs", "being prepared…" or why it failed.</summary>
    public string BuiltInStatus(Documents.DocumentSetSource source)
    {
        if (demos.Ready.FirstOrDefault(e => e.Name == source.Name) is { } entry) return $"{entry.Set.Count:N0} {source.ItemName}";
        if (demos.Failed.TryGetValue(source.Name, out var why)) return $"could not be built: {why}";
        return "being prepared…";
    }

    // Encoded sentences: swapped together by a successful encode job.
    public SentenceCorpus Corpus { get; private set; } = SentenceCorpus.Demo();
    public ISentenceEncoder? Encoder { get; private set; }
    public EmbeddingSet? Set { get; private set; }

    /// <summary>Sentences read from a file or pasted whose encode job is running; null when none is on its way.</summary>
    public SentenceCorpus? Pending { get; private set; }

    // Input panel.
    public string? Pasted { get; set; }
    public string? InputError { get; private set; }

    // Encoder choice. Full TF-IDF searches best on short sentences; LSA is for projecting.
    public string Kind { get; set; } = "tfidf";
    public int LsaComponents { get; set; } = 50;
    public string? WordSet { get; set; }
    public string? ModelFolder { get; set; }
    public IReadOnlyList<ModelFolder> ModelFolders { get; private set; } = [];
    public BackgroundJob? EncodeJob
    {
        get => _encodeJob;
        // Panels that disable inputs while encoding (the upload box) must hear once more when it has really ended.
        private set => _encodeJob = value?.WhenEnded(() => Changed?.Invoke());
    }

    private BackgroundJob? _encodeJob;
    public string? EncoderError { get; private set; }

    // Search.
    public string? Query { get; set; }
    public int TopK { get; set; } = 5;
    public IReadOnlyList<Neighbor>? Results { get; private set; }

    // Heatmap.
    public int PerLabel { get; set; } = 3;
    public IReadOnlyList<int> HeatRows { get; private set; } = [];
    public float[] Heat { get; private set; } = [];

    // STS.
    public BackgroundJob? StsJob { get; private set; }
    public StsOutcome? Sts { get; private set; }
    public string? StsError { get; private set; }

    // Model hub.
    public string? HubId { get; set; } = "sentence-transformers/all-MiniLM-L6-v2";
    public BackgroundJob? DownloadJob { get; private set; }

    public bool HasLabel => Set?.Column("label") is not null;
    public string TextOf(int row) => Set?.Column("text")?.Values[row] ?? Set?.Keys[row] ?? "";
    public string LabelOf(int row) => Set?.Column("label")?.Values[row] ?? "";

    /// <summary>Metadata shown beside search results: every column but text and label (label has its own chip), at most four.</summary>
    public IReadOnlyList<string> ResultColumns => Set?.Metadata
        .Select(c => c.Name)
        .Where(n => !string.Equals(n, "text", StringComparison.OrdinalIgnoreCase) && !string.Equals(n, "label", StringComparison.OrdinalIgnoreCase))
        .Take(4).ToList() ?? [];
    public IEnumerable<WorkspaceEntry> WordSets => workspace.Entries.Where(e => e.Kind != "Sentences" && e.Kind != "Songs");
    public bool IsEncoding => EncodeJob?.IsRunning == true;

    /// <summary>A sentence file is on its way: Encode waits for it (it would encode the previous sentences).</summary>
    public bool Uploading { get; private set; }

    public void SetUploading(bool uploading)
    {
        Uploading = uploading;
        if (uploading) InputError = null; // the message about the previous file is no longer current
        Changed?.Invoke();
    }

    /// <summary>
    /// First visit in this session: the demo sentences encoded with TF-IDF right away (300 short sentences fit in
    /// milliseconds), so the page opens ready to search. Later visits find everything as it was left.
    /// </summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (Set is not null || _disposed) return;
            ModelFolders = models.List();
            ModelFolder ??= ModelFolders.FirstOrDefault()?.Path;
            var encoder = SentenceEncoderFactory.Build(new EncoderChoice(Kind, LsaComponents), Corpus.Texts, _ => null, null, CancellationToken.None);
            Encoder = encoder;
            Set = SentenceSets.Encode(encoder, Corpus.Texts, Corpus.Labels);
            HeatmapByLabelLocked();
        }
    }

    /// <summary>Reloads the list of model folders (a folder copied in while the app runs).</summary>
    public void RefreshModels()
    {
        ModelFolders = models.List();
        if (ModelFolder is null || ModelFolders.All(m => m.Path != ModelFolder)) ModelFolder = ModelFolders.FirstOrDefault()?.Path;
    }

    public void UseDemo() => Load(SentenceCorpus.Demo());

    /// <summary>
    /// Opens a built-in set of documents: its vectors were built at start-up (the job waits while they are still being
    /// built), its query encoder is fitted once per server; the current sentences stay until both are ready.
    /// </summary>
    public void UseBuiltIn(string id)
    {
        InputError = null;
        var source = BuiltIns.FirstOrDefault(b => b.Id == id);
        if (source is null) { SetInputError($"There is no built-in set \"{id}\"."); return; }
        if (IsEncoding) { SetInputError("An encoding is already running; wait for it or cancel it."); return; }
        OpeningBuiltIn = source.Name;
        EncodeJob = jobs.Start($"Open {source.Name}", async job =>
        {
            try
            {
                job.Report(new JobProgress(null, "waiting for the set to be built (it is built once, at start-up)"));
                var entry = await demos.WaitForAsync(source.Name, job.CancellationToken);
                job.Report(new JobProgress(null, "preparing the query encoder (fitted once per server)"));
                var encoder = await source.EncoderAsync(entry.Set, job.CancellationToken);
                job.Report(new JobProgress(1, $"{entry.Set.Count:N0} {source.ItemName} × {entry.Set.Dimensions} with {encoder.Name}"));
                return (corpus: SentenceCorpus.FromSet(entry.Set, source.Name), encoder, set: entry.Set);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (_gate) InputError = $"{source.Name} was not opened: {JobRunner.Describe(e)} The previous sentences are kept.";
                throw;
            }
            finally
            {
                lock (_gate) OpeningBuiltIn = null;
                Changed?.Invoke();
            }
        }, result =>
        {
            lock (_gate) Kind = "lsa"; // the encoder the set was built with: Encode keeps using it unless the user picks another
            LsaComponents = result.encoder.Dimensions;
            Swap(result.corpus, result.encoder, result.set);
        });
        Changed?.Invoke();
    }

    public void UsePasted()
    {
        try { Load(new SentenceCorpus(SentenceFile.ReadLines(new StringReader(Pasted ?? ""), "The pasted text").Texts, [], "pasted")); }
        catch (FormatException e) { SetInputError(e.Message); }
    }

    /// <summary>Reads an uploaded sentence file and encodes it; a file that cannot be read changes nothing but the message.</summary>
    public void UseFile(Uploads.UploadedFile file)
    {
        try
        {
            var table = SentenceUpload.ReadSentences(file);
            Load(new SentenceCorpus(table.Texts, table.Labels, file.DisplayName));
        }
        catch (FormatException e) { SetInputError(e.Message); }
        catch (IOException e) { SetInputError($"{file.DisplayName} could not be read: {e.Message}"); }
    }

    private void SetInputError(string? message)
    {
        InputError = message;
        Changed?.Invoke();
    }

    /// <summary>Encodes new sentences with the chosen encoder; they replace the current ones only if that succeeds.</summary>
    private void Load(SentenceCorpus corpus)
    {
        InputError = null;
        if (!StartEncode(corpus)) InputError = EncoderError;
        Changed?.Invoke();
    }

    /// <summary>Re-encodes the current sentences with the chosen encoder (the Encode button).</summary>
    public void Encode()
    {
        StartEncode(Corpus);
        Changed?.Invoke();
    }

    private bool StartEncode(SentenceCorpus corpus)
    {
        EncoderError = null;
        var choice = new EncoderChoice(Kind, LsaComponents, WordSet, ModelFolder);
        if (choice.NeedsWords && string.IsNullOrEmpty(choice.WordSet)) { EncoderError = "Choose a word vector set for the averaged word vectors (or load one on the Words page)."; return false; }
        if (choice.NeedsModel && string.IsNullOrEmpty(choice.ModelFolder)) { EncoderError = "Choose a transformer model (download one or copy a model folder into the models folder)."; return false; }
        if (choice.Kind == "lsa" && LsaComponents is < 1 or > MaxLsaComponents) { EncoderError = $"k must be between 1 and {MaxLsaComponents}."; return false; }
        if (IsEncoding) { EncoderError = "An encoding is already running; wait for it or cancel it."; return false; }
        bool isNew = !ReferenceEquals(corpus, Corpus);
        Pending = isNew ? corpus : null;
        var texts = corpus.Texts;
        EncodeJob = jobs.Start($"Encode {texts.Count:N0} sentences{(isNew ? $" from {corpus.Source}" : "")}", async job =>
        {
            await Task.Yield();
            try { return EncodeWork(job, choice, corpus); }
            catch (Exception e) when (isNew && e is not OperationCanceledException)
            {
                // The user reads why the new sentences did not arrive where they put them in.
                lock (_gate) InputError = $"{corpus.Source} was not loaded: {JobRunner.Describe(e)} The previous sentences are kept.";
                throw;
            }
            finally
            {
                lock (_gate) if (ReferenceEquals(Pending, corpus)) Pending = null;
                Changed?.Invoke();
            }
        }, result => Swap(corpus, result.encoder, result.set));
        return true;
    }

    private (ISentenceEncoder encoder, EmbeddingSet set) EncodeWork(BackgroundJob job, EncoderChoice choice, SentenceCorpus corpus)
    {
        var started = DateTime.UtcNow;
        var progress = new InlineProgress<EncodingProgress>(p => job.Report(new JobProgress(
            p.Total == 0 ? null : (double)p.Done / p.Total, $"{p.Done:N0} of {p.Total:N0} sentences",
            [("sentences/s", (p.Done / Math.Max(1e-3, (DateTime.UtcNow - started).TotalSeconds)).ToString("N0"))])));
        var encoder = SentenceEncoderFactory.Build(choice, corpus.Texts, name => workspace.Get(name)?.Set, progress, job.CancellationToken, jobs.MemoryBudget, sessions);
        try
        {
            // TF-IDF's dimensions are the vocabulary: a big, varied file would ask for a matrix no machine holds.
            long floats = (long)corpus.Count * encoder.Dimensions;
            if (floats > MaxMatrixFloats)
                throw new InvalidOperationException($"{corpus.Count:N0} sentences × {encoder.Dimensions:N0} dimensions ({encoder.Name}) would take {floats * 4 / 1e9:F1} GB; " +
                    $"the page encodes up to {MaxMatrixFloats * 4 / 1e9:F1} GB. Choose TF-IDF + LSA with fewer dimensions, or fewer sentences.");
            var set = corpus.Encode(encoder, progress, job.CancellationToken);
            job.Report(new JobProgress(1, $"{set.Count:N0} × {set.Dimensions} with {encoder.Name}"));
            return (encoder, set);
        }
        catch
        {
            (encoder as IDisposable)?.Dispose(); // cancelled or failed: the page keeps its previous encoder
            throw;
        }
    }

    private void Swap(SentenceCorpus corpus, ISentenceEncoder encoder, EmbeddingSet set)
    {
        ISentenceEncoder? old;
        lock (_gate)
        {
            if (_disposed) { (encoder as IDisposable)?.Dispose(); return; }
            old = Encoder;
            Corpus = corpus;
            Encoder = encoder;
            Set = set;
            InputError = null;
            Results = null;
            Sts = null;
            StsError = null;
            HeatmapByLabelLocked();
            if (!string.IsNullOrWhiteSpace(Query)) SearchLocked();
        }
        // The replaced encoder may hold a native ONNX session; an STS run still using it stops first.
        if (!ReferenceEquals(old, encoder) && old is IDisposable disposable)
        {
            StsJob?.Cancel();
            disposable.Dispose();
        }
        Changed?.Invoke();
    }

    public void Search()
    {
        lock (_gate) SearchLocked();
        Changed?.Invoke();
    }

    private void SearchLocked()
    {
        var encoder = Encoder;
        if (encoder is null || Set is null || string.IsNullOrWhiteSpace(Query)) { Results = null; return; }
        var q = encoder.Encode([Query.Trim()]);
        if (System.Numerics.Tensors.TensorPrimitives.Norm(q) == 0) { Results = []; return; }
        Results = Set.MostSimilarToVector(q, Math.Clamp(TopK, 1, 100)).ToList();
    }

    public void HeatmapByLabel()
    {
        lock (_gate) HeatmapByLabelLocked();
        Changed?.Invoke();
    }

    private void HeatmapByLabelLocked()
    {
        if (Set is null) return;
        int per = Math.Clamp(PerLabel, 1, MaxHeatmap);
        var rows = new List<int>();
        if (HasLabel)
        {
            var labels = Set.Column("label")!.Values;
            foreach (var group in Enumerable.Range(0, Set.Count).GroupBy(r => labels[r]))
                rows.AddRange(group.Take(per));
        }
        else rows.AddRange(Enumerable.Range(0, Math.Min(Set.Count, per)));
        SetHeatmapLocked(rows);
    }

    /// <summary>The heatmap of the last search's results.</summary>
    public void HeatmapFromResults()
    {
        lock (_gate) if (Results is { Count: > 0 } results) SetHeatmapLocked(results.Select(r => r.Index).ToList());
        Changed?.Invoke();
    }

    private void SetHeatmapLocked(List<int> rows)
    {
        HeatRows = rows.Take(MaxHeatmap).ToList();
        Heat = Set is null ? [] : Similarity.Pairwise(SimilarityMetric.Cosine, Set, HeatRows.ToList());
    }

    /// <summary>Adds the encoded sentences to the workspace and asks the projector to show them; returns the set's name.</summary>
    public string? SendToProjector()
    {
        var set = Set;
        var encoder = Encoder;
        if (set is null || encoder is null) return null;
        var name = workspace.UniqueName($"sentences ({encoder.Name})");
        workspace.Add(name, set, "Sentences", $"{set.Count:N0} sentences from {Corpus.Source}, encoded with {encoder.Name}.");
        workspace.RequestProjection(name);
        return name;
    }

    public void UseDemoPairs() => RunSts(DemoSentences.StsPairs, "the demo pairs");

    public void UsePairsFile(Uploads.UploadedFile file)
    {
        try { RunSts(SentenceUpload.ReadPairs(file), file.DisplayName); }
        catch (FormatException e) { StsError = e.Message; Changed?.Invoke(); }
        catch (IOException e) { StsError = $"{file.DisplayName} could not be read: {e.Message}"; Changed?.Invoke(); }
    }

    private void RunSts(IReadOnlyList<SentencePair> pairs, string source)
    {
        StsError = null;
        var encoder = Encoder;
        if (encoder is null) return;
        if (StsJob?.IsRunning == true) { StsError = "An STS evaluation is already running; wait for it or cancel it."; Changed?.Invoke(); return; }
        StsJob = jobs.Start($"STS evaluation on {pairs.Count:N0} pairs from {source}", async job =>
        {
            await Task.Yield();
            var progress = new InlineProgress<EncodingProgress>(p => job.Report(new JobProgress(p.Total == 0 ? null : (double)p.Done / p.Total, $"{p.Done:N0} of {p.Total:N0} sentences encoded")));
            var (first, second) = SimilarityEvaluation.EncodePairs(encoder, pairs, progress, job.CancellationToken);
            int d = encoder.Dimensions;
            var result = SimilarityEvaluation.Evaluate(first, second, d, pairs.Select(p => p.Score).ToArray());
            var cosines = new double[pairs.Count];
            for (int i = 0; i < cosines.Length; i++) cosines[i] = Similarity.Cosine(first.AsSpan(i * d, d), second.AsSpan(i * d, d));
            return new StsOutcome(result, pairs, cosines, source, encoder.Name);
        }, outcome =>
        {
            lock (_gate) Sts = outcome;
            Changed?.Invoke();
        });
        Changed?.Invoke();
    }

    public void Download()
    {
        string id = (HubId ?? "").Trim();
        if (DownloadJob?.IsRunning == true) return;
        var hub = models.Hub();
        DownloadJob = jobs.Start($"Download {id}", async job =>
        {
            var progress = new InlineProgress<DownloadProgress>(p => job.Report(new JobProgress(DownloadFraction(p), p.File,
                [("file", $"{p.FileIndex + 1} of {p.FileCount}"), ("bytes", p.BytesTotal is long t ? $"{Megabytes(p.BytesDone)} of {Megabytes(t)}" : Megabytes(p.BytesDone))])));
            string folder = await hub.DownloadAsync(id, progress, job.CancellationToken);
            job.Report(new JobProgress(1, $"Saved in {folder}."));
            return folder;
        }, folder =>
        {
            var found = models.List();
            lock (_gate)
            {
                ModelFolders = found;
                var downloaded = found.FirstOrDefault(m => string.Equals(Path.GetFullPath(m.Path), Path.GetFullPath(folder), StringComparison.Ordinal));
                if (downloaded is not null) { Kind = "transformer"; ModelFolder = downloaded.Path; }
            }
            Changed?.Invoke();
        });
        Changed?.Invoke();
    }

    // The weights come first and are nearly all the bytes: they fill 90% of the bar, the small files the rest.
    private static double? DownloadFraction(DownloadProgress p)
    {
        if (p.FileIndex > 0) return 0.9 + 0.1 * p.FileIndex / Math.Max(1, p.FileCount);
        return p.BytesTotal is long t and > 0 ? 0.9 * p.BytesDone / t : null;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1e6:F1} MB";

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            (Encoder as IDisposable)?.Dispose();
        }
    }
}
