using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EmbeddingLab.Core.Analysis.Classification;
using EmbeddingLab.Core.Data;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// 5-fold cross-validated classification of 10,000 × 384 vectors in 10 overlapping classes (sentence-embedding sized):
/// our logistic regression and cosine k-NN against scikit-learn's LogisticRegression() and KNeighborsClassifier
/// (metric="cosine", algorithm="brute") on the same vectors and the same folds; times, accuracies, agreement.
/// </summary>
public sealed class ClassifyBenchmark : IBenchmark
{
    public string Name => "classify";
    public string Description => "5-fold CV logistic regression and cosine k-NN, 10,000 x 384, 10 classes vs sklearn [--n 10000 --d 384 --classes 10 --k 5 --threads 0 --skip-reference]";

    public int Run(string[] args)
    {
        int n = int.Parse(Reference.Arg(args, "n", "10000"), CultureInfo.InvariantCulture);
        int d = int.Parse(Reference.Arg(args, "d", "384"), CultureInfo.InvariantCulture);
        int classes = int.Parse(Reference.Arg(args, "classes", "10"), CultureInfo.InvariantCulture);
        int k = int.Parse(Reference.Arg(args, "k", "5"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Reference.Arg(args, "threads", "0"), CultureInfo.InvariantCulture);
        // Overlapping classes, so neither classifier is perfect and the optimiser has work to do.
        var set = SyntheticClusters.Generate(n, d, classes, seed: 0, centerSpread: 0.25);
        var (names, _, labels) = Classifier.Labels(set.Column("cluster")!.Values);
        var folds = StratifiedKFold.TestFolds(labels, new StratifiedKFoldOptions { NSplits = 5, RandomState = 0 });
        Console.WriteLine($"classify: {n:N0} x {d}, {names.Length} classes, 5 folds, {(threads > 0 ? threads : Environment.ProcessorCount)} threads");
        var small = set.Subset(Enumerable.Range(0, Math.Min(n, 1000)).ToArray());
        Classifier.Run(small, new ClassificationRequest { Column = "cluster" }); // JIT warm-up
        Classifier.Run(small, new ClassificationRequest { Column = "cluster", Method = ClassificationMethod.KNeighbors });

        var clock = Stopwatch.StartNew();
        var logreg = Classifier.Run(set, new ClassificationRequest
        {
            Column = "cluster", TestFolds = folds, LogisticRegression = new LogisticRegressionOptions { Threads = threads },
        });
        double oursLogreg = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var knn = Classifier.Run(set, new ClassificationRequest
        {
            Column = "cluster", TestFolds = folds, Method = ClassificationMethod.KNeighbors,
            KNeighbors = new KNeighborsOptions { NNeighbors = k, Threads = threads },
        });
        double oursKnn = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ours, logistic regression: {oursLogreg,8:F3} s   accuracy {logreg.Metrics.Accuracy:F4}, macro-F1 {logreg.Metrics.MacroF1:F4}, converged in every fold: {logreg.AllConverged}");
        Console.WriteLine($"ours, k-NN (k {k}, cosine): {oursKnn,8:F3} s   accuracy {knn.Metrics.Accuracy:F4}, macro-F1 {knn.Metrics.MacroF1:F4}");
        if (args.Contains("--skip-reference")) return 0;
        var dir = Directory.CreateTempSubdirectory("classify-bench-");
        try
        {
            var points = Path.Combine(dir.FullName, "points.f32");
            var labelPath = Path.Combine(dir.FullName, "labels.i32");
            var foldPath = Path.Combine(dir.FullName, "folds.i32");
            Reference.WriteFloats(points, set.Matrix.ToArray());
            File.WriteAllBytes(labelPath, MemoryMarshal.AsBytes<int>(labels).ToArray());
            File.WriteAllBytes(foldPath, MemoryMarshal.AsBytes<int>(folds).ToArray());
            var reference = Reference.RunJson("classify_sklearn.py", points, labelPath, foldPath, n.ToString(CultureInfo.InvariantCulture),
                d.ToString(CultureInfo.InvariantCulture), k.ToString(CultureInfo.InvariantCulture));
            if (reference is null) return 1;
            var r = reference.Value;
            double refLogreg = r.GetProperty("logreg").GetProperty("seconds").GetDouble();
            double refKnn = r.GetProperty("knn").GetProperty("seconds").GetDouble();
            int Same(string method, int[] ours)
            {
                var theirs = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(foldPath + "." + method));
                int same = 0;
                for (int i = 0; i < n; i++) if (theirs[i] == ours[i]) same++;
                return same;
            }
            var iterations = string.Join(",", r.GetProperty("logreg").GetProperty("n_iter").EnumerateArray().Select(e => e.GetInt32()));
            Console.WriteLine($"sklearn {r.GetProperty("sklearn").GetString()}, LogisticRegression(): {refLogreg,8:F3} s   accuracy {r.GetProperty("logreg").GetProperty("accuracy").GetDouble():F4} (n_iter per fold {iterations}); same predictions as ours: {Same("logreg", logreg.Predicted):N0} of {n:N0}");
            Console.WriteLine($"sklearn, KNeighborsClassifier:    {refKnn,8:F3} s   accuracy {r.GetProperty("knn").GetProperty("accuracy").GetDouble():F4}; same predictions as ours: {Same("knn", knn.Predicted):N0} of {n:N0}");
            Console.WriteLine($"ratio ours/sklearn: logistic regression {oursLogreg / refLogreg:F3}, k-NN {oursKnn / refKnn:F3}");
        }
        finally { dir.Delete(true); }
        return 0;
    }
}
