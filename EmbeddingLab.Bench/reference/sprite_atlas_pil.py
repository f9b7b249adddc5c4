#!/usr/bin/python3
"""Reference timing for the `sprites` benchmark: the same atlas built with Pillow (Debian python3-pil).

usage: sprite_atlas_pil.py LIST.txt CELL OUT.png
LIST.txt holds one image path per line. Each image is fitted into a CELL x CELL cell (aspect kept, centred, Lanczos
downsampling), cells in reading order on a ceil(sqrt(n))-column grid, saved as PNG. Single-threaded, like Pillow.
Prints one JSON line: {"seconds": ..., "bytes": ..., "width": ..., "height": ..., "pillow": version}.
"""
import json, math, os, sys, time
import PIL
from PIL import Image
paths = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if p]
cell = int(sys.argv[2]); out = sys.argv[3]
t0 = time.perf_counter()
columns = max(1, math.ceil(math.sqrt(len(paths))))
rows = max(1, (len(paths) + columns - 1) // columns)
atlas = Image.new("RGBA", (columns * cell, rows * cell), (0, 0, 0, 0))
for k, path in enumerate(paths):
    with Image.open(path) as im:
        im = im.convert("RGBA")
        s = min(cell / im.width, cell / im.height)
        w, h = max(1, round(im.width * s)), max(1, round(im.height * s))
        im = im.resize((w, h), Image.LANCZOS)
        atlas.paste(im, ((k % columns) * cell + (cell - w) // 2, (k // columns) * cell + (cell - h) // 2))
atlas.save(out, "PNG")
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "bytes": os.path.getsize(out), "width": atlas.width, "height": atlas.height, "pillow": PIL.__version__}))
