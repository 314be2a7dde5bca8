"""Print page numbers for every edition, taken from the large-print PDF, the print edition.

PageLayout is the one type that carries them: the typesetter reports the page on which each
paragraph, list item and heading (an "anchored block", numbered here) starts and ends, and each
edition that shows the print pages takes from the layout where its markers go. The EPUB and
HTML are written by pandoc with a slot (an HTML comment) at the start of every anchored block,
while Typst is still laying out the pages; the markers then go into the slots. Braille puts
its print page indicators at the same places, dividing a paragraph's braille where a page begins
inside it (editions/braille.py).

Where page N starts:
- when a block starts on page N and the block before it ended on an earlier page, the
  marker goes just before that block: the words after it are the first on page N;
- otherwise a paragraph runs over onto page N, and the marker goes inside it, right before the
  first word of page N: the layout knows each page's first letters, read from the PDF
  (page_starts.py), and the finisher finds them in the paragraph's own text. Where they cannot be
  found once (a layout from a PDF that could not be written, text the large print sets otherwise),
  the marker stands at the start of the paragraph.
"""
from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from .book import Book


def print_source_identifier(book: Book) -> str:
    """The large-print edition's own identifier, derived from the book's: the EPUB names it as the
    source of its page breaks, and the PDF carries it."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, book.identifier + '#large-print')}"


PAGE_ID = "print-page-{}"   # not "page-N": a heading "Page 3" would take that id
Spans = dict[int, tuple[int, int]]          # block number (from 1) -> (start page, end page)
PagePoints = dict[int, list[int]]           # block number -> the pages whose marker stands at its start


@dataclass(frozen=True)
class PageLayout:
    """The print edition's pages, as the editions that show them need them; made by the large print,
    kept in the build's cache (row, of_row), handed to each edition's finishing step."""
    spans: Spans = field(default_factory=dict)
    openings: tuple[str, ...] = ()     # each page's first letters (page_starts.letters), page 1 first

    @cached_property
    def points(self) -> PagePoints:
        """Block number -> the pages whose marker stands at that block's start."""
        return break_points(self.spans)

    def row(self) -> dict[str, Any]:
        """The cache's form of the layout (JSON)."""
        return {"spans": [[n, start, end] for n, (start, end) in sorted(self.spans.items())],
                "openings": list(self.openings)}

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> "PageLayout":
        return cls({n: (start, end) for n, start, end in row["spans"]}, tuple(row.get("openings", ())))

    # the blocks, numbered: the typesetter anchors them, and every edition numbers them the same way
    @staticmethod
    def anchored_blocks(ast: dict[str, Any]) -> list[dict[str, Any]]:
        return anchored_blocks(ast)

    @staticmethod
    def with_slots(ast: dict[str, Any]) -> dict[str, Any]:
        return with_page_slots(ast)

    def fill_slots(self, html: str, marker: Callable[[int], str]) -> str:
        """pandoc's HTML or XHTML drafted with_slots, each slot replaced by its pages' markers; the marker
        of a page that begins inside a paragraph goes before that page's first word."""
        inside = {number: [p for p in pages if self._begins_inside(number, p)] for number, pages in self.points.items()}
        if not any(inside.values()):
            return fill_page_slots(html, self.points, marker)
        from .page_starts import insert_before_letters
        out: list[str] = []
        at = 0
        for found in _SLOTS.finditer(html):
            out.append(html[at:found.start()])
            at = found.end()
            number = int(found.group(1) or found.group(2))
            pages = self.points.get(number, [])
            if not found.group(1) or not inside.get(number):
                out.append(_markers(found, pages, marker))
                continue
            # the page's first words are in the block, or after it when a code block or table fills the page
            after = _SLOTS.search(html, at)
            stop = after.start() if after else len(html)
            block, start, placed = html[at:stop], 0, []
            for page in inside[number]:
                opening = self.openings[page - 1] if page <= len(self.openings) else ""
                put = insert_before_letters(block, opening, marker(page), start) if opening else None
                if put is not None:
                    block, start = put
                    placed.append(page)
            out.append(_markers(found, [p for p in pages if p not in placed], marker))
            out.append(block)
            at = stop
        out.append(html[at:])
        return "".join(out)

    def pages_beginning_inside(self) -> set[int]:
        """The pages whose marker goes inside a block, before the page's first word: only their
        openings are read from the PDF."""
        return {page for number, pages in self.points.items() for page in pages if self._begins_inside(number, page)}

    def _begins_inside(self, number: int, page: int) -> bool:
        """Whether page begins inside anchored block number (it started on an earlier page)."""
        start, _ = self.spans.get(number, (page, page))
        return start < page


NO_PAGES = PageLayout()         # for an edition finished without the print pages


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


def break_points(spans: Spans) -> PagePoints:
    """Block number -> the pages whose marker stands at that block's start, for every page after
    the first one that holds text. When a block starts on page N and the block before it ended
    earlier, N's marker is that block's; when the block before runs onto N, or no block starts
    on N, the marker is that of the (last) block running onto N."""
    if not spans:
        return {}
    numbers = sorted(spans)
    first_on: dict[int, int] = {}        # page -> index of the first block starting there
    running: dict[int, int] = {}         # page -> the last block that started earlier and runs onto it
    last_on: dict[int, int] = {}         # page -> index of the last block starting there
    for index, number in enumerate(numbers):
        start, end = spans[number]
        first_on.setdefault(start, index)
        last_on[start] = index
        for page in range(start + 1, end + 1):
            running[page] = number
    points: PagePoints = {}
    last_started = numbers[0]
    for page in range(spans[numbers[0]][0], max(end for _, end in spans.values()) + 1):
        # a page that no block starts on or runs onto (a long code block or table fills it) takes the
        # marker of the last block before it: the page begins after that block's start
        block = running.get(page, last_started)
        if page in first_on:
            index = first_on[page]
            before = numbers[index - 1] if index else None
            block = before if before is not None and spans[before][1] >= page else numbers[index]
            last_started = numbers[last_on[page]]
        points.setdefault(block, []).append(page)
    return points



# Where a page may begin, left in pandoc's HTML as a comment: pandoc writes the EPUB and HTML
# while Typst is still laying out the large print, and the markers go in once the pages are known.
_INLINE_SLOT, _BLOCK_SLOT = "<!--publish-page-{}-->", "<!--publish-page-after-heading-{}-->"
_SLOTS = re.compile(r"<!--publish-page-(\d+)-->|\n<!--publish-page-after-heading-(\d+)-->")


def with_page_slots(ast: dict[str, Any]) -> dict[str, Any]:
    """The AST, changed in place (each edition has its own copy), with a slot at the start of every
    anchored block, where fill_page_slots puts the markers of the pages break_points gives it.

    Before a heading the slot is put just after it, in the heading's own section, so that no
    edition splits it from its page; the heading stands on the same page either way.
    """
    anchored = _anchored(ast)
    # last first: an insertion then never moves a place still to be used in the same list
    for number in range(len(anchored), 0, -1):
        block, holder, index = anchored[number - 1]
        if block["t"] == "Header":
            holder.insert(index + 1, {"t": "RawBlock", "c": ["html", _BLOCK_SLOT.format(number)]})
        else:
            block["c"].insert(0, {"t": "RawInline", "c": ["html", _INLINE_SLOT.format(number)]})
    return ast


def fill_page_slots(html: str, points: PagePoints, marker: Callable[[int], str]) -> str:
    """pandoc's HTML with each slot replaced by its pages' markers, or by nothing."""
    return _SLOTS.sub(lambda found: _markers(found, points.get(int(found.group(1) or found.group(2)), []), marker),
                      html)


def _markers(slot: re.Match[str], pages: list[int], marker: Callable[[int], str]) -> str:
    markers = "".join(marker(page) for page in pages)
    return markers if slot.group(1) or not markers else "\n" + markers


def page_break_marker(page: int, epub: bool, label: str = "Page {n}", lang: str = "") -> str:
    """An empty span marking where page `page` begins, named by its page number.

    The EPUB names it with aria-label, as DAISY's guidance does; the HTML with title, which
    names it just the same (DPUB-ARIA's own example) and which axe-core accepts on a span
    (it reports aria-label there as prohibited, not counting doc-* roles). lang names the label's
    language when it is not the book's (an English "Page 7" in a book the catalogue has no words for).
    """
    if epub:
        return (f'<span id="{PAGE_ID.format(page)}" class="pagebreak" epub:type="pagebreak" '
                f'role="doc-pagebreak" aria-label="{page}"></span>')
    title = html.escape(label.format(n=page), quote=True)     # "Page 7" in the book's language
    marked = f' lang="{html.escape(lang, quote=True)}"' if lang else ""
    return (f'<span id="{PAGE_ID.format(page)}" class="pagebreak" role="doc-pagebreak" title="{title}"{marked}>'
            '</span>')
