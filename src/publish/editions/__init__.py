"""One module per edition. Each has build(book, ast, out_dir) -> Path, writing one file into out_dir."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from ..book import Book
from ..pagination import page_break_span
from . import docx, epub, html, large_print


@dataclass(frozen=True)
class Edition:
    name: str                                           # as given to --only
    filename: Callable[[Book], str]
    build: Callable[[Book, dict[str, Any], Path], Path]
    weight: int = 1                                     # relative build time: the heaviest start first
    # the print edition builds with its page layout; editions with a page_marker get the AST with
    # page-break markers made by it, placed where the print edition's pages begin
    paginated: Callable[[Book, dict[str, Any], Path], tuple[Path, dict[int, tuple[int, int]]]] | None = None
    page_marker: Callable[[int], dict[str, Any]] | None = None


EDITIONS: dict[str, Edition] = {
    "epub": Edition("epub", lambda b: f"{b.slug}.epub", epub.build, weight=3,
                    page_marker=partial(page_break_span, epub=True)),
    "html": Edition("html", lambda b: f"{b.slug}.html", html.build, weight=2,
                    page_marker=partial(page_break_span, epub=False)),
    "docx": Edition("docx", lambda b: f"{b.slug}.docx", docx.build),
    "large-print-docx": Edition("large-print-docx", lambda b: f"{b.slug}-large-print.docx",
                                docx.build_large_print),
    "large-print": Edition("large-print", lambda b: f"{b.slug}-large-print.pdf", large_print.build, weight=5,
                           paginated=large_print.build_paginated),
}
