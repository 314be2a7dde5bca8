"""Draws the cover from the metadata alone (title, creators, publisher): no outside artwork."""
from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .book import Book
from .fonts import font_file

SIZE = (1400, 2100)            # 2:3, the common e-book cover ratio
INK, PAPER, BAND = (20, 20, 20), (250, 248, 240), (122, 28, 56)


def make_cover(book: Book, output: Path) -> Path:
    """Writes a PNG cover to output; its text alternative is book.cover_alt."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 120], fill=BAND)
    draw.rectangle([0, SIZE[1] - 120, SIZE[0], SIZE[1]], fill=BAND)
    title_font = ImageFont.truetype(str(font_file("Bold")), 120)
    small_font = ImageFont.truetype(str(font_file("Regular")), 64)
    y = 420
    for line in textwrap.wrap(book.title, width=16):
        draw.text((120, y), line, font=title_font, fill=INK)
        y += 150
    y += 120
    for name in book.creators or [book.publisher]:
        for line in textwrap.wrap(name, width=32):
            draw.text((120, y), line, font=small_font, fill=INK)
            y += 84
    # zlib's default level: optimize=True made a file 2% smaller in three times the time (0.18 s)
    image.save(output, format="PNG")
    return output
