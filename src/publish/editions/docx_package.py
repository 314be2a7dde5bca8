"""A DOCX as a zip of parts: read it into memory, write it back with fixed bytes.

Shared by the DOCX editions and by styles/make_reference_docx.py, so that both the
reference documents and the editions are byte-identical from one build to the next.
"""
from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)      # the earliest date a zip can hold
CONTENT_TYPES = "[Content_Types].xml"

Parts = dict[str, bytes]


def read_parts(path: Path) -> Parts:
    """Every member of the zip by name, in the zip's own order."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(parts: Parts, path: Path, when: datetime = ZIP_EPOCH) -> None:
    """Writes the parts as a DOCX: [Content_Types].xml first, then the rest in their given order,
    every member stamped with the same date and permissions so that equal parts give equal bytes."""
    stamp = max(when, ZIP_EPOCH).astimezone(timezone.utc).timetuple()[:6]
    names = sorted(parts, key=lambda name: name != CONTENT_TYPES)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3      # Unix, whichever system builds
            archive.writestr(info, parts[name], compresslevel=9)


def parse(data: bytes) -> etree._Element:
    """A part's XML, parsed without entities or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(data, parser)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def w(tag: str, **attributes: str | int) -> etree._Element:
    """A WordprocessingML element with w: attributes: w("spacing", after=120)."""
    element = etree.Element(f"{W}{tag}")
    for key, value in attributes.items():
        element.set(f"{W}{key}", str(value))
    return element
