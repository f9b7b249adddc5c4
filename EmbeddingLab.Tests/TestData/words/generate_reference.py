#!/usr/bin/python3
"""Makes small word-vector fixtures and records what gensim 4 answers on them (reference.json).

Run with Debian's python3 (python3-gensim, python3-scipy):  /usr/bin/python3 generate_reference.py
The C# tests (EmbeddingLab.Tests/Words/GensimParityTests.cs) load the same files and must give the same answers.
Everything is seeded: re-running reproduces the committed files byte for byte.
"""
import json
import logging
import os

import numpy as np
from gensim.models import KeyedVectors

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
DIM = 24

# --- vectors with analogy structure: y = x + relation + noise, so some questions are answered right -------------------
relations = {
    "capital": [("france", "paris"), ("italy", "rome"), ("spain", "madrid"), ("germany", "berlin"), ("japan", "tokyo"),
                ("egypt", "cairo"), ("peru", "lima"), ("greece", "athens")],
    "gender": [("man", "woman"), ("king", "queen"), ("boy", "girl"), ("brother", "sister"), ("father", "mother"),
               ("uncle", "aunt"), ("prince", "princess"), ("son", "daughter")],
    "plural": [("cat", "cats"), ("dog", "dogs"), ("car", "cars"), ("tree", "trees"), ("house", "houses"),
               ("bird", "birds"), ("river", "rivers"), ("city", "cities")],
}
words, vectors = [], []
for name, pairs in relations.items():
    offset = rng.normal(size=DIM) * 1.2
    for x, y in pairs:
        base = rng.normal(size=DIM)
        words += [x, y]
        vectors += [base, base + offset + rng.normal(size=DIM) * 0.9]
# Case variants after the lower-case word (the first, most frequent variant must win), and filler words.
for variant, of in [("King", "king"), ("PARIS", "paris"), ("Cats", "cats")]:
    words.append(variant)
    vectors.append(vectors[words.index(of)] + rng.normal(size=DIM) * 0.5)
for i in range(150):
    words.append(f"filler{i}")
    vectors.append(rng.normal(size=DIM) * 0.9)
words.append("straße")  # Python's upper() maps ß to SS
vectors.append(rng.normal(size=DIM))

kv = KeyedVectors(DIM)
kv.add_vectors(words, np.array(vectors, dtype=np.float32))
kv.save_word2vec_format(os.path.join(HERE, "vectors.txt"), binary=False)
kv.save_word2vec_format(os.path.join(HERE, "vectors.bin"), binary=True)
kv.save_word2vec_format(os.path.join(HERE, "vectors.glove.txt"), binary=False, write_header=False)

# --- analogy questions: all ordered pairs of pairs per relation, plus OOV, case, malformed lines -----------------------
lines = []
for name, pairs in relations.items():
    lines.append(f": {name}")
    for i, (a, b) in enumerate(pairs):
        for j, (c, d) in enumerate(pairs):
            if i != j and (i + j) % 3 != 0:
                lines.append(f"{a} {b} {c} {d}")
    lines.append(f"{pairs[0][0]} {pairs[0][1]} unicornland unicorncity")  # OOV: skipped and counted
lines[1] = lines[1].upper()  # case-insensitive
lines.insert(3, "too few words")  # not four words: ignored, not counted
lines.insert(4, "")
lines.append(": mixed-case")
lines.append("man KING woman QUEEN")
lines.append("france PARIS Italy Rome")
lines.append("STRASSE filler1 filler2 filler3")  # straße matches STRASSE through Python's upper()
lines.append(": empty-section")
with open(os.path.join(HERE, "questions.txt"), "w", encoding="utf8") as f:
    f.write("\n".join(lines) + "\n")

# --- word pairs with human scores: ties, comments, OOV, invalid lines ---------------------------------------------------
pair_lines = ["# word1\tword2\thuman score", "#another comment"]
all_pairs = [(a, b) for pairs in relations.values() for a, b in pairs]
for i, (a, b) in enumerate(all_pairs):
    pair_lines.append(f"{a}\t{b}\t{round(float(rng.uniform(5, 10)), 1) if i % 5 else 7.0}")  # several ties at 7.0
for i in range(20):
    x, y = words[int(rng.integers(0, 60))], words[int(rng.integers(0, 180))]
    pair_lines.append(f"{x}\t{y}\t{round(float(rng.uniform(0, 6)), 2)}")
pair_lines.append("KING\tqueen\t9.1")
pair_lines.append("king\tunicorn\t3.0")       # OOV
pair_lines.append("mars\tvenus\t6.0")          # OOV
pair_lines.append("king\tqueen")               # two fields: invalid, skipped
pair_lines.append("king\tqueen\tnot-a-number")  # invalid, skipped
pair_lines.append("king \tqueen\t8.0")         # "KING " (with the space) is unknown: OOV
pair_lines.append("")
with open(os.path.join(HERE, "pairs.txt"), "w", encoding="utf8") as f:
    f.write("\n".join(pair_lines) + "\n")

# --- gensim's answers ---------------------------------------------------------------------------------------------------
logging.disable(logging.CRITICAL)
kv = KeyedVectors.load_word2vec_format(os.path.join(HERE, "vectors.txt"), binary=False)
glove = KeyedVectors.load_word2vec_format(os.path.join(HERE, "vectors.glove.txt"), binary=False, no_header=True)
assert glove.index_to_key == kv.index_to_key and np.array_equal(glove.vectors, kv.vectors)


def pairs_out(result):
    return [[k, float(s)] for k, s in result]


def analogies(restrict, dummy):
    score, sections = kv.evaluate_word_analogies(os.path.join(HERE, "questions.txt"), restrict_vocab=restrict, dummy4unknown=dummy)
    return {
        "score": score,
        "sections": [{"name": s["section"], "correct": [list(q) for q in s["correct"]], "incorrect": [list(q) for q in s["incorrect"]]}
                     for s in sections],
    }


def word_pairs(restrict, dummy):
    pearson, spearman, oov = kv.evaluate_word_pairs(os.path.join(HERE, "pairs.txt"), restrict_vocab=restrict, dummy4unknown=dummy)
    return {"pearson": float(pearson[0]), "spearman": float(spearman[0]), "oov_ratio_percent": float(oov)}


most_similar_queries = [
    {"positive": ["king"], "negative": [], "topn": 10},
    {"positive": ["queen", "man"], "negative": ["woman"], "topn": 5},
    {"positive": ["paris", "italy"], "negative": ["france"], "topn": 10},
    {"positive": ["cats", "dog"], "negative": ["cat"], "topn": 8, "restrict_vocab": 40},
    {"positive": ["filler3", "filler7", "tree"], "negative": ["city", "cairo"], "topn": 12},
]
for q in most_similar_queries:
    q["result"] = pairs_out(kv.most_similar(positive=q["positive"], negative=q["negative"], topn=q["topn"], restrict_vocab=q.get("restrict_vocab")))
cosmul_queries = [
    {"positive": ["queen", "man"], "negative": ["woman"], "topn": 5},
    {"positive": ["paris", "italy"], "negative": ["france"], "topn": 10},
    {"positive": ["king"], "negative": [], "topn": 6},
    {"positive": ["dogs", "car", "filler9"], "negative": ["dog", "filler10"], "topn": 10},
]
for q in cosmul_queries:
    q["result"] = pairs_out(kv.most_similar_cosmul(positive=q["positive"], negative=q["negative"], topn=q["topn"]))
similarities = [[a, b, float(kv.similarity(a, b))] for a, b in [("king", "queen"), ("paris", "rome"), ("King", "filler3"), ("cat", "cat")]]
doesnt_match = [[ws, kv.doesnt_match(ws)] for ws in [["king", "queen", "prince", "paris"], ["cat", "dog", "bird", "rome", "tree"], ["france", "italy", "spain", "cats"]]]

reference = {
    "gensim": __import__("gensim").__version__,
    "count": len(kv), "dims": kv.vector_size,
    "rows": {w: [float(v) for v in kv[w]] for w in ["france", "straße", "filler149"]},
    "sum": float(kv.vectors.astype(np.float64).sum()),
    "most_similar": most_similar_queries,
    "most_similar_cosmul": cosmul_queries,
    "similarity": similarities,
    "doesnt_match": doesnt_match,
    "evaluate_word_analogies": {"default": analogies(300000, False), "dummy4unknown": analogies(300000, True), "restrict_30": analogies(30, False)},
    "evaluate_word_pairs": {"default": word_pairs(300000, False), "dummy4unknown": word_pairs(300000, True), "restrict_40": word_pairs(40, False)},
}
with open(os.path.join(HERE, "reference.json"), "w", encoding="utf8") as f:
    json.dump(reference, f, indent=1, ensure_ascii=False)
print("wrote", len(words), "vectors;", "analogy score", reference["evaluate_word_analogies"]["default"]["score"])
