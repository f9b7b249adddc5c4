"""gensim reference for the load-vectors benchmark: prints seconds=<float> for load_word2vec_format."""
import sys
import time

from gensim.models import KeyedVectors

path, fmt = sys.argv[1], sys.argv[2]
start = time.perf_counter()
kv = KeyedVectors.load_word2vec_format(path, binary=False, no_header=(fmt == "glove"))
elapsed = time.perf_counter() - start
print(f"loaded {len(kv)} x {kv.vector_size}")
print(f"seconds={elapsed:.3f}")
