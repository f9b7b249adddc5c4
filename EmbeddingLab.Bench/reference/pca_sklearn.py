#!/usr/bin/python3
"""Reference timing for the `pca` benchmark: scikit-learn PCA (svd_solver="auto") on the same matrix as ours.

usage: pca_sklearn.py POINTS.f32 N D [--components 2] [--seed 0]
Prints one JSON line: {"seconds": ..., "explained_variance_ratio": [...], "sklearn": version}.
"""
import argparse, json, time
p = argparse.ArgumentParser()
p.add_argument("points"); p.add_argument("n", type=int); p.add_argument("d", type=int)
p.add_argument("--components", type=int, default=2)
p.add_argument("--seed", type=int, default=0)
a = p.parse_args()
import numpy as np
import sklearn
from sklearn.decomposition import PCA
X = np.fromfile(a.points, dtype=np.float32).reshape(a.n, a.d)
t0 = time.perf_counter()
pca = PCA(n_components=a.components, random_state=a.seed)
Y = pca.fit_transform(X)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
                  "solver": pca._fit_svd_solver, "sklearn": sklearn.__version__}))
