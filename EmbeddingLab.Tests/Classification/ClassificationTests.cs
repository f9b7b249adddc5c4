using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Classification;

public class ClassificationTests
{
    [Fact]
    public void Metrics_equal_a_hand_computation()
    {
        // truth:     a a a b b c c c c
        // predicted: a b a b c c c a c
        string[] names = ["a", "b", "c"];
        int[] truth = [0, 0, 0, 1, 1, 2, 2, 2, 2];
        int[] predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2];
        var m = ClassificationMetrics.Compute(truth, predicted, names);
        Assert.Equal(6.0 / 9, m.Accuracy, 12);
        Assert.Equal([[2, 1, 0], [0, 1, 1], [1, 0, 3]], m.Confusion);
        // a: tp 2, predicted 3, support 3; b: tp 1, predicted 2, support 2; c: tp 3, predicted 4, support 4.
        Assert.Equal(2.0 / 3, m.Classes[0].Precision, 12);
        Assert.Equal(2.0 / 3, m.Classes[0].Recall, 12);
        Assert.Equal(0.5, m.Classes[1].Precision, 12);
        Assert.Equal(0.5, m.Classes[1].Recall, 12);
        Assert.Equal(0.75, m.Classes[2].Precision, 12);
        Assert.Equal(0.75, m.Classes[2].Recall, 12);
        Assert.Equal([3, 2, 4], m.Classes.Select(c => c.Support));
        Assert.Equal((2.0 / 3 + 0.5 + 0.75) / 3, m.MacroF1, 12);
    }

    [Fact]
    public void A_class_never_predicted_scores_zero_precision_and_f1()
    {
        var m = ClassificationMetrics.Compute([0, 0, 1, 1], [0, 0, 0, 0], ["x", "y"]);
        Assert.Equal(0, m.Classes[1].Precision);
        Assert.Equal(0, m.Classes[1].F1);
        Assert.Equal(0.5, m.Classes[0].Precision, 12);
        Assert.Equal((2 * 0.5 * 1 / 1.5 + 0) / 2, m.MacroF1, 12);
    }

    [Theory]
    [InlineData(5, 0u)]
    [InlineData(3, 11u)]
    [InlineData(10, 42u)]
    public void Folds_are_stratified_and_cover_every_row_once(int splits, uint seed)
    {
        var random = new Random(7);
        int[] sizes = [53, 31, 17, 12];
        var labels = sizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).OrderBy(_ => random.Next()).ToArray();
        var folds = StratifiedKFold.TestFolds(labels, new StratifiedKFoldOptions { NSplits = splits, RandomState = seed });
        Assert.All(folds, f => Assert.InRange(f, 0, splits - 1));
        for (int c = 0; c < sizes.Length; c++)
        {
            for (int f = 0; f < splits; f++)
            {
                int inFold = labels.Where((l, i) => l == c && folds[i] == f).Count();
                Assert.InRange(inFold, sizes[c] / splits, (sizes[c] + splits - 1) / splits);
            }
        }
        var other = StratifiedKFold.TestFolds(labels, new StratifiedKFoldOptions { NSplits = splits, RandomState = seed + 1 });
        Assert.NotEqual(folds, other);
        Assert.Equal(folds, StratifiedKFold.TestFolds(labels, new StratifiedKFoldOptions { NSplits = splits, RandomState = seed }));
    }

    [Fact]
    public void Too_few_rows_for_the_folds_is_refused_with_the_figures()
    {
        var e = Assert.Throws<ArgumentException>(() => StratifiedKFold.TestFolds([0, 0, 1, 1, 1], new StratifiedKFoldOptions { NSplits = 5 }));
        Assert.Contains("largest has 3", e.Message);
    }

    [Fact]
    public void Rows_without_a_label_are_left_out_and_counted()
    {
        var fixture = ClassificationFixture.Load("binary");
        var labels = fixture.Labels.ToArray();
        labels[3] = "";
        labels[10] = " ";
        var set = fixture.Set.WithColumn(new MetadataColumn("label", labels));
        var result = Classifier.Run(set, new ClassificationRequest { Column = "label" });
        Assert.Equal(2, result.Skipped);
        Assert.Equal(set.Count - 2, result.Rows.Length);
        Assert.DoesNotContain(3, result.Rows);
        Assert.Equal(set.Count - 2, result.Metrics.Classes.Sum(c => c.Support));
    }

    [Fact]
    public void Unknown_column_and_single_class_are_explained()
    {
        var fixture = ClassificationFixture.Load("binary");
        var e = Assert.Throws<ArgumentException>(() => Classifier.Run(fixture.Set, new ClassificationRequest { Column = "topic" }));
        Assert.Contains("no metadata column \"topic\"", e.Message);
        Assert.Contains("label", e.Message);
        var one = fixture.Set.WithColumn(new MetadataColumn("label", fixture.Labels.Select(_ => "same").ToArray()));
        e = Assert.Throws<ArgumentException>(() => Classifier.Run(one, new ClassificationRequest { Column = "label" }));
        Assert.Contains("at least two classes", e.Message);
    }

    [Fact]
    public void Thread_count_does_not_change_the_fit()
    {
        var fixture = ClassificationFixture.Load("multiclass");
        var (_, rows, labels) = Classifier.Labels(fixture.Labels);
        var one = LogisticRegression.Fit(fixture.Set.Matrix, fixture.Set.Dimensions, rows, labels, 4, new LogisticRegressionOptions { Threads = 1 });
        var two = LogisticRegression.Fit(fixture.Set.Matrix, fixture.Set.Dimensions, rows, labels, 4, new LogisticRegressionOptions { Threads = 2 });
        Assert.Equal(one.Coefficients, two.Coefficients);
        Assert.Equal(one.Intercepts, two.Intercepts);
    }

    [Fact]
    public void Stronger_regularisation_shrinks_the_weights()
    {
        var fixture = ClassificationFixture.Load("binary");
        var (_, rows, labels) = Classifier.Labels(fixture.Labels);
        double Norm(double c) => LogisticRegression.Fit(fixture.Set.Matrix, fixture.Set.Dimensions, rows, labels, 2,
            new LogisticRegressionOptions { C = c }).Coefficients.Sum(w => w * w);
        Assert.True(Norm(0.01) < Norm(1) && Norm(1) < Norm(100));
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        var fixture = ClassificationFixture.Load("multiclass");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Classifier.Run(fixture.Set, new ClassificationRequest { Column = "label" }, null, cancel.Token));
    }

    [Fact]
    public void Progress_reaches_every_fold_and_ends_at_one()
    {
        var fixture = ClassificationFixture.Load("binary");
        var seen = new List<ClassificationProgress>();
        Classifier.Run(fixture.Set, new ClassificationRequest { Column = "label", Method = ClassificationMethod.KNeighbors },
            new Core.Reporting.InlineProgress<ClassificationProgress>(seen.Add));
        Assert.Equal([1, 2, 3, 4, 5], seen.Select(p => p.Fold).Distinct().Order());
        Assert.Equal(1, seen[^1].Fraction);
    }
}
