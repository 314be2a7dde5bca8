"""Titles: the publication has one (or screen readers say the file name), each EPUB document has its own,
and a PDF viewer shows the title rather than the file name."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding, Severity
from .rules import Rule

E, W = Severity.ERROR, Severity.WARNING
MISSING = Rule("title-missing", E, "The publication has no title.",
               "Set the title: <title> in HTML, dc:title in an EPUB's package, the Title property in Word, "
               "dc:title in a PDF's XMP metadata.")
DOCUMENT_MISSING = Rule("title-document-missing", E, "A document in the EPUB has no title element.",
                        "Give each content document a <title>, usually its chapter's title.")
NOT_DISPLAYED = Rule("title-not-displayed", W, "The PDF viewer shows the file name instead of the title.",
                     "Set /ViewerPreferences /DisplayDocTitle true in the PDF.")
RULES = [MISSING, DOCUMENT_MISSING, NOT_DISPLAYED]


def check(publication: Publication) -> Iterator[Finding]:
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
