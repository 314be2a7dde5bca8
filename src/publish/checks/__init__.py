"""The checker: the manuscript's check (manuscript.py, on pandoc's AST) and one module per concern for every edition file.

Each concern module declares its Rules next to the code that finds them and offers
check(publication) -> findings; readers/ turns any EPUB, HTML, DOCX or PDF into the
publication those modules read.
"""
from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..book import MARKDOWN_SUFFIXES, METADATA_FILE, Book
from ..errors import PublishError
from ..report import Finding
from .rules import RULES, Rule

if TYPE_CHECKING:
    from ..readers.model import Publication

EDITION_SUFFIXES = {".epub", ".html", ".htm", ".xhtml", ".docx", ".pdf", ".brf", ".pef"}
# The concern modules load on first use (CONCERNS): a build with nothing to make lints the
# manuscript only, and starts faster without them and the readers.
CONCERN_NAMES = ("headings", "images", "notes", "language", "direction", "labels", "title", "metadata", "links", "tables", "ids",
                 "roles", "pages", "landmarks", "buttons", "toc", "contrast", "glyphs",
                 "braille")
Check = Callable[["Publication"], Iterator[Finding]]


@cache
def concerns() -> tuple[ModuleType, ...]:
    return tuple(import_module(f"{__name__}.{name}") for name in CONCERN_NAMES)


def __getattr__(name: str) -> Any:
    if name == "CONCERNS":
        return concerns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def all_rules() -> list[Rule]:
    """Every rule, once, for `publish rules` (see rules.py)."""
    return list(RULES)


def check_manuscript(book: Book) -> list[Finding]:
    """Findings in the Markdown source, with file:line: what its build reports about it (pandoc reads
    it, manuscript.py judges what pandoc read)."""
    from ..prepare import read_manuscript
    return list(read_manuscript(book).findings)


def check_file(path: Path, name: str | None = None) -> list[Finding]:
    """Findings in one edition file (EPUB, HTML, XHTML, DOCX or PDF); name is how the file is shown.
    A file that cannot be read safely is a PublishError."""
    from ..readers import open_publication
    publication = open_publication(Path(path), name or str(path))
    return check_publication(publication)


def check_publication(publication: "Publication") -> list[Finding]:
    return [finding for concern in concerns() for finding in concern.check(publication)]


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings in each file, manuscript, or folder of editions (such as dist/); a PublishError (exit 2)
    when one cannot be read."""
    findings: list[Finding] = []
    for path in map(Path, paths):
        if not path.exists():
            raise PublishError("no such file or folder", path)
        if path.suffix.lower() in MARKDOWN_SUFFIXES or (path.is_dir() and _is_manuscript(path)):
            findings += _check_manuscript_path(path)
        elif path.is_dir():
            files = _edition_files(path)
            findings += [f for file in files for f in check_file(file, str(file))]
            from .together import check_folder      # editions of one book against each other
            findings += list(check_folder(files))
        else:
            findings += check_file(path, str(path))
    return findings


def _is_manuscript(folder: Path) -> bool:
    return any(p.suffix.lower() in MARKDOWN_SUFFIXES for p in folder.iterdir()) or \
        (folder / METADATA_FILE).is_file()


def _edition_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES)
    if not files:
        raise PublishError("holds neither a manuscript (Markdown files) nor files to check "
                           "(EPUB, HTML, DOCX or PDF)", folder)
    return files


def _check_manuscript_path(path: Path) -> list[Finding]:
    from ..book import load_book   # a manuscript only: loading checks its YAML and encoding
    return check_manuscript(load_book(path))
