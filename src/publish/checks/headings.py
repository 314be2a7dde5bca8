"""Heading order: in reading order, no level skipped going down, none empty, the first at the top level.
An EPUB's navigation document stands outside the outline (it is often h2, or hidden).

HTML and EPUB by h1-h6 (across the spine, as a reader meets them), DOCX by the outline
level of each paragraph's style, PDF by its H1-H6 structure tags.
"""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

SKIPPED = rule("heading-skipped")
FIRST = rule("heading-first-not-top")
EMPTY = rule("heading-empty")
NONE = rule("heading-none")
CODES = ("heading-skipped", "heading-first-not-top", "heading-empty", "heading-none")


def check(publication: Publication) -> Iterator[Finding]:
    previous = 0
    seen_any = False
    for document in publication.reading_order():
        for heading in document.headings:
            where = (document.name, heading.line)
            if heading.text is not None and not heading.text:
                yield EMPTY.finding(*where, f"A level {heading.level} heading has no text.")
            if document.is_navigation:
                continue   # the table of contents is the reading system's page, outside the text's outline
            if not seen_any and heading.level != 1:
                yield FIRST.finding(*where, f"The first heading is level {heading.level}; "
                                            "it should be level 1.")
            elif previous and heading.level > previous + 1:
                yield SKIPPED.finding(*where, f"The heading {_quoted(heading.text)}is level {heading.level} "
                                              f"straight after level {previous}.")
            previous, seen_any = heading.level, True
    if not seen_any and _has_content(publication) and publication.tagged is not False:   # untagged: meta-untagged
        yield NONE.finding(publication.documents[0].name if publication.documents else publication.name, None)


def _quoted(text: str | None) -> str:
    return f"'{text[:60]}' " if text else ""


def _has_content(publication: Publication) -> bool:
    return any(d.images or d.tables or d.links or d.noterefs for d in publication.documents) or \
        publication.format in ("docx", "pdf")
