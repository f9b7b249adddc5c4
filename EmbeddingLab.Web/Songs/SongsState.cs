using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Training;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Songs;

/// <summary>Where the playlists come from.</summary>
public enum PlaylistSource { Demo, Upload, Download }

/// <summary>
/// What the Songs page shows for one browser session: the chosen source, uploads and download, the parameters, the
/// training job and its loss curve, the model and the last recommendations. Scoped, so navigating away and back keeps
/// all of it; the jobs run here (not in a component) so they finish and land even when the page is closed.
/// </summary>
public sealed class SongsState(SessionWorkspace workspace, JobRunner jobs, Downloads.SessionDownloads downloads) : IDisposable
{
    private DemoPlaylistDataset? _demo;
    private bool _subscribed;

    /// <summary>Raised (on any thread) when a job's outcome changed what the page shows.</summary>
    public event Action? Changed;

    public PlaylistSource Source { get; set; } = PlaylistSource.Demo;
    public bool Lenient { get; set; }
    public Word2VecForm Form { get; } = Word2VecForm.From(Word2VecOptions.SongPreset);

    public UploadedFile? TrainFile { get; set; }
    public UploadedFile? SongsFile { get; set; }
    public string DownloadUrl { get; set; } = downloads.YesUri.ToString();
    public YesDatasetFiles? Downloaded { get; private set; }
    // Train and Download enable again once a job has ended, whatever the outcome (BackgroundJob.WhenEnded).
    public BackgroundJob? DownloadJob { get => _downloadJob; private set => _downloadJob = value?.WhenEnded(() => Changed?.Invoke()); }

    public BackgroundJob? TrainJob { get => _trainJob; private set => _trainJob = value?.WhenEnded(() => Changed?.Invoke()); }

    private BackgroundJob? _downloadJob, _trainJob;
    public LossCurve? Loss { get; private set; }
    public string? TrainNote { get; private set; }

    /// <summary>The training panel's one current message (a new one replaces the old; success clears it).</summary>
    public string? TrainError { get; set; }

    public EmbeddingSet? Set { get; private set; }
    public string? SetName { get; private set; }
    public SongRow? Selected { get; private set; }
    public IReadOnlyList<SongRow> Recommendations { get; private set; } = [];

    /// <summary>The simulated playlists (generated once per session, on first use).</summary>
    public DemoPlaylistDataset Demo => _demo ??= DemoPlaylists.Generate();

    private readonly HashSet<string> _uploading = [];

    /// <summary>True while a file is on its way: Train waits for it instead of using the previous file.</summary>
    public bool IsUploading => _uploading.Count > 0;

    public void SetUploading(string which, bool uploading)
    {
        if (uploading) _uploading.Add(which); else _uploading.Remove(which);
    }

    public bool IsTraining => TrainJob?.IsRunning == true;
    public bool IsDownloading => DownloadJob?.IsRunning == true;

    /// <summary>Shows the demo model until the user trains one (it may still be training when the page opens).</summary>
    public void EnsureModel()
    {
        if (!_subscribed) { workspace.Changed += OnWorkspaceChanged; _subscribed = true; }
        PickDemoModel();
    }

    private void OnWorkspaceChanged()
    {
        if (Set is null && PickDemoModel()) Changed?.Invoke();
    }

    private bool PickDemoModel()
    {
        if (Set is not null) return false;
        var demo = workspace.Get(SongsDemoSource.DemoName);
        if (demo is null) return false;
        (Set, SetName) = (demo.Set, demo.Name);
        return true;
    }

    public void ApplyPreset()
    {
        Form.Apply(Word2VecOptions.SongPreset);
        TrainError = null;
    }

    public void Select(SongRow? song)
    {
        Selected = song;
        Recommendations = Set is null || song is null ? [] : SongRecommender.Recommend(Set, song.Row);
    }

    public void StartDownload()
    {
        var typed = DownloadUrl;
        // Every failure, a malformed address included, is the download job's message: the job panel shows it.
        Uri.TryCreate(typed.Trim(), UriKind.Absolute, out var uri);
        DownloadJob = jobs.Start("Downloading the yes.com dataset", async job =>
        {
            if (uri is null || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"\"{typed}\" is not an address to download from: it must start with http:// or https://.");
            var progress = new InlineProgress<DatasetDownloadProgress>(p => job.Report(new JobProgress(p.Fraction,
                $"{p.BytesDone / 1048576.0:N1} MB" + (p.TotalBytes is { } t ? $" of {t / 1048576.0:N1} MB" : "") + (p.Resumed ? " (resumed)" : ""),
                [("speed", $"{p.BytesPerSecond / 1048576.0:N1} MB/s")])));
            return await downloads.FetchYesAsync(uri, progress, job.CancellationToken);
        }, files => { Downloaded = files; Changed?.Invoke(); });
    }

    /// <summary>Starts training on the chosen source; a problem found before starting becomes <see cref="TrainError"/>.</summary>
    public void StartTraining()
    {
        TrainError = null;
        TrainNote = null;
        Word2VecOptions options;
        try { options = Form.ToOptions() with { Budget = jobs.MemoryBudget }; }
        catch (ArgumentException e) { TrainError = e.Message; return; }
        UploadedFile? trainFile = null, songsFile = null;
        YesDatasetFiles? files = null;
        switch (Source)
        {
            case PlaylistSource.Upload:
                if (TrainFile is null) { TrainError = "Upload a train.txt playlist file first."; return; }
                (trainFile, songsFile) = (TrainFile, SongsFile);
                break;
            case PlaylistSource.Download:
                if (Downloaded is null) { TrainError = "Download the dataset first."; return; }
                files = Downloaded;
                break;
        }
        var demo = Source == PlaylistSource.Demo ? Demo : null;
        bool lenient = Lenient;
        string label = demo is not null ? "demo playlists" : trainFile?.DisplayName ?? "yes.com train.txt";
        var loss = Loss = new LossCurve();
        TrainJob = jobs.Start($"Training word2vec on {label}", async job =>
        {
            await Task.Yield();
            var readOptions = new PlaylistReadOptions { Lenient = lenient };
            var stats = new PlaylistReadStats();
            job.Report(new JobProgress(null, "Reading playlists…"));
            Word2VecCorpus corpus;
            SongCatalog catalog;
            if (demo is not null)
            {
                corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(demo.Playlists), options.MinCount, null, job.CancellationToken);
                catalog = demo.Catalog;
            }
            else if (trainFile is not null)
            {
                await using (var stream = File.OpenRead(trainFile.Path))
                    corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(
                        YesPlaylistLoader.ReadPlaylists(stream, trainFile.DisplayName, readOptions, stats, job.CancellationToken)), options.MinCount, null, job.CancellationToken);
                if (songsFile is null) catalog = new SongCatalog([]);
                else
                {
                    await using var songs = File.OpenRead(songsFile.Path);
                    catalog = YesPlaylistLoader.ReadSongs(songs, songsFile.DisplayName, null, readOptions, stats, job.CancellationToken);
                }
            }
            else
            {
                corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(
                    YesPlaylistLoader.ReadPlaylists(files!.Train, readOptions, stats, job.CancellationToken)), options.MinCount, null, job.CancellationToken);
                catalog = YesPlaylistLoader.ReadSongs(files.SongHash, files.TagHash, files.Tags, readOptions, stats, job.CancellationToken);
            }
            if (demo is null && stats.Playlists == 0)
                throw new InvalidDataException($"{label} holds no playlists" + (stats.DroppedShort > 0 ? $" of 2 or more songs ({stats.DroppedShort:N0} shorter ones dropped)." : "."));
            if (corpus.Words.Count == 0) throw new ArgumentException($"No song occurs at least min_count = {options.MinCount} times; lower min_count.");
            var progress = new InlineProgress<Word2VecProgress>(p =>
            {
                loss.Add(p);
                job.Report(new JobProgress(p.Fraction, $"Epoch {p.Epoch}/{p.Epochs}, {p.TokensDone:N0} of {p.TotalTokens:N0} songs",
                    [("words/s", p.WordsPerSecond.ToString("N0")), ("loss", p.Loss.ToString("F3")), ("alpha", p.Alpha.ToString("F4"))]));
            });
            var result = Word2Vec.Train(corpus, options, progress, job.CancellationToken);
            loss.Complete();
            job.Report(new JobProgress(1, $"{result.Vectors.Count:N0} songs, {result.WordsPerSecond:N0} words/s"));
            var set = catalog.Annotate(result.Vectors);
            var note = $"{corpus.SentenceCount:N0} playlists, {corpus.TokenCount:N0} songs played, {result.Vectors.Count:N0} distinct songs; " +
                $"{result.Seconds:F1} s at {result.WordsPerSecond:N0} words/s." +
                (stats.DroppedShort > 0 ? $" {stats.DroppedShort:N0} playlists under 2 songs dropped." : "") +
                (stats.BadLines > 0 ? $" {stats.BadLines:N0} malformed lines skipped (first: {stats.FirstProblem})" : "");
            return (set, note);
        }, r =>
        {
            var name = workspace.UniqueName(demo is not null ? "Songs (trained on demo)" : "Songs (trained)");
            workspace.Add(name, r.set, "Songs", r.note);
            (Set, SetName, TrainNote) = (r.set, name, r.note);
            Select(null);
            Changed?.Invoke();
        });
    }

    /// <summary>Asks the projector to show the current model; false when there is none.</summary>
    public bool RequestProjection()
    {
        if (Set is null || SetName is null) return false;
        if (workspace.Get(SetName) is null) workspace.Add(SetName, Set, "Songs", "song vectors");
        workspace.RequestProjection(SetName);
        return true;
    }

    public void Dispose()
    {
        if (_subscribed) workspace.Changed -= OnWorkspaceChanged;
    }
}
