using EmbeddingLab.Core.Analysis.Classification;

namespace EmbeddingLab.Tests.Classification;

/// <summary>Our classifiers and folds against scikit-learn 1.2 on the same vectors and folds (TestData/classification).</summary>
public class ClassificationParityTests
{
    public static TheoryData<string> Fixtures => new(ClassificationFixture.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Logistic_regression_accuracy_per_fold_is_within_0_005_of_sklearn(string name)
    {
        var fixture = ClassificationFixture.Load(name);
        var result = Classifier.Run(fixture.Set, new ClassificationRequest { Column = "label", TestFolds = fixture.Folds });
        var expected = fixture.LogregFoldAccuracy;
        Assert.Equal(expected.Length, result.FoldAccuracies.Count);
        for (int f = 0; f < expected.Length; f++) Assert.InRange(result.FoldAccuracies[f], expected[f] - 0.005, expected[f] + 0.005);
        Assert.True(result.AllConverged);
        // Same optimum, so the same predictions (allow one row in the whole set to sit on the boundary).
        var predicted = result.Predicted.Select(c => result.ClassNames[c]).ToArray();
        int differ = predicted.Where((p, i) => p != fixture.LogregPredictions[i]).Count();
        Assert.True(differ <= 1, $"{differ} predictions differ from sklearn's");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Cosine_knn_predictions_equal_sklearns_exactly(string name)
    {
        var fixture = ClassificationFixture.Load(name);
        foreach (var (k, expected) in fixture.KnnPredictions)
        {
            var result = Classifier.Run(fixture.Set, new ClassificationRequest
            {
                Column = "label",
                Method = ClassificationMethod.KNeighbors,
                KNeighbors = new KNeighborsOptions { NNeighbors = k },
                TestFolds = fixture.Folds,
            });
            Assert.Equal(expected, result.Predicted.Select(c => result.ClassNames[c]).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Stratified_folds_with_a_seed_equal_sklearns(string name)
    {
        var fixture = ClassificationFixture.Load(name);
        var (_, _, labels) = Classifier.Labels(fixture.Labels);
        var folds = StratifiedKFold.TestFolds(labels, new StratifiedKFoldOptions { NSplits = 5, RandomState = (uint)fixture.Seed });
        Assert.Equal(fixture.Folds, folds);
    }

    [Fact]
    public void Seeded_run_draws_sklearns_folds_and_scores_the_pooled_predictions()
    {
        var fixture = ClassificationFixture.Load("multiclass");
        var result = Classifier.Run(fixture.Set, new ClassificationRequest { Column = "label", Folds = new StratifiedKFoldOptions { RandomState = (uint)fixture.Seed } });
        Assert.Equal(fixture.Folds, result.TestFolds);
        Assert.Equal(["alpha", "beta", "delta", "gamma"], result.ClassNames);
        // Pooled accuracy = the fold accuracies weighted by fold size.
        var sizes = Enumerable.Range(0, 5).Select(f => fixture.Folds.Count(x => x == f)).ToArray();
        double pooled = Enumerable.Range(0, 5).Sum(f => result.FoldAccuracies[f] * sizes[f]) / fixture.Folds.Length;
        Assert.Equal(pooled, result.Metrics.Accuracy, 12);
    }
}
