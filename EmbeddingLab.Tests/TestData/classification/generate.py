#!/usr/bin/python3
"""Writes the classification parity fixtures: vectors, labels, sklearn's StratifiedKFold test folds, and what
scikit-learn's LogisticRegression() and KNeighborsClassifier(metric='cosine', algorithm='brute') predict per fold.

Run with Debian's python (python3-sklearn): /usr/bin/python3 generate.py
Every vector is float32; sklearn gets them as float64 (the same values), as our code computes in double.
"""
import json
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier

rng = np.random.default_rng(20261201)


def blobs(sizes, dims, spread, names):
    centres = rng.normal(size=(len(sizes), dims))
    xs, ys = [], []
    for c, size in enumerate(sizes):
        xs.append(centres[c] + spread * rng.normal(size=(size, dims)))
        ys += [names[c]] * size
    x = np.vstack(xs).astype(np.float32)
    order = rng.permutation(len(ys))  # classes interleaved, so first appearance is not sorted order
    return x[order], [ys[i] for i in order]


def sparse_counts(sizes, dims, names):
    """Non-negative, mostly zero rows (like TF-IDF: counts times a per-term weight), each class preferring its own terms; L2-normalised."""
    xs, ys = [], []
    idf = 1 + rng.random(dims) * 3
    for c, size in enumerate(sizes):
        preference = rng.random(dims) ** 4
        preference[c::len(sizes)] += 0.5
        preference /= preference.sum()
        for _ in range(size):
            counts = rng.multinomial(6, preference).astype(np.float64)
            counts[rng.random(dims) < 0.02] += 1
            counts *= idf * rng.uniform(0.8, 1.2, dims)  # continuous weights: no two rows tie on cosine
            xs.append(counts / max(np.linalg.norm(counts), 1e-12))
            ys.append(names[c])
    x = np.array(xs, dtype=np.float32)
    order = rng.permutation(len(ys))
    return x[order], [ys[i] for i in order]


def case(name, x, y, seed, ks):
    folds = np.empty(len(y), dtype=int)
    splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for f, (_, test) in enumerate(splitter.split(x, y)):
        folds[test] = f
    x64 = x.astype(np.float64)
    y = np.array(y)
    logreg = {"fold_accuracy": [], "n_iter": [], "predictions": [None] * len(y)}
    knn = {str(k): [None] * len(y) for k in ks}
    for f in range(5):
        train, test = folds != f, folds == f
        model = LogisticRegression().fit(x64[train], y[train])
        predicted = model.predict(x64[test])
        logreg["fold_accuracy"].append(float(np.mean(predicted == y[test])))
        logreg["n_iter"].append(int(np.max(model.n_iter_)))
        for i, p in zip(np.flatnonzero(test), predicted):
            logreg["predictions"][i] = str(p)
        for k in ks:
            neighbours = KNeighborsClassifier(n_neighbors=k, metric="cosine", algorithm="brute").fit(x64[train], y[train])
            for i, p in zip(np.flatnonzero(test), neighbours.predict(x64[test])):
                knn[str(k)][i] = str(p)
    assert max(logreg["n_iter"]) < 100, f"{name}: sklearn did not converge"
    fixture = {
        "sklearn": sklearn.__version__,
        "seed": seed,
        "labels": list(map(str, y)),
        "vectors": [[float(v) for v in row] for row in x],
        "folds": folds.tolist(),
        "logreg": logreg,
        "knn": knn,
    }
    with open(f"{name}.json", "w") as out:
        json.dump(fixture, out, separators=(",", ":"))
    print(name, x.shape, "logreg", [round(a, 3) for a in logreg["fold_accuracy"]], "n_iter", logreg["n_iter"])


x, y = blobs([90, 70, 50, 30], 16, 1.6, ["gamma", "alpha", "delta", "beta"])
case("multiclass", x, y, seed=0, ks=[5, 4, 1])
x, y = blobs([80, 70], 12, 2.2, ["spam", "ham"])
case("binary", x, y, seed=7, ks=[5, 6])
x, y = sparse_counts([70, 60, 50], 60, ["sport", "politics", "science"])
case("sparse", x, y, seed=3, ks=[5, 2])
