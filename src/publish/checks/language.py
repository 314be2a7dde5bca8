"""Language: declared for the publication and each of its documents, as a valid BCP 47 tag, so that
screen readers speak the text with the right voice.

A tag is valid when it is well-formed (RFC 5646's syntax) and each of its subtags is in the IANA
language subtag registry (as the langcodes library, which bundles the registry, tells): 'english'
or 'xx-Yyyy' are refused, as axe-core's html-lang-valid and Ace refuse them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import langcodes

from ..readers.epub import PACKAGE_LANGUAGE   # an EPUB package's own xml:lang, as the reader keeps it
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




@lru_cache(maxsize=256)
def is_valid(tag: str) -> bool:
    """Well-formed, and every subtag registered (langcodes alone would also take 'en_GB')."""
    return bool(BCP47.match(tag)) and langcodes.tag_is_valid(tag)


def _invalid(where: str, line: int | None, tag: str) -> Finding:
    return INVALID.finding(where, line, f"The language tag '{tag}' is not a valid BCP 47 tag.")


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format == "brf":
        return    # a BRF file is pages of braille and nothing else: no place to declare it (the PEF has one)
    if publication.language is None:
        yield MISSING.finding(publication.where, publication.language_line if publication.format != "epub"
                              else publication.metadata_line)
    elif not is_valid(publication.language):
        yield _invalid(publication.where, publication.language_line, publication.language)
    if publication.format != "epub":
        return
    for meta in publication.metadata:
        if meta.property == PACKAGE_LANGUAGE and meta.value and not is_valid(meta.value):
            yield _invalid(publication.where, meta.line, meta.value)
    for document in publication.documents:
        if document.language is None:
            yield DOCUMENT_MISSING.finding(document.name, document.root_line)
        elif not is_valid(document.language):
            yield _invalid(document.name, document.root_line, document.language)
