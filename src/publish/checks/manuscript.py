"""Lints the Markdown source before anything is built, with file:line for every finding.

Pandoc forgives much that readers should not get: a note reference with no definition
stays in the text as "[^x]", a note defined but never referenced vanishes, an image
with empty alt text is silent. These rules catch them where they can be fixed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..book import IMAGE, YAML_BLOCK, Book, shown_path
from ..report import Finding
from .rules import Rule, rule

NOTE_UNDEFINED, NOTE_UNREFERENCED, NOTE_DUPLICATE = (rule(c) for c in ("note-undefined", "note-unreferenced",
                                                                     "note-duplicate-label"))
ALT_MISSING, ALT_FILENAME, ALT_LONG = (rule(c) for c in ("alt-missing", "alt-filename", "alt-too-long"))
IMAGE_MISSING = rule("link-image-missing")
HEADING_SKIPPED, HEADING_FIRST, HEADING_EMPTY = (rule(c) for c in ("heading-skipped", "heading-first-not-top",
                                                                   "heading-empty"))
LANG_MISSING = rule("lang-not-in-metadata")

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
NOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:")
NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
ATTRIBUTES_DECORATIVE = re.compile(r"\.decorative\b")
FILE_LIKE = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|tiff?|bmp)$", re.I)
VAGUE_ALT = {"image", "picture", "photo", "photograph", "graphic", "figure", "img", "icon", "chart", "diagram"}
ALT_LIMIT = 250


@dataclass(frozen=True)
class SourceLine:
    path: Path
    number: int
    text: str


def check_manuscript(book: Book) -> list[Finding]:
    """Every finding in the manuscript's Markdown files, in reading order."""
    lines = list(_prose_lines(book))
    findings = [*_note_findings(lines), *_image_findings(lines, book.root), *_heading_findings(lines)]
    if "lang" not in book.metadata:
        findings.append(_at(LANG_MISSING, shown_path(book.metadata_file or book.sources[0]), 1))
    return findings


def _prose_lines(book: Book) -> Iterator[SourceLine]:
    """Lines outside the YAML block and fenced code, where Markdown is read."""
    for path in book.sources:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        block = YAML_BLOCK.match(text)
        skip_until = text[: block.end()].count("\n") if block else 0
        fence: str | None = None
        for number, line in enumerate(text.split("\n"), start=1):
            opening = FENCE.match(line)
            if fence:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = None
                continue
            if opening:
                fence = opening.group(1)
                continue
            if number > skip_until:
                yield SourceLine(path, number, line)


def _note_findings(lines: list[SourceLine]) -> Iterator[Finding]:
    definitions: dict[str, SourceLine] = {}
    referenced: set[str] = set()
    for line in lines:
        definition = NOTE_DEFINITION.match(line.text)
        body = line.text
        if definition:
            label = definition.group(1)
            if label in definitions:
                first = definitions[label]
                yield _at(NOTE_DUPLICATE, shown_path(line.path), line.number,
                                             f"The note label [^{label}] is already defined at line {first.number}.")
            else:
                definitions[label] = line
            body = line.text[definition.end():]
        for match in NOTE_REFERENCE.finditer(body):
            referenced.add(match.group(1))
    for line in lines:
        body = line.text
        definition = NOTE_DEFINITION.match(body)
        if definition:
            body = body[definition.end():]
        for match in NOTE_REFERENCE.finditer(body):
            if match.group(1) not in definitions:
                yield _at(NOTE_UNDEFINED, shown_path(line.path), line.number,
                                             f"The note reference [^{match.group(1)}] has no definition.")
    for label, line in definitions.items():
        if label not in referenced:
            yield _at(NOTE_UNREFERENCED, shown_path(line.path), line.number,
                                            f"The note [^{label}] is defined but never referenced.")


def _image_findings(lines: list[SourceLine], root: Path) -> Iterator[Finding]:
    for line in lines:
        for match in IMAGE.finditer(line.text):
            alt, target, attributes = match.group(1).strip(), match.group(2), match.group(3) or ""
            where = (shown_path(line.path), line.number)
            decorative = bool(ATTRIBUTES_DECORATIVE.search(attributes))
            if not alt and not decorative:
                yield _at(ALT_MISSING, *where, f"The image {target} has no alt text.")
            elif alt and (FILE_LIKE.match(alt) or alt.lower().strip(".") in VAGUE_ALT):
                yield _at(ALT_FILENAME, *where, f"The alt text '{alt}' of {target} does not say what it shows.")
            elif len(alt) > ALT_LIMIT:
                yield _at(ALT_LONG, *where, f"The alt text of {target} is {len(alt)} characters long.")
            if target and "://" not in target and not target.startswith("data:") \
                    and not (root / target).is_file():
                yield _at(IMAGE_MISSING, *where, f"The image file {target} does not exist.")


def _heading_findings(lines: list[SourceLine]) -> Iterator[Finding]:
    """Levels as the editions will have them: a text whose sections all start at ## or lower is
    shifted up (prepare.py), so only a heading above the first one's level can make it "not top"."""
    headings = list(_headings(lines))
    top = min((level for _, level, _ in headings), default=1)    # the editions' level 1
    previous_level = 0
    for line, level, text in headings:
        where = (shown_path(line.path), line.number)
        if not text:
            yield _at(HEADING_EMPTY, *where)
        if previous_level == 0 and level != top:
            yield _at(HEADING_FIRST, *where, f"The first heading is level {level} ('{'#' * level}'), but a "
                                             f"level {top} heading ('{'#' * top}') comes later.")
        elif previous_level and level > previous_level + 1:
            yield _at(HEADING_SKIPPED, *where, f"The heading '{text}' is level {level} "
                                               f"straight after level {previous_level}.")
        previous_level = level


def _headings(lines: list[SourceLine]) -> Iterator[tuple[SourceLine, int, str]]:
    """ATX headings ('## Text') and setext ones (a line underlined with === or ---)."""
    for index, line in enumerate(lines):
        atx = ATX.match(line.text)
        if atx:
            yield line, len(atx.group(1)), (atx.group(2) or "").strip()
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (following and following.path == line.path and following.number == line.number + 1
                and SETEXT.match(following.text) and line.text.strip()
                and not line.text.startswith((" ", "\t")) and not line.text.lstrip().startswith(("-", "*", ">", "|"))
                and (index == 0 or not lines[index - 1].text.strip())):
            yield line, 1 if following.text.strip()[0] == "=" else 2, line.text.strip()


def _at(found: Rule, *where: object) -> Finding:
    """A finding of the rule in the manuscript: its help says what Markdown to write."""
    return found.finding(*where, manuscript=True)  # type: ignore[arg-type]
