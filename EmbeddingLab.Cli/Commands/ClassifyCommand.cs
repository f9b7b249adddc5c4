using System.CommandLine;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>classify --vectors FILE (--labels FILE | --column NAME) [--method logreg|knn] [--k 5] [--folds 5] [--seed 0] [--json]</c>:
/// stratified k-fold cross-validation of logistic regression (sklearn's defaults) or cosine k-NN on the vectors.
/// Labels come from a TSV "key, label" (a header line allowed) or a metadata column saved beside the vectors.
/// </summary>
public sealed class ClassifyCommand() : CliCommand("classify", "Cross-validated classification of the vectors by a label (logistic regression or cosine k-NN): accuracy, macro-F1, per class, confusion matrix.")
{
    private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file: word2vec text or binary, GloVe (metadata from FILE.metadata.tsv beside it), TF Projector TSV or .npy (metadata from their metadata TSV), Parquet", required: true);
    private readonly Option<string> _labels = CliOptions.ExistingFile("--labels", "TSV of key<TAB>label (a header line is allowed); keys without a line are left out");
    private readonly Option<string> _column = CliOptions.Text("--column", "metadata column saved beside the vectors that holds the labels (empty values are left out)", valueName: "NAME");
    private readonly Option<string> _method = CliOptions.Choice("--method", "logreg: logistic regression as sklearn's LogisticRegression() (L2, C 1.0); knn: k nearest neighbours by cosine", "logreg", "logreg", "knn");
    private readonly Option<int> _k = CliOptions.Int("--k", "knn: neighbours that vote (sklearn n_neighbors)", 5, min: 1, max: 100_000);
    private readonly Option<int> _folds = CliOptions.Int("--folds", "stratified cross-validation folds (sklearn StratifiedKFold n_splits)", 5, min: 2, max: 1000);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "shuffles the folds (sklearn random_state: the same seed gives sklearn's folds)", 0, min: 0);
    private readonly Option<double> _c = CliOptions.Double("--c", "logreg: inverse regularisation strength (sklearn C)", 1.0, min: 1e-12);
    private readonly Option<int> _maxIter = CliOptions.Int("--max-iter", "logreg: L-BFGS iterations (sklearn max_iter)", 100, min: 1, max: 1_000_000);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "worker threads (0 = all cores)", 0, min: 0, max: 1024);
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var path = c.Required(_vectors);
        var labelsPath = c.Get(_labels);
        var column = c.Get(_column);
        if ((labelsPath is null) == (column is null)) throw new CliException("Give the labels with either --labels FILE or --column NAME (one of them).");
        bool knn = c.Required(_method) == "knn";
        if (!knn && c.Has(_k)) throw new CliException("--k is a k-NN option; use it with --method knn.");
        if (knn && (c.Has(_c) || c.Has(_maxIter))) throw new CliException("--c and --max-iter are logistic regression options; k-NN takes --k.");
        int k = c.Get(_k);
        int folds = c.Get(_folds);
        int seed = c.Get(_seed);
        int threads = c.Get(_threads);
        bool json = c.Get(_json);

        var set = Load(path, c.CancellationToken);
        string labelName;
        IReadOnlyList<string> labels;
        if (labelsPath is not null) (labelName, labels) = (Path.GetFileName(labelsPath), ReadLabels(labelsPath, set));
        else
        {
            var meta = set.Column(column!) ?? throw new CliException(set.Metadata.Count == 0
                ? $"\"{path}\" has no metadata columns beside it, so there is no column \"{column}\"; give --labels FILE."
                : $"\"{path}\" has no metadata column \"{column}\"; its columns are {string.Join(", ", set.Metadata.Select(m => m.Name))}.");
            (labelName, labels) = (meta.Name, meta.Values);
        }

        var (classes, rows, _) = Classifier.Labels(labels);
        if (classes.Length < 2) throw new CliException($"Classification needs at least two classes; {Describe(labelName, labelsPath)} has {classes.Length}.");
        if (rows.Length < folds) throw new CliException($"--folds {folds} needs at least {folds} labelled vectors; {Describe(labelName, labelsPath)} labels {rows.Length}.");
        var request = new ClassificationRequest
        {
            Column = labelName,
            Method = knn ? ClassificationMethod.KNeighbors : ClassificationMethod.LogisticRegression,
            KNeighbors = new KNeighborsOptions { NNeighbors = k, Threads = threads },
            LogisticRegression = new LogisticRegressionOptions { C = c.Get(_c), MaxIter = c.Get(_maxIter), Threads = threads },
            Folds = new StratifiedKFoldOptions { NSplits = folds, RandomState = (uint)seed },
        };
        var result = c.Progress(json).Run(knn ? "k-NN" : "Logistic regression",
            p => Classifier.Run(set, labelName, labels, request,
                p.Map<ClassificationProgress>(x => new ProgressFigures(x.Fraction, $"fold {x.Fold}/{x.Folds}: {x.Stage}")), c.CancellationToken));

        var m = result.Metrics;
        if (json)
        {
            c.Console.WriteJson(new
            {
                accuracy = Math.Round(m.Accuracy, 6),
                macro_f1 = Math.Round(m.MacroF1, 6),
                classes = m.Classes.Select(x => new { name = x.Name, precision = Math.Round(x.Precision, 6), recall = Math.Round(x.Recall, 6), f1 = Math.Round(x.F1, 6), support = x.Support }),
                confusion = m.Confusion,
                method = knn ? "knn" : "logreg",
                k = knn ? k : (int?)null,
                folds,
                seed,
                fold_accuracy = result.FoldAccuracies.Select(a => Math.Round(a, 6)),
                n = result.Rows.Length,
                unlabelled = result.Skipped,
                converged = knn ? (bool?)null : result.AllConverged,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
            });
            return 0;
        }
        c.Out.WriteLine($"{(knn ? $"k-NN (k = {k}, cosine)" : $"Logistic regression (L2, C = {request.LogisticRegression.C.ToString(System.Globalization.CultureInfo.InvariantCulture)})")}, {folds}-fold stratified CV (seed {seed}) on {result.Rows.Length:N0} vectors"
            + (result.Skipped > 0 ? $" ({result.Skipped:N0} without a label left out)" : "") + $", {result.Elapsed.TotalSeconds:F2} s");
        c.Out.WriteLine($"accuracy {m.Accuracy:F4}   macro-F1 {m.MacroF1:F4}   per fold {string.Join(" ", result.FoldAccuracies.Select(a => a.ToString("F3")))}");
        if (!knn && !result.AllConverged) c.Out.WriteLine($"note: L-BFGS reached --max-iter {request.LogisticRegression.MaxIter} in some fold before converging (as sklearn's ConvergenceWarning).");
        int width = Math.Max(5, m.Classes.Max(x => x.Name.Length));
        c.Out.WriteLine($"  {"class".PadRight(width)}  precision  recall      f1  support");
        foreach (var x in m.Classes) c.Out.WriteLine($"  {x.Name.PadRight(width)}  {x.Precision,9:F4}  {x.Recall,6:F4}  {x.F1,6:F4}  {x.Support,7:N0}");
        c.Out.WriteLine("confusion (rows: true, columns: predicted, in the order above):");
        foreach (var row in m.Confusion) c.Out.WriteLine("  " + string.Join(" ", row.Select(v => v.ToString().PadLeft(6))));
        return 0;
    }

    private static string Describe(string labelName, string? labelsPath) => labelsPath is null ? $"column \"{labelName}\"" : $"\"{labelsPath}\"";

    /// <summary>Vectors with the metadata saved beside them, in any format the app reads.</summary>
    private static EmbeddingSet Load(string path, CancellationToken cancellationToken)
    {
        var format = EmbeddingFiles.Detect(path);
        if (EmbeddingFiles.HasMetadataFile(format))
        {
            var metadata = EmbeddingFiles.DefaultMetadataPath(path);
            return EmbeddingFiles.Read(path, format, File.Exists(metadata) ? metadata : null, cancellationToken: cancellationToken);
        }
        if (format == EmbeddingFormat.Parquet) return EmbeddingFiles.Read(path, format, cancellationToken: cancellationToken);
        return SongVectorFiles.Load(path, null, cancellationToken);
    }

    /// <summary>key&lt;TAB&gt;label per line; the first line is a header when its key is not one of the vectors.</summary>
    internal static string[] ReadLabels(string path, EmbeddingSet set)
    {
        var labels = new string[set.Count];
        Array.Fill(labels, "");
        var seenOn = new int[set.Count];
        int line = 0, given = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var clean = line == 1 ? text.TrimStart('\uFEFF') : text;
            if (clean.TrimEnd('\r').Length == 0) continue;
            var parts = clean.TrimEnd('\r').Split('\t');
            if (parts.Length != 2) throw new CliException($"{path}, line {line}: expected key<TAB>label, found {parts.Length} tab-separated field{(parts.Length == 1 ? "" : "s")}.");
            int row = set.IndexOf(parts[0]);
            if (row < 0)
            {
                if (given == 0 && line == 1) continue; // a header
                throw new CliException($"{path}, line {line}: key \"{parts[0]}\" is not one of the vectors.");
            }
            if (parts[1].Trim().Length == 0) throw new CliException($"{path}, line {line}: key \"{parts[0]}\" has an empty label.");
            if (seenOn[row] != 0) throw new CliException($"{path}, line {line}: key \"{parts[0]}\" is labelled again (first on line {seenOn[row]}).");
            seenOn[row] = line;
            labels[row] = parts[1];
            given++;
        }
        if (given == 0) throw new CliException($"{path} labels none of the vectors (expected lines key<TAB>label).");
        return labels;
    }
}
