"""Checks of the manuscript and of every edition file (placeholder until the checker lands)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..book import Book
from ..report import Finding
from .rules import Rule


def all_rules() -> list[Rule]:
    """Every rule, for `publish rules`."""
    return []


def check_manuscript(book: Book) -> list[Finding]:
    """Findings in the Markdown source, with file:line."""
    return []


def check_file(path: Path, name: str | None = None) -> list[Finding]:
    """Findings in one edition file (EPUB, HTML, DOCX or PDF); name is how the file is shown."""
    return []


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings in each file or manuscript; a PublishError (exit 2) when one cannot be read."""
    return []
