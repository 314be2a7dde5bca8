"""One module per edition, and here what each edition is made of: its steps.

A Step is one piece of work for a worker process. It names the values it needs and the values it
makes: "ast" (pandoc's AST, each step gets its own), "layout" (the print edition's PageLayout,
pagination.py), a draft ("draft:epub"), an edition's file ("file:epub") and its findings
("findings:epub"). The build (schedule.py) runs a step as soon as what it needs is there, so an
edition that shows the print page numbers is drafted while the large print is laid out and finished
once the layout is known. Nothing in the scheduler knows an edition: adding one is adding it here.

A step's function is called as run(book, *needed values, out_dir) when it writes files into the
output folder, else run(book, *needed values), and returns its value (or a tuple, when it makes
several, in the order of `makes`). The functions use up the AST they are given: each worker reads
its own, and emptying it once pandoc has its copy frees its memory for pandoc and Typst. The
module-level build() functions of the edition modules leave theirs as it was.

Steps name their functions rather than import them, so that a build with nothing to do (every
edition unchanged) does not pay for loading pandoc's, ebooklib's and Typst's bindings.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Protocol

from ..book import Book
from ..report import Finding

AST, LAYOUT = "ast", "layout"


def file_of(edition: str) -> str:
    """The value that is an edition's file in the output folder."""
    return f"file:{edition}"


def findings_of(edition: str) -> str:
    return f"findings:{edition}"


@dataclass(frozen=True)
class Step:
    name: str                              # what it does, for messages
    run: str                               # "module:function", the module in this package
    needs: tuple[str, ...] = (AST,)
    makes: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()           # which of `makes` are files in the output folder
    optional: tuple[str, ...] = ()         # needs it goes without (None) when the step making them fails
    weight: int = 1                        # relative time: the heaviest start first

    def function(self) -> Callable[..., Any]:
        return getattr(import_module(self.module), self.run.partition(":")[2])

    @property
    def module(self) -> str:
        module = self.run.partition(":")[0]
        return f"{__name__}.{module}" if module else __name__       # ":name": in this package


class Edition(Protocol):
    """What the build needs to know of an edition: its name (as given to --only), its file's name,
    and the steps that can make it (a step may make several editions at once)."""
    name: str
    steps: tuple[Step, ...]

    def filename(self, book: Book) -> str: ...


@dataclass(frozen=True)
class Declared:
    name: str
    file_name: Callable[[Book], str]
    steps: tuple[Step, ...]

    def filename(self, book: Book) -> str:
        return self.file_name(book)


def check_edition(book: Book, path: Path) -> tuple[Finding, ...]:
    """publish check's rules for the file just made (its format told by its content)."""
    from ..checks import check_file
    return tuple(check_file(path, path.name))


def _checking(edition: str) -> Step:
    # "ast" is not needed: the step reads the file
    return Step(f"check the {edition} edition", ":check_edition", needs=(file_of(edition),),
                makes=(findings_of(edition),))


def _made(edition: str, run: str, weight: int = 1, needs: tuple[str, ...] = (AST,),
          optional: tuple[str, ...] = (), doing: str = "make") -> Step:
    """A step that writes one edition's file."""
    return Step(f"{doing} the {edition} edition", run, needs, (file_of(edition),), (file_of(edition),), optional,
                weight)


def _finished(edition: str, run: str, draft: str) -> Step:
    """The second step of an edition that shows the print pages: the draft finished with the layout, or
    without print page numbers when the large print could not be laid out."""
    return _made(edition, run, needs=(draft, LAYOUT), optional=(LAYOUT,), doing="finish")


def _drafted(name: str, run: str, weight: int) -> Step:
    return Step(f"draft the {name} edition", run, makes=(f"draft:{name}",), weight=weight)


BOTH_DOCX = Step("make both DOCX editions from one pandoc run", "docx:build_both",
                 makes=(file_of("docx"), file_of("large-print-docx")),
                 writes=(file_of("docx"), file_of("large-print-docx")), weight=3)
BRAILLE_DRAFT = _drafted("braille", "braille:draft", 1)      # one draft, two files: BRF and PEF

EDITIONS: dict[str, Edition] = {
    "epub": Declared("epub", lambda b: f"{b.slug}.epub", (
        _drafted("epub", "epub:draft", 3), _finished("epub", "epub:finish", "draft:epub"), _checking("epub"))),
    "html": Declared("html", lambda b: f"{b.slug}.html", (
        _drafted("html", "html:draft", 3), _finished("html", "html:finish", "draft:html"), _checking("html"))),
    "docx": Declared("docx", lambda b: f"{b.slug}.docx", (
        _made("docx", "docx:build", 2), BOTH_DOCX, _checking("docx"))),
    "large-print-docx": Declared("large-print-docx", lambda b: f"{b.slug}-large-print.docx", (
        _made("large-print-docx", "docx:build_large_print"), BOTH_DOCX, _checking("large-print-docx"))),
    # the print edition: one layout gives the PDF and the pages every other edition numbers by
    "large-print": Declared("large-print", lambda b: f"{b.slug}-large-print.pdf", (
        Step("make the large-print edition", "large_print:build_with_layout",
             makes=(file_of("large-print"), LAYOUT), writes=(file_of("large-print"),), weight=5),
        _checking("large-print"))),
    # braille pages with the large print's page numbers (BRF for embossers, PEF the same pages in XML)
    "braille": Declared("braille", lambda b: f"{b.slug}.brf", (
        BRAILLE_DRAFT, _finished("braille", "braille:finish_brf", "draft:braille"), _checking("braille"))),
    "braille-pef": Declared("braille-pef", lambda b: f"{b.slug}.pef", (
        BRAILLE_DRAFT, _finished("braille-pef", "braille:finish_pef", "draft:braille"), _checking("braille-pef"))),
}

# the layout alone, when no edition that makes it is built (--only epub): Typst lays the book out
LAYOUT_ONLY = Step("lay out the print pages", "large_print:page_layout", makes=(LAYOUT,), weight=5)

STEPS: tuple[Step, ...] = tuple(dict.fromkeys([s for e in EDITIONS.values() for s in e.steps] + [LAYOUT_ONLY]))

# the edition modules, for worker processes to load ahead of their first job
MODULES = tuple(sorted({step.module for step in STEPS}))
