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

from ..book import IMAGE, YAML_BLOCK, Book
from ..report import Finding, Severity
from .rules import Rule

E, W = Severity.ERROR, Severity.WARNING
NOTE_UNDEFINED = Rule("note-undefined", E, "A note reference has no note defined for it.",
                      "Add a definition such as '[^1]: The note's text.' below the paragraph, "
                      "or remove the reference.")
NOTE_UNREFERENCED = Rule("note-unreferenced", E, "A note is defined but never referenced in the text.",
                         "Put its reference, such as '[^1]', in the text where the note belongs, "
                         "or delete the definition.")
NOTE_DUPLICATE = Rule("note-duplicate-label", E, "Two notes are defined with the same label.",
                      "Give each note its own label, e.g. [^3] and [^4].")
ALT_MISSING = Rule("alt-missing", E, "An image has no alt text.",
                   "Describe the image between the brackets, ![like this](file.png), "
                   "or mark a purely decorative image with {.decorative}.")
ALT_FILENAME = Rule("alt-filename", E, "An image's alt text is a file name or a word like 'image'.",
                    "Write what the image shows or means, as you would say it to someone on the phone.")
ALT_LONG = Rule("alt-too-long", W, "An image's alt text is very long (over 250 characters).",
                "Keep the alt text short and put the full description in the text or a caption.")
IMAGE_MISSING = Rule("link-image-missing", E, "An image file does not exist.",
                     "Check the file name and that the path is relative to the manuscript.")
HEADING_SKIPPED = Rule("heading-skipped", E, "A heading skips a level going down.",
                       "Use the next level down (e.g. ## after #), so readers can follow the structure.")
HEADING_FIRST = Rule("heading-first-not-top", E, "The first heading is not a top-level heading.",
                     "Start the text's sections with '#' (the title comes from the metadata).")
HEADING_EMPTY = Rule("heading-empty", E, "A heading has no text.", "Write the heading's text or remove it.")
LANG_MISSING = Rule("lang-not-in-metadata", W, "The manuscript does not declare its language.",
                    "Add 'lang: en-GB' (or the text's language) to the YAML metadata.")

RULES = [NOTE_UNDEFINED, NOTE_UNREFERENCED, NOTE_DUPLICATE, ALT_MISSING, ALT_FILENAME, ALT_LONG,
         IMAGE_MISSING, HEADING_SKIPPED, HEADING_FIRST, HEADING_EMPTY, LANG_MISSING]

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
        findings.append(LANG_MISSING.finding(_name(book.metadata_file or book.sources[0]), 1))
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
                yield NOTE_DUPLICATE.finding(_name(line.path), line.number,
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
                yield NOTE_UNDEFINED.finding(_name(line.path), line.number,
                                             f"The note reference [^{match.group(1)}] has no definition.")
    for label, line in definitions.items():
        if label not in referenced:
            yield NOTE_UNREFERENCED.finding(_name(line.path), line.number,
                                            f"The note [^{label}] is defined but never referenced.")


def _image_findings(lines: list[SourceLine], root: Path) -> Iterator[Finding]:
    for line in lines:
        for match in IMAGE.finditer(line.text):
            alt, target, attributes = match.group(1).strip(), match.group(2), match.group(3) or ""
            where = (_name(line.path), line.number)
            decorative = bool(ATTRIBUTES_DECORATIVE.search(attributes))
            if not alt and not decorative:
                yield ALT_MISSING.finding(*where, f"The image {target} has no alt text.")
            elif alt and (FILE_LIKE.match(alt) or alt.lower().strip(".") in VAGUE_ALT):
                yield ALT_FILENAME.finding(*where, f"The alt text '{alt}' of {target} does not say what it shows.")
            elif len(alt) > ALT_LIMIT:
                yield ALT_LONG.finding(*where, f"The alt text of {target} is {len(alt)} characters long.")
            if target and "://" not in target and not target.startswith("data:") \
                    and not (root / target).is_file():
                yield IMAGE_MISSING.finding(*where, f"The image file {target} does not exist.")


def _heading_findings(lines: list[SourceLine]) -> Iterator[Finding]:
    previous_level = 0
    for line, level, text in _headings(lines):
        where = (_name(line.path), line.number)
        if not text:
            yield HEADING_EMPTY.finding(*where)
        if previous_level == 0 and level != 1:
            yield HEADING_FIRST.finding(*where, f"The first heading is level {level}; "
                                                "the first section should be a level 1 heading ('#').")
        elif previous_level and level > previous_level + 1:
            yield HEADING_SKIPPED.finding(*where, f"The heading '{text}' is level {level} "
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


def _name(path: Path) -> str:
    """Paths as the user typed them: relative to the working folder where possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
