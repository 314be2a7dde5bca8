"""Braille files, ours or anyone's: a BRF (Braille ASCII pages) or a PEF (pages of Unicode braille in XML).

Braille has none of what the other concerns look at (headings, links, alt text: the words are
cells), so a braille publication has no documents; what the braille check reads is its pages,
each a list of lines in Braille ASCII, and the page size: a PEF declares it (cols, rows); a BRF
does not, so its right margin is taken from where the braille page numbers stand (the end of
the first page's last line, brf.py), and its lines per page from the longest page, at least 25.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import brf
from ..errors import PublishError
from .model import Publication
from .safe import parse_xml, read_file

PEF_NS = "http://www.daisy.org/ns/2008/pef"
DC_NS = "http://purl.org/dc/elements/1.1/"
PUBLISH_NS = "urn:publish:braille"
DEFAULT_CELLS, DEFAULT_LINES = 40, 25


@dataclass
class BraillePage:
    lines: list[str]           # Braille ASCII, trailing blanks dropped
    line: int | None           # where it starts in the file (BRF: its first line; PEF: its <page>)


@dataclass
class BraillePublication(Publication):
    pages: list[BraillePage] = field(default_factory=list)
    cells: int = DEFAULT_CELLS
    lines: int = DEFAULT_LINES
    table: dict[str, str] | None = None      # our PEF's note of the liblouis table it was made with


def read_brf(path: Path, name: str) -> BraillePublication:
    data = read_file(path, name)
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as error:
        raise PublishError(f"is not a BRF file: byte {error.start} is not ASCII", name) from None
    pages: list[BraillePage] = []
    line = 1
    for chunk in text.split("\f"):
        rows = chunk.replace("\r\n", "\n").split("\n")
        if rows and rows[-1] == "":
            rows.pop()                 # the line end of the page's last line
        if rows or chunk:
            pages.append(BraillePage([r.rstrip(" ") for r in rows], line))
        line += chunk.count("\n")
    if not pages:
        raise PublishError("is empty", name)
    cells = DEFAULT_CELLS
    first = pages[0].lines
    if first and brf.page_number(first[-1]) is not None:
        cells = len(first[-1])
    lines = max(DEFAULT_LINES, len(first))
    return BraillePublication(name=name, format="brf", pages=pages, cells=cells, lines=lines)


def read_pef(path: Path, name: str) -> BraillePublication:
    root = parse_xml(read_file(path, name), name)
    if root.tag != f"{{{PEF_NS}}}pef":
        raise PublishError("is not a PEF file (its root is not <pef> in the PEF namespace)", name)
    ns = {"p": PEF_NS, "dc": DC_NS, "publish": PUBLISH_NS}
    title = root.findtext(".//p:meta/dc:title", namespaces=ns)
    language = root.findtext(".//p:meta/dc:language", namespaces=ns)
    language_element = root.find(".//p:meta/dc:language", ns)
    note = root.find(".//p:meta/publish:translation", ns)
    volumes = root.findall("p:body/p:volume", ns)
    pages: list[BraillePage] = []
    cells, lines = DEFAULT_CELLS, DEFAULT_LINES
    for volume in volumes:
        cells, lines = _int(volume.get("cols"), cells), _int(volume.get("rows"), lines)
        for page in volume.iterfind(".//p:page", ns):
            rows = [brf.to_ascii("".join(row.itertext())).rstrip(" ") for row in page.iterfind("p:row", ns)]
            pages.append(BraillePage(rows, page.sourceline))
    return BraillePublication(name=name, format="pef", pages=pages, cells=cells, lines=lines,
                              title=title.strip() if title else None,
                              language=language.strip() if language else None,
                              language_line=language_element.sourceline if language_element is not None else None,
                              table=dict(note.attrib) if note is not None else None)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
