"""Tables: each data table says which cells are headers (th; in DOCX a repeating header row; in PDF TH)."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

NO_HEADER = rule("table-no-header")
CODES = ("table-no-header",)


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        for table in document.tables:
            if not table.has_header:
                yield NO_HEADER.finding(document.name, table.line)
