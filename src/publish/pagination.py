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

from .ast import copy as ast_copy
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
    found: list[dict[str, Any]] = []

    def walk(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            kind = block.get("t")
            if kind in ("Para", "Plain", "Header"):
                found.append(block)
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
    the first one that holds text."""
    if not spans:
        return {}
    numbers = sorted(spans)
    first_page = spans[numbers[0]][0]
    last_page = max(end for _, end in spans.values())
    points: dict[int, list[int]] = {}
    for page in range(first_page, last_page + 1):
        block = _block_for_page(numbers, spans, page)
        if block is not None:
            points.setdefault(block, []).append(page)
    return points


def _block_for_page(numbers: list[int], spans: Spans, page: int) -> int | None:
    for index, number in enumerate(numbers):
        if spans[number][0] == page:
            previous = numbers[index - 1] if index else None
            if previous is not None and spans[previous][1] >= page:
                return previous               # the block before runs onto this page
            return number                     # the page starts with this block
    running = [n for n in numbers if spans[n][0] < page <= spans[n][1]]
    return running[-1] if running else None   # one long block fills the page


def with_page_breaks(ast: dict[str, Any], points: dict[int, list[int]],
                     marker: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """A copy of the AST with a marker for each page placed as break_points says.

    Before a heading the marker is put just after it, in the heading's own section, so that
    no edition splits it from its page; the heading stands on the same page either way.
    """
    marked = ast_copy(ast)
    blocks = anchored_blocks(marked)
    for number in sorted(points, reverse=True):
        block = blocks[number - 1]
        spans = [marker(page) for page in points[number]]
        if block["t"] == "Header":
            _insert_after(marked["blocks"], block, {"t": "Plain", "c": spans})
        else:
            block["c"][0:0] = spans
    return marked


def _insert_after(blocks: list[Any], target: dict[str, Any], new: dict[str, Any]) -> bool:
    for index, block in enumerate(blocks):
        if block is target:
            blocks.insert(index + 1, new)
            return True
        for child in _child_block_lists(block):
            if _insert_after(child, target, new):
                return True
    return False


def _child_block_lists(block: dict[str, Any]) -> list[list[Any]]:
    kind = block.get("t")
    if kind == "BlockQuote":
        return [block["c"]]
    if kind in ("Div", "Figure"):
        return [block["c"][-1]]
    if kind == "Table":
        return [block["c"][1][1]]
    if kind == "BulletList":
        return block["c"]
    if kind == "OrderedList":
        return block["c"][1]
    return []


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
