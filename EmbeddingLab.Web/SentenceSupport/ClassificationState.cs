using EmbeddingLab.Core.Encoding.Onnx;
using System.Diagnostics;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>A finished cross-validation and what it ran on (sentences, encoder, column, method).</summary>
public sealed record ClassificationOutcome(ClassificationResult Result, string Source, string EncoderName, string Description);

/// <summary>One row of "Compare encoders": the encoder, its cross-validated scores and the seconds it took (encode + CV), or why it was left out.</summary>
public sealed record EncoderScore(string Encoder, int Dimensions, double? Accuracy, double? MacroF1, double Seconds, string? Note = null);

/// <summary>
/// The Classification panel of the Sentences page, per session: the column, method, k, folds and seed; the last
/// cross-validation and the last encoder comparison, each run as a job. It reads the sentences and encoder from
/// <see cref="SentencesState"/>, so it follows whatever set the page shows.
/// </summary>
public sealed class ClassificationState(SentencesState sentences, SessionWorkspace workspace, JobRunner jobs, OnnxSessionCache sessions)
{
    /// <summary>Most distinct values a column may have to be offered as classes.</summary>
    public const int MaxClasses = 50;

    private readonly object _gate = new();

    public event Action? Changed;

    public string? Column { get; set; }
    public ClassificationMethod Method { get; set; } = ClassificationMethod.LogisticRegression;
    public int K { get; set; } = 5;
    public int Folds { get; set; } = 5;
    public int Seed { get; set; }

    public BackgroundJob? Job { get; private set; }
    public ClassificationOutcome? Outcome { get; private set; }
    public BackgroundJob? CompareJob { get; private set; }
    public IReadOnlyList<EncoderScore>? Comparison { get; private set; }
    public string? ComparisonCaption { get; private set; }
    public string? Error { get; private set; }

    public bool IsRunning => Job?.IsRunning == true || CompareJob?.IsRunning == true;

    /// <summary>
    /// Columns a classifier can learn: categorical (2 to <see cref="MaxClasses"/> distinct non-empty values, and fewer
    /// than half the rows, so free text and ids are not offered), never the text itself.
    /// </summary>
    public IReadOnlyList<string> CategoricalColumns
    {
        get
        {
            var set = sentences.Set;
            if (set is null) return [];
            var result = new List<string>();
            foreach (var c in set.Metadata)
            {
                if (string.Equals(c.Name, "text", StringComparison.OrdinalIgnoreCase)) continue;
                var distinct = c.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).Take(MaxClasses + 1).Count();
                if (distinct >= 2 && distinct <= MaxClasses && distinct <= set.Count / 2) result.Add(c.Name);
            }
            return result;
        }
    }

    /// <summary>The chosen column if still offered, else the first one ("label" first when there is one).</summary>
    public string? EffectiveColumn
    {
        get
        {
            var columns = CategoricalColumns;
            if (Column is not null && columns.Contains(Column)) return Column;
            return columns.FirstOrDefault(c => c == "label") ?? columns.FirstOrDefault();
        }
    }

    private ClassificationRequest Request(string column) => new()
    {
        Column = column,
        Method = Method,
        KNeighbors = new KNeighborsOptions { NNeighbors = K },
        Folds = new StratifiedKFoldOptions { NSplits = Folds, RandomState = (uint)Math.Max(0, Seed) },
    };

    private string? Validate(EmbeddingSet? set, string? column)
    {
        if (set is null) return "Encode sentences first.";
        if (column is null) return "These sentences have no categorical column (such as label, party, decade or topic) to learn.";
        if (Folds is < 2 or > 20) return "Folds must be between 2 and 20.";
        if (Method == ClassificationMethod.KNeighbors && K is < 1 or > 100) return "k must be between 1 and 100.";
        if (Seed < 0) return "The seed must be 0 or more.";
        if (IsRunning) return "A classification is already running; wait for it or cancel it.";
        return null;
    }

    /// <summary>Cross-validates the chosen method on the page's current vectors.</summary>
    public void Run()
    {
        var set = sentences.Set;
        var encoder = sentences.Encoder;
        var column = EffectiveColumn;
        Error = Validate(set, column);
        if (Error is not null) { Changed?.Invoke(); return; }
        var request = Request(column!);
        string source = sentences.Corpus.Source;
        string what = Describe(request);
        Job = jobs.Start($"Classify {set!.Count:N0} sentences by {column} ({what})", async job =>
        {
            await Task.Yield();
            return Classifier.Run(set, request, Progress(job), job.CancellationToken);
        }, result =>
        {
            lock (_gate) Outcome = new ClassificationOutcome(result, source, encoder?.Name ?? "", what);
            Changed?.Invoke();
        }, kind: "classify");
        Changed?.Invoke();
    }

    /// <summary>
    /// Encodes the sentences with every encoder available for them (bag-of-words, TF-IDF, LSA; mean and SIF of the
    /// chosen or first word set in the workspace; the chosen transformer model) and cross-validates each the same way.
    /// </summary>
    public void CompareEncoders()
    {
        var set = sentences.Set;
        var column = EffectiveColumn;
        Error = Validate(set, column);
        if (Error is not null) { Changed?.Invoke(); return; }
        var request = Request(column!);
        var texts = sentences.Corpus.Texts;
        var labels = set!.Column(column!)!;
        var choices = Choices();
        string caption = $"{texts.Count:N0} sentences from {sentences.Corpus.Source} by {column}, {Describe(request)}";
        Comparison = [];
        ComparisonCaption = caption;
        CompareJob = jobs.Start($"Compare {choices.Count} encoders on {texts.Count:N0} sentences", async job =>
        {
            await Task.Yield();
            for (int i = 0; i < choices.Count; i++)
            {
                var (choice, title) = choices[i];
                job.Report(new JobProgress((double)i / choices.Count, $"{title}: encoding", [("encoder", $"{i + 1} of {choices.Count}")]));
                var row = Score(choice, title, texts, labels, request, job, i, choices.Count);
                lock (_gate) Comparison = [.. Comparison ?? [], row];
                Changed?.Invoke();
            }
            job.Report(new JobProgress(1, $"{choices.Count} encoders compared"));
            return true;
        }, _ => Changed?.Invoke(), kind: "classify-compare");
        Changed?.Invoke();
    }

    /// <summary>The encoders to compare, each with a title for the table.</summary>
    internal IReadOnlyList<(EncoderChoice Choice, string Title)> Choices()
    {
        int lsa = Math.Clamp(sentences.LsaComponents, 1, SentencesState.MaxLsaComponents);
        var list = new List<(EncoderChoice, string)>
        {
            (new EncoderChoice("bow"), "bag-of-words"),
            (new EncoderChoice("tfidf"), "TF-IDF"),
            (new EncoderChoice("lsa", lsa), $"TF-IDF + LSA ({lsa})"),
        };
        var words = sentences.WordSet is { } chosen && workspace.Get(chosen) is not null ? chosen : sentences.WordSets.FirstOrDefault()?.Name;
        if (words is not null)
        {
            list.Add((new EncoderChoice("mean", WordSet: words), $"mean of {words}"));
            list.Add((new EncoderChoice("sif", WordSet: words), $"SIF of {words}"));
        }
        var model = sentences.ModelFolders.FirstOrDefault(m => m.Path == sentences.ModelFolder) ?? sentences.ModelFolders.FirstOrDefault();
        if (model is not null) list.Add((new EncoderChoice("transformer", ModelFolder: model.Path), $"transformer {model.Label}"));
        return list;
    }

    private EncoderScore Score(EncoderChoice choice, string title, IReadOnlyList<string> texts, MetadataColumn labels, ClassificationRequest request,
        BackgroundJob job, int index, int count)
    {
        var clock = Stopwatch.StartNew();
        ISentenceEncoder? encoder = null;
        try
        {
            var encoding = new InlineProgress<EncodingProgress>(p => job.Report(new JobProgress(
                (index + 0.5 * (p.Total == 0 ? 0 : (double)p.Done / p.Total)) / count, $"{title}: encoding {p.Done:N0} of {p.Total:N0}")));
            encoder = SentenceEncoderFactory.Build(choice, texts, name => workspace.Get(name)?.Set, encoding, job.CancellationToken, jobs.MemoryBudget, sessions);
            long floats = (long)texts.Count * encoder.Dimensions;
            if (floats > SentencesState.MaxMatrixFloats)
                return new EncoderScore(title, encoder.Dimensions, null, null, clock.Elapsed.TotalSeconds,
                    $"left out: {texts.Count:N0} × {encoder.Dimensions:N0} would take {floats * 4 / 1e9:F1} GB (the page's bound is {SentencesState.MaxMatrixFloats * 4 / 1e9:F1} GB)");
            var matrix = encoder.Encode(texts, encoding, job.CancellationToken);
            var keys = Enumerable.Range(0, texts.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var set = new EmbeddingSet(keys, matrix, encoder.Dimensions, [labels]);
            var cv = new InlineProgress<ClassificationProgress>(p => job.Report(new JobProgress(
                (index + 0.5 + 0.5 * p.Fraction) / count, $"{title}: fold {p.Fold} of {p.Folds}, {p.Stage}")));
            var result = Classifier.Run(set, request, cv, job.CancellationToken);
            return new EncoderScore(title, encoder.Dimensions, result.Metrics.Accuracy, result.Metrics.MacroF1, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EncoderScore(title, encoder?.Dimensions ?? 0, null, null, clock.Elapsed.TotalSeconds, "failed: " + JobRunner.Describe(e));
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
    }

    private static InlineProgress<ClassificationProgress> Progress(BackgroundJob job) =>
        new(p => job.Report(new JobProgress(p.Fraction, $"fold {p.Fold} of {p.Folds}: {p.Stage}")));

    public static string Describe(ClassificationRequest r) =>
        (r.Method == ClassificationMethod.KNeighbors ? $"k-NN, k = {r.KNeighbors.NNeighbors}, cosine" : "logistic regression, L2, C = 1")
        + $"; {r.Folds.NSplits}-fold stratified CV, seed {r.Folds.RandomState}";
}
