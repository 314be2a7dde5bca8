"""Tables: each data table says which cells are headers (th; in DOCX a repeating header row; in PDF TH), and in
HTML and EPUB no header cell is empty (axe-core's empty-table-header: a th, rowheader or columnheader with no
visible text). Header cells are read from the markup (sources.py), as the readers' model keeps only whether a
table has headers."""
from __future__ import annotations

from typing import Iterator

from lxml import etree

from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import local, sources

NO_HEADER = rule("table-no-header")
EMPTY_HEADER = rule("table-header-empty")
CODES = (NO_HEADER.code, EMPTY_HEADER.code)
HEADER_ROLES = {"rowheader", "columnheader"}
HIDING_ROLES = {"presentation", "none"}


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        for table in document.tables:
            if not table.has_header:
                yield NO_HEADER.finding(document.name, table.line)
    for tree in sources(publication).trees:
        for cell in _header_cells(tree.root):
            if not _visible_text(cell):
                yield EMPTY_HEADER.finding(tree.document.name, cell.sourceline,
                                           "A table header cell has no text: write what its column or row holds.")


def _header_cells(root: etree._Element) -> Iterator[etree._Element]:
    for cell in root.iter():
        tag = local(cell)
        role = (cell.get("role") or "").strip().lower()
        if (tag == "th" and not role) or role in HEADER_ROLES:
            if not any(_hides(e) for e in (cell, *cell.iterancestors())):
                yield cell


def _hides(element: etree._Element) -> bool:
    return element.get("hidden") is not None or (
        local(element) == "table" and (element.get("role") or "").strip().lower() in HIDING_ROLES)


def _visible_text(cell: etree._Element) -> str:
    """Its text, leaving out what is hidden, scripts and styles (alt text and aria-label are not shown)."""
    parts = [cell.text or ""]
    for element in cell.iterdescendants():
        if any(_unshown(e) for e in _up_to(element.getparent(), cell)):
            continue
        if isinstance(element.tag, str) and not _unshown(element):
            parts.append(element.text or "")
        parts.append(element.tail or "")
    return "".join(parts).strip()


def _unshown(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and (_hides(element) or local(element) in ("script", "style", "template"))


def _up_to(element: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    while element is not None and element is not top:
        yield element
        element = element.getparent()
