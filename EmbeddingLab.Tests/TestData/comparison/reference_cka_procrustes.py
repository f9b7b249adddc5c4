"""Reference for ComparisonTests: linear CKA (Kornblith et al. 2019) with numpy and scipy.spatial.procrustes' disparity,
on two float32 matrices given as raw little-endian files (n × da and n × db; db == da for Procrustes).
Prints JSON {"cka": …, "disparity": …}."""
import json
import sys

import numpy as np
from scipy.spatial import procrustes

a = np.fromfile(sys.argv[1], dtype="<f4").reshape(int(sys.argv[3]), int(sys.argv[4])).astype(np.float64)
b = np.fromfile(sys.argv[2], dtype="<f4").reshape(int(sys.argv[3]), int(sys.argv[5])).astype(np.float64)
x = a - a.mean(axis=0)
y = b - b.mean(axis=0)
cka = np.linalg.norm(y.T @ x, "fro") ** 2 / (np.linalg.norm(x.T @ x, "fro") * np.linalg.norm(y.T @ y, "fro"))
result = {"cka": float(cka)}
if a.shape[1] == b.shape[1]:
    _, _, disparity = procrustes(a, b)
    result["disparity"] = float(disparity)
print(json.dumps(result))
