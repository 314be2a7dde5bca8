"""The EPUB 3 edition: EPUB 3.3 meeting EPUB Accessibility 1.1 (WCAG 2.2 AA), for screen-reader users.

The recipe: pandoc writes the XHTML of each section (epub_content), the navigation is ours
(epub_nav), ebooklib assembles the package with its metadata, and the zip is rewritten to be
byte-for-byte reproducible (epub_package).
"""
from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from ..ast import copy as ast_copy
from ..book import Book
from ..cover import make_cover
from ..labels import labels_for as catalogue_labels
from ..labels import translated
from ..locale import resolve
from ..pagination import NO_PAGES, PageLayout, page_break_marker
from ..styles import style_path
from .epub_content import (EPUB_TYPE, STYLE_SHEET, TITLE_PAGE, Content, Draft, make_content, write_content,
                           xhtml_document, xhtml_element)
from .epub_nav import NAV, TOC_ID, Landmark, landmarks_nav, nav_document, page_list_nav, toc_nav
from .epub_package import Item, Summary, accessibility_metadata, write_package

DEFAULT_LANGUAGE = "en"
COVER_PAGE = "cover.xhtml"
COVER_IMAGE = "images/cover.png"
XHTML = "application/xhtml+xml"


def build(book: Book, ast: dict[str, Any], out_dir: Path, layout: PageLayout | None = None) -> Path:
    """The EPUB, with the print page numbers of the layout (none when not given)."""
    return finish(book, draft(book, ast_copy(ast)), layout, out_dir)


def draft(book: Book, ast: dict[str, Any]) -> Draft:
    """The content as pandoc writes it, with a slot wherever a print page may begin (see pagination.py).
    The AST is used up."""
    return write_content(book, ast)


def finish(book: Book, draft: Draft, layout: PageLayout | None, out_dir: Path) -> Path:
    """The EPUB from the draft, with its print page-break markers and page list (none without a layout)."""
    output = out_dir / f"{book.slug}.epub"
    labels = labels_for(book)
    content = make_content(book, draft, (layout or NO_PAGES).fill_slots(draft.html, partial(page_break_marker, epub=True, label=labels['page'])),
                           labels)
    with tempfile.TemporaryDirectory(prefix="publish-epub-") as scratch:
        cover = make_cover(book, Path(scratch) / "cover.png").read_bytes()
        items = package_items(book, content, labels, cover)
        accessibility = accessibility_metadata(book, content.described_images, summary(book, content),
                                               bool(content.pages), any(d.mathml for d in content.documents))
        write_package(book, items, accessibility, output, Path(scratch))
    return output


def labels_for(book: Book) -> dict[str, str]:
    """The words the EPUB adds (navigation, notes) in the book's language, else English."""
    labels = catalogue_labels(book.locale)
    return {**labels, "pages": labels["pages_epub"]}


def summary(book: Book, content: Content) -> Summary:
    """The manuscript's accessibility summary, else one that says what this edition really has."""
    if book.accessibility_summary:
        return Summary(book.accessibility_summary, book.language)
    own = translated(book.locale, "summary")
    labels = catalogue_labels(book.locale) if own else catalogue_labels(resolve(DEFAULT_LANGUAGE))  # else in English
    sentences = [labels["summary"]]
    if content.notes:
        sentences.append(labels["summary_notes"])
    if content.described_images:
        sentences.append(labels["summary_images"])
    sentences.append(labels["summary_hazards"])
    return Summary(" ".join(sentences), book.language if own else DEFAULT_LANGUAGE)


def package_items(book: Book, content: Content, labels: dict[str, str], cover: bytes) -> list[Item]:
    """Every file of the package in reading order: cover, title page, contents, sections, notes."""
    documents = [Item(d.name, XHTML, d.content, properties=("mathml",) if d.mathml else (), in_spine=True)
                 for d in content.documents]
    return [
        Item(COVER_PAGE, XHTML, cover_page(book, labels), in_spine=True),
        documents[0],
        Item(NAV, XHTML, navigation(book, content, labels), properties=("nav",), in_spine=True),
        *documents[1:],
        Item(STYLE_SHEET, "text/css", style_path("epub.css").read_bytes()),
        Item(COVER_IMAGE, "image/png", cover, properties=("cover-image",)),
        *(Item(i.name, i.media_type, i.source.read_bytes()) for i in content.images),
    ]


def cover_page(book: Book, labels: dict[str, str]) -> bytes:
    """The cover image alone on its page, with its text alternative."""
    image = xhtml_element("img", src=COVER_IMAGE, alt=book.cover_alt, role="doc-cover")
    image.set(EPUB_TYPE, "cover")      # on the image, beside its matching role
    section = xhtml_element("section", class_="cover")
    section.append(image)
    return xhtml_document(book, labels["cover"], "frontmatter", [section], labels)


def navigation(book: Book, content: Content, labels: dict[str, str]) -> bytes:
    headings = [h for d in content.documents for h in d.headings]
    navs = [toc_nav(labels, headings), landmarks_nav(labels, landmarks(content, labels))]
    if content.pages:
        navs.append(page_list_nav(labels, content.pages))
    return nav_document(book, labels, navs)


def landmarks(content: Content, labels: dict[str, str]) -> list[Landmark]:
    marks = [Landmark("cover", labels["cover"], COVER_PAGE),
             Landmark("titlepage", labels["title_page"], TITLE_PAGE),
             Landmark("toc", labels["contents"], f"{NAV}#{TOC_ID}"),
             Landmark("bodymatter", labels["start"], content.start)]
    if content.notes:
        marks.append(Landmark("endnotes", labels["notes"], content.notes))
    return marks
