"""Titles: the publication has one (or screen readers say the file name), each EPUB document has its own,
and a PDF viewer shows the title rather than the file name."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

MISSING = rule("title-missing")
DOCUMENT_MISSING = rule("title-document-missing")
NOT_DISPLAYED = rule("title-not-displayed")
CODES = ("title-missing", "title-document-missing", "title-not-displayed")


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format == "brf":
        return    # a BRF file is pages of braille and nothing else: no place for a title (the PEF has one)
    if publication.title is None:
        line = publication.metadata_line if publication.format == "epub" else \
            publication.documents[0].head_line if publication.format == "html" and publication.documents else None
        yield MISSING.finding(publication.where, line)
    if publication.format == "epub":
        for document in publication.documents:
            if not document.title:
                yield DOCUMENT_MISSING.finding(document.name, document.head_line,
                                               f"The document {document.key} has no title element.")
    if publication.format == "pdf" and publication.title is not None and publication.displays_title is False:
        yield NOT_DISPLAYED.finding(publication.name, None)
