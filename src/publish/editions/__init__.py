"""One module per edition. Each has build(book, ast, out_dir) -> Path, writing one file into out_dir;
those showing the print page numbers are also made in two steps, draft and finish (see Edition).

The module-level build() functions leave the AST they are given as it was. The Edition methods
the build calls (build_paginated, draft, build_together) use it up instead: each worker reads
its own AST; copying it would cost about 0.05 s for a 150-page book and 0.5 s at ten times
that, and emptying it once pandoc has its copy frees its memory for pandoc and Typst.

The registry names each edition's module rather than importing it, so that a build with
nothing to do (every edition unchanged) does not pay for loading pandoc's, ebooklib's and
Typst's bindings.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

from ..book import Book
from ..pagination import PagePoints, Spans


@dataclass(frozen=True)
class Edition:
    name: str                                           # as given to --only
    filename: Callable[[Book], str]
    builder: str                                        # "module:function" in this package
    weight: int = 1                                     # relative build time: the heaviest start first
    # The print edition builds with its page layout (paginator). Editions that show where its
    # pages begin are made in two steps, so that pandoc writes them while the print edition is
    # laid out: drafter(book, ast) -> a draft with a slot wherever a page may begin, then
    # finisher(book, draft, points, out_dir) -> Path, the page markers put in (pagination.py).
    paginator: str | None = None
    drafter: str | None = None
    finisher: str | None = None

    def build(self, book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
        return _function(self.builder)(book, ast, out_dir)

    def build_paginated(self, book: Book, ast: dict[str, Any], out_dir: Path,
                        on_layout: Callable[[Spans], None] = lambda spans: None) -> tuple[Path, Spans]:
        """The edition and its page layout; on_layout hears the layout as soon as it is made."""
        assert self.paginator, f"{self.name} has no page layout"
        return _function(self.paginator)(book, ast, out_dir, on_layout)

    @property
    def shows_print_pages(self) -> bool:
        return self.finisher is not None

    def draft(self, book: Book, ast: dict[str, Any]) -> Any:
        assert self.drafter, f"{self.name} is made in one step"
        return _function(self.drafter)(book, ast)

    def finish(self, book: Book, draft: Any, points: PagePoints, out_dir: Path) -> Path:
        assert self.finisher, f"{self.name} is made in one step"
        return _function(self.finisher)(book, draft, points, out_dir)


def _function(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


EDITIONS: dict[str, Edition] = {
    "epub": Edition("epub", lambda b: f"{b.slug}.epub", "epub:build", weight=3,
                    drafter="epub:draft", finisher="epub:finish"),
    "html": Edition("html", lambda b: f"{b.slug}.html", "html:build", weight=3,
                    drafter="html:draft", finisher="html:finish"),
    "docx": Edition("docx", lambda b: f"{b.slug}.docx", "docx:build", weight=2),
    "large-print-docx": Edition("large-print-docx", lambda b: f"{b.slug}-large-print.docx",
                                "docx:build_large_print"),
    "large-print": Edition("large-print", lambda b: f"{b.slug}-large-print.pdf", "large_print:build", weight=5,
                           paginator="large_print:build_paginated"),
    # braille pages with the large print's page numbers (BRF for embossers, PEF the same pages in XML)
    "braille": Edition("braille", lambda b: f"{b.slug}.brf", "braille:build_brf",
                       drafter="braille:draft", finisher="braille:finish_brf"),
    "braille-pef": Edition("braille-pef", lambda b: f"{b.slug}.pef", "braille:build_pef",
                           drafter="braille:draft", finisher="braille:finish_pef"),
}

# Editions one job makes together, from one pandoc run, when both are built (their order is the
# order of the paths the builder returns)
TOGETHER: dict[tuple[str, ...], str] = {("docx", "large-print-docx"): "docx:build_both"}


def build_together(names: tuple[str, ...], book: Book, ast: dict[str, Any], out_dir: Path) -> list[Path]:
    return _function(TOGETHER[names])(book, ast, out_dir)


# the edition modules, for worker processes to load ahead of their first job
MODULES = tuple(sorted({e.builder.partition(":")[0] for e in EDITIONS.values()}))
