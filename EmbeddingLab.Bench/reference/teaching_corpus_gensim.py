"""Trains gensim word2vec on the teaching corpus and reports analogy accuracy per section.

  dotnet EmbeddingLab.Cli.dll teaching-corpus --out corpus.txt --questions questions.txt
  /usr/bin/python3 teaching_corpus_gensim.py corpus.txt questions.txt [epochs] [vector_size] [sg]
"""
import logging
import sys
import time

from gensim.models import Word2Vec

corpus, questions = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
size = int(sys.argv[4]) if len(sys.argv) > 4 else 50
sg = int(sys.argv[5]) if len(sys.argv) > 5 else 1
sentences = [line.split() for line in open(corpus, encoding="utf8")]
logging.disable(logging.CRITICAL)
scores = []
for seed in (1, 2, 3):
    start = time.perf_counter()
    model = Word2Vec(sentences, vector_size=size, window=5, min_count=1, sg=sg, negative=5, epochs=epochs, seed=seed, workers=1)
    elapsed = time.perf_counter() - start
    score, sections = model.wv.evaluate_word_analogies(questions)
    scores.append(score)
    print(f"seed {seed}: {elapsed:.1f} s, total {score:.3f} " +
          " ".join(f"{s['section']}={len(s['correct'])}/{len(s['correct']) + len(s['incorrect'])}" for s in sections[:-1]))
    print("   king-man+woman:", model.wv.most_similar(positive=["king", "woman"], negative=["man"], topn=3))
    print("   paris-france+italy:", model.wv.most_similar(positive=["paris", "italy"], negative=["france"], topn=3))
print("mean accuracy", sum(scores) / len(scores))
