"""Text alternatives: every image has one that says what it shows, or is marked decorative.

HTML and EPUB: alt (alt="" is decorative); DOCX: the picture's description, or Word's
decorative mark; PDF: /Alt on every Figure (decorative images are artifacts, outside the tree).
"""
from __future__ import annotations

import re
from typing import Iterator

from ..readers.model import Image, Publication
from ..report import Finding
from .rules import rule

MISSING = rule("alt-missing")
FILENAME = rule("alt-filename")
TOO_LONG = rule("alt-too-long")
CODES = ("alt-missing", "alt-filename", "alt-too-long")

ALT_LIMIT = 250
FILE_LIKE = re.compile(r"^\S+\.(png|jpe?g|gif|svg|webp|tiff?|bmp|emf|wmf|heic|avif)$", re.I)
VAGUE = {"image", "picture", "photo", "photograph", "graphic", "figure", "img", "icon", "chart", "diagram",
         "logo", "alt", "alt text", "placeholder", "untitled", "pic", "drawing", "illustration", "screenshot"}


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        for image in document.images:
            finding = _judge(image, document.name)
            if finding:
                yield finding


def _judge(image: Image, file: str) -> Finding | None:
    where = (file, image.line)
    if image.alt is None:
        return None if image.decorative else MISSING.finding(
            *where, f"{_named(image)} has no text alternative and is not marked decorative.")
    alt = image.alt.strip()
    if not alt:
        return None   # alt="" is how HTML marks an image decorative
    if FILE_LIKE.match(alt) or alt.lower().strip(".:") in VAGUE or alt == image.source:
        return FILENAME.finding(*where, f"The alt text '{alt[:60]}' of {_named(image).lower()[:1]}"
                                        f"{_named(image)[1:]} does not say what it shows.")
    if len(alt) > ALT_LIMIT:
        return TOO_LONG.finding(*where, f"The alt text of {_named(image)[0].lower()}{_named(image)[1:]} is "
                                        f"{len(alt)} characters long.")
    return None


def _named(image: Image) -> str:
    return f"The image {image.source}" if image.source else "A figure"
