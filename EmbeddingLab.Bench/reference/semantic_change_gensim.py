"""Semantic change as Hamilton, Leskovec and Jurafsky (2016) measure it, with gensim and scipy: Phrases + Word2Vec
(skip-gram) on each era's tokenized sentences (one per line), unit vectors of the words with count >= min_count in both
eras (stop words left out), R = scipy.linalg.orthogonal_procrustes(B, A), change = cosine distance between A and B·R.
Prints the time, the most-moved words, and how many of EmbeddingLab's top words (argv[8]) are in gensim's top list."""
import sys
import time

import numpy as np
from gensim.models import Word2Vec
from gensim.models.phrases import Phrases
from scipy.linalg import orthogonal_procrustes

path_a, path_b, stop_path = sys.argv[1], sys.argv[2], sys.argv[3]
epochs, size, workers, min_count = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
ours = sys.argv[8].split(",") if len(sys.argv) > 8 and sys.argv[8] else []
with open(stop_path, encoding="utf-8") as f:
    stop = {line.strip() for line in f if line.strip()}


def train(path):
    with open(path, encoding="utf-8") as f:
        sentences = [line.split() for line in f if line.strip()]
    phrases = Phrases(sentences, min_count=5, threshold=10.0)
    merged = [phrases[s] for s in sentences]
    return Word2Vec(merged, sg=1, vector_size=size, window=5, negative=5, min_count=5, epochs=epochs, workers=workers, seed=1).wv


t0 = time.perf_counter()
a, b = train(path_a), train(path_b)
t1 = time.perf_counter()
words = [w for w in a.index_to_key if w in b.key_to_index and w not in stop
         and a.get_vecattr(w, "count") >= min_count and b.get_vecattr(w, "count") >= min_count]
A = np.array([a[w] / np.linalg.norm(a[w]) for w in words])
B = np.array([b[w] / np.linalg.norm(b[w]) for w in words])
R, _ = orthogonal_procrustes(B, A)
BR = B @ R
change = 1 - np.sum(A * BR, axis=1) / (np.linalg.norm(A, axis=1) * np.linalg.norm(BR, axis=1))
t2 = time.perf_counter()
order = np.argsort(-change)
top = [words[i] for i in order[:20]]
print(f"gensim total {t2 - t0:.1f} s (two eras trained {t1 - t0:.1f} s, Procrustes {t2 - t1:.2f} s), {len(words)} shared words")
print("gensim most changed: " + ", ".join(f"{words[i]} {change[i]:.2f}" for i in order[:20]))
if ours:
    print(f"top-20 words in both lists: {len(set(top) & set(ours))} of 20")
