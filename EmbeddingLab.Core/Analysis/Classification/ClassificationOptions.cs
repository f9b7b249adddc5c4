namespace EmbeddingLab.Core.Analysis.Classification;

public enum ClassificationMethod { LogisticRegression, KNeighbors }

/// <summary>
/// scikit-learn's <c>LogisticRegression()</c> defaults: L2 penalty with strength 1/<see cref="C"/> on the weights (not
/// the intercept), multinomial loss for three or more classes and the binary loss for two (sklearn's
/// <c>multi_class="auto"</c>), minimised on the full batch by L-BFGS until the largest gradient component is at most
/// <see cref="Tol"/> or <see cref="MaxIter"/> iterations have run.
/// </summary>
public sealed record LogisticRegressionOptions
{
    /// <summary><c>C</c>: inverse regularisation strength.</summary>
    public double C { get; init; } = 1.0;

    /// <summary><c>fit_intercept</c>.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary><c>tol</c>: stop when max |∂f/∂wᵢ| ≤ tol (scipy L-BFGS-B's <c>gtol</c>, on the summed loss as sklearn 1.2).</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary><c>max_iter</c>: L-BFGS iterations.</summary>
    public int MaxIter { get; init; } = 100;

    /// <summary>Worker threads for the loss and gradient; 0 = all cores. Results do not depend on it (fixed chunks, ordered sums).</summary>
    public int Threads { get; init; }
}

/// <summary>scikit-learn's <c>KNeighborsClassifier(n_neighbors, metric="cosine", algorithm="brute")</c>, uniform weights.</summary>
public sealed record KNeighborsOptions
{
    /// <summary><c>n_neighbors</c>.</summary>
    public int NNeighbors { get; init; } = 5;

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }
}

/// <summary>scikit-learn's <c>StratifiedKFold(n_splits, shuffle=True, random_state)</c>.</summary>
public sealed record StratifiedKFoldOptions
{
    /// <summary><c>n_splits</c>.</summary>
    public int NSplits { get; init; } = 5;

    /// <summary><c>shuffle</c>: shuffle each class's fold assignment (with numpy's legacy MT19937 seeded by <see cref="RandomState"/>).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary><c>random_state</c>.</summary>
    public uint RandomState { get; init; }
}

/// <summary>
/// One cross-validated classification of a set: the label column, the method and its options, the folds. Rows whose
/// label is empty are left out (and counted). <see cref="TestFolds"/>, when given, fixes each row's test fold
/// (0..n_splits−1) instead of drawing them.
/// </summary>
public sealed record ClassificationRequest
{
    public required string Column { get; init; }
    public ClassificationMethod Method { get; init; } = ClassificationMethod.LogisticRegression;
    public LogisticRegressionOptions LogisticRegression { get; init; } = new();
    public KNeighborsOptions KNeighbors { get; init; } = new();
    public StratifiedKFoldOptions Folds { get; init; } = new();
    public int[]? TestFolds { get; init; }
}

/// <summary>Where a cross-validation is: fold (1-based) of folds, a stage, overall fraction done.</summary>
public sealed record ClassificationProgress(int Fold, int Folds, string Stage, double Fraction);
