"""Writes vector files the way the reference tools do, for EmbeddingLab's format tests (run at test time with
Debian's /usr/bin/python3: numpy, gensim).

usage: write_reference.py OUT_DIR

OUT_DIR/
  w2v.txt                      word2vec text written by gensim KeyedVectors.save_word2vec_format
  tensor_tensor.tsv            } gensim.scripts.word2vec2tensor on w2v.txt (TF Projector files: vectors, one label
  tensor_metadata.tsv          }   a line, no header)
  vectors.tsv, metadata.tsv    TF Projector files with a header line (key, genre, score), written with numpy.savetxt
  f32.npy, f64.npy, f64_fortran.npy   numpy.save of the same matrix as float32, float64 and Fortran-ordered float64
  expected.json                keys, shape, and the float32 matrix as numbers
"""
import json
import os
import sys

import numpy as np
from gensim.models import KeyedVectors
from gensim.scripts.word2vec2tensor import word2vec2tensor

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(12)
rows, dims = 23, 7
matrix = rng.normal(size=(rows, dims)).astype(np.float32)
keys = [f"wörd{i}" for i in range(rows)]
genres = ["rock", "jazz", "pop"]

kv = KeyedVectors(dims)
kv.add_vectors(keys, matrix)
kv.save_word2vec_format(os.path.join(out, "w2v.txt"), binary=False)
word2vec2tensor(os.path.join(out, "w2v.txt"), os.path.join(out, "tensor"), binary=False)

np.savetxt(os.path.join(out, "vectors.tsv"), matrix, delimiter="\t", fmt="%.9g")
with open(os.path.join(out, "metadata.tsv"), "w", encoding="utf-8", newline="\n") as f:
    f.write("key\tgenre\tscore\n")
    for i, k in enumerate(keys):
        f.write(f"{k}\t{genres[i % 3]}\t{i * 0.5}\n")

np.save(os.path.join(out, "f32.npy"), matrix)
np.save(os.path.join(out, "f64.npy"), matrix.astype(np.float64))
np.save(os.path.join(out, "f64_fortran.npy"), np.asfortranarray(matrix.astype(np.float64)))

with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
    json.dump({"keys": keys, "rows": rows, "dims": dims, "genres": [genres[i % 3] for i in range(rows)],
               "matrix": [float(v) for v in matrix.ravel()]}, f, ensure_ascii=False)
