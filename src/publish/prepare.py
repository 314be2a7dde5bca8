"""The manuscript's AST made fit for every edition, once, before any edition is written.

What pandoc read is kept, with three changes that let every edition be built whatever the
manuscript's faults (each fault is a finding of its own, reported at its line):
- headings as the author wrote them: when every section starts at some level below `#`
  (lessons and documentation often keep `#` for the title), that level becomes the first,
  as pandoc's --shift-heading-level-by does; a heading that skips a level is set one level
  below the one before it (the skip is reported in the manuscript, once);
- an image whose file does not exist becomes its alt text (the words stay, the picture cannot);
- an image on the web becomes its alt text as a link to its address: no edition fetches anything
  during a build, and a book must not change with what a web server sends;
- a link that no edition could follow keeps its words and loses the link: to an id that nothing in
  the book has (Typst refuses it outright), to a page of a web site (`/en/lessons/x`), or to a
  local file that is not part of the book.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ast import Node, attrs, elements, index
from .book import Book, shown_path
from .checks.rules import rule
from .report import Finding

BROKEN_LINK, WEB_IMAGE = rule("link-target-missing"), rule("link-image-remote")
WEB = ("http://", "https://", "ftp://", "//")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")     # https:, mailto:, tel:, ...


@dataclass(frozen=True)
class Prepared:
    ast: dict[str, Any]
    findings: tuple[Finding, ...]
    shift: int            # heading levels moved up (0 when the text starts at #)
    files: tuple[str, ...]   # the local files the text names (images), as written: the cache's inputs


def prepare(book: Book, ast: dict[str, Any]) -> Prepared:
    """The AST, changed in place, and the findings about what had to change."""
    found = index(ast["blocks"])
    ids = {attr[0] for attr in attrs(ast, found) if attr[0]}     # before the changes below move nodes
    files = tuple(sorted({image["c"][2][0] for image in [*found.get("Image", []), *elements(ast["meta"], "Image")]
                          if not _remote(image["c"][2][0])}))
    shift = heading_shift(found.get("Header", []))
    _level_headings(found.get("Header", []), shift)
    sources = _SourceSearch(book)
    findings = _web_images_as_links(book, found, sources)
    _drop_missing_images(book, found)
    findings += _drop_broken_links(book, ast, ids, sources)
    return Prepared(ast, tuple(findings), shift, files)


def heading_shift(headers: list[Node]) -> int:
    """How many levels every heading moves up: the highest level used, less one."""
    levels = [header["c"][0] for header in headers]
    return min(levels) - 1 if levels else 0


def _level_headings(headers: list[Node], shift: int) -> None:
    """Every heading moved up by shift, and none more than one level below the one before it: a
    skipped level is reported once, in the manuscript, at its line (the lint), and the editions get
    an outline every reader can follow (PDF/UA refuses a skipped level outright)."""
    previous = 0
    for header in headers:
        header["c"][0] = min(header["c"][0] - shift, previous + 1)
        previous = header["c"][0]


def _web_images_as_links(book: Book, found: dict[str, list[Node]], sources: "_SourceSearch") -> list[Finding]:
    """Each image on the web as its alt text (or its address), linked to the address, with a warning
    at its line; a figure of such images becomes a paragraph of those links."""
    on_web = [image for image in found.get("Image", []) if image["c"][2][0].lower().startswith(WEB)]
    findings = []
    for image in on_web:
        target = image["c"][2][0]
        file, line = sources.find(target) or (book.sources[0], None)
        findings.append(WEB_IMAGE.finding(shown_path(file), line, f"The image {target} is on the web: the "
                                          "editions show its alt text as a link to it.", manuscript=True))
    for figure in found.get("Figure", []):
        images = elements(figure["c"][2], "Image")
        if images and all(image in on_web for image in images):
            figure.clear()
            figure.update({"t": "Para", "c": [_link_to(image) for image in images]})
    for image in on_web:
        if image.get("t") == "Image":      # not in a figure replaced above
            link = _link_to(image)
            image.clear()
            image.update(link)
    return findings


def _link_to(image: Node) -> Node:
    target = image["c"][2][0]
    return {"t": "Link", "c": [["", [], []], image["c"][1] or [{"t": "Str", "c": target}], [target, ""]]}


def _drop_missing_images(book: Book, found: dict[str, list[Node]]) -> None:
    """An image whose file is not there: its alt text in its place (the lint reports it). A figure
    of such an image becomes a paragraph of that text: its caption is the same words."""
    def missing(image: Node) -> bool:
        target = image["c"][2][0]
        return not (_remote(target) or (book.root / target).is_file())

    for figure in found.get("Figure", []):
        if figure.get("t") != "Figure":      # already a paragraph of web links
            continue
        images = elements(figure["c"][2], "Image")
        if images and all(missing(image) for image in images):
            words = [word for image in images for word in image["c"][1]]
            figure.clear()
            figure.update({"t": "Para", "c": words})
    for image in found.get("Image", []):
        if image.get("t") == "Image" and missing(image):
            alt = image["c"][1]
            image.clear()
            image.update({"t": "Span", "c": [["", ["missing-image"], []], alt]})


def _drop_broken_links(book: Book, ast: dict[str, Any], ids: set[str], sources: "_SourceSearch") -> list[Finding]:
    """Links no edition can follow keep their words only: to an id nothing has, to a page of a web site
    (/en/lessons/x: the book is not that site), or to a local file that is not part of the book."""
    findings: list[Finding] = []
    for link in elements(ast["blocks"], "Link"):
        target = link["c"][2][0]
        if target.startswith("#"):
            if target[1:] in ids:
                continue
            searched, why = f"(#{target[1:]})", "points to no heading or element with that id"
        elif SCHEME.match(target) or target.startswith("//"):
            continue                      # on the web, or mail: every edition can follow it
        else:
            searched, why = target, ("points to a page of a web site, which the book does not hold"
                                     if target.startswith("/") else "points to a file that is not part of the book")
        file, line = sources.find(searched) or sources.find(target) or (book.sources[0], None)
        findings.append(BROKEN_LINK.finding(shown_path(file), line, f"The link to '{target}' {why}; the editions "
                                            "keep its words only.", manuscript=True))
        words = link["c"][1]
        link.clear()
        link.update({"t": "Span", "c": [["", [], []], words]})
    return findings


class _SourceSearch:
    """Finds where a construct that pandoc read stands in the manuscript's files, in reading order:
    each search goes on from the last place found, so repeated constructs get their own lines."""

    def __init__(self, book: Book) -> None:
        self.texts = [(path, path.read_text(encoding="utf-8-sig")) for path in book.sources]
        self.place: dict[str, int] = {}

    def find(self, needle: str) -> tuple[Path, int] | None:
        start = self.place.get(needle, 0)
        offset = 0
        for path, text in self.texts:
            if start < offset + len(text):
                found = text.find(needle, max(start - offset, 0))
                if found >= 0:
                    self.place[needle] = offset + found + 1
                    return path, text.count("\n", 0, found) + 1
            offset += len(text)
        return None


def _remote(target: str) -> bool:
    return "://" in target or target.startswith("data:")
