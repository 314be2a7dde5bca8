"""Print page numbers for every edition, taken from the large-print PDF, the print edition.

The typesetter reports the page on which each paragraph, list item and heading starts
and ends (large_print.page_spans); here those spans become page-break markers in the
AST that the EPUB and HTML editions are written from, so that "turn to page 7" takes
every reader to the same words.

Where page N starts:
- when a block starts on page N and the block before it ended on an earlier page, the
  marker goes just before that block: the words after it are the first on page N;
- otherwise a paragraph runs over onto page N, and the marker goes at the start of that
  paragraph (the page begins somewhere inside it).
"""
from __future__ import annotations

import uuid
from typing import Any, Callable

from .book import Book


def print_source_identifier(book: Book) -> str:
    """The large-print edition's own identifier, derived from the book's: the EPUB names it as the
    source of its page breaks, and the PDF carries it."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, book.identifier + '#large-print')}"


PAGE_ID = "print-page-{}"   # not "page-N": a heading "Page 3" would take that id
Spans = dict[int, tuple[int, int]]          # block number (from 1) -> (start page, end page)


def anchored_blocks(ast: dict[str, Any]) -> list[dict[str, Any]]:
    """Paragraphs, headings and list items' first lines, in reading order: the blocks whose pages
    the typesetter reports, numbered from 1 in this order."""
    return [block for block, _, _ in _anchored(ast)]


def _anchored(ast: dict[str, Any]) -> list[tuple[dict[str, Any], list[Any], int]]:
    """Each anchored block with the list that holds it and its place there, in one walk."""
    found: list[tuple[dict[str, Any], list[Any], int]] = []

    def walk(blocks: list[dict[str, Any]]) -> None:
        for index, block in enumerate(blocks):
            kind = block.get("t")
            if kind in ("Para", "Plain", "Header"):
                found.append((block, blocks, index))
            elif kind == "BlockQuote":
                walk(block["c"])
            elif kind in ("Div", "Figure"):
                walk(block["c"][-1])          # a figure's picture; a figure may start a page
            elif kind == "Table":
                walk(block["c"][1][1])        # its caption, set above it: where the table starts
            elif kind in ("BulletList", "OrderedList"):
                for item in block["c"] if kind == "BulletList" else block["c"][1]:
                    walk(item)

    walk(ast["blocks"])
    return found


def break_points(spans: Spans) -> dict[int, list[int]]:
    """Block number -> the pages whose marker stands at that block's start, for every page after
    the first one that holds text. When a block starts on page N and the block before it ended
    earlier, N's marker is that block's; when the block before runs onto N, or no block starts
    on N, the marker is that of the (last) block running onto N."""
    if not spans:
        return {}
    numbers = sorted(spans)
    first_on: dict[int, int] = {}        # page -> index of the first block starting there
    running: dict[int, int] = {}         # page -> the last block that started earlier and runs onto it
    for index, number in enumerate(numbers):
        start, end = spans[number]
        first_on.setdefault(start, index)
        for page in range(start + 1, end + 1):
            running[page] = number
    points: dict[int, list[int]] = {}
    for page in range(spans[numbers[0]][0], max(end for _, end in spans.values()) + 1):
        block = running.get(page)
        if page in first_on:
            index = first_on[page]
            before = numbers[index - 1] if index else None
            block = before if before is not None and spans[before][1] >= page else numbers[index]
        if block is not None:
            points.setdefault(block, []).append(page)
    return points


def with_page_breaks(ast: dict[str, Any], points: dict[int, list[int]],
                     marker: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """The AST, changed in place (the build hands each worker its own), with a marker for each
    page placed as break_points says.

    Before a heading the marker is put just after it, in the heading's own section, so that
    no edition splits it from its page; the heading stands on the same page either way.
    """
    anchored = _anchored(ast)
    # last first: an insertion then never moves a place still to be used in the same list
    for number in sorted(points, reverse=True):
        block, holder, index = anchored[number - 1]
        spans = [marker(page) for page in points[number]]
        if block["t"] == "Header":
            holder.insert(index + 1, {"t": "Plain", "c": spans})
        else:
            block["c"][0:0] = spans
    return ast


def page_break_span(page: int, epub: bool) -> dict[str, Any]:
    """An empty span marking where page `page` begins, named by its page number.

    The EPUB names it with aria-label, as DAISY's guidance does; the HTML with title, which
    names it just the same (DPUB-ARIA's own example) and which axe-core accepts on a span
    (it reports aria-label there as prohibited, not counting doc-* roles).
    """
    name = ["aria-label", str(page)] if epub else ["title", f"Page {page}"]
    attributes = [["role", "doc-pagebreak"], name]
    if epub:
        attributes.insert(0, ["epub:type", "pagebreak"])
    return {"t": "Span", "c": [[PAGE_ID.format(page), ["pagebreak"], attributes], []]}
