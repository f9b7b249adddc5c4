#!/usr/bin/python3
"""Reference timing for the `kmeans` benchmark: scikit-learn KMeans (Lloyd) on the same matrix as ours.

usage: kmeans_sklearn.py POINTS.f32 N D K INIT.f32 [--seed 0]
Fits twice: from the given initial centres (n_init=1, the same start as ours) and with sklearn's own k-means++
(n_init=1). Prints one JSON line: {"fixed": {"seconds", "inertia", "n_iter", "labels_equal_file"?}, "plusplus": {...}, "sklearn": version}.
"""
import argparse, json, time
p = argparse.ArgumentParser()
p.add_argument("points"); p.add_argument("n", type=int); p.add_argument("d", type=int); p.add_argument("k", type=int)
p.add_argument("init")
p.add_argument("--seed", type=int, default=0)
a = p.parse_args()
import numpy as np
import sklearn
from sklearn.cluster import KMeans
X = np.fromfile(a.points, dtype=np.float32).reshape(a.n, a.d)
init = np.fromfile(a.init, dtype=np.float32).reshape(a.k, a.d)
out = {"sklearn": sklearn.__version__}
t0 = time.perf_counter()
km = KMeans(n_clusters=a.k, init=init, n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd").fit(X)
out["fixed"] = {"seconds": time.perf_counter() - t0, "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
km.labels_.astype(np.int32).tofile(a.init + ".labels")
t0 = time.perf_counter()
km = KMeans(n_clusters=a.k, init="k-means++", n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd", random_state=a.seed).fit(X)
out["plusplus"] = {"seconds": time.perf_counter() - t0, "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
print(json.dumps(out))
