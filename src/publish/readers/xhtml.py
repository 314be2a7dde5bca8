"""A standalone XHTML file, parsed as XML with the safe parser (so its line numbers are exact)."""
from __future__ import annotations

from pathlib import Path

from .markup import read_markup
from .model import Publication
from .safe import parse_xml, read_file


def read_xhtml(path: Path, name: str) -> Publication:
    root = parse_xml(read_file(path, name), name)
    document = read_markup(root, "", name)
    return Publication(name=name, format="html", documents=[document], language=document.language,
                       language_line=root.sourceline, title=document.title)
