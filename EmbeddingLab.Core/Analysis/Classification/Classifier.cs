using System.Diagnostics;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// A cross-validated classification: every row's prediction from the model trained on the other folds (sklearn's
/// <c>cross_val_predict</c>), scored together (<see cref="Metrics"/>), plus each fold's accuracy. <see cref="Rows"/>
/// are the set rows used, <see cref="Truth"/>/<see cref="Predicted"/> their class indices into <see cref="ClassNames"/>,
/// <see cref="Skipped"/> the rows without a label.
/// </summary>
public sealed record ClassificationResult(
    ClassificationMethod Method,
    string Column,
    IReadOnlyList<string> ClassNames,
    ClassificationMetrics Metrics,
    IReadOnlyList<double> FoldAccuracies,
    int[] Rows,
    int[] Truth,
    int[] Predicted,
    int[] TestFolds,
    int Skipped,
    bool AllConverged,
    TimeSpan Elapsed);

/// <summary>Runs a <see cref="ClassificationRequest"/> on a set: labels from a column, stratified folds, fit, predict, score.</summary>
public static class Classifier
{
    /// <summary>
    /// Labels of a column: the distinct non-empty values in ordinal order (sklearn's sorted <c>classes_</c>), the rows
    /// that have one, and their class indices.
    /// </summary>
    public static (string[] Classes, int[] Rows, int[] Labels) Labels(IReadOnlyList<string> values)
    {
        var classes = values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Length; c++) index[classes[c]] = c;
        var rows = new List<int>(values.Count);
        var labels = new List<int>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i])) continue;
            rows.Add(i);
            labels.Add(index[values[i]]);
        }
        return (classes, rows.ToArray(), labels.ToArray());
    }

    public static ClassificationResult Run(EmbeddingSet set, ClassificationRequest request, IProgress<ClassificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(request);
        var column = set.Column(request.Column)
            ?? throw new ArgumentException($"The set has no metadata column \"{request.Column}\"" +
                (set.Metadata.Count == 0 ? "; it has none." : $"; it has {string.Join(", ", set.Metadata.Select(c => c.Name))}."));
        return Run(set, column.Name, column.Values, request, progress, cancellationToken);
    }

    /// <summary>Cross-validates with labels given per row of the set (empty = left out).</summary>
    public static ClassificationResult Run(EmbeddingSet set, string labelName, IReadOnlyList<string> labelValues, ClassificationRequest request,
        IProgress<ClassificationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (labelValues.Count != set.Count) throw new ArgumentException($"{labelValues.Count} labels for {set.Count} rows.");
        var clock = Stopwatch.StartNew();
        var (classes, rows, labels) = Labels(labelValues);
        if (classes.Length < 2)
            throw new ArgumentException($"Classification needs at least two classes in \"{labelName}\"; it has {classes.Length}.");
        int splits = request.Folds.NSplits;
        int[] folds;
        if (request.TestFolds is { } given)
        {
            if (given.Length != rows.Length) throw new ArgumentException($"{given.Length} test folds for {rows.Length} labelled rows.");
            splits = given.Max() + 1;
            folds = given;
        }
        else
        {
            if (rows.Length < splits) throw new ArgumentException($"{splits} folds need at least {splits} labelled rows; \"{labelName}\" labels {rows.Length}.");
            folds = StratifiedKFold.TestFolds(labels, request.Folds);
        }
        if (request.Method == ClassificationMethod.KNeighbors)
        {
            int smallestTrain = rows.Length - Enumerable.Range(0, splits).Max(f => folds.Count(x => x == f));
            if (request.KNeighbors.NNeighbors > smallestTrain)
                throw new ArgumentException($"k ({request.KNeighbors.NNeighbors}) is more than the {smallestTrain} training rows of a fold.");
        }

        var predicted = new int[rows.Length];
        var foldAccuracies = new double[splits];
        bool converged = true;
        for (int f = 0; f < splits; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = new List<int>();
            var test = new List<int>();
            for (int i = 0; i < rows.Length; i++) (folds[i] == f ? test : train).Add(i);
            if (test.Count == 0) continue;
            // The fold's own classes, as sklearn fits on the classes present in the training rows.
            var present = train.Select(i => labels[i]).Distinct().Order().ToArray();
            if (present.Length < 2)
                throw new ArgumentException($"Fold {f + 1}'s training rows hold only one class of \"{labelName}\"; use fewer folds or more rows per class.");
            var local = new int[classes.Length];
            Array.Fill(local, -1);
            for (int c = 0; c < present.Length; c++) local[present[c]] = c;
            var trainLabels = train.Select(i => local[labels[i]]).ToArray();
            var trainRows = train.Select(i => rows[i]).ToArray();
            var testRows = test.Select(i => rows[i]).ToArray();
            double baseFraction = (double)f / splits;
            int[] foldPredictions;
            if (request.Method == ClassificationMethod.LogisticRegression)
            {
                progress?.Report(new ClassificationProgress(f + 1, splits, "fitting", baseFraction));
                var x = FeatureMatrix.FromRows(set.Matrix, set.Dimensions, trainRows);
                int maxIter = request.LogisticRegression.MaxIter;
                var model = LogisticRegression.Fit(x, trainLabels, present.Length, request.LogisticRegression,
                    progress is null ? null : new Reporting.InlineProgress<int>(it => progress.Report(new ClassificationProgress(f + 1, splits,
                        $"L-BFGS iteration {it}", baseFraction + Math.Min(1, (double)it / maxIter) / splits))),
                    cancellationToken);
                converged &= model.Converged;
                foldPredictions = model.Predict(FeatureMatrix.FromRows(set.Matrix, set.Dimensions, testRows), request.LogisticRegression.Threads);
            }
            else
            {
                progress?.Report(new ClassificationProgress(f + 1, splits, "neighbours", baseFraction));
                foldPredictions = KNeighborsClassifier.Predict(
                    FeatureMatrix.FromRows(set.Matrix, set.Dimensions, trainRows, unit: true), trainLabels, present.Length,
                    FeatureMatrix.FromRows(set.Matrix, set.Dimensions, testRows, unit: true), request.KNeighbors,
                    progress is null ? null : new Reporting.InlineProgress<double>(x => progress.Report(new ClassificationProgress(f + 1, splits,
                        "neighbours", baseFraction + x / splits))),
                    cancellationToken);
            }
            int correct = 0;
            for (int t = 0; t < test.Count; t++)
            {
                predicted[test[t]] = present[foldPredictions[t]];
                if (predicted[test[t]] == labels[test[t]]) correct++;
            }
            foldAccuracies[f] = (double)correct / test.Count;
        }
        progress?.Report(new ClassificationProgress(splits, splits, "done", 1));
        var metrics = ClassificationMetrics.Compute(labels, predicted, classes);
        return new ClassificationResult(request.Method, labelName, classes, metrics, foldAccuracies, rows, labels, predicted, folds,
            set.Count - rows.Length, converged, clock.Elapsed);
    }
}
