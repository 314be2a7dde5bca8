"""Checks of the manuscript and of every edition file (placeholder until the checker lands)."""
from __future__ import annotations

from pathlib import Path

from ..book import Book
from ..report import Finding


def check_manuscript(book: Book) -> list[Finding]:
    """Findings in the Markdown source, with file:line."""
    return []


def check_file(path: Path, name: str | None = None) -> list[Finding]:
    """Findings in one edition file (EPUB, HTML, DOCX or PDF); name is how the file is shown."""
    return []
