"""Whether an image the manuscript names can go into the editions: inside the manuscript's folder,
there, readable, of a sane size, and in a format every edition can show.

A manuscript is untrusted: `../secret.jpg`, an absolute path or a symlink out of the folder would
put a file of the building machine into every edition; a 30000 x 30000 PNG of a few KB would take
gigabytes to decode; a truncated JPEG would be a broken picture in a book. Each is a finding at the
image's line (checks/manuscript.py) and the editions show the image's alt text instead (prepare.py).
Headers are read before any pixel is decoded.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_PIXELS = 50_000_000           # 50 megapixels: a 10000 x 5000 scan; no page needs more
MAX_BYTES = 50 * 1024 * 1024      # per image file
SHOWN = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}     # what EPUB readers and Typst all show
SVG_ACTIVE = ("script", "foreignObject", "iframe")


@dataclass(frozen=True)
class Problem:
    code: str          # the rule: link-image-missing, link-image-outside or link-image-unreadable
    message: str


def image_problem(root: Path, target: str) -> Problem | None:
    """What keeps the local image `target` (as written, relative to root) out of the editions, or None."""
    return _judged(root.resolve(), target)


@lru_cache(maxsize=4096)
def _judged(root: Path, target: str) -> Problem | None:
    path = root / target
    if not path.exists() and not path.is_symlink():
        return Problem("link-image-missing", f"The image file {target} does not exist.")
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        return Problem("link-image-outside", f"The image {target} is outside the manuscript's folder "
                                             f"({resolved}): the editions leave it out.")
    if not resolved.is_file():
        return Problem("link-image-missing", f"The image file {target} does not exist.")
    if resolved.stat().st_size > MAX_BYTES:
        return Problem("link-image-unreadable", f"The image {target} is {resolved.stat().st_size // 2**20} MB; "
                                                f"an image may be at most {MAX_BYTES // 2**20} MB.")
    if resolved.suffix.lower() == ".svg":
        return _svg_problem(resolved, target)
    return _raster_problem(resolved, target)


def _raster_problem(path: Path, target: str) -> Problem | None:
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as picture:     # reads the header only
            width, height = picture.size
            kind = picture.format or ""
            if width * height > MAX_PIXELS:
                return Problem("link-image-unreadable", f"The image {target} is {width} x {height} pixels; an "
                                                        f"image may have at most {MAX_PIXELS // 10**6} million.")
            if kind not in SHOWN:
                return Problem("link-image-unreadable", f"The image {target} is a {kind or 'file of unknown kind'}, "
                                                        "which e-readers cannot show: save it as PNG or JPEG.")
            picture.load()                    # a truncated or damaged file fails here
    except Image.DecompressionBombError:      # Pillow's own guard, at twice its limit: refused unopened
        return Problem("link-image-unreadable", f"The image {target} has far more than {MAX_PIXELS // 10**6} "
                                                "million pixels; an image may have at most that many.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return Problem("link-image-unreadable", f"The image {target} cannot be read: it is damaged or not an "
                                                f"image ({str(error)[:80]}).")
    return None


def _svg_problem(path: Path, target: str) -> Problem | None:
    """An SVG is a document: read without entities or network; a script or an outside file refuses it."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        return Problem("link-image-unreadable", f"The image {target} is not a readable SVG ({str(error)[:80]}).")
    for element in root.iter():
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        handlers = [key for key in element.attrib if etree.QName(key).localname.lower().startswith("on")]
        links = [value for key, value in element.attrib.items()
                 if etree.QName(key).localname == "href" and not value.startswith(("#", "data:image/"))]
        if name in SVG_ACTIVE or handlers or links:
            what = f"a <{name}>" if name in SVG_ACTIVE else ("an event handler" if handlers else f"a link to {links[0]}")
            return Problem("link-image-unreadable", f"The SVG image {target} holds {what}; the editions take only "
                                                    "SVG images with no scripts and no outside files.")
    return None
