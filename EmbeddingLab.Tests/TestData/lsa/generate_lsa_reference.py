#!/usr/bin/python3
"""scikit-learn TruncatedSVD (algorithm="randomized") on small sparse matrices, for TruncatedSvdParityTests.

Two matrices (a wide one, fewer documents than terms, which randomized_svd transposes; and a tall one), non-negative
and L2-normalised by row like TF-IDF, with column weights that decay so the spectrum decays slowly: the randomized
result then differs from the exact SVD (recorded too), so matching it tests the algorithm, not just the SVD.
Run with Debian's python3 (numpy, scipy, sklearn 1.2.1):
    /usr/bin/python3 generate_lsa_reference.py > lsa_reference.json
"""
import json, sys
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize


def matrix(rng, rows, cols, density):
    x = sp.random(rows, cols, density=density, format="csr", random_state=rng)
    x = x.multiply(1.0 / np.sqrt(np.arange(1, cols + 1))).tocsr()  # frequent terms weigh more
    return normalize(x)


def case(name, x, k, n_iter, n_oversamples, random_state):
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=n_iter, n_oversamples=n_oversamples, random_state=random_state)
    t = svd.fit_transform(x)
    exact = np.linalg.svd(x.toarray(), compute_uv=False)[:k]
    return {
        "name": name, "rows": x.shape[0], "cols": x.shape[1],
        "indptr": x.indptr.tolist(), "indices": x.indices.tolist(), "data": x.data.tolist(),
        "n_components": k, "n_iter": n_iter, "n_oversamples": n_oversamples, "random_state": random_state,
        "singular_values": svd.singular_values_.tolist(),
        "explained_variance": svd.explained_variance_.tolist(),
        "components": svd.components_.tolist(),
        "transform": t.tolist(),
        "exact_singular_values": exact.tolist(),
    }


rng = np.random.RandomState(16)
wide = matrix(rng, 60, 150, 0.08)
tall = matrix(rng, 150, 60, 0.08)
out = {
    "sklearn": sklearn.__version__,
    "cases": [
        case("wide", wide, 8, 5, 10, 0),
        case("tall", tall, 8, 5, 10, 0),
        case("wide_seed7_iter2", wide, 6, 2, 4, 7),
    ],
}
json.dump(out, sys.stdout, separators=(",", ":"))
print()
