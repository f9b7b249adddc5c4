#!/usr/bin/python3
"""Reference values for EmbeddingLab.Tests/Projection/UmapTests: umap-learn 0.5.3's graph and curve parameters.

Writes points.tsv (240 x 6: three Gaussian blobs), and for metric in (euclidean, cosine) graph_<metric>.tsv (one row
i, j, weight per non-zero of umap-learn's fuzzy simplicial set, n_neighbors 15, set_op_mix_ratio 1) and
sigmas_rhos_<metric>.tsv (sigma, rho per point), computed from exact neighbours as umap-learn's small-data path does
(pairwise_distances, nearest first, the point itself included). ab.json holds find_ab_params for a few
(spread, min_dist). Run with Debian's python3: /usr/bin/python3 generate.py
"""
import json
import numpy as np
from sklearn.metrics import pairwise_distances
from umap.umap_ import fuzzy_simplicial_set, find_ab_params

rng = np.random.default_rng(14)
centres = rng.normal(0, 3, (3, 6))
X = (centres[rng.integers(0, 3, 240)] + rng.normal(0, 1, (240, 6))).astype(np.float32)
np.savetxt("points.tsv", X, delimiter="\t", fmt="%.7g")
X = np.loadtxt("points.tsv", delimiter="\t", dtype=np.float32)  # exactly the values the test reads

k = 15
for metric in ("euclidean", "cosine"):
    dmat = pairwise_distances(X, metric=metric)
    knn_indices = np.argsort(dmat, axis=1)[:, :k]
    knn_dists = np.take_along_axis(dmat, knn_indices, axis=1).astype(np.float32)
    graph, sigmas, rhos = fuzzy_simplicial_set(X, k, np.random.RandomState(0), metric,
                                               knn_indices=knn_indices, knn_dists=knn_dists)
    graph = graph.tocoo()
    with open(f"graph_{metric}.tsv", "w") as f:
        for i, j, w in sorted(zip(graph.row.tolist(), graph.col.tolist(), graph.data.tolist())):
            f.write(f"{i}\t{j}\t{w:.9g}\n")
    np.savetxt(f"sigmas_rhos_{metric}.tsv", np.column_stack([sigmas, rhos]), delimiter="\t", fmt="%.9g")

ab = []
for spread, min_dist in [(1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.25), (0.5, 0.05), (1.0, 0.99)]:
    a, b = find_ab_params(spread, min_dist)
    ab.append({"spread": spread, "min_dist": min_dist, "a": float(a), "b": float(b)})
with open("ab.json", "w") as f:
    json.dump(ab, f, indent=1)
print(ab)
