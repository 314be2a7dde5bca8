"""Reads one (X)HTML tree into a Document: headings, images, notes, links, tables, ids, language, title.

Accepts every usual way of marking notes: DPUB-ARIA roles (doc-noteref, doc-footnote,
doc-endnotes, doc-backlink), EPUB's epub:type, and pandoc's classes (footnote-ref,
footnotes, footnote-back). An element a note reference points to is a note whatever its markup.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from .model import Document, Heading, Image, Link, Note, NoteRef, Table

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADING_TAG = re.compile(r"^h([1-6])$")
NOTEREF_MARKS = {"doc-noteref", "noteref", "footnote-ref"}
NOTE_MARKS = {"doc-footnote", "doc-endnote", "footnote", "endnote", "rearnote", "note"}
NOTES_CONTAINER_MARKS = {"doc-endnotes", "doc-footnotes", "footnotes", "endnotes", "rearnotes"}
HIDING_ROLES = {"presentation", "none"}


def read_markup(root: etree._Element, key: str, name: str, popup_notes: bool = False) -> Document:
    """popup_notes: in an EPUB, a footnote in an <aside> is shown by the reading system as a pop-up that
    closes back to the text, so it needs no back link of its own (pandoc's default EPUB notes)."""
    document = Document(name=name, key=key, language=_language(root), root_line=root.sourceline)
    notes_depth: list[etree._Element] = []    # open note containers
    open_notes: list[tuple[etree._Element, Note]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if event == "end":
            if notes_depth and notes_depth[-1] is element:
                notes_depth.pop()
            if open_notes and open_notes[-1][0] is element:
                open_notes.pop()
            continue
        marks = _marks(element)
        line = element.sourceline
        if element.get("id"):
            document.ids.append((element.get("id"), line))
        if marks & NOTES_CONTAINER_MARKS:
            # a container of notes is not a note, whatever its role (pandoc's notes at the end of a
            # section: <aside class="footnotes" role="doc-footnote"><ol><li id="fn1">...)
            notes_depth.append(element)
        elif element.get("id") and (marks & NOTE_MARKS or (notes_depth and tag == "li")):
            note = Note(key=f"{key}#{element.get('id')}", id=element.get("id"), line=line,
                        implicit_backlink=popup_notes and tag == "aside" and "footnote" in marks)
            document.notes.append(note)
            open_notes.append((element, note))
        if tag == "head" and document.head_line is None:
            document.head_line = line
        if tag == "title" and document.title is None and _in_head(element):
            document.title = _text(element)
        elif HEADING_TAG.match(tag) or element.get("role") == "heading":
            document.headings.append(Heading(_heading_level(tag, element), _text(element), line))
        elif tag == "img":
            document.images.append(_image(element, line))
        elif tag == "table" and element.get("role") not in HIDING_ROLES:
            document.tables.append(Table(line, _has_header_cells(element)))
        if tag in ("a", "area") and element.get("href") is not None:
            target = resolve(key, element.get("href", ""))
            if marks & NOTEREF_MARKS:
                document.noterefs.append(NoteRef(target, _visible_text(element), element.get("id"), line))
            else:
                document.links.append(Link(element.get("href", ""), target, line))
            if open_notes:
                open_notes[-1][1].links.append(target or "")
    return document


def resolve(base: str, href: str) -> str | None:
    """The key "path#fragment" an href points to from the document at base; None when it leaves the book."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    path = unquote(parts.path)
    if path:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    else:
        path = base
    return f"{path}#{unquote(parts.fragment)}" if parts.fragment else path


def _local(tag: str) -> str:
    """A tag's name without its namespace, lower-cased (the HTML parser keeps broken names as they are)."""
    return tag.rpartition("}")[2].lower()


def _marks(element: etree._Element) -> set[str]:
    """The role, epub:type and class tokens that say what an element is."""
    values = " ".join(filter(None, (element.get("role"), element.get(EPUB_TYPE), element.get("epub:type"),
                                    element.get("class"))))
    return set(values.split())


def _language(root: etree._Element) -> str | None:
    value = root.get(XML_LANG) or root.get("lang") or root.get("xml:lang")
    return value.strip() if value and value.strip() else None


def _in_head(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and _local(parent.tag) == "head"


def _heading_level(tag: str, element: etree._Element) -> int:
    match = HEADING_TAG.match(tag)
    if match:
        return int(match.group(1))
    level = element.get("aria-level", "2")
    return int(level) if level.isdigit() and 0 < int(level) < 10 else 2


def _text(element: etree._Element) -> str:
    """What a screen reader says for it: its text, or the alt text of its images, or its aria-label."""
    label = element.get("aria-label")
    if label and label.strip():
        return label.strip()
    words = [t for t in element.itertext() if isinstance(t, str)]
    text = " ".join("".join(words).split())
    if text:
        return text
    alts = [img.get("alt", "") for img in element.iter("{*}img", "img")]
    return " ".join(a.strip() for a in alts if a and a.strip())


def _visible_text(element: etree._Element) -> str:
    return " ".join("".join(t for t in element.itertext() if isinstance(t, str)).split())


def _image(element: etree._Element, line: int | None) -> Image:
    source = element.get("src", "")
    source = "" if source.startswith("data:") else posixpath.basename(source)
    label = element.get("aria-label")
    alt = label if label and label.strip() else element.get("alt")
    if element.get("aria-labelledby"):
        alt = alt or element.get("aria-labelledby")
    decorative = (alt == "" or element.get("role") in HIDING_ROLES or element.get("aria-hidden") == "true")
    return Image(source, alt, decorative, line)


def _has_header_cells(table: etree._Element) -> bool:
    for cell in table.iter("{*}th", "th", "{*}td", "td"):
        if _local(cell.tag) == "th" or cell.get("role") in ("columnheader", "rowheader"):
            return True
    return False
