#!/usr/bin/python3
"""Records scikit-learn / scipy outputs that the C# sentence encoders and evaluators must reproduce.

Run from this folder with Debian's python3 (python3-sklearn 1.2.1, python3-scipy, python3-numpy):
    /usr/bin/python3 generate_reference.py
Writes reference.json (committed; tests do not need python).
"""
import json

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances

corpus = [
    "The cat sat on the mat.",
    "A dog chased the cat around the garden!",
    "Dogs and cats are popular pets; cats sleep a lot.",
    "The café serves naïve coffee drinks, crème brûlée and TEA.",
    "Interest rates rose 2% in 2023 while the stock-market fell.",
    "The central bank raised interest rates again.",
    "Stocks fell, bonds rose: markets are volatile.",
    "I ate a pie, a cake and 3 cookies.",
    "snake_case and camelCase are naming styles in code.",
    "Don't panic — it's only a test of the tokenizer's rules.",
    "Jupiter and Saturn are gas giants; Jupiter is larger.",
    "The telescope showed Saturn's rings and Jupiter's moons.",
    "Rain, rain and more rain: the weather is wet today.",
    "Tomorrow the weather will be sunny and warm.",
    "x y z",
    "The the THE tHe.",
]
new_docs = [
    "The cat and the dog sat in the rain.",
    "Unknown words only: zebra quasar.",
    "",
    "Jupiter's weather: storms, rain and wind on Jupiter.",
]


def dense(m):
    return np.asarray(m.todense()).tolist()


out = {"corpus": corpus, "new_docs": new_docs, "cases": []}

cases = [
    ("tfidf_default", TfidfVectorizer(), {}),
    ("count_default", CountVectorizer(), {}),
    ("count_pruned", CountVectorizer(min_df=2, max_df=0.5, max_features=12), {"min_df": 2, "max_df": 0.5, "max_features": 12}),
    ("tfidf_options", TfidfVectorizer(min_df=2, sublinear_tf=True, norm="l1", smooth_idf=False),
     {"min_df": 2, "sublinear_tf": True, "norm": "l1", "smooth_idf": False}),
    ("tfidf_binary_maxdf", TfidfVectorizer(binary=True, max_df=3, norm=None), {"binary": True, "max_df": 3, "norm": None}),
]
for name, vec, params in cases:
    fitted = vec.fit_transform(corpus)
    case = {
        "name": name,
        "kind": "tfidf" if isinstance(vec, TfidfVectorizer) else "count",
        "params": params,
        "vocabulary": vec.get_feature_names_out().tolist(),
        "fit_transform": dense(fitted),
        "transform_new": dense(vec.transform(new_docs)),
    }
    if hasattr(vec, "idf_"):
        case["idf"] = vec.idf_.tolist()
    # max_features keeps the most frequent terms; record whether the cut falls on a tie (numpy's argsort is not stable).
    if params.get("max_features"):
        full = CountVectorizer(min_df=params.get("min_df", 1), max_df=params.get("max_df", 1.0)).fit(corpus)
        tfs = np.asarray(full.transform(corpus).sum(axis=0)).ravel()
        s = sorted(tfs, reverse=True)
        case["tie_at_cut"] = bool(len(s) > params["max_features"] and s[params["max_features"] - 1] == s[params["max_features"]])
    out["cases"].append(case)

# LSA: exact singular values (numpy SVD of the dense TF-IDF matrix) and sklearn's randomized TruncatedSVD.
X = TfidfVectorizer().fit_transform(corpus)
k = 5
svd = TruncatedSVD(n_components=k, n_iter=5, random_state=0).fit(X)
u, s, vt = np.linalg.svd(X.toarray(), full_matrices=False)
out["lsa"] = {
    "n_components": k,
    "sklearn_singular_values": svd.singular_values_.tolist(),
    "sklearn_components": svd.components_.tolist(),
    "sklearn_transform": svd.transform(X).tolist(),
    "sklearn_explained_variance": svd.explained_variance_.tolist(),
    "exact_singular_values": s[:k].tolist(),
}

# Correlations with ties (scipy: spearman = pearson of average ranks).
rng = np.random.default_rng(7)
a = np.round(rng.normal(size=40), 1)
b = np.round(a * 0.6 + rng.normal(size=40), 1)
out["correlation"] = {
    "x": a.tolist(), "y": b.tolist(),
    "pearson": float(pearsonr(a, b)[0]), "spearman": float(spearmanr(a, b)[0]),
}

# STS: sentence-transformers EmbeddingSimilarityEvaluator's formulas on float32 embeddings.
e1 = rng.normal(size=(30, 8)).astype(np.float32)
e2 = (e1 * 0.5 + rng.normal(size=(30, 8))).astype(np.float32)
gold = np.round(rng.uniform(0, 5, size=30), 1)
cos = 1 - paired_cosine_distances(e1, e2)
man = -paired_manhattan_distances(e1, e2)
euc = -paired_euclidean_distances(e1, e2)
dot = np.array([np.dot(x, y) for x, y in zip(e1, e2)])
sts = {"e1": e1.tolist(), "e2": e2.tolist(), "gold": gold.tolist(), "dimensions": 8}
for nm, sc in [("cosine", cos), ("euclidean", euc), ("manhattan", man), ("dot", dot)]:
    sts[nm] = {"pearson": float(pearsonr(gold, sc)[0]), "spearman": float(spearmanr(gold, sc)[0])}
out["sts"] = sts

with open("reference.json", "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
print("cases:", [c["name"] for c in out["cases"]], "tie_at_cut:", [c.get("tie_at_cut") for c in out["cases"]])
print("singular values sklearn", out["lsa"]["sklearn_singular_values"], "exact", out["lsa"]["exact_singular_values"])
