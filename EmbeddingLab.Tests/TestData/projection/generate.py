#!/usr/bin/python3
"""Reference values for EmbeddingLab.Tests/Projection: sklearn.manifold.trustworthiness on a small fixed set.

Writes trust_points.tsv (300 x 8: the original points), trust_embedded.tsv (300 x 2: a lossy projection, the first two
coordinates plus noise) and trust_reference.json (sklearn's trustworthiness for k = 5 and 10).
Run with Debian's python3 (scikit-learn 1.2): /usr/bin/python3 generate.py
"""
import json
import numpy as np
from sklearn.manifold import trustworthiness

rng = np.random.default_rng(42)
centres = rng.normal(0, 3, (4, 8))
X = (centres[rng.integers(0, 4, 300)] + rng.normal(0, 1, (300, 8))).astype(np.float32)
Y = (X[:, :2] + rng.normal(0, 0.5, (300, 2))).astype(np.float32)
np.savetxt("trust_points.tsv", X, delimiter="\t", fmt="%.7g")
np.savetxt("trust_embedded.tsv", Y, delimiter="\t", fmt="%.7g")
# Reload what was written so the reference is computed on exactly the values the test reads.
X = np.loadtxt("trust_points.tsv", delimiter="\t", dtype=np.float32)
Y = np.loadtxt("trust_embedded.tsv", delimiter="\t", dtype=np.float32)
ref = {f"k{k}": float(trustworthiness(X, Y, n_neighbors=k)) for k in (5, 10)}
with open("trust_reference.json", "w") as f:
    json.dump(ref, f, indent=1)
print(ref)
