#!/usr/bin/python3
"""Reference values for EmbeddingLab.Tests/Clustering from scikit-learn 1.2 and scipy (Debian's python).

Writes
  kmeans_points.tsv   400 x 5 float32 points: 6 overlapping Gaussian blobs (column 0 of kmeans_truth.tsv is the blob)
  kmeans_truth.tsv    the blob of every point
  mr_points.tsv       200 x 3 float32 points for the mutual-reachability spanning tree
  reference.json      sklearn KMeans (Lloyd, explicit init) labels / inertia / n_iter for three starts, silhouette_score,
                      adjusted_rand_score and normalized_mutual_info_score on fixed labellings, and for mr_points the
                      core distances (min_samples 5, the point itself counted, as sklearn.cluster.HDBSCAN) and the
                      sorted merge heights of scipy's single linkage on the mutual-reachability distances
Run from this folder: /usr/bin/python3 generate.py
"""
import json
import numpy as np
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist, squareform
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score

rng = np.random.default_rng(14)
centres = rng.normal(0, 2.5, (6, 5))
truth = rng.integers(0, 6, 400)
X = (centres[truth] + rng.normal(0, 1, (400, 5))).astype(np.float32)
np.savetxt("kmeans_points.tsv", X, delimiter="\t", fmt="%.7g")
np.savetxt("kmeans_truth.tsv", truth, fmt="%d")
X = np.loadtxt("kmeans_points.tsv", delimiter="\t", dtype=np.float32)

ref = {"kmeans": []}
starts = {
    # rows 0..5 as centres: several Lloyd iterations to convergence (labels stop changing)
    "rows": (X[:6].copy(), 300, 1e-4),
    # the same start stopped after 2 iterations: the final assignment to the last centres matters
    "max_iter_2": (X[:6].copy(), 2, 1e-4),
    # a duplicated centre gets no points in the first assignment: sklearn moves it to the farthest point
    "empty": (np.vstack([X[:5], X[:1]]).astype(np.float32), 300, 1e-4),
    # loose tolerance: stops on the centre shift, not on unchanged labels
    "tol": (X[10:16].copy(), 300, 1e-1),
}
for name, (init, max_iter, tol) in starts.items():
    km = KMeans(n_clusters=6, init=init, n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd").fit(X)
    ref["kmeans"].append({"name": name, "init": init.astype(float).tolist(), "max_iter": max_iter, "tol": tol,
                          "labels": km.labels_.tolist(), "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
                          "centers": km.cluster_centers_.astype(float).tolist()})

labels = ref["kmeans"][0]["labels"]
ref["silhouette"] = float(silhouette_score(X.astype(np.float64), labels))
a = rng.integers(0, 4, 300)
b = np.where(rng.random(300) < 0.7, a, rng.integers(-1, 5, 300))
ref["pairs"] = [
    {"a": truth.tolist(), "b": labels},
    {"a": a.tolist(), "b": b.tolist()},
    {"a": [0, 0, 1, 1, 2, 2], "b": [1, 1, 0, 0, 2, 2]},
    {"a": [0, 0, 0, 0], "b": [1, 1, 1, 1]},
    {"a": [0, 0, 1, 1], "b": [0, 1, 2, 3]},
]
for p in ref["pairs"]:
    p["ari"] = float(adjusted_rand_score(p["a"], p["b"]))
    p["nmi"] = float(normalized_mutual_info_score(p["a"], p["b"], average_method="arithmetic"))

M = (rng.normal(0, 1, (200, 3)) + rng.integers(0, 3, (200, 1)) * 4).astype(np.float32)
np.savetxt("mr_points.tsv", M, delimiter="\t", fmt="%.7g")
M = np.loadtxt("mr_points.tsv", delimiter="\t", dtype=np.float32).astype(np.float64)
D = squareform(pdist(M))
min_samples = 5
core = np.sort(D, axis=1)[:, min_samples - 1]  # column 0 is the point itself
MR = np.maximum(D, np.maximum(core[:, None], core[None, :]))
np.fill_diagonal(MR, 0)
heights = linkage(squareform(MR, checks=False), method="single")[:, 2]
ref["mutual_reachability"] = {"min_samples": min_samples, "core": core.tolist(), "heights": np.sort(heights).tolist()}

with open("reference.json", "w") as f:
    json.dump(ref, f)
print({k["name"]: (k["inertia"], k["n_iter"]) for k in ref["kmeans"]}, ref["silhouette"], [(p["ari"], p["nmi"]) for p in ref["pairs"]])
