"""Times the image preprocessing with PIL + numpy on the files given (decode, composite on white, centre-square
bilinear resize to 224 in floats, R/G/B planes) — the steps of EmbeddingLab's ImagePreprocessor, done the way
reference_tensors.py in the tests does them. Prints milliseconds per image (median of the repeats)."""
import statistics
import sys
import time

import numpy as np
from PIL import Image

SIZE = 224


def planes(path):
    rgba = np.asarray(Image.open(path).convert("RGBA"), dtype=np.float32)
    alpha = rgba[:, :, 3:4] / np.float32(255)
    rgb = rgba[:, :, :3] * alpha + np.float32(255) * (np.float32(1) - alpha)
    h, w = rgb.shape[:2]
    side = min(w, h)
    box = ((w - side) / 2, (h - side) / 2, (w - side) / 2 + side, (h - side) / 2 + side)
    return np.stack([np.asarray(Image.fromarray(np.ascontiguousarray(rgb[:, :, c]), mode="F").resize((SIZE, SIZE), Image.BILINEAR, box=box))
                     for c in range(3)])


repeats = int(sys.argv[1])
files = sys.argv[2:]
for f in files:
    planes(f)  # warm-up
times = []
for _ in range(repeats):
    start = time.perf_counter()
    for f in files:
        planes(f)
    times.append((time.perf_counter() - start) * 1000 / len(files))
print(statistics.median(times))
