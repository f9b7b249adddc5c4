#!/usr/bin/python3
"""Reference timing for the `tsne` benchmark: scikit-learn's Barnes-Hut TSNE on the same points as ours.

usage: tsne_sklearn.py POINTS.f32 N D OUT.f32 [--perplexity 30] [--n-iter 1000] [--seed 0] [--threads 2]
POINTS.f32 is raw little-endian float32, row-major N x D (written by the C# benchmark). The 2-D embedding is
written to OUT.f32 the same way so the benchmark scores both embeddings with one trustworthiness implementation.
Prints one JSON line: {"seconds": ..., "cpu_seconds": ..., "kl_divergence": ..., "sklearn": version}.
"""
import argparse, json, os, sys, time

p = argparse.ArgumentParser()
p.add_argument("points"); p.add_argument("n", type=int); p.add_argument("d", type=int); p.add_argument("out")
p.add_argument("--perplexity", type=float, default=30.0)
p.add_argument("--n-iter", type=int, default=1000)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--threads", type=int, default=os.cpu_count())
a = p.parse_args()
os.environ.setdefault("OMP_NUM_THREADS", str(a.threads))

import numpy as np
import sklearn
from sklearn.manifold import TSNE

X = np.fromfile(a.points, dtype=np.float32).reshape(a.n, a.d)
t0 = time.perf_counter()
c0 = time.process_time()
tsne = TSNE(n_components=2, perplexity=a.perplexity, early_exaggeration=12.0, learning_rate="auto",
            n_iter=a.n_iter, init="pca", random_state=a.seed, method="barnes_hut", angle=0.5, n_jobs=a.threads)
Y = tsne.fit_transform(X)
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
Y.astype(np.float32).tofile(a.out)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "kl_divergence": float(tsne.kl_divergence_), "sklearn": sklearn.__version__}))
