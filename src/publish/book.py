"""Loads a manuscript (a folder like manuscript/, or one Markdown file) into one immutable Book.

Everything a user can get wrong before pandoc runs is caught here and raised as a
PublishError naming the file and line: a missing path, a binary or non-UTF-8 file,
an empty manuscript, YAML metadata that does not parse.
"""
from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import PublishError

if TYPE_CHECKING:
    from .locale import Locale

METADATA_FILE = "metadata.yaml"
MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Book:
    """A manuscript as the editions need it: its source files, metadata and build date."""

    root: Path                   # image paths resolve against this folder
    sources: tuple[Path, ...]    # Markdown files in reading order
    metadata: dict[str, Any] = field(hash=False)
    metadata_file: Path | None = None
    modified: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def title(self) -> str:
        return _plain(self.metadata.get("title", ""))

    @property
    def language(self) -> str:
        return str(self.metadata.get("lang", "en"))

    @property
    def locale(self) -> "Locale":
        """Language, script, region and direction, resolved once from `lang` (locale.py)."""
        from .locale import resolve
        return resolve(self.language)

    @property
    def creators(self) -> list[str]:
        raw = self.metadata.get("creator") or self.metadata.get("author") or []
        if not isinstance(raw, list):
            raw = [raw]
        return [_plain(c.get("text", "") if isinstance(c, dict) else c) for c in raw if c]

    @property
    def publisher(self) -> str:
        return _plain(self.metadata.get("publisher", ""))

    @property
    def description(self) -> str:
        return _plain(self.metadata.get("description", ""))

    @property
    def subjects(self) -> list[str]:
        raw = self.metadata.get("subject") or []
        return [_plain(s) for s in (raw if isinstance(raw, list) else [raw])]

    @property
    def accessibility_summary(self) -> str:
        return _plain(self.metadata.get("accessibility-summary", ""))

    @property
    def identifier(self) -> str:
        """The manuscript's own identifier, or a UUID derived from title and creators (stable)."""
        given = self.metadata.get("identifier")
        if given:
            return _plain(given)
        seed = "\n".join([self.title, *self.creators])
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"

    @property
    def slug(self) -> str:
        given = self.metadata.get("slug")
        text = _plain(given) if given else self.title or self.sources[0].stem
        return slugify(text) or slugify(self.sources[0].stem) or "book"

    @property
    def cover_alt(self) -> str:
        """The cover's alt text, in the book's language (styles/labels.json)."""
        from .labels import labels_for
        labels = labels_for(self.locale)
        by = ", ".join(self.creators)
        return (labels["cover_alt_by"] if by else labels["cover_alt"]).format(title=self.title, creators=by)


# text-unidecode drops Arabic script's long-vowel and hamza letters (alef, alef maksura) and gives ain a
# backtick, which slugify makes a word break: "الإعلان العالمي" was l-ln-l-lmy. With alef as a, as
# romanizations write it, it is alilan-alalmy.
ARABIC_LETTERS = [["ا", "a"], ["أ", "a"], ["آ", "a"], ["ٱ", "a"], ["إ", "i"], ["ى", "a"], ["ع", ""], ["ء", ""]]


def slugify(text: str, limit: int = 80) -> str:
    """A file name from a title: a readable ASCII transliteration (python-slugify with text-unidecode:
    "Résumé" gives resume, "Секс-работа" seks-rabota, "性工作" xing-gong-zuo,
    "الإعلان العالمي" alilan-alalmy), safe in every file system, zip and web address."""
    from slugify import slugify as transliterated
    return transliterated(text, max_length=limit, word_boundary=True, replacements=ARABIC_LETTERS)


def shown_path(path: Path) -> str:
    """A manuscript's file as findings name it: relative to the working folder where possible, as typed."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _plain(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def load_book(path: Path) -> Book:
    """Reads the manuscript at path (a folder or a Markdown file) and its metadata."""
    path = Path(path)
    if not path.exists():
        raise PublishError("no such file or folder; give the path of a manuscript folder or a Markdown file", path)
    if path.is_dir():
        sources = tuple(sorted(p for p in path.iterdir() if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()))
        if not sources:
            raise PublishError("this folder has no Markdown (.md) file to publish", path)
        root = path
        metadata_file = path / METADATA_FILE if (path / METADATA_FILE).is_file() else None
    else:
        sources, root, metadata_file = (path,), path.parent, None
    metadata: dict[str, Any] = {}
    texts = [read_text(p) for p in sources]
    for source, text in zip(sources, texts):
        _check_line_lengths(source, text)
    if not any(t.strip() for t in texts):
        raise PublishError("the manuscript is empty; write the text in Markdown", sources[0], 1)
    metadata.update(title_block(texts[0]))
    if metadata_file:
        metadata.update(_metadata_file(metadata_file))
    for source, text in zip(sources, texts):
        block = YAML_BLOCK.match(text)
        if block:
            metadata.update(_parse_yaml(block.group(1) or "", source, first_line=2))
    if not _plain(metadata.get("title")):
        raise PublishError("the manuscript has no title; add 'title: ...' to its YAML metadata block",
                           metadata_file or sources[0], 1)
    if len(_plain(metadata.get("title"))) > TITLE_LIMIT:
        raise PublishError(f"the title is {len(_plain(metadata.get('title'))):,} characters long; a title may have "
                           f"at most {TITLE_LIMIT:,}", metadata_file or sources[0], 1)
    _check_citation_files(metadata, root, metadata_file or sources[0])
    return Book(root=root.resolve(), sources=tuple(p.resolve() for p in sources), metadata=metadata,
                metadata_file=metadata_file.resolve() if metadata_file else None,
                modified=build_date(metadata))


LINE_LIMIT = 200_000      # characters in one line: a long paragraph on one line has a few thousand
TITLE_LIMIT = 2_000


def _check_line_lengths(source: Path, text: str) -> None:
    """A line of millions of characters (a generated or damaged file) would take every pandoc writer
    gigabytes: refused, naming the line."""
    if len(text) <= LINE_LIMIT:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > LINE_LIMIT:
            raise PublishError(f"line {number} is {len(line):,} characters long; a line may have at most "
                               f"{LINE_LIMIT:,} (break the text into paragraphs)", source, number)


def citation_files(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    """The bibliography and CSL style files the metadata names, as (key, file as written)."""
    named = []
    for key in ("bibliography", "csl"):
        value = metadata.get(key) or []
        named += [(key, str(name)) for name in (value if isinstance(value, list) else [value])]
    return named


def _check_citation_files(metadata: dict[str, Any], root: Path, where: Path) -> None:
    """A bibliography or CSL style must be a file beside the manuscript: a build fetches nothing."""
    for key, name in citation_files(metadata):
        if "://" in name:
            raise PublishError(f"the {key} '{name}' is on the web; save it beside the manuscript and give "
                               "its file name (a build fetches nothing)", where)
        if not (root / name).is_file():
            raise PublishError(f"the {key} file '{name}' does not exist beside the manuscript", where)
        if not (root / name).resolve().is_relative_to(root.resolve()):
            raise PublishError(f"the {key} file '{name}' is outside the manuscript's folder; copy it into "
                               "the folder (a book takes no file from elsewhere on the machine)", where)


def read_text(path: Path) -> str:
    """The file's text, or a PublishError saying why it cannot be read as UTF-8 text."""
    data = path.read_bytes()
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PublishError("this is a binary file, not a Markdown text file", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise PublishError(f"this file is not UTF-8 text (it looks like {_guess_encoding(data)}); "
                           "save it as UTF-8 and build again", path, line) from None
    return text.replace("\r\n", "\n")


def title_block(text: str) -> dict[str, Any]:
    """A Pandoc title block at the very start of the text (pandoc_title_block): `% Title`, then
    `% Author; Another`, then `% Date`; a line starting with a space continues the one above.
    A YAML block's keys, read after it, win, as in pandoc."""
    if not text.startswith("%"):
        return {}
    fields: list[str] = []
    for line in text.split("\n"):
        if line.startswith("%"):
            fields.append(line[1:].strip())
        elif line.startswith((" ", "\t")) and line.strip() and fields:
            fields[-1] += " " + line.strip()
        else:
            break
    found: dict[str, Any] = {}
    for key, value in zip(("title", "author", "date"), fields[:3]):
        if value:
            found[key] = [a.strip() for a in value.split(";") if a.strip()] if key == "author" else value
    return found


def _metadata_file(path: Path) -> dict[str, Any]:
    """metadata.yaml, with or without the `---` ... `---` lines around it (pandoc takes both)."""
    text = read_text(path)
    block = YAML_BLOCK.match(text)
    if block:
        return _parse_yaml(block.group(1) or "", path, first_line=2)
    return _parse_yaml(text, path, first_line=1)


def _guess_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if any(0x80 <= b <= 0x9f for b in data):
        return "Windows-1252"
    return "Latin-1 (ISO-8859-1)"


def _parse_yaml(text: str, source: Path, first_line: int) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(err, "problem", None) or "it does not parse"
        raise PublishError(f"the YAML metadata does not parse: {problem}", source, line) from None
    if not isinstance(data, dict):
        raise PublishError("the YAML metadata must be a list of 'key: value' lines", source, first_line)
    if _expanded_size(data) > METADATA_LIMIT:
        raise PublishError(f"the YAML metadata holds more than {METADATA_LIMIT:,} values once its aliases (*name) "
                           "are expanded; a book's metadata needs far fewer", source, first_line)
    return data


METADATA_LIMIT = 10_000     # values in the metadata, aliases expanded: a book has tens


def _expanded_size(data: Any, limit: int = METADATA_LIMIT) -> int:
    """How many values data holds with every alias expanded, counted only up to just past limit: YAML's
    aliases share one object, so nested ones (a "billion laughs") are counted without being built."""
    count, stack = 0, [data]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(item.keys())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def build_date(metadata: dict[str, Any]) -> datetime:
    """SOURCE_DATE_EPOCH when set, else the manuscript's date, else now: fixed dates give fixed bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    given = metadata.get("date")
    if given:
        try:
            parsed = datetime.fromisoformat(str(given))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return datetime.now(timezone.utc).replace(microsecond=0)
