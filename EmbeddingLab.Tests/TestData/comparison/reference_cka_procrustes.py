"""Reference for ComparisonTests: linear CKA (Kornblith et al. 2019) with numpy and scipy.spatial.procrustes' disparity,
on two float32 matrices given as raw little-endian files (n × da and n × db).
When the dimensions differ, both are first reduced to min(da, db) dimensions by PCA (numpy's SVD of the centred matrix),
as EmbeddingLab does before Procrustes; the disparity is invariant to the signs PCA leaves free.
Prints JSON {"cka": …, "cka_kernel": …, "disparity": …}."""
import json
import sys

import numpy as np
from scipy.spatial import procrustes

n = int(sys.argv[3])
a = np.fromfile(sys.argv[1], dtype="<f4").reshape(n, int(sys.argv[4])).astype(np.float64)
b = np.fromfile(sys.argv[2], dtype="<f4").reshape(n, int(sys.argv[5])).astype(np.float64)
x = a - a.mean(axis=0)
y = b - b.mean(axis=0)
cka = np.linalg.norm(y.T @ x, "fro") ** 2 / (np.linalg.norm(x.T @ x, "fro") * np.linalg.norm(y.T @ y, "fro"))
# The paper's kernel form: HSIC of the Gram matrices, centred with H = I - 11ᵀ/n.
h = np.eye(n) - np.ones((n, n)) / n
k = h @ (a @ a.T) @ h
l = h @ (b @ b.T) @ h
cka_kernel = np.sum(k * l) / np.sqrt(np.sum(k * k) * np.sum(l * l))


def pca(m, d):
    centred = m - m.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    return u[:, :d] * s[:d]


d = min(a.shape[1], b.shape[1])
if a.shape[1] != b.shape[1]:
    a, b = pca(a, d), pca(b, d)
_, _, disparity = procrustes(a, b)
print(json.dumps({"cka": float(cka), "cka_kernel": float(cka_kernel), "disparity": float(disparity)}))
