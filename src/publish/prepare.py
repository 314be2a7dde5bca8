"""The manuscript read once by pandoc, its faults found (checks/manuscript.py), and its AST made fit
for every edition, once, before any edition is written.

What pandoc read is kept, with these changes that let every edition be built whatever the
manuscript's faults (each fault is a finding of its own, reported at its line by the check):
- headings as the author wrote them: when every section starts at some level below `#`
  (lessons and documentation often keep `#` for the title), that level becomes the first,
  as pandoc's --shift-heading-level-by does; a heading that skips a level is set one level
  below the one before it (the skip is reported in the manuscript, once);
- an image whose file does not exist, lies outside the manuscript's folder, is damaged, too big or
  in a format e-readers cannot show becomes its alt text (the words stay, the picture cannot);
- an image on the web becomes its alt text as a link to its address: no edition fetches anything
  during a build, and a book must not change with what a web server sends;
- raw HTML loses what is active or remote (scripts, handlers, javascript: links, frames, styles, media
  from the web: sanitize.py), and raw code for other formats (Typst, LaTeX, OpenXML) goes;
- a citation is its words (as citeproc rendered them, when the book has references);
- a link that no edition could follow keeps its words and loses the link: to an id that nothing in
  the book has (Typst refuses it outright), to a page of a web site (`/en/lessons/x`), or to a
  local file that is not part of the book.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable
from urllib.parse import unquote

from . import pandoc
from .ast import Node, attrs, elements, index
from .ast import copy as ast_copy
from .book import Book
from .checks.manuscript import WEB, Where, check_manuscript, link_fault
from .checks.rules import rule
from .image_files import image_problem
from .locate import locate
from .labels import labels_for, translated
from .locale import resolve
from .readers.safe import load_ast_json
from .report import Finding
from .sanitize import MISSING_IMAGE, Removed, is_remote, raw_image_sources, sanitize

ACTIVE_REMOVED, FORMAT_REMOVED = rule("raw-active-removed"), rule("raw-format-removed")
IMAGE_MISSING = rule("link-image-missing")


@dataclass(frozen=True)
class Prepared:
    ast: dict[str, Any]
    shift: int            # heading levels moved up (0 when the text starts at #)
    files: tuple[str, ...]   # the local files the text names (images), as written: the cache's inputs
    check: Callable[[], list[Finding]] = field(default=lambda: [], repr=False, compare=False)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The manuscript's faults, as pandoc read it, in reading order: found when first asked for, so
        that a build hands the editions their AST first and checks the text while they are made."""
        return tuple(sorted(self.check(), key=lambda f: (f.file, f.line or 0, f.column or 0)))


def read_manuscript(book: Book) -> Prepared:
    """The book read by pandoc, made safe and prepared, with its check: what the build and `publish
    check` both use, so that both report the same faults. The check works on a copy of the AST as pandoc
    read it (prepare changes the editions' copy)."""
    text, log = pandoc.read_ast_json(book)
    ast = load_ast_json(text, book.sources[0])      # its nesting measured first: one plain line if too deep
    link_across_files(book, ast)
    as_read = ast_copy(ast)

    def check() -> list[Finding]:
        places = locate(book, as_read["blocks"])
        where = Where(book, places)
        findings = check_manuscript(book, as_read, log, places)
        # what sanitize leaves out of the editions' copy, found again in this one, at its place
        findings += [_removed_finding(where, removed) for removed in sanitize(as_read, exists)]
        return findings

    # partners' manuscripts are untrusted: nothing active, remote or for another format's engine
    exists = lambda src: image_problem(book.root, src) is None     # noqa: E731
    sanitize(ast, exists)
    _raw_html_read(book, ast)
    return prepare(book, ast, check)


def link_across_files(book: Book, ast: dict[str, Any]) -> None:
    """Links from one of the book's files to another ("02-methods.md", "02-methods.md#sampling", as
    mdBook, MkDocs and GitHub write them) made links inside the book: to the id, or, without one, to the
    file's first heading. An id the book lacks stays a link to it, which the check reports. The marks
    pandoc read where each file begins (pandoc.py) go, but for a file without a heading: its place."""
    blocks = ast["blocks"]
    marks = {at: number for at, block in enumerate(blocks) if (number := _file_mark(block)) is not None}
    starts: dict[int, str] = {}
    # each file's blocks: from its mark (the first file's from the start) to the next mark
    bounds = [0, *(at + 1 for at in marks), len(blocks) + 1]
    for number, start, end in zip([0, *marks.values()], bounds, bounds[1:]):
        heading = next((b for b in blocks[start:end - 1] if b.get("t") == "Header" and b["c"][1][0]), None)
        if heading is not None:
            starts[number] = heading["c"][1][0]
        elif number:                       # the first file has no mark: without a heading, no place
            starts[number] = f"{pandoc.FILE_MARK}{number}"
    if marks:
        blocks[:] = [block for at, block in enumerate(blocks)
                     if at not in marks or starts.get(marks[at]) == f"{pandoc.FILE_MARK}{marks[at]}"]
    files = _source_names(book)
    for link in elements(blocks, "Link"):
        path, _, anchor = unquote(str(link["c"][2][0])).partition("#")
        number = files.get(path.removeprefix("./")) if path else None
        if number is not None and (anchor or number in starts):
            link["c"][2][0] = "#" + (anchor or starts[number])


def _file_mark(block: Node) -> int | None:
    """The number of the file an empty div pandoc.FILE_MARK... marks the start of."""
    if block.get("t") != "Div" or block["c"][1]:
        return None
    name = str(block["c"][0][0])
    number = name[len(pandoc.FILE_MARK):]
    return int(number) if name.startswith(pandoc.FILE_MARK) and number.isdigit() else None


def _source_names(book: Book) -> dict[str, int]:
    """Each source's number by the names a link may give it: its path from the book's folder, and its
    file name when no other source has it."""
    names: dict[str, int] = {}
    by_name = Counter(source.name for source in book.sources)
    for number, source in enumerate(book.sources):
        try:
            names[source.resolve().relative_to(book.root.resolve()).as_posix()] = number
        except ValueError:
            pass
        if by_name[source.name] == 1:
            names.setdefault(source.name, number)
    return names


RAW_MARK = "publish-raw-"


def _raw_html_read(book: Book, ast: dict[str, Any]) -> None:
    """Raw HTML blocks that hold words or pictures (a <table>, <p>, <figure> written in HTML), as pandoc's
    HTML reader reads them: the DOCX and the large print cannot carry HTML and would lose those words,
    and every edition then shows them alike. One pandoc run reads them all, each in a marked <div>."""
    blocks = [node for node in elements(ast["blocks"], "RawBlock")
              if str(node["c"][0]).lower() in ("html", "html5", "html4") and _holds_content(node["c"][1])]
    if not blocks:
        return
    page = "".join(f'<div id="{RAW_MARK}{n}">{node["c"][1]}</div>' for n, node in enumerate(blocks))
    read = json.loads(pandoc.read_html_json(book, page))
    for div in read["blocks"]:
        if div.get("t") == "Div" and div["c"][0][0].startswith(RAW_MARK):
            node = blocks[int(div["c"][0][0][len(RAW_MARK):])]
            node.clear()
            node.update({"t": "Div", "c": [["", [], []], div["c"][1]]})


def _holds_content(fragment: str) -> bool:
    """Whether an HTML fragment has words or an image (a lone <div> or </table> tag has neither)."""
    return "<img" in fragment.lower() or bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", fragment))


def _removed_finding(where: Where, removed: Removed) -> Finding:
    if removed.what.startswith(MISSING_IMAGE):
        file = removed.what[len(MISSING_IMAGE):].strip()
        return where(IMAGE_MISSING, removed.node, f"The image file {file} does not exist.")
    found = rule(removed.code) if removed.code else FORMAT_REMOVED if removed.what.startswith("raw ") \
        else ACTIVE_REMOVED
    if removed.what == "raw TeX" and removed.node.get("t") == "RawInline":
        # pandoc reads a backslash before letters as a TeX command: "user\user" in a README loses a word
        command = " ".join(str(removed.node["c"][1]).split())
        shown = command if len(command) <= 40 else command[:39] + "…"
        return where(found, removed.node, f"The text {shown} was read as a TeX command and left out of the "
                                          "editions; to show a backslash, write it twice (\\\\).")
    return where(found, removed.node, f"{removed.what[0].upper()}{removed.what[1:]} was left out of the editions.")


def prepare(book: Book, ast: dict[str, Any], check: Callable[[], list[Finding]] = lambda: []) -> Prepared:
    """The AST, changed in place (check finds what was wrong with it, as pandoc read it)."""
    found = index(ast["blocks"])
    ids = {attr[0] for attr in attrs(ast, found) if attr[0]}     # before the changes below move nodes
    named = {image["c"][2][0] for image in [*found.get("Image", []), *elements(ast["meta"], "Image")]}
    files = tuple(sorted({*(src for src in named | raw_image_sources(ast) if not is_remote(src)),
                          *pandoc.citation_files(book)}))
    shift = heading_shift(found.get("Header", []))
    _level_headings(found.get("Header", []), shift)
    _web_images_as_links(found)
    _drop_missing_images(book, found)
    _drop_broken_links(ast, ids)
    _citations_as_text(found)
    _direction_of_parts(book, found)
    parts = {dict(node["c"][0][2]).get("lang") for kind in ("Span", "Div") for node in found.get(kind, [])}
    if any(_marks(lang) for lang in parts - {None} | {book.locale.tag}):    # else nothing to change: no walk
        _quotation_marks_of_the_language(ast["blocks"], book.locale.tag)
    return Prepared(ast, shift, files, check)


def heading_shift(headers: list[Node]) -> int:
    """How many levels every heading moves up: the highest level used, less one."""
    levels = [header["c"][0] for header in headers]
    return min(levels) - 1 if levels else 0


def _level_headings(headers: list[Node], shift: int) -> None:
    """Every heading moved up by shift, and none more than one level below the one before it: a
    skipped level is reported once, in the manuscript, at its line (the check), and the editions get
    an outline every reader can follow (PDF/UA refuses a skipped level outright)."""
    previous = 0
    for header in headers:
        header["c"][0] = min(header["c"][0] - shift, previous + 1)
        previous = header["c"][0]


def _web_images_as_links(found: dict[str, list[Node]]) -> None:
    """Each image on the web as its alt text (or its address), linked to the address; a figure of
    such images becomes a paragraph of those links."""
    on_web = [image for image in found.get("Image", []) if image["c"][2][0].lower().startswith(WEB)]
    for figure in found.get("Figure", []):
        images = elements(figure["c"][2], "Image")
        if images and all(image in on_web for image in images):
            figure.clear()
            figure.update({"t": "Para", "c": [_link_to(image) for image in images]})
    for image in on_web:
        if image.get("t") == "Image":      # not in a figure replaced above
            link = _link_to(image)
            image.clear()
            image.update(link)


def _link_to(image: Node) -> Node:
    target = image["c"][2][0]
    return {"t": "Link", "c": [["", [], []], image["c"][1] or [{"t": "Str", "c": target}], [target, ""]]}


def _drop_missing_images(book: Book, found: dict[str, list[Node]]) -> None:
    """An image whose file is not there: its alt text in its place. A figure of such an image
    becomes a paragraph of that text: its caption is the same words."""
    def missing(image: Node) -> bool:      # not there, outside the folder, damaged, too big (image_files.py)
        target = image["c"][2][0]
        return not is_remote(target) and image_problem(book.root, target) is not None

    for figure in found.get("Figure", []):
        if figure.get("t") != "Figure":      # already a paragraph of web links
            continue
        images = elements(figure["c"][2], "Image")
        if images and all(missing(image) for image in images):
            words = [word for image in images for word in image["c"][1]]
            figure.clear()
            figure.update({"t": "Para", "c": words})
    for image in found.get("Image", []):
        if image.get("t") == "Image" and missing(image):
            alt = image["c"][1]
            image.clear()
            image.update({"t": "Span", "c": [["", ["missing-image"], []], alt]})


def _citations_as_text(found: dict[str, list[Node]]) -> None:
    """Each citation as its words: as citeproc rendered it when the book has references, else the
    text as written (`@name` is not a citation without a bibliography). Every edition then shows the
    same words, and none hands a citation to its own engine (Typst's #cite wants its own bibliography)."""
    for cite in found.get("Cite", []):
        words = cite["c"][1]
        cite.clear()
        cite.update({"t": "Span", "c": [["", ["citation"], []], words]})


def _direction_of_parts(book: Book, found: dict[str, list[Node]]) -> None:
    """A part in another language ([مرحبا]{lang=ar} in an English book, or English in an Arabic one) gets
    that language's direction when it differs from the book's, so that every edition sets it apart
    (dir in HTML and EPUB, bidi in Word) and numbers and Latin words around it stay in order."""
    book_direction = book.locale.direction
    for kind in ("Span", "Div"):
        for node in found.get(kind, []):
            pairs = node["c"][0][2]
            keys = dict(pairs)
            if "lang" in keys and "dir" not in keys:
                direction = resolve(keys["lang"]).direction
                if direction != book_direction:
                    pairs.append(["dir", direction])


PANDOCS_MARKS = "\u201c\u201d\u2018\u2019"     # “ ” ‘ ’: what pandoc's writers put around a quotation


def _quotation_marks_of_the_language(tree: Any, lang: str) -> None:
    """Each quotation ("…" in the manuscript) between the marks of its language (« » in French, „ “ in
    German, 「 」 in Japanese; a part's own lang counts), the same in every edition, where pandoc's
    writers would put English marks. Languages the catalogue has no marks for, and those that use
    pandoc's own, keep pandoc's."""
    if isinstance(tree, dict):
        if tree.get("t") in ("Div", "Span"):
            lang = dict(tree["c"][0][2]).get("lang", lang)
        _quotation_marks_of_the_language(tree.get("c"), lang)
    elif isinstance(tree, list):
        marks = _marks(lang)
        for index in range(len(tree) - 1, -1, -1):
            node = tree[index]
            if marks and isinstance(node, dict) and node.get("t") == "Quoted":
                _quotation_marks_of_the_language(node["c"][1], lang)
                opening, closing = marks[:2] if node["c"][0]["t"] == "DoubleQuote" else marks[2:]
                if opening == "«" and _inner_space(lang):
                    opening, closing = f"«{_inner_space(lang)}", f"{_inner_space(lang)}»"
                tree[index:index + 1] = [{"t": "Str", "c": opening}, *node["c"][1], {"t": "Str", "c": closing}]
            else:
                _quotation_marks_of_the_language(node, lang)


GUILLEMET_SPACE = {"fr": "\u202f"}     # French sets « » a narrow no-break space from the words they hold


def _inner_space(lang: str) -> str:
    return GUILLEMET_SPACE.get(resolve(lang).language, "")


@lru_cache(maxsize=64)      # asked for every list of the AST
def _marks(lang: str) -> str | None:
    locale = resolve(lang)
    marks = labels_for(locale)["quotes"] if translated(locale, "quotes") else None
    return marks if marks and len(marks) == 4 and marks != PANDOCS_MARKS else None


def _drop_broken_links(ast: dict[str, Any], ids: set[str]) -> None:
    """Links no edition can follow (checks.manuscript.link_fault) keep their words only."""
    for link in elements(ast["blocks"], "Link"):
        if link_fault(link["c"][2][0], ids):
            words = link["c"][1]
            link.clear()
            link.update({"t": "Span", "c": [["", [], []], words]})
