#!/usr/bin/python3
"""The encoder's input planes for the lossless test images and the EXIF-oriented JPEGs, computed independently with PIL + numpy.

Same steps as ImageDecoder + ImagePreprocessor: the EXIF orientation applied (ImageOps.exif_transpose, as PIL users
do for phone photos), RGBA with transparent pixels composited on white (in floats), the centre square of
side min(w, h) resized to 224 x 224 with PIL's bilinear filter (Image.resize(BILINEAR, box=...) on mode "F" images, so
no rounding to 8 bits), R, G, B planes of 0-255 values. Saved compressed as reference.npz (one 3 x 50176 array — R, G, B planes of 224 x 224 — per
file, named by its path under this folder with '/' replaced by '__').
"""
import os

import numpy as np
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 224
FILES = ["good/circles/red_transparent.png", "good/circles/blue_wide.png", "good/circles/green_tall.bmp",
         "good/squares/yellow_on_grey.png", "good/squares/magenta.gif", "good/stripes/stripes.png",
         # JPEGs without chroma subsampling: libjpeg-turbo's default decoding gives PIL and SkiaSharp the same pixels.
         "exif/orientation_1.jpg", "exif/orientation_3.jpg", "exif/orientation_6.jpg", "exif/orientation_8.jpg",
         "exif/orientation_5.jpg", "exif/orientation_7.jpg"]


def planes(path):
    rgba = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGBA"), dtype=np.float32)
    alpha = rgba[:, :, 3:4] / np.float32(255)
    rgb = rgba[:, :, :3] * alpha + np.float32(255) * (np.float32(1) - alpha)
    h, w = rgb.shape[:2]
    side = min(w, h)
    box = ((w - side) / 2, (h - side) / 2, (w - side) / 2 + side, (h - side) / 2 + side)
    out = [np.asarray(Image.fromarray(np.ascontiguousarray(rgb[:, :, c]), mode="F").resize((SIZE, SIZE), Image.BILINEAR, box=box))
           for c in range(3)]
    return np.stack(out).astype(np.float32).reshape(3, SIZE * SIZE)  # 2-D: R, G, B rows


arrays = {name.replace("/", "__"): planes(os.path.join(HERE, name)) for name in FILES}
np.savez_compressed(os.path.join(HERE, "reference.npz"), **arrays)
print("reference.npz:", {k: v.shape for k, v in arrays.items()})
