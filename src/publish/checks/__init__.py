"""The checker: the manuscript's lint (manuscript.py) and one module per concern for every edition file.

Each concern module declares its Rules next to the code that finds them and offers
check(publication) -> findings; readers/ turns any EPUB, HTML, DOCX or PDF into the
publication those modules read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..book import MARKDOWN_SUFFIXES, Book
from ..errors import PublishError
from ..readers import open_publication
from ..readers.model import Publication
from ..report import Finding
from . import headings, ids, images, language, links, metadata, notes, tables, title
from .rules import Rule

try:   # the manuscript's lint is written separately; everything else works without it
    from . import manuscript as _manuscript
except ImportError:   # pragma: no cover - only while manuscript.py does not exist
    _manuscript = None

CONCERNS = (headings, images, notes, language, title, metadata, links, tables, ids)
Check = Callable[[Publication], Iterator[Finding]]


def all_rules() -> list[Rule]:
    """Every rule, for `publish rules`: the editions' rules, then the manuscript's that are its own."""
    rules = [rule for concern in CONCERNS for rule in concern.RULES]
    codes = {rule.code for rule in rules}
    if _manuscript is not None:
        rules += [rule for rule in _manuscript.RULES if rule.code not in codes]
    return rules


def check_manuscript(book: Book) -> list[Finding]:
    """Findings in the Markdown source, with file:line."""
    return list(_manuscript.check_manuscript(book)) if _manuscript is not None else []


def check_file(path: Path, name: str | None = None) -> list[Finding]:
    """Findings in one edition file (EPUB, HTML, XHTML, DOCX or PDF); name is how the file is shown.
    A file that cannot be read safely is a PublishError."""
    publication = open_publication(Path(path), name or str(path))
    return check_publication(publication)


def check_publication(publication: Publication) -> list[Finding]:
    return [finding for concern in CONCERNS for finding in concern.check(publication)]


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings in each file or manuscript; a PublishError (exit 2) when one cannot be read."""
    findings: list[Finding] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise PublishError("no such file or folder", path)
        if path.is_dir() or path.suffix.lower() in MARKDOWN_SUFFIXES:
            findings += _check_manuscript_path(path)
        else:
            findings += check_file(path, str(path))
    return findings


def _check_manuscript_path(path: Path) -> list[Finding]:
    from ..book import load_book   # a manuscript only: loading checks its YAML and encoding
    return check_manuscript(load_book(path))
