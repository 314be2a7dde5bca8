"""The table of contents in reading order: an EPUB's nav toc lists its targets in the order the spine and each
document give them (Ace's epub-toc-order). As Ace does, each entry is placed at its document in the spine, and
at its id within that document; an entry that goes back before the one above it is out of order. Entries that
lead nowhere are links.py's (link-target-missing), and those outside the spine are not placed.
"""
from __future__ import annotations

from typing import Iterator

from ..readers.markup import resolve
from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import Tree, local, sources

OUT_OF_ORDER = rule("toc-out-of-order")
CODES = (OUT_OF_ORDER.code,)
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format != "epub":
        return
    trees = sources(publication).trees
    places = _places([t for t in trees if t.document.in_reading_order])
    for tree in trees:
        if not tree.document.is_navigation:
            continue
        previous: tuple[int, str] | None = None
        for href, line in _toc_links(tree):
            target = resolve(tree.document.key, href)
            place = places.get(target) if target else None
            if place is None:
                continue
            if previous is not None and place < places[previous[1]]:
                yield OUT_OF_ORDER.finding(tree.document.name, line,
                                           f"The contents entry '{href}' comes after '{previous[0]}', but its "
                                           "part comes earlier in the book.")
            previous = (href, target)


def _places(trees: list[Tree]) -> dict[str, int]:
    """Every document and id in reading order: "path" and "path#id" -> its position."""
    places: dict[str, int] = {}
    for tree in trees:
        places.setdefault(tree.document.key, len(places))
        for element in tree.root.iter():
            id_ = element.get("id") if isinstance(element.tag, str) else None
            if id_:
                places.setdefault(f"{tree.document.key}#{id_}", len(places))
    return places


def _toc_links(tree: Tree) -> Iterator[tuple[str, int | None]]:
    for nav in tree.root.iter():
        if local(nav) == "nav" and "toc" in (nav.get(EPUB_TYPE) or nav.get("epub:type") or "").split():
            for link in nav.iter():
                if local(link) == "a" and link.get("href"):
                    yield link.get("href"), link.sourceline
            return     # the first toc nav is the table of contents
