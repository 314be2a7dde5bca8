"""The braille editions: formatted braille pages, as a BRF file (for embossers and braille displays)
and as PEF 1.0 (the same pages as Unicode braille in XML, with the book's metadata).

The text is translated by liblouis (publish.liblouis): English in Unified English Braille, grade 2
(contracted) unless the metadata says `braille-grade: 1`, other languages with their own table
(liblouis.LANGUAGE_TABLES). A language liblouis has no table for is made with the English table
all the same, and says so: a transcriber's note on the title page, and the PEF names the table it
was made with (the check reports it, braille-no-table).

The pages follow BANA's Braille Formats (2016) for literary books:
- 40 cells by 25 lines (metadata `braille-cells`, `braille-lines`);
- the braille page number at the right margin of each page's last line, at least three blank
  cells after the text, with the numeric indicator; every page is numbered, from the title page;
- the large-print PDF's pages as print page indicators: BANA's page change indicator, a line of
  dots 36 from cell 1 to the right margin ending in the print page's number, standing where the
  print page begins, as the EPUB and HTML place their markers (pagination.py): before the block
  that the large print starts the page with, or, when the page begins inside a paragraph or list
  item, inside it: the paragraph is divided before the braille word in which the page's first
  print word begins (found by the page's first letters in the PDF, page_starts.py, and the liblouis
  map of each character to its cell), and goes on after the indicator in its runover cell (BANA
  1.11). Where those letters are not found once, the indicator stands before the paragraph. It
  never takes a page's last line. (BANA also repeats the print page number at the top right of each
  braille page, with continuation letters; this edition shows the indicator lines only.)
- headings: level 1 centred with a blank line before and after, level 2 in cell 5 after a blank
  line, deeper levels in cell 7; a heading is never the last thing on a page;
- paragraphs in 3-1 (first line in cell 3, runovers in cell 1), list items in 1-3 (nested lists
  3-5, 5-7), a blank line before and after a list, a block quotation and a table (tables in linear
  form, one row a line, cells separated by semicolons);
- notes as endnotes under a "Notes" heading after the text, each starting with its reference
  "[1]", the same reference standing in the text where the note belongs;
- a title page (title, author, publisher, centred) and contents pages listing every heading with
  its braille page number at the right margin after guide dots (dots 5).

Made in two steps like the EPUB and HTML: draft() translates every block (while the large print is
typeset), keeping for each paragraph and list item that a print page may begin inside its print
text and where each of its characters begins in the cells; finish_brf() / finish_pef() lay the
pages out with the print page indicators.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .. import brf, liblouis
from ..ast import copy as ast_copy
from ..ast import plain_text
from ..book import Book
from ..labels import labels_for
from ..errors import PublishError
from ..pagination import NO_PAGES, PageLayout, PagePoints

BLANK, DASH, GUIDE, HYPHEN = "\u2800", "\u2824", "\u2810", "\u2824"    # blank, dots 36, dots 5, dots 36
CELLS, LINES = 40, 25
PEF_NS = "http://www.daisy.org/ns/2008/pef"
DC_NS = "http://purl.org/dc/elements/1.1/"
PUBLISH_NS = "urn:publish:braille"       # the PEF's note of the table it was made with
IMAGE_LABELS = {"en": "Image", "fr": "Image", "es": "Imagen", "pt": "Imagem", "de": "Bild", "ru": "Изображение",
                "it": "Immagine", "nl": "Afbeelding"}
NO_TABLE_NOTE = ("Transcriber's note: liblouis has no braille table for the language {lang}; this edition is in "
                 "English braille ({table}).")


@dataclass
class Block:
    """One translated block: its cells (Unicode braille) and how it stands on the page."""
    kind: str                  # "heading", "text", "code"
    cells: str
    first: int = 2             # blank cells before the first line (3-1: the first line starts in cell 3)
    runover: int = 0           # ... and before each runover line
    level: int = 0             # a heading's level
    anchor: int | None = None  # its number among pagination.anchored_blocks, when it has one
    before: bool = False       # a blank line before it
    after: bool = False        # ... and after it
    # an anchored paragraph's or list item's print text (what it was translated from, with what the
    # large print does not show, a note's "[1]" or a picture's description, blanked) and for each of its
    # characters the cell its braille begins at: where a print page begins inside it (_page_changes)
    source: str | None = None
    starts: array[int] | None = None


@dataclass
class Draft:
    table: liblouis.Table
    cells: int
    lines: int
    title: list[str]            # the title page's lines, each to be centred (cells; "" for a blank line)
    body: list[Block]
    notes: list[Block]
    contents_label: str         # cells
    notes_label: str
    meta: dict[str, Any] = field(default_factory=dict)


def build_brf(book: Book, ast: dict[str, Any], out_dir: Path, layout: PageLayout | None = None) -> Path:
    return finish_brf(book, draft(book, ast_copy(ast)), layout, out_dir)


def build_pef(book: Book, ast: dict[str, Any], out_dir: Path, layout: PageLayout | None = None) -> Path:
    return finish_pef(book, draft(book, ast_copy(ast)), layout, out_dir)


def table_of(book: Book) -> liblouis.Table:
    """The liblouis table this book is translated with (its language and `braille-grade`)."""
    return liblouis.table_for(book.language, _grade(book))


# --- the draft: every block translated ---

def draft(book: Book, ast: dict[str, Any]) -> Draft:
    """Every block translated into braille, with the anchors the page layout needs. The AST is used up."""
    table = table_of(book)      # a PublishError saying how to install liblouis when it is missing
    cells, lines = _size(book, "braille-cells", CELLS, 12, 100), _size(book, "braille-lines", LINES, 10, 100)
    walker = _Walker(table.name, {id(block): n for n, block in enumerate(PageLayout.anchored_blocks(ast), 1)},
                     IMAGE_LABELS.get(book.language.split("-")[0].lower(), IMAGE_LABELS["en"]))
    walker.blocks(ast["blocks"], 0)
    ast["blocks"].clear()
    notes: list[Block] = []
    for number, note in enumerate(walker.notes, 1):
        start = len(notes)
        _Walker(table.name, {}, walker.image_label, walker).blocks(note, 0, out=notes)
        mark = liblouis.translate(table.name, f"[{number}]") + BLANK
        if len(notes) > start:
            notes[start].cells = mark + notes[start].cells
        else:
            notes.append(Block("text", mark.rstrip(BLANK)))
        for block in notes[start:]:
            block.first, block.runover = (0, 2) if block is notes[start] else (2, 2)
    labels = labels_for(book.locale)       # styles/labels.json, as the other editions
    title = _title_page(book, table, cells)
    return Draft(table, cells, lines, title, walker.out, notes, liblouis.translate(table.name, labels["contents"]),
                 liblouis.translate(table.name, labels["notes"]), {
                     "title": book.title, "creators": book.creators, "language": book.language,
                     "identifier": book.identifier, "date": book.modified.date().isoformat()})


class _Walker:
    """Turns pandoc's blocks into translated Blocks, collecting the notes."""

    def __init__(self, table: str, anchors: dict[int, int], image_label: str, parent: "_Walker | None" = None):
        self.table, self.anchors, self.image_label = table, anchors, image_label
        self.out: list[Block] = []
        self.notes: list[list[dict[str, Any]]] = parent.notes if parent else []

    def blocks(self, blocks: list[dict[str, Any]], depth: int, out: list[Block] | None = None,
               prefix: str = "") -> None:
        if out is not None:
            self.out = out
        for index, block in enumerate(blocks):
            self.block(block, depth, prefix if index == 0 else "", index > 0)

    def block(self, block: dict[str, Any], depth: int, prefix: str = "", later: bool = False) -> None:
        kind, c = block.get("t"), block.get("c")
        anchor = self.anchors.get(id(block))
        if kind == "Header":
            level = c[0]
            first = {1: 0, 2: 4}.get(level, 6)
            self.out.append(Block("heading", self.inlines(c[2]), first, first, level, anchor,
                                  before=level <= 2, after=level == 1))
        elif kind in ("Para", "Plain"):
            first, runover = (2 * depth - 2, 2 * depth) if depth and not later else \
                (2 * depth, 2 * depth) if depth else (2, 0)
            # kept when empty (a decorative picture): a print page may begin at its anchor
            if anchor is None:
                self.out.append(Block("text", self.inlines(c, prefix), first, runover))
            else:
                cells, source, starts = self.inlines_with_source(c, prefix)
                if starts and max(starts) < 1 << 16:
                    starts = array("H", starts)       # two bytes a character: the draft crosses processes
                self.out.append(Block("text", cells, first, runover, anchor=anchor, source=source or None,
                                      starts=starts if source else None))
        elif kind == "LineBlock":
            for line in c:
                self.out.append(Block("text", self.inlines(line), 2 * depth, 2 * depth + 2))
        elif kind == "CodeBlock":
            for line in c[1].split("\n"):
                self.out.append(Block("code", liblouis.translate(self.table, line), 2 * depth, 2 * depth))
            self._surround()
        elif kind == "BlockQuote":
            start = len(self.out)
            self.blocks(c, depth)
            self._surround(start)
        elif kind in ("BulletList", "OrderedList"):
            start = len(self.out)
            items = c if kind == "BulletList" else c[1]
            first_number = 1 if kind == "BulletList" else c[0][0]
            for number, item in enumerate(items, first_number):
                mark = "\u2022 " if kind == "BulletList" else f"{number}. "
                self.blocks(item, depth + 1, prefix=mark)
            if not depth:
                self._surround(start)
        elif kind == "DefinitionList":
            for term, definitions in c:
                self.out.append(Block("text", self.inlines(term), 2 * depth, 2 * depth + 2))
                for definition in definitions:
                    self.blocks(definition, depth + 2)
        elif kind == "Div":
            self.blocks(c[1], depth)
        elif kind == "Figure":
            self.blocks(c[2], depth)
            self.blocks(c[1][1], depth)        # the caption, after the picture's description
        elif kind == "Table":
            self._table(c, depth)
        elif kind == "HorizontalRule":
            if self.out:
                self.out[-1].after = True

    def _surround(self, start: int | None = None) -> None:
        """A blank line before the blocks from start (the last one when None) and after the last."""
        if not self.out:
            return
        self.out[len(self.out) - 1 if start is None else min(start, len(self.out) - 1)].before = True
        self.out[-1].after = True

    def _table(self, c: list[Any], depth: int) -> None:
        start = len(self.out)
        self.blocks(c[1][1], depth)                       # the caption, above the table
        head, bodies, foot = c[3], c[4], c[5]
        rows = [*head[1], *(row for body in bodies for row in (*body[2], *body[3])), *foot[1]]
        for row in rows:
            texts = [" ".join(plain_text(cell[4]).split()) for cell in row[1]]
            self.out.append(Block("text", liblouis.translate(self.table, "; ".join(texts)), 2 * depth,
                                  2 * depth + 2))
        self._surround(start)

    def inlines(self, inlines: list[Any], prefix: str = "") -> str:
        text, forms, _ = self._text(inlines, prefix)
        return liblouis.translate(self.table, text, forms if any(forms) else None) if text else ""

    def inlines_with_source(self, inlines: list[Any], prefix: str = "") -> tuple[str, str, array[int]]:
        """The cells, the print text they were translated from (with what the large print does not show
        blanked: a list item's mark, a note's reference, a picture's description), and the cell where
        each of its characters begins."""
        text, forms, seen = self._text(inlines, prefix)
        cells, starts = liblouis.translate_with_positions(self.table, text, forms if any(forms) else None)
        source = text if all(seen) else "".join(c if s else " " for c, s in zip(text, seen))
        return cells, source, starts

    def _text(self, inlines: list[Any], prefix: str) -> tuple[str, list[int], list[bool]]:
        """The text to translate, each character's emphasis (typeform), and whether print shows it."""
        text: list[str] = [prefix]
        forms: list[int] = [0] * len(prefix)
        seen: list[bool] = [False] * len(prefix)
        self._inline(inlines, 0, text, forms, seen)
        joined = "".join(text)
        if not joined.strip():
            return "", [], []
        if joined == " ".join(joined.split()):       # no run of white space to collapse (most paragraphs)
            if any(forms):
                forms = [0 if char == " " else form for char, form in zip(joined, forms)]
            return joined, forms, seen
        collapsed, kept, shown = [], [], []
        for char, form, visible in zip(joined, forms, seen):          # one space for any run of white space
            if char.isspace():
                if not collapsed or collapsed[-1] == " ":
                    continue
                char, form = " ", 0
            collapsed.append(char)
            kept.append(form)
            shown.append(visible)
        while collapsed and collapsed[-1] == " ":
            collapsed.pop()
            kept.pop()
            shown.pop()
        return "".join(collapsed), kept, shown

    def _inline(self, inlines: list[Any], form: int, text: list[str], forms: list[int], seen: list[bool]) -> None:
        def add(value: str, with_form: int = form, shown: bool = True) -> None:
            text.append(value)
            forms.extend([with_form] * len(value))
            seen.extend([shown] * len(value))

        for item in inlines:
            kind, c = item.get("t"), item.get("c")
            if kind == "Str":
                add(c)
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                add(" ", 0)
            elif kind == "Emph":
                self._inline(c, form | liblouis.ITALIC, text, forms, seen)
            elif kind == "Strong":
                self._inline(c, form | liblouis.BOLD, text, forms, seen)
            elif kind == "Underline":
                self._inline(c, form | liblouis.UNDERLINE, text, forms, seen)
            elif kind in ("Strikeout", "Superscript", "Subscript", "SmallCaps"):
                self._inline(c, form, text, forms, seen)
            elif kind == "Quoted":
                double = c[0]["t"] == "DoubleQuote"
                add("\u201c" if double else "\u2018")
                self._inline(c[1], form, text, forms, seen)
                add("\u201d" if double else "\u2019")
            elif kind in ("Cite", "Span"):
                self._inline(c[-1] if kind == "Span" else c[1], form, text, forms, seen)
            elif kind == "Link":
                self._inline(c[1], form, text, forms, seen)
            elif kind == "Code":
                add(c[1])
            elif kind == "Math":
                add(c[1])            # its TeX: no braille mathematics code yet
            elif kind == "Image":
                classes = c[0][1]
                alt = " ".join(plain_text(c[1]).split())
                if "decorative" not in classes and alt:
                    add(f"{self.image_label}: {alt}", 0, False)
            elif kind == "Note":
                self.notes.append(c)
                add(f"[{len(self.notes)}]", 0, False)     # the large print's "[1]" is not in its openings


def _title_page(book: Book, table: liblouis.Table, cells: int) -> list[str]:
    lines = [*_centred_lines(liblouis.translate(table.name, book.title), cells), ""]
    for creator in book.creators:
        lines += _centred_lines(liblouis.translate(table.name, creator), cells)
    if book.publisher:
        lines += ["", *_centred_lines(liblouis.translate(table.name, book.publisher), cells)]
    if not table.own:
        note = NO_TABLE_NOTE.format(lang=book.language, table=table.name)
        lines += ["", *wrap(liblouis.translate(table.name, note), cells, 0, 0)]
    return lines


def _grade(book: Book) -> int | None:
    given = book.metadata.get("braille-grade")
    if given is None:
        return None
    if str(given).strip() in ("1", "2"):
        return int(str(given).strip())
    raise PublishError(f"braille-grade must be 1 (uncontracted) or 2 (contracted), not '{given}'",
                       book.metadata_file or book.sources[0])


def _size(book: Book, key: str, default: int, low: int, high: int) -> int:
    given = book.metadata.get(key)
    if given is None:
        return default
    if isinstance(given, int) and not isinstance(given, bool) and low <= given <= high:
        return given
    raise PublishError(f"{key} must be a whole number from {low} to {high}, not '{given}'",
                       book.metadata_file or book.sources[0])


# --- the pages ---

def wrap(cells: str, width: int, first: int, runover: int) -> list[str]:
    """The cells in lines of at most width, broken at blank cells; a word longer than a line is
    divided with a hyphen (dots 36) at the line's end."""
    words = [w for w in cells.split(BLANK) if w]
    lines: list[str] = []
    line = BLANK * first
    empty = True
    for word in words:
        while True:
            room = width - len(line) - (0 if empty else 1)
            if len(word) <= room:
                line += word if empty else BLANK + word
                empty = False
                break
            if not empty:
                lines.append(line)
                line, empty = BLANK * runover, True
                continue
            cut = max(1, width - len(line) - 1)          # the word does not fit even on a line of its own
            lines.append(line + word[:cut] + HYPHEN)
            word, line = word[cut:], BLANK * runover
    if not empty:
        lines.append(line)
    return lines


def _centred_lines(cells: str, width: int) -> list[str]:
    return [BLANK * ((width - len(line)) // 2) + line for line in wrap(cells, width - 6, 0, 0)]


class _Pages:
    """Lines poured into pages of `lines` lines, each numbered at the right of its last line."""

    def __init__(self, cells: int, lines: int, first_number: int) -> None:
        self.cells, self.lines = cells, lines
        self.pages: list[list[str]] = []
        self.current: list[str] = []
        self.next_number = first_number

    @property
    def number(self) -> int:
        return self.next_number + len(self.pages)

    def room(self) -> int:
        return self.lines - len(self.current)

    def add(self, line: str) -> None:
        if self.room() == 1 and len(line) + brf.MIN_GAP + len(brf.number(self.number)) > self.cells:
            self.new_page()
        if self.room() == 0:
            self.new_page()
        self.current.append(line)

    def blank(self) -> None:
        if self.current and self.current[-1] and self.room() > 1:
            self.current.append("")

    def print_page(self, page: int) -> None:
        number = brf.number_cells(page)
        if self.room() <= 2:          # never on the last line, and not alone above it
            self.new_page()
        while self.current and not self.current[-1]:
            self.current.pop()        # no blank line before the indicator
        self.current.append(DASH * (self.cells - len(number)) + number)

    def keep(self, count: int) -> None:
        """The next count lines on this page, or all on the next."""
        if count > self.room() - 1 and self.current:     # the last line holds the number: not for a heading
            self.new_page()

    def new_page(self) -> None:
        page = self.current + [""] * (self.lines - len(self.current))
        number = brf.number_cells(self.number)
        last = page[-1][: self.cells - len(number) - brf.MIN_GAP]
        page[-1] = last + BLANK * (self.cells - len(last) - len(number)) + number
        self.pages.append([line.rstrip(BLANK) for line in page])
        self.current = []

    def done(self) -> list[list[str]]:
        if self.current or not self.pages:
            self.new_page()
        return self.pages


Changes = dict[int, list[tuple[int, list[int]]]]     # block number -> (cell, the pages that begin there)


def _page_changes(blocks: list[Block], pages_of: PageLayout) -> tuple[PagePoints, Changes]:
    """Where each print page's indicator stands: before a block (block number -> its pages, as
    pagination.break_points gives them), or, for a page that begins inside a paragraph or list item,
    inside it, before the braille word in which the page's first print letter stands.

    The page's opening (its first letters in the PDF, pages_of.openings) is looked for in the letters
    of the block's print text, as the EPUB and HTML look for it in theirs (page_starts.find_letters);
    the character it begins at gives a cell (the liblouis position map, Block.starts), and the
    division goes back from it to the blank cell before its braille word: a contraction may stand for
    letters of two print pages, and no braille word is cut. Where the opening is not there exactly once,
    or the division would come before the block's first word, the indicator stands before the block
    as it did before; a later page of the same block then stands with the one before it, so that the
    indicators stay in order."""
    points, inside = pages_of.points, pages_of.pages_beginning_inside()
    if not inside:
        return points, {}
    from ..page_starts import find_letters
    anchored = {block.anchor: block for block in blocks if block.anchor is not None and block.source}
    before: PagePoints = {}
    changes: Changes = {}
    for number, pages in points.items():
        block, start, at = anchored.get(number), 0, 0       # at: the cell of the last division made
        for page in pages:
            cell, found = 0, None
            opening = pages_of.openings[page - 1] if page <= len(pages_of.openings) else ""
            if block is not None and block.starts is not None and page in inside and opening:
                found = find_letters(block.source or "", opening, start)
                if found is not None:
                    cell = _word_start(block.cells, block.starts[found[0]])
            if found is not None and cell > at:
                start, at = found[1], cell
                changes.setdefault(number, []).append((cell, [page]))
            elif at:
                changes[number][-1][1].append(page)     # not found: with the page before it, in order
            else:
                before.setdefault(number, []).append(page)
    return before, changes


def _word_start(cells: str, at: int) -> int:
    """The first cell of the braille word holding cell `at`: just after the blank cell before it."""
    while at < len(cells) and cells[at] == BLANK:
        at += 1
    return cells.rfind(BLANK, 0, at) + 1


def _pour(pages: _Pages, blocks: list[Block], points: PagePoints,
          changes: Changes | None = None) -> list[tuple[str, int]]:
    """The blocks onto the pages, with the print page indicators (before the blocks of points, inside
    those of changes); returns the headings and their pages."""
    headings: list[tuple[Block, int]] = []
    cells = pages.cells
    for block in blocks:
        starting = points.get(block.anchor, []) if block.anchor is not None else []
        if block.kind == "heading":
            lines = _centred_lines(block.cells, cells) if block.level == 1 else \
                wrap(block.cells, cells, block.first, block.runover)
            # the heading, its page indicators and a line of what follows stand on one page
            pages.keep(len(starting) + block.before + len(lines) + block.after + 1)
            for page in starting:
                pages.print_page(page)
            if block.before:
                pages.blank()
            headings.append((block, pages.number))
            for line in lines:
                pages.add(line)
            if block.after:
                pages.blank()
            continue
        for page in starting:
            pages.print_page(page)
        if block.before:
            pages.blank()
        at, first = 0, block.first
        for cell, inside in (changes or {}).get(block.anchor, []) if block.anchor is not None else []:
            for line in wrap(block.cells[at:cell], cells, first, block.runover):
                pages.add(line)
            for page in inside:
                pages.print_page(page)
            # BANA Braille Formats 2016, 1.11 Print Page Numbers (brailleauthority.org/formats/
            # 2016manual-web/section01.html): the page change indicator, a line of its own, stands where
            # the print page changes. The text after it goes on with the paragraph, which it does not
            # begin: on the next line, in the runover cell (cell 1 for 3-1, cell 3 for a 1-3 list item),
            # as DAISY's BANA style sheet (daisy/braille-stylesheets, bana.scss: the page break a block
            # inside the paragraph, whose first-line indent is the paragraph's alone) and Duxbury's BANA
            # template (its "Print Page Numbers" example) set it.
            at, first = cell, block.runover
        for line in wrap(block.cells[at:], cells, first, block.runover):
            pages.add(line)
        if block.after:
            pages.blank()
    return headings


def layout(draft: Draft, pages_of: PageLayout = NO_PAGES) -> list[list[str]]:
    """The book's braille pages, each a list of lines of cells (trailing blanks dropped): the title
    page, the contents, the text with its print page indicators, the notes."""
    points, changes = _page_changes(draft.body, pages_of)
    notes = [Block("heading", draft.notes_label, 0, 0, 1, before=True, after=True), *draft.notes] \
        if draft.notes else []
    contents_pages = 1
    for _ in range(5):           # the contents' length moves the pages it lists: until it settles
        body = _Pages(draft.cells, draft.lines, 2 + contents_pages)
        headings = _pour(body, draft.body + notes, points, changes)
        contents = _Pages(draft.cells, draft.lines, 2)
        _pour(contents, [Block("heading", draft.contents_label, 0, 0, 1, after=True)], {})
        for block, page in headings:
            _entry(contents, block, page)
        listed = contents.done()
        if len(listed) == contents_pages:
            break
        contents_pages = len(listed)
    title = _Pages(draft.cells, draft.lines, 1)
    for _ in range(max(0, (draft.lines - len(draft.title)) // 3)):
        title.current.append("")
    for line in draft.title:
        if line:
            title.add(line)
        else:
            title.current.append("")
    return title.done()[:1] + listed + body.done()


def _entry(pages: _Pages, block: Block, page: int) -> None:
    """A contents entry: the heading, guide dots and its braille page number at the right margin."""
    first = 2 * (min(block.level, 3) - 1)
    number = brf.number_cells(page)
    lines = wrap(block.cells, pages.cells - 8, first, first + 2) or [BLANK * first]
    last = lines[-1]
    dots = pages.cells - len(last) - len(number) - 2
    lines[-1] = last + BLANK + GUIDE * dots + BLANK + number if dots >= 2 else \
        last + BLANK * (pages.cells - len(last) - len(number)) + number
    pages.keep(len(lines))
    for line in lines:
        pages.add(line)


# --- the files ---

def finish_brf(book: Book, draft: Draft, pages_of: PageLayout | None, out_dir: Path) -> Path:
    """The pages as a BRF file: Braille ASCII, CR LF line ends, a form feed between pages."""
    output = out_dir / f"{book.slug}.brf"
    pages = layout(draft, pages_of or NO_PAGES)
    text = "\f".join("".join(brf.to_ascii(line) + "\r\n" for line in page) for page in pages)
    output.write_bytes(text.encode("ascii"))
    return output


def finish_pef(book: Book, draft: Draft, pages_of: PageLayout | None, out_dir: Path) -> Path:
    """The pages as PEF 1.0: one volume, single-sided, the book's Dublin Core metadata."""
    output = out_dir / f"{book.slug}.pef"
    pages = layout(draft, pages_of or NO_PAGES)
    meta = draft.meta
    dc = ["<dc:format>application/x-pef+xml</dc:format>",
          f"<dc:identifier>{escape(meta['identifier'])}</dc:identifier>",
          f"<dc:title>{escape(meta['title'])}</dc:title>",
          *(f"<dc:creator>{escape(c)}</dc:creator>" for c in meta["creators"]),
          f"<dc:language>{escape(meta['language'])}</dc:language>",
          f"<dc:date>{meta['date']}</dc:date>",
          f"<publish:translation table={quoteattr(draft.table.name)} language={quoteattr(draft.table.language)} "
          f'grade="{draft.table.grade}" own-table="{str(draft.table.own).lower()}"/>']
    rows = "\n".join("<page>" + "".join(f"<row>{line}</row>" if line else "<row/>" for line in page) + "</page>"
                     for page in pages)
    document = (f'<?xml version="1.0" encoding="UTF-8"?>\n<pef version="2008-1" xmlns="{PEF_NS}">\n<head>\n'
                f'<meta xmlns:dc="{DC_NS}" xmlns:publish="{PUBLISH_NS}">\n' + "\n".join(dc) + "\n</meta>\n</head>\n"
                f'<body>\n<volume cols="{draft.cells}" rows="{draft.lines}" rowgap="0" duplex="false">\n'
                f"<section>\n{rows}\n</section>\n</volume>\n</body>\n</pef>\n")
    output.write_text(document, encoding="utf-8")
    return output
