"""Landmarks: a web page has one main landmark (<main> or role="main"), so that readers can go straight to
its content (axe-core's landmark-one-main and landmark-no-duplicate-main). An EPUB's documents are pages of
a book the reading system moves through, and are not asked for one (as Ace does not)."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

MISSING = rule("landmark-main-missing")
DUPLICATE = rule("landmark-main-duplicate")
CODES = (MISSING.code, DUPLICATE.code)


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format != "html":
        return
    for document in publication.documents:
        if not document.mains:
            yield MISSING.finding(document.name, document.root_line)
        elif len(document.mains) > 1:
            first = f" (the first at line {document.mains[0]})" if document.mains[0] else ""
            yield DUPLICATE.finding(document.name, document.mains[1],
                                    f"The page has {len(document.mains)} main landmarks{first}.")
