"""The EPUB's navigation document: one function per nav (toc, landmarks; a page list is one more)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from lxml import etree

from ..book import Book
from .epub_content import EPUB_TYPE, Heading, Page, _x, in_label_language, xhtml_document, xhtml_element

NAV = "nav.xhtml"
TOC_ID = "toc"


@dataclass(frozen=True)
class Landmark:
    epub_type: str       # cover, titlepage, toc, bodymatter, endnotes...
    label: str
    href: str


def nav_document(book: Book, labels: dict[str, str], navs: Sequence[etree._Element]) -> bytes:
    """The navigation document holding the given navs, in order (the first is shown as the contents)."""
    return xhtml_document(book, labels["contents"], "frontmatter", list(navs), labels)


def toc_nav(labels: dict[str, str], headings: Sequence[Heading]) -> etree._Element:
    """Every heading, nested by level, in reading order."""
    nav = xhtml_element("nav", role="doc-toc", id=TOC_ID, aria_labelledby="toc-title")
    nav.set(EPUB_TYPE, "toc")
    nav.append(in_label_language(xhtml_element("h1", labels["contents"], id="toc-title"), labels))
    nav.append(_nested_list(headings))
    for link in nav.iter(_x("a")):
        if link.text == labels["notes"]:      # the notes' heading, which the EPUB adds: a label
            in_label_language(link, labels)
    return nav


def landmarks_nav(labels: dict[str, str], landmarks: Sequence[Landmark]) -> etree._Element:
    """The book's major parts for the reading system's menus; hidden from the reading order."""
    nav = xhtml_element("nav", hidden="hidden", aria_labelledby="landmarks-title")
    nav.set(EPUB_TYPE, "landmarks")
    nav.append(in_label_language(xhtml_element("h2", labels["landmarks"], id="landmarks-title"), labels))
    entries = xhtml_element("ol")
    for landmark in landmarks:
        link = in_label_language(xhtml_element("a", landmark.label, href=landmark.href), labels)
        link.set(EPUB_TYPE, landmark.epub_type)
        item = xhtml_element("li")
        item.append(link)
        entries.append(item)
    nav.append(entries)
    return nav


def page_list_nav(labels: dict[str, str], pages: Sequence[Page]) -> etree._Element:
    """The print edition's pages, for "go to page"; hidden from the reading order like the landmarks."""
    nav = xhtml_element("nav", role="doc-pagelist", hidden="hidden", aria_labelledby="page-list-title")
    nav.set(EPUB_TYPE, "page-list")
    nav.append(in_label_language(xhtml_element("h2", labels["pages"], id="page-list-title"), labels))
    entries = xhtml_element("ol")
    for page in pages:
        item = xhtml_element("li")
        item.append(xhtml_element("a", page.label, href=page.href))
        entries.append(item)
    nav.append(entries)
    return nav


def _nested_list(headings: Sequence[Heading]) -> etree._Element:
    """An <ol> whose items nest one level deeper under each heading of a higher level."""
    root = xhtml_element("ol")
    stack: list[tuple[int, etree._Element]] = []      # (level of the items, their list)
    last_item: etree._Element | None = None
    for heading in headings:
        if not stack:
            stack.append((heading.level, root))
        elif heading.level > stack[-1][0] and last_item is not None:
            child = xhtml_element("ol")
            last_item.append(child)
            stack.append((heading.level, child))
        else:
            while len(stack) > 1 and heading.level < stack[-1][0]:
                stack.pop()
        last_item = xhtml_element("li")
        last_item.append(xhtml_element("a", heading.text, href=heading.href))
        stack[-1][1].append(last_item)
    return root
