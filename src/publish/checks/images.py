"""Text alternatives: every image has one that says what it shows, or is marked decorative.

HTML and EPUB: alt (alt="" is decorative); DOCX: the picture's description, or Word's
decorative mark; PDF: /Alt on every Figure (decorative images are artifacts, outside the tree).
An inline SVG needs its <title> or aria-label, and an element with role="img" its aria-label (as
axe-core's svg-img-alt and role-img-alt ask); aria-hidden ones are decorative.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..readers.model import Image, Publication
from ..report import Finding
from .rules import Rule, rule

MISSING = rule("alt-missing")
FILENAME = rule("alt-filename")
TOO_LONG = rule("alt-too-long")
SVG = rule("alt-svg-missing")
ROLE_IMG = rule("alt-role-img-missing")
CODES = ("alt-missing", "alt-filename", "alt-too-long", SVG.code, ROLE_IMG.code)
GRAPHICS = {"svg": SVG, "role-img": ROLE_IMG}

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
        for named in document.named:
            if named.kind in GRAPHICS and not named.name:
                yield GRAPHICS[named.kind].finding(document.name, named.line)


def judge_alt(alt: str | None, decorative: bool, source: str) -> "Rule | None":
    """The rule an image's alt text breaks, if any, wherever the image is (a manuscript or an edition):
    None for alt text that says what the image shows, and for a decorative image (or alt="")."""
    if alt is None:
        return None if decorative else MISSING
    alt = alt.strip()
    if not alt:
        return None
    if FILE_LIKE.match(alt) or alt.lower().strip(".:") in VAGUE or alt == source:
        return FILENAME
    return TOO_LONG if len(alt) > ALT_LIMIT else None


def alt_message(found: "Rule", alt: str, named: str) -> str:
    """What is wrong with the alt text of the image named ('The image x.png')."""
    if found is MISSING:
        return f"{named} has no text alternative and is not marked decorative."
    lowered = named[0].lower() + named[1:]
    if found is FILENAME:
        return f"The alt text '{alt.strip()[:60]}' of {lowered} does not say what it shows."
    return f"The alt text of {lowered} is {len(alt.strip())} characters long."


def _judge(image: Image, file: str) -> Finding | None:
    found = judge_alt(image.alt, image.decorative, image.source)
    return found and found.finding(file, image.line, alt_message(found, image.alt or "", _named(image)))


def _named(image: Image) -> str:
    return f"The image {image.source}" if image.source else "A figure"
