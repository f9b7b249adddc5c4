#!/usr/bin/python3
"""Draws the small test images of the image encoder (run with Debian's /usr/bin/python3, which has PIL).

good/  shapes and colours in every format we read, one with transparency, non-square ones (the centre crop has a
       fractional offset), laid out as class folders so the folder reader takes labels from them.
bad/   images the encoder must report and skip: truncated, not an image, empty, 20,000 x 20,000 pixels (header only).
Then run reference_tensors.py to recompute reference.npz.
"""
import os
import struct
import zlib

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))


def save(img, *parts, **kwargs):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, **kwargs)
    return path


def circle(size, fill, background=(255, 255, 255, 255)):
    img = Image.new("RGBA", size, background)
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.ellipse((w * 0.15, h * 0.15, w * 0.85, h * 0.85), fill=fill)
    return img


def square(size, fill, background):
    img = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.rectangle((w * 0.2, h * 0.2, w * 0.8, h * 0.8), fill=fill)
    return img


def stripes(size):
    img = Image.new("RGB", size, (250, 240, 200))
    draw = ImageDraw.Draw(img)
    w, h = size
    for i in range(0, w, 8):
        draw.rectangle((i, 0, i + 3, h), fill=(20 + i % 200, 90, 160))
    return img


# Lossless formats: the reference tensors are computed from these exact pixels.
save(circle((64, 64), (220, 30, 30, 255), background=(0, 0, 0, 0)), "good", "circles", "red_transparent.png")  # transparency
save(circle((101, 60), (30, 60, 220, 255)), "good", "circles", "blue_wide.png")
save(circle((48, 90), (40, 170, 60, 255)).convert("RGB"), "good", "circles", "green_tall.bmp")
save(square((300, 200), (250, 200, 0), (60, 60, 60)), "good", "squares", "yellow_on_grey.png")
save(square((70, 70), (200, 0, 200), (255, 255, 255)).convert("P", palette=Image.ADAPTIVE, colors=16), "good", "squares", "magenta.gif")
save(stripes((640, 480)), "good", "stripes", "stripes.png")
# Lossy or decoder-dependent formats: decoded and encoded, not compared pixel by pixel.
save(square((80, 64), (0, 120, 255), (255, 250, 240)), "good", "squares", "blue.jpg", quality=92)
save(circle((64, 64), (255, 140, 0, 255)), "good", "circles", "orange.webp", lossless=True)

# Bad images.
os.makedirs(os.path.join(HERE, "bad"), exist_ok=True)
full = open(os.path.join(HERE, "good", "squares", "yellow_on_grey.png"), "rb").read()
open(os.path.join(HERE, "bad", "truncated.png"), "wb").write(full[: len(full) // 2])
open(os.path.join(HERE, "bad", "not_an_image.png"), "wb").write(b"This is a text file with an image's name.\n")
open(os.path.join(HERE, "bad", "empty.png"), "wb").write(b"")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


# A valid PNG header claiming 20,000 x 20,000 pixels (8-bit grey) with one row of data: the size alone must refuse it.
header = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 20001)) + chunk(b"IEND", b"")
open(os.path.join(HERE, "bad", "huge_20000x20000.png"), "wb").write(png)
print("images written under", HERE)
