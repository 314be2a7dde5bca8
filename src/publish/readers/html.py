"""An HTML page, read with lxml's HTML parser (which loads no DTD and expands no custom entity)."""
from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from ..errors import PublishError
from .markup import read_markup
from .model import Publication
from .safe import one_line, read_file


def read_html(path: Path, name: str) -> Publication:
    data = read_file(path, name)
    if not data.strip():
        raise PublishError("is empty", name)
    try:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(no_network=True, huge_tree=False))
    except (etree.ParserError, ValueError) as error:
        raise PublishError(f"cannot be read as HTML ({one_line(str(error))})", name) from None
    document = read_markup(root, "", name, xml_lang=False)   # in HTML, xml:lang has no effect: only lang
    return Publication(name=name, format="html", documents=[document], language=document.language,
                       language_line=root.sourceline, title=document.title)
