"""One module per edition. Each has build(book, ast, out_dir) -> Path, writing one file into out_dir.

The registry names each edition's module rather than importing it, so that a build with
nothing to do (every edition unchanged) does not pay for loading pandoc's, ebooklib's and
Typst's bindings.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

from ..book import Book
from ..pagination import Spans, page_break_span



@dataclass(frozen=True)
class Edition:
    name: str                                           # as given to --only
    filename: Callable[[Book], str]
    builder: str                                        # "module:function" in this package
    weight: int = 1                                     # relative build time: the heaviest start first
    # The print edition builds with its page layout (paginator); editions with a page_marker get
    # the AST with page-break markers made from it, where the print edition's pages begin.
    paginator: str | None = None
    page_marker: Callable[[int], dict[str, Any]] | None = None

    def build(self, book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
        return _function(self.builder)(book, ast, out_dir)

    def build_paginated(self, book: Book, ast: dict[str, Any], out_dir: Path,
                        on_layout: Callable[[Spans], None] = lambda spans: None) -> tuple[Path, Spans]:
        """The edition and its page layout; on_layout hears the layout as soon as it is made."""
        assert self.paginator, f"{self.name} has no page layout"
        return _function(self.paginator)(book, ast, out_dir, on_layout)


def _function(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


EDITIONS: dict[str, Edition] = {
    "epub": Edition("epub", lambda b: f"{b.slug}.epub", "epub:build", weight=3,
                    page_marker=partial(page_break_span, epub=True)),
    "html": Edition("html", lambda b: f"{b.slug}.html", "html:build", weight=2,
                    page_marker=partial(page_break_span, epub=False)),
    "docx": Edition("docx", lambda b: f"{b.slug}.docx", "docx:build"),
    "large-print-docx": Edition("large-print-docx", lambda b: f"{b.slug}-large-print.docx",
                                "docx:build_large_print"),
    "large-print": Edition("large-print", lambda b: f"{b.slug}-large-print.pdf", "large_print:build", weight=5,
                           paginator="large_print:build_paginated"),
}

# Editions one job makes together, from one pandoc run, when both are built (their order is the
# order of the paths the builder returns)
TOGETHER: dict[tuple[str, ...], str] = {("docx", "large-print-docx"): "docx:build_both"}


def build_together(names: tuple[str, ...], book: Book, ast: dict[str, Any], out_dir: Path) -> list[Path]:
    return _function(TOGETHER[names])(book, ast, out_dir)


# the edition modules, for worker processes to load ahead of their first job
MODULES = tuple(sorted({e.builder.partition(":")[0] for e in EDITIONS.values()}))
