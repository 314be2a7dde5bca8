"""Braille pages (BRF, PEF): every line within the page's cells, every page within its lines, the braille
page numbers in sequence, the print page indicators in increasing order, and a table for the text's language.

Reads the pages readers.braille gives, in Braille ASCII; the page frame's conventions are brf.py's
(BANA Braille Formats 2016): the braille page number at the right end of each page's last line,
print page indicators as lines of dots 36 ending in the print page's number.
"""
from __future__ import annotations

from typing import Iterator

from .. import brf
from ..readers.model import Publication
from ..report import Finding
from .rules import rule

LINE_TOO_LONG = rule("braille-line-too-long")
PAGE_TOO_LONG = rule("braille-page-too-long")
PAGE_NUMBER = rule("braille-page-number-out-of-sequence")
PRINT_PAGE = rule("braille-print-page-out-of-order")
NO_TABLE = rule("braille-no-table")
CODES = (LINE_TOO_LONG.code, PAGE_TOO_LONG.code, PAGE_NUMBER.code, PRINT_PAGE.code, NO_TABLE.code)
REPORTED = 20       # of each rule, in one file: past that the fault is the same one repeated


def check(publication: Publication) -> Iterator[Finding]:
    from ..readers.braille import BraillePublication
    if not isinstance(publication, BraillePublication):
        return
    name, brf_file = publication.name, publication.format == "brf"
    counts = dict.fromkeys(CODES, 0)

    def found(which, line, message):  # type: ignore[no-untyped-def]
        counts[which.code] += 1
        return which.finding(name, line, message) if counts[which.code] <= REPORTED else None

    expected: int | None = None
    last_print = 0
    for index, page in enumerate(publication.pages, 1):
        where = (lambda offset: page.line + offset if page.line and brf_file else page.line)
        if len(page.lines) > publication.lines:
            finding = found(PAGE_TOO_LONG, where(publication.lines),
                            f"Braille page {index} has {len(page.lines)} lines; the page holds {publication.lines}.")
            if finding:
                yield finding
        for offset, text in enumerate(page.lines):
            if len(text) > publication.cells:
                finding = found(LINE_TOO_LONG, where(offset), f"Line {offset + 1} of braille page {index} has "
                                f"{len(text)} cells; the page is {publication.cells} cells wide.")
                if finding:
                    yield finding
            shown = brf.print_page(text)
            if shown is not None:
                if shown <= last_print:
                    finding = found(PRINT_PAGE, where(offset), f"The print page indicator for page {shown} on "
                                    f"braille page {index} comes after the one for page {last_print}.")
                    if finding:
                        yield finding
                last_print = max(last_print, shown)
        number = brf.page_number(page.lines[-1]) if page.lines else None
        if number is None:
            message = f"Braille page {index} has no page number at the right end of its last line."
        elif expected is not None and number != expected:
            message = f"Braille page {index} is numbered {number}; the page before it was {expected - 1}."
        else:
            message = ""
        if message:
            finding = found(PAGE_NUMBER, where(len(page.lines) - 1), message)
            if finding:
                yield finding
        expected = number + 1 if number is not None else (expected + 1 if expected is not None else None)
    table = publication.table
    if table and table.get("own-table") == "false":
        yield NO_TABLE.finding(name, None, f"No braille table was found for the language "
                               f"'{publication.language}': the braille was made with {table.get('table')}.")
