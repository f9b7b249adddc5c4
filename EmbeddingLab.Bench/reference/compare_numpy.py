"""Reference for the compare benchmark: linear CKA (numpy) and scipy.spatial.procrustes on the same float32 matrices
(raw little-endian, n × d each). Prints the seconds of each and the values."""
import sys
import time

import numpy as np
from scipy.spatial import procrustes

n, d = int(sys.argv[3]), int(sys.argv[4])
a = np.fromfile(sys.argv[1], dtype="<f4").reshape(n, d).astype(np.float64)
b = np.fromfile(sys.argv[2], dtype="<f4").reshape(n, d).astype(np.float64)
t0 = time.perf_counter()
x = a - a.mean(axis=0)
y = b - b.mean(axis=0)
cka = np.linalg.norm(y.T @ x, "fro") ** 2 / (np.linalg.norm(x.T @ x, "fro") * np.linalg.norm(y.T @ y, "fro"))
t1 = time.perf_counter()
_, _, disparity = procrustes(a, b)
t2 = time.perf_counter()
print(f"numpy/scipy on all {n:,} rows: CKA {cka:.4f} in {t1 - t0:.2f} s, procrustes disparity {disparity:.4f} in {t2 - t1:.2f} s")
