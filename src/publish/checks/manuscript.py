"""The manuscript's faults, from what pandoc read: its AST and its log, never patterns over the text.

Pandoc forgives much that readers should not get: a note reference with no definition stays
in the text as "[^x]", a note defined but never referenced vanishes, an image with empty alt
text is silent. These rules catch them where they can be fixed: each finding names the file,
line and column, found by aligning the AST with the source (locate.py). Code, code spans,
HTML comments and raw blocks are what pandoc says they are, so Markdown written inside them
is never taken for the real thing.

The rules are the editions' rules (rules.py), with the same judgement where they share one
(alt text: images.judge_alt; language tags: language.is_valid).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from ..ast import Node, attrs, index, plain_text
from ..book import Book, read_text, shown_path
from ..fonts import character_name, missing_characters
from ..image_files import image_problem
from ..locate import NOTE_DEFINITION, Locations, locate
from ..sanitize import is_remote      # as the editions judge it: any scheme (data:, mailto:), or a host
from ..report import Finding
from .images import alt_message, judge_alt
from .language import is_valid
from .rules import Rule, rule

NOTE_UNDEFINED, NOTE_UNREFERENCED, NOTE_DUPLICATE = (rule(c) for c in ("note-undefined", "note-unreferenced",
                                                                     "note-duplicate-label"))
IMAGE_MISSING, IMAGE_REMOTE, LINK_BROKEN = (rule(c) for c in ("link-image-missing", "link-image-remote",
                                                              "link-target-missing"))
HEADING_SKIPPED, HEADING_FIRST, HEADING_EMPTY = (rule(c) for c in ("heading-skipped", "heading-first-not-top",
                                                                   "heading-empty"))
LANG_MISSING, LANG_INVALID = rule("lang-not-in-metadata"), rule("lang-invalid")
TABLE_NO_HEADER = rule("table-no-header")
CITE_MISSING = rule("cite-key-missing")
GLYPH_MISSING = rule("font-glyph-missing")
MATH_UNCONVERTIBLE = rule("math-tex-unconvertible")
CITATION_NOT_FOUND = re.compile(r"citation (\S+) not found")
NOTE_LEFT_AS_TEXT = re.compile(r"\[\^([^\]\s]+)\]")      # pandoc keeps an undefined reference as its text
DECORATIVE = "decorative"
WEB = ("http://", "https://", "ftp://", "//")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")     # https:, mailto:, tel:, ...


def check_manuscript(book: Book, ast: dict[str, Any], log: list[dict[str, Any]],
                     places: Locations | None = None) -> list[Finding]:
    """Every fault in the manuscript as pandoc read it (ast, before prepare.py changes it, and the
    messages of pandoc's --log), at its file, line and column (places, from locate.py), in reading order."""
    found = index(ast["blocks"])
    where = Where(book, places or locate(book, ast["blocks"]))
    ids = {attr[0] for attr in attrs(ast, found) if attr[0]}
    findings = [*_notes(found, log, where, book), *_images(found, where, book.root), *_headings(found, where),
                *_links(found, ids, where), *_tables(found, where), *_languages(book, found, where),
                *_citations(found, log, where), *_glyphs(found, where), *_formulas(book, ast, found, where)]
    return findings        # in reading order once sorted with the rest (prepare.Prepared.findings)


class Where:
    """A finding of a rule at an element's place in the manuscript (its first file when unknown)."""

    def __init__(self, book: Book, places: Locations) -> None:
        self.book, self.places = book, places

    def __call__(self, found: Rule, node: Node | None, message: str, shift: int = 0) -> Finding:
        place = self.places.of(node) if node is not None else None
        if place is None:
            return found.finding(shown_path(self.book.sources[0]), None, message, manuscript=True)
        return found.finding(shown_path(place.path), place.line, message, place.column + shift, manuscript=True)


def _notes(found: dict[str, list[Node]], log: list[dict[str, Any]], where: Where, book: Book) -> Iterator[Finding]:
    for text in found.get("Str", []):
        for match in NOTE_LEFT_AS_TEXT.finditer(text["c"]):
            if match.start() == 0 and where.places.escaped(text):
                continue          # \[^1] is the text "[^1]", as its writer meant
            yield where(NOTE_UNDEFINED, text, f"The note reference [^{match.group(1)}] has no definition.",
                        match.start())
    for entry in log:
        if entry.get("type") == "NoteDefinedButNotUsed":
            yield _logged(NOTE_UNREFERENCED, entry, book,
                          f"The note [^{entry.get('key', '')}] is defined but never referenced.")
        elif entry.get("type") == "DuplicateNoteReference":
            label = str(entry.get("contents", ""))
            first = _first_definition(book, label)
            yield _logged(NOTE_DUPLICATE, entry, book, f"The note label [^{label}] is already defined"
                          + (f" at {first}." if first else "."))


def _citations(found: dict[str, list[Node]], log: list[dict[str, Any]], where: Where) -> Iterator[Finding]:
    """A citation whose key the bibliography does not have (citeproc's log names the key, the AST its place)."""
    missing = {m.group(1) for entry in log if entry.get("type") == "CiteprocWarning"
               for m in [CITATION_NOT_FOUND.match(str(entry.get("message", "")))] if m}
    for cite in found.get("Cite", []):
        for key in [c["citationId"] for c in cite["c"][0] if c["citationId"] in missing]:
            yield where(CITE_MISSING, cite, f"The citation @{key} is not in the bibliography.")


def _formulas(book: Book, ast: dict[str, Any], found: dict[str, list[Node]], where: Where) -> Iterator[Finding]:
    """A formula whose TeX pandoc cannot convert: every edition shows it as TeX instead."""
    from .. import pandoc
    formulas = found.get("Math", [])
    failed = pandoc.unconvertible_math(book, sorted({node["c"][1] for node in formulas}), ast["pandoc-api-version"])
    for node in formulas:
        if node["c"][1] in failed:
            yield where(MATH_UNCONVERTIBLE, node, f"The formula ${node['c'][1]}$ cannot be converted "
                                                  f"({failed[node['c'][1]]}): the editions show its TeX.")


def _glyphs(found: dict[str, list[Node]], where: Where) -> Iterator[Finding]:
    """Each character no typeface has, once, where it first stands."""
    texts = [*found.get("Str", []), *found.get("Code", [])]
    formulas = found.get("Math", [])
    missing = [(char, False) for char in missing_characters(_text(node) for node in texts)]
    missing += [(char, True) for char in missing_characters((node["c"][1] for node in formulas), math=True)]
    for char, in_formula in missing:
        first = next(node for node in (formulas if in_formula else texts) if char in _text(node))
        yield where(GLYPH_MISSING, first, f"The character {character_name(char)} is in none of the typefaces"
                                          f"{' a formula is set in' if in_formula else ''}: the large print "
                                          "shows its name.")


def _text(node: Node) -> str:
    return node["c"] if node["t"] == "Str" else node["c"][1]


def _logged(found: Rule, entry: dict[str, Any], book: Book, message: str) -> Finding:
    """A finding at the place pandoc's log gives (exact: pandoc saw it there)."""
    source = entry.get("source")
    file = shown_path(Path(source)) if source else shown_path(book.sources[0])
    return found.finding(file, entry.get("line"), message, entry.get("column"), manuscript=True)


def _first_definition(book: Book, label: str) -> str | None:
    pattern = re.compile(NOTE_DEFINITION % re.escape(label), re.M)
    for path in book.sources:
        text = read_text(path)
        match = pattern.search(text)
        if match:
            return f"{shown_path(path)}:{text.count(chr(10), 0, match.start()) + 1}"
    return None


def _images(found: dict[str, list[Node]], where: Where, root: Path) -> Iterator[Finding]:
    for image in found.get("Image", []):
        attr, alt_inlines, (target, _title) = image["c"]
        alt = plain_text(alt_inlines)
        named = f"The image {target}"
        judged = judge_alt(alt or None, DECORATIVE in attr[1], target)
        if judged:
            yield where(judged, image, alt_message(judged, alt, named))
        if target.lower().startswith(WEB):
            yield where(IMAGE_REMOTE, image, f"The image {target} is on the web: the editions show its alt text "
                                             "as a link to it.")
        elif not is_remote(target):
            problem = image_problem(root, target)
            if problem:
                yield where(rule(problem.code), image, problem.message)


def _headings(found: dict[str, list[Node]], where: Where) -> Iterator[Finding]:
    """Levels as the editions will have them: a text whose sections all start at ## or lower is
    shifted up (prepare.py), so only a heading above the first one's level can make it "not top"."""
    headers = found.get("Header", [])
    top = min((header["c"][0] for header in headers), default=1)     # the editions' level 1
    previous = 0
    for header in headers:
        level, text = header["c"][0], plain_text(header["c"][2])
        if not text:
            yield where(HEADING_EMPTY, header, f"A level {level} heading ('{'#' * level}') has no text.")
        if previous == 0 and level != top:
            yield where(HEADING_FIRST, header, f"The first heading is level {level} ('{'#' * level}'), but a "
                                               f"level {top} heading ('{'#' * top}') comes later.")
        elif previous and level > previous + 1:
            yield where(HEADING_SKIPPED, header, f"The heading '{text[:60]}' is level {level} "
                                                 f"straight after level {previous}.")
        previous = level


def _links(found: dict[str, list[Node]], ids: set[str], where: Where) -> Iterator[Finding]:
    for link in found.get("Link", []):
        target = link["c"][2][0]
        why = link_fault(target, ids)
        if why:
            yield where(LINK_BROKEN, link, f"The link to '{unquote(target)}' {why}; the editions keep its words only.")


def link_fault(target: str, ids: set[str]) -> str | None:
    """Why no edition could follow a link to target, or None when every edition can: an id that
    nothing in the book has, a page of a web site (/en/lessons/x), a local file not in the book."""
    if target.startswith("#"):
        return None if target[1:] in ids else "points to no heading or element with that id"
    if SCHEME.match(target) or target.startswith("//"):
        return None                       # on the web, or mail: every edition can follow it
    if target.startswith("/"):
        return "points to a page of a web site, which the book does not hold"
    return "points to a file that is not part of the book"


def _tables(found: dict[str, list[Node]], where: Where) -> Iterator[Finding]:
    for table in found.get("Table", []):
        _attr, _caption, _columns, head, bodies, _foot = table["c"]
        header_row = any(plain_text(cell[4]) for row in head[1] for cell in row[1])
        header_column = any(body[1] > 0 for body in bodies)
        if not (header_row or header_column):
            yield where(TABLE_NO_HEADER, table, "The table has no header row.")


def _languages(book: Book, found: dict[str, list[Node]], where: Where) -> Iterator[Finding]:
    tag = book.metadata.get("lang")
    metadata = book.metadata_file or book.sources[0]
    if tag is None:
        yield LANG_MISSING.finding(shown_path(metadata), 1, manuscript=True)
    elif not is_valid(str(tag)):
        yield LANG_INVALID.finding(shown_path(metadata), _metadata_line(metadata, "lang"),
                                   f"The language tag '{tag}' is not a valid BCP 47 tag.", manuscript=True)
    for kind in ("Div", "Span"):
        for node in found.get(kind, []):
            value = dict(node["c"][0][2]).get("lang")
            if value is not None and not is_valid(value):
                yield where(LANG_INVALID, node, f"The language tag '{value}' is not a valid BCP 47 tag.")


def _metadata_line(path: Path, key: str) -> int | None:
    text = read_text(path)
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


