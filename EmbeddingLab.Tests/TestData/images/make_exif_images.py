#!/usr/bin/python3
"""Draws the EXIF orientation test JPEGs (run with Debian's /usr/bin/python3, which has PIL).

Phones store the sensor's pixels as they came and say how to turn them in the EXIF Orientation tag (1-8); viewers
and PIL's ImageOps.exif_transpose turn the picture upright. Each exif/orientation_N.jpg holds the same upright
picture, 96 x 64 pixels in four coloured quadrants (red top-left, green top-right, blue bottom-left, yellow
bottom-right), stored turned the way tag N says to undo, so every file looks the same once the tag is applied.
Saved at quality 95 without chroma subsampling, so the colours stay flat and decoders agree on the pixels.
Then run reference_tensors.py to recompute reference.npz.
"""
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 96, 64
QUADRANTS = [((0, 0), (220, 30, 30)), ((1, 0), (30, 170, 60)), ((0, 1), (30, 60, 220)), ((1, 1), (240, 210, 20))]

# The transpose that stores the upright picture so that tag N brings it back (the inverse of exif_transpose's).
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright():
    img = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(img)
    for (qx, qy), colour in QUADRANTS:
        draw.rectangle((qx * W // 2, qy * H // 2, (qx + 1) * W // 2 - 1, (qy + 1) * H // 2 - 1), fill=colour)
    return img


os.makedirs(os.path.join(HERE, "exif"), exist_ok=True)
for tag, store in STORE.items():
    img = upright() if store is None else upright().transpose(store)
    exif = Image.Exif()
    exif[0x0112] = tag  # Orientation
    img.save(os.path.join(HERE, "exif", f"orientation_{tag}.jpg"), quality=95, subsampling=0, exif=exif.tobytes())
print("EXIF orientation images written under", os.path.join(HERE, "exif"))
