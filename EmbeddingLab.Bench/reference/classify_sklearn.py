#!/usr/bin/python3
"""Reference timing for the `classify` benchmark: scikit-learn's LogisticRegression() and
KNeighborsClassifier(n_neighbors=K, metric='cosine', algorithm='brute') over the same test folds as ours.

usage: classify_sklearn.py POINTS.f32 LABELS.i32 FOLDS.i32 N D K
The float32 matrix is given to sklearn as float64 (the same values; ours computes in double). Prints one JSON line:
{"sklearn": version, "logreg": {"seconds", "accuracy", "fold_accuracy", "n_iter"}, "knn": {"seconds", "accuracy"}};
the predictions go to FOLDS.i32.logreg and FOLDS.i32.knn (int32, one per row).
"""
import json, sys, time
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

points, labels, folds, n, d, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
X = np.fromfile(points, dtype=np.float32).reshape(n, d).astype(np.float64)
y = np.fromfile(labels, dtype=np.int32)
f = np.fromfile(folds, dtype=np.int32)
out = {"sklearn": sklearn.__version__}
for name, make in (("logreg", lambda: LogisticRegression()),
                   ("knn", lambda: KNeighborsClassifier(n_neighbors=k, metric="cosine", algorithm="brute"))):
    predicted = np.empty(n, dtype=np.int32)
    accuracies, iterations = [], []
    t0 = time.perf_counter()
    for fold in range(f.max() + 1):
        train, test = f != fold, f == fold
        model = make().fit(X[train], y[train])
        predicted[test] = model.predict(X[test])
        accuracies.append(float(np.mean(predicted[test] == y[test])))
        if name == "logreg":
            iterations.append(int(np.max(model.n_iter_)))
    seconds = time.perf_counter() - t0
    predicted.tofile(folds + "." + name)
    out[name] = {"seconds": seconds, "accuracy": float(np.mean(predicted == y)), "fold_accuracy": accuracies, "n_iter": iterations}
print(json.dumps(out))
