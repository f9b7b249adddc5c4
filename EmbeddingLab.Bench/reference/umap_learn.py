#!/usr/bin/python3
"""Reference timing for the `umap` benchmark: Debian's umap-learn on the same points as ours.

usage: umap_learn.py POINTS.f32 N D OUT.f32 [--n-neighbors 15] [--min-dist 0.1] [--metric euclidean] [--threads 2]
       [--warm-cache]
POINTS.f32 is raw little-endian float32, row-major N x D (written by the C# benchmark). Fits twice in one process with
random_state=None (umap-learn's parallel mode): the first fit includes numba's compilation, the second is the
compiled steady state. Unless --warm-cache is given, numba's on-disk cache points at a fresh empty folder, so the
first fit pays the full compilation a new user pays. The second fit's 2-D embedding is written to OUT.f32 so the
benchmark scores both embeddings with one trustworthiness implementation.
Prints one JSON line: {"import_seconds", "first_fit_seconds", "whole_seconds", "second_fit_seconds",
"second_fit_cpu_seconds", "a", "b", "umap": version}.
"""
import time
t_start = time.perf_counter()
import argparse, json, os, sys, tempfile

p = argparse.ArgumentParser()
p.add_argument("points"); p.add_argument("n", type=int); p.add_argument("d", type=int); p.add_argument("out")
p.add_argument("--n-neighbors", type=int, default=15)
p.add_argument("--min-dist", type=float, default=0.1)
p.add_argument("--metric", default="euclidean")
p.add_argument("--threads", type=int, default=os.cpu_count())
p.add_argument("--warm-cache", action="store_true")
a = p.parse_args()
os.environ["NUMBA_NUM_THREADS"] = str(a.threads)
if not a.warm_cache:
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-cache-")

import numpy as np
import umap
t_import = time.perf_counter()

X = np.fromfile(a.points, dtype=np.float32).reshape(a.n, a.d)
def fit():
    model = umap.UMAP(n_neighbors=a.n_neighbors, min_dist=a.min_dist, metric=a.metric, random_state=None, n_jobs=a.threads)
    return model, model.fit_transform(X)
fit()
t_first = time.perf_counter()
c0 = time.process_time()
model, Y = fit()
t_second = time.perf_counter()
cpu = time.process_time() - c0
Y.astype(np.float32).tofile(a.out)
print(json.dumps({"import_seconds": t_import - t_start, "first_fit_seconds": t_first - t_import, "whole_seconds": t_first - t_start,
                  "second_fit_seconds": t_second - t_first, "second_fit_cpu_seconds": cpu,
                  "a": float(model._a), "b": float(model._b), "umap": umap.__version__ if hasattr(umap, "__version__") else "?"}))
