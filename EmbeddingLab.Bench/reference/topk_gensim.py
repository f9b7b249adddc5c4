"""Reference for the topk benchmark: gensim KeyedVectors.most_similar top-10 over N x D random vectors.
Prints the median query time in milliseconds on its last line.  Usage: topk_gensim.py N D QUERIES"""
import sys
import time

import numpy as np
from gensim.models import KeyedVectors

n, d, queries = (int(a) for a in sys.argv[1:4])
rng = np.random.default_rng(42)
vectors = rng.uniform(-1, 1, size=(n, d)).astype(np.float32)
kv = KeyedVectors(vector_size=d)
kv.add_vectors([f"k{i}" for i in range(n)], vectors)
kv.fill_norms()
times = []
for q in range(queries + 5):
    key = f"k{rng.integers(n)}"
    t = time.perf_counter()
    kv.most_similar(key, topn=10)
    if q >= 5:
        times.append((time.perf_counter() - t) * 1000)
print(float(np.median(times)))
