#!/usr/bin/python3
"""Reference run for the word2vec benchmark: gensim 4.x on a text corpus (one sentence per line).

Prints one JSON line: seconds (training only, wall clock), cpu_seconds (process CPU time of training), words_per_second (corpus tokens x epochs / seconds), tokens, vocab_size.
Usage: word2vec_gensim.py CORPUS OUT_VECTORS [--sg 0|1] [--vector-size 32] [--window 20] [--negative 50]
       [--min-count 1] [--epochs 5] [--workers 2] [--seed 1] [--sample 0.001]
"""
import argparse
import json
import time

from gensim.models import Word2Vec

p = argparse.ArgumentParser()
p.add_argument("corpus")
p.add_argument("out")
p.add_argument("--sg", type=int, default=0)
p.add_argument("--vector-size", type=int, default=32)
p.add_argument("--window", type=int, default=20)
p.add_argument("--negative", type=int, default=50)
p.add_argument("--min-count", type=int, default=1)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--workers", type=int, default=2)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--sample", type=float, default=1e-3)
a = p.parse_args()

# Sentences in memory, as the chapter does with its playlists, so reading the file is not timed.
with open(a.corpus, encoding="utf-8") as f:
    sentences = [line.split() for line in f]
sentences = [s for s in sentences if s]

model = Word2Vec(vector_size=a.vector_size, window=a.window, negative=a.negative, min_count=a.min_count,
                 workers=a.workers, seed=a.seed, sg=a.sg, epochs=a.epochs, sample=a.sample)
t0 = time.perf_counter()
model.build_vocab(sentences)
t1 = time.perf_counter()
c1 = time.process_time()
model.train(sentences, total_examples=model.corpus_count, epochs=a.epochs)
t2 = time.perf_counter()
c2 = time.process_time()
tokens = sum(len(s) for s in sentences) * a.epochs
model.wv.save_word2vec_format(a.out, binary=True)
print(json.dumps({"seconds": t2 - t1, "vocab_seconds": t1 - t0, "words_per_second": tokens / (t2 - t1),
                  "tokens": tokens, "cpu_seconds": c2 - c1, "vocab_size": len(model.wv), "gensim_version": __import__("gensim").__version__}))
