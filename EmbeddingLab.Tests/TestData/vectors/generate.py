#!/usr/bin/python3
"""Makes small vector files with gensim and records gensim's answers, so the C# tests can check
format compatibility and most_similar semantics without python at test time.

Run from this folder:  /usr/bin/python3 generate.py   (needs Debian's python3-gensim and python3-numpy)
"""
import json
import numpy as np
from gensim.models import KeyedVectors

rng = np.random.default_rng(7)
keys = [f"w{i}" for i in range(40)] + ["königin", "日本", "naïve"]
vectors = rng.normal(size=(len(keys), 8)).astype(np.float32)
# A tie: two identical rows must come back in row order.
vectors[5] = vectors[4]
kv = KeyedVectors(vector_size=8)
kv.add_vectors(keys, vectors)
kv.save_word2vec_format("gensim.txt", binary=False)
kv.save_word2vec_format("gensim.bin", binary=True)

queries = [
    {"positive": ["w0"], "negative": [], "topn": 5},
    {"positive": ["w1", "w2"], "negative": ["w3"], "topn": 7},
    {"positive": ["königin"], "negative": ["日本", "w9"], "topn": 4},
    {"positive": ["w10", "w11", "w12"], "negative": [], "topn": 10},
    {"positive": ["w6"], "negative": [], "topn": 50},
]
answers = []
for q in queries:
    result = kv.most_similar(positive=q["positive"], negative=q["negative"], topn=q["topn"])
    answers.append({**q, "results": [{"key": k, "score": float(s)} for k, s in result]})
restricted = kv.most_similar(positive=["w0"], topn=5, restrict_vocab=20)
with open("gensim_expected.json", "w", encoding="utf-8") as f:
    json.dump({
        "keys": keys,
        "vectors": vectors.tolist(),
        "most_similar": answers,
        "restricted": {"positive": ["w0"], "restrict_vocab": 20, "topn": 5,
                       "results": [{"key": k, "score": float(s)} for k, s in restricted]},
    }, f, ensure_ascii=False, indent=1)
print("wrote gensim.txt, gensim.bin, gensim_expected.json")
