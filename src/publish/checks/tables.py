"""Tables: each data table says which cells are headers (th; in DOCX a repeating header row; in PDF TH)."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding, Severity
from .rules import Rule

NO_HEADER = Rule("table-no-header", Severity.ERROR, "A table has no header cells.",
                 "Mark the table's header row or column as headers (th in HTML, 'Repeat as header row' in "
                 "Word, TH in PDF), so readers hear what each cell means.")
RULES = [NO_HEADER]


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        for table in document.tables:
            if not table.has_header:
                yield NO_HEADER.finding(document.name, table.line)
