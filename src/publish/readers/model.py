"""The common model every reader fills: a publication of documents, each with what the checks look at.

Targets of links and note references are resolved by the reader into keys of the form
"path#fragment" (the path inside the package), so the checks never parse a URL themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Heading:
    level: int
    text: str | None          # None when the format cannot tell (PDF structure without text)
    line: int | None


@dataclass
class Image:
    source: str               # a file name or a short description of where it comes from
    alt: str | None           # None: no text alternative at all
    decorative: bool
    line: int | None


@dataclass
class Link:
    href: str                 # as written
    target: str | None        # resolved key "path#fragment"; None for links that leave the publication
    line: int | None


@dataclass
class NoteRef:
    target: str | None        # resolved key of the note it points to
    label: str                # the number or mark the reader sees
    id: str | None            # the reference's own id, the target of the note's back link
    line: int | None


@dataclass
class Note:
    key: str                  # "path#id"
    id: str
    line: int | None
    links: list[str] = field(default_factory=list)   # resolved targets of the links inside the note
    marked: bool = True       # marked as a note (role, epub:type, class); False: only a reference's target
    file: str | None = None   # when the note lives in another part than its document (DOCX footnotes.xml)
    implicit_backlink: bool = False   # formats where the application draws the way back (DOCX)


@dataclass
class Table:
    line: int | None
    has_header: bool


@dataclass
class Named:
    """An element a screen reader must name (a link, a button, an SVG or role="img" graphic) and the name
    it gets from its markup, as the accessible name computation gives it ("" for none)."""

    kind: str                 # link, button, svg, role-img
    name: str
    line: int | None


@dataclass
class Typed:
    """An element with epub:type tokens and no role attribute (EPUB semantics that screen readers do not see)."""

    tag: str                  # the element's local name, for its implicit role (figure, table, li, ...)
    types: tuple[str, ...]
    line: int | None


@dataclass
class PageBreak:
    id: str | None
    label: str                # what a screen reader says for it: aria-label, title or its text ("" for none)
    line: int | None


@dataclass
class Document:
    """One content document: an XHTML file of an EPUB, an HTML page, a DOCX body, a PDF."""

    name: str                 # how findings name it: "book.epub!/EPUB/text/ch001.xhtml"
    key: str                  # its path inside the package, for resolving links
    language: str | None = None
    title: str | None = None
    in_reading_order: bool = True
    is_navigation: bool = False     # an EPUB's nav document: the reading system's table of contents
    root_line: int | None = None    # where the language is declared (the <html> element)
    head_line: int | None = None    # where the title belongs (the <head> element)
    headings: list[Heading] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    noterefs: list[NoteRef] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    ids: list[tuple[str, int | None]] = field(default_factory=list)
    named: list[Named] = field(default_factory=list)          # links, buttons and graphics that need a name
    typed: list[Typed] = field(default_factory=list)          # epub:type without a role (not hidden)
    page_breaks: list[PageBreak] = field(default_factory=list)
    page_list: list[Link] | None = None   # the links of its page-list nav; None when it has none
    mains: list[int | None] = field(default_factory=list)     # lines of its main landmarks (not hidden)


@dataclass
class PackageMeta:
    """One metadata entry of an EPUB package (or the like): property, value, line."""

    property: str
    value: str
    line: int | None


@dataclass
class Publication:
    name: str                 # the file as shown to the user
    format: str               # epub, html, docx, pdf
    documents: list[Document] = field(default_factory=list)
    package_name: str | None = None      # where package-level findings point (the OPF, core.xml, ...)
    language: str | None = None          # declared for the whole publication (EPUB dc:language, PDF /Lang)
    language_line: int | None = None
    title: str | None = None
    title_line: int | None = None
    metadata: list[PackageMeta] = field(default_factory=list)
    metadata_line: int | None = None     # where missing metadata would go
    members: set[str] = field(default_factory=set)    # every file in the package, for links to files
    tagged: bool | None = None           # PDF: tagged with a structure tree
    displays_title: bool | None = None   # PDF: /DisplayDocTitle
    source: Path | None = None           # the file read, for the checks that read its markup again
    markup: Any = field(default=None, repr=False, compare=False)   # that markup, once read (checks/sources.py)

    @property
    def where(self) -> str:
        return self.package_name or self.name

    def reading_order(self) -> list[Document]:
        return [d for d in self.documents if d.in_reading_order]
