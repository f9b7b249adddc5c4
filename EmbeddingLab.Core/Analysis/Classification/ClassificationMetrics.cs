namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>One class's scores, as sklearn's <c>precision_recall_fscore_support</c> (0 where the denominator is 0).</summary>
public sealed record ClassScore(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>
/// Accuracy, macro-F1 (the unweighted mean of the classes' F1), per-class precision/recall/F1/support and the confusion
/// matrix (row = true class, column = predicted class, as sklearn's <c>confusion_matrix</c>).
/// </summary>
public sealed record ClassificationMetrics(double Accuracy, double MacroF1, IReadOnlyList<ClassScore> Classes, int[][] Confusion)
{
    /// <summary>Scores predictions <paramref name="predicted"/> of <paramref name="truth"/> (class indices into <paramref name="names"/>).</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> names)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.");
        int k = names.Count;
        var confusion = new int[k][];
        for (int c = 0; c < k; c++) confusion[c] = new int[k];
        int correct = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) correct++;
        }
        var classes = new ClassScore[k];
        double f1Sum = 0;
        for (int c = 0; c < k; c++)
        {
            int tp = confusion[c][c], support = 0, predictedAs = 0;
            for (int j = 0; j < k; j++)
            {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double precision = predictedAs == 0 ? 0 : (double)tp / predictedAs;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes[c] = new ClassScore(names[c], precision, recall, f1, support);
            f1Sum += f1;
        }
        return new ClassificationMetrics(truth.Count == 0 ? 0 : (double)correct / truth.Count, k == 0 ? 0 : f1Sum / k, classes, confusion);
    }
}
