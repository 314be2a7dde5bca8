"""Language: declared for the publication and each of its documents, as a well-formed BCP 47 tag,
so that screen readers speak the text with the right voice."""
from __future__ import annotations

import re
from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

MISSING = rule("lang-missing")
DOCUMENT_MISSING = rule("lang-document-missing")
INVALID = rule("lang-invalid")
CODES = ("lang-missing", "lang-document-missing", "lang-invalid")

BCP47 = re.compile(r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
                   r"(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[A-WY-Za-wy-z\d](?:-[A-Za-z\d]{2,8})+)*"
                   r"(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$|^[Xx](?:-[A-Za-z\d]{1,8})+$|^i-[A-Za-z]{2,8}$")


def check(publication: Publication) -> Iterator[Finding]:
    if publication.language is None:
        yield MISSING.finding(publication.where, publication.language_line if publication.format != "epub"
                              else publication.metadata_line)
    elif not BCP47.match(publication.language):
        yield INVALID.finding(publication.where, publication.language_line,
                              f"The language tag '{publication.language}' is not a valid BCP 47 tag.")
    if publication.format != "epub":
        return
    for document in publication.documents:
        if document.language is None:
            yield DOCUMENT_MISSING.finding(document.name, document.root_line)
        elif not BCP47.match(document.language):
            yield INVALID.finding(document.name, document.root_line,
                                  f"The language tag '{document.language}' is not a valid BCP 47 tag.")
