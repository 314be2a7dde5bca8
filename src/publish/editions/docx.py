"""The DOCX edition for partners to adapt, and the large-print DOCX."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import pandoc
from ..book import Book


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}.docx"
    pandoc.write(book, ast, "docx", output=output, args=["--toc"])
    return output


def build_large_print(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}-large-print.docx"
    pandoc.write(book, ast, "docx", output=output, args=["--toc"])
    return output
