#!/usr/bin/python3
"""Reference timing for the `documents` benchmark: scikit-learn TfidfVectorizer (defaults) and TruncatedSVD
(n_components=K, algorithm="randomized", n_iter=5, random_state=0) on the same texts as ours.

usage: documents_sklearn.py TEXTS.json [--components 100]
TEXTS.json is a JSON array of strings. Prints one JSON line:
{"tfidf_seconds": ..., "lsa_seconds": ..., "tfidf_cpu": ..., "lsa_cpu": ..., "vocabulary": ..., "singular_values": [first 3], "sklearn": version}.
"""
import argparse, json, time
p = argparse.ArgumentParser()
p.add_argument("texts")
p.add_argument("--components", type=int, default=100)
a = p.parse_args()
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
with open(a.texts, encoding="utf-8") as f:
    texts = json.load(f)
t0, c0 = time.perf_counter(), time.process_time()
X = TfidfVectorizer().fit_transform(texts)
t1, c1 = time.perf_counter(), time.process_time()
svd = TruncatedSVD(n_components=a.components, algorithm="randomized", n_iter=5, random_state=0)
svd.fit_transform(X)
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"tfidf_seconds": t1 - t0, "lsa_seconds": t2 - t1, "tfidf_cpu": c1 - c0, "lsa_cpu": c2 - c1, "vocabulary": X.shape[1],
                  "singular_values": [float(v) for v in svd.singular_values_[:3]], "sklearn": sklearn.__version__}))
