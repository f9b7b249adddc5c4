"""Reference for PhrasesParityTests: gensim 4's Phrases on a corpus file (one sentence per line, space-separated
tokens). Prints one JSON object: the vocabulary size, the corpus word count, and every sentence with phrases applied."""
import json
import sys

from gensim.models.phrases import Phrases

path, min_count, threshold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
connectors = frozenset(sys.argv[4].split(",")) if len(sys.argv) > 4 and sys.argv[4] else frozenset()
with open(path, encoding="utf-8") as f:
    sentences = [line.split() for line in f if line.strip()]
phrases = Phrases(sentences, min_count=min_count, threshold=threshold, connector_words=connectors)
print(json.dumps({
    "vocab_size": len(phrases.vocab),
    "corpus_word_count": phrases.corpus_word_count,
    "applied": [phrases[s] for s in sentences],
}))
