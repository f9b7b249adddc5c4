"""gensim Phrases + Word2Vec on the same tokenized State of the Union sentences as EmbeddingLab (one sentence per
line, tokens separated by spaces). Prints the time of each step, the phrases applied and neighbours of a few words."""
import sys
import time

from gensim.models import Word2Vec
from gensim.models.phrases import Phrases

path, epochs, size, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
words = sys.argv[5].split(",")
with open(path, encoding="utf-8") as f:
    sentences = [line.split() for line in f if line.strip()]
t0 = time.perf_counter()
phrases = Phrases(sentences, min_count=5, threshold=10.0)
merged = [phrases[s] for s in sentences]
t1 = time.perf_counter()
model = Word2Vec(merged, sg=1, vector_size=size, window=5, negative=5, min_count=5, epochs=epochs, workers=workers, seed=1)
t2 = time.perf_counter()
found = {t for s in merged for t in s if "_" in t}
print(f"gensim: phrases {t1 - t0:.1f} s ({len(found)} phrase types), word2vec {t2 - t1:.1f} s, vocabulary {len(model.wv)}")
for w in words:
    if w in model.wv:
        print(f"  {w}: " + ", ".join(f"{k} {s:.2f}" for k, s in model.wv.most_similar(w, topn=8)))
    else:
        print(f"  {w}: not in the vocabulary")
