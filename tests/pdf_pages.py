"""Each PDF the tests read, parsed by pdfplumber once per test run and shared.

pdfplumber lays out every character of a page (pdfminer), which took most of the large print's
test time when every test opened the file again. A PDF is parsed here the first time a test
asks for it, and kept, by path and modification time, for the rest of the run.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pdfplumber
from pdfplumber.utils import extract_text


@dataclass(frozen=True)
class Page:
    number: int                      # from 1
    width: float
    height: float
    chars: tuple[dict[str, Any], ...]
    images: tuple[dict[str, Any], ...]
    words: tuple[dict[str, Any], ...]   # with their fontname
    text: str                        # extract_text(), as a reader would copy it

    def text_of(self, keep: Callable[[dict[str, Any]], bool]) -> str:
        """The text of only the characters keep() accepts, laid out as extract_text() lays it."""
        return extract_text([c for c in self.chars if keep(c)])


@dataclass(frozen=True)
class Pdf:
    pages: tuple[Page, ...]

    @property
    def chars(self) -> list[dict[str, Any]]:
        return [c for page in self.pages for c in page.chars]


def read_pdf(path: Path) -> Pdf:
    """The PDF at path, parsed once per run (again only if the file changed)."""
    path = Path(path).resolve()
    return _parsed(path, path.stat().st_mtime_ns)


@functools.cache
def _parsed(path: Path, modified: int) -> Pdf:
    with pdfplumber.open(path) as pdf:
        return Pdf(tuple(Page(number, float(page.width), float(page.height), tuple(page.chars),
                              tuple(page.images), tuple(page.extract_words(extra_attrs=["fontname"])),
                              page.extract_text() or "")
                         for number, page in enumerate(pdf.pages, 1)))
