"""Reads one (X)HTML tree into a Document: headings, images, notes, links, tables, ids, language, title;
the names of links, buttons and graphics; page breaks and the page list; epub:type without a role; main landmarks.

Accepts every usual way of marking notes: DPUB-ARIA roles (doc-noteref, doc-footnote,
doc-endnotes, doc-backlink), EPUB's epub:type, and pandoc's classes (footnote-ref,
footnotes, footnote-back). An element a note reference points to is a note whatever its markup.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from .model import Document, Heading, Image, Link, Named, Note, NoteRef, PageBreak, Table, Typed

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADING_TAG = re.compile(r"^h([1-6])$")
URL_PARTS = re.compile(r"[:?\x00-\x20\x7f]")   # a scheme, a query, or what urlsplit cleans: not a plain path
# what an element is, from its role and epub:type (semantics) or one of pandoc's classes
NOTEREF_SEMANTICS, NOTEREF_CLASSES = {"doc-noteref", "noteref"}, {"footnote-ref"}
NOTE_SEMANTICS = {"doc-footnote", "doc-endnote", "footnote", "endnote", "rearnote", "note"}
NOTES_SEMANTICS, NOTES_CLASSES = {"doc-endnotes", "footnotes", "endnotes", "rearnotes"}, {"footnotes"}
HIDING_ROLES = {"presentation", "none"}
PAGE_LIST_SEMANTICS = {"page-list", "doc-pagelist"}
PAGEBREAK_SEMANTICS = {"pagebreak", "doc-pagebreak"}
SVG_GRAPHIC_ROLES = {"img", "graphics-document", "graphics-symbol"}
NO_TEXT = {"script", "style", "template", "noscript"}   # contribute nothing to a name
NAMED_TAGS = {"a", "button", "svg", "main"}
NOTHING: frozenset[str] = frozenset()


def read_markup(root: etree._Element, key: str, name: str, popup_notes: bool = False,
                xml_lang: bool = True) -> Document:
    """popup_notes: in an EPUB, a footnote in an <aside> is shown by the reading system as a pop-up that
    closes back to the text, so it needs no back link of its own (pandoc's default EPUB notes).
    xml_lang: whether xml:lang declares the language, as in XHTML; in HTML only lang does (HTML's
    "lang and xml:lang" rules, axe-core's html-has-lang)."""
    walker = _Walker(Document(name=name, key=key, language=_language(root, xml_lang), root_line=root.sourceline),
                     popup_notes, root)
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if isinstance(element.tag, str):
            walker.start(element) if event == "start" else walker.end(element)
    return walker.document


class _Walker:
    """Fills a Document element by element, knowing which notes, note lists and hidden parts are open."""

    def __init__(self, document: Document, popup_notes: bool, root: etree._Element | None = None) -> None:
        self.document = document
        self.popup_notes = popup_notes
        self.root = root
        self.note_lists: list[etree._Element] = []
        self.open_notes: list[tuple[etree._Element, Note]] = []
        self.hidden: list[etree._Element] = []
        self.page_lists: list[etree._Element] = []    # an EPUB nav's page list (or role="doc-pagelist")
        self.landmarks: list[etree._Element] = []     # an EPUB nav's landmarks: epub:type there names a target
        self.svgs: list[etree._Element] = []          # open <svg> elements: what is inside is SVG
        self.controls: list[etree._Element] = []      # open links and buttons: a graphic inside is named by them
        self._by_id: dict[str, etree._Element] | None = None
        self.stacks = (self.note_lists, self.hidden, self.page_lists, self.landmarks, self.svgs, self.controls)

    def start(self, element: etree._Element) -> None:
        tag, semantics, classes = _local(element.tag), _semantics(element), _classes(element)
        line = element.sourceline
        if element.get("id"):
            self.document.ids.append((element.get("id"), line))
        if _hides(element):
            self.hidden.append(element)
        if semantics & NOTES_SEMANTICS or classes & NOTES_CLASSES:
            # a list of notes is not a note, whatever its role (pandoc's notes at the end of a section:
            # <aside class="footnotes" role="doc-footnote"><ol><li id="fn1">...)
            self.note_lists.append(element)
        elif element.get("id") and (semantics & NOTE_SEMANTICS or (self.note_lists and tag == "li")):
            self._open_note(element, tag, semantics)
        if tag == "nav" and semantics & PAGE_LIST_SEMANTICS:
            self.page_lists.append(element)
            if self.document.page_list is None:
                self.document.page_list = []
        elif tag == "nav" and "landmarks" in semantics:
            self.landmarks.append(element)
        if tag in ("a", "area") and element.get("href") is not None:
            self._link(element, semantics | classes & NOTEREF_CLASSES)
        elif tag == "head" and self.document.head_line is None:
            self.document.head_line = line
        elif tag == "title" and self.document.title is None and _in_head(element):
            self.document.title = _text(element)
        elif self.hidden:
            return   # hidden from every reader: its headings and images are not read out
        if not self.hidden and (semantics or tag in NAMED_TAGS or self.svgs):   # most elements: nothing to name
            self._names_and_semantics(element, tag, semantics, line)
        if HEADING_TAG.match(tag) or element.get("role") == "heading":
            self.document.headings.append(Heading(_heading_level(tag, element), _text(element), line))
        elif tag == "img":
            self.document.images.append(_image(element, line))
        elif tag == "table" and element.get("role") not in HIDING_ROLES:
            self.document.tables.append(Table(line, _has_header_cells(element)))

    def end(self, element: etree._Element) -> None:
        for stack in self.stacks:
            if stack and stack[-1] is element:
                stack.pop()
        if self.open_notes and self.open_notes[-1][0] is element:
            self.open_notes.pop()

    def _names_and_semantics(self, element: etree._Element, tag: str, semantics: frozenset[str], line: int | None) -> None:
        """What a screen reader is told about an element it can reach: the names of links, buttons and graphics,
        page breaks, main landmarks, and epub:type tokens given no role."""
        role = element.get("role")
        roles = role.split() if role else []
        if tag == "a" and element.get("href") is not None:
            self.document.named.append(Named("link", self._name(element), line))
            self.controls.append(element)
        elif tag == "button" and not HIDING_ROLES & set(roles[:1]):
            self.document.named.append(Named("button", self._name(element), line))
            self.controls.append(element)
        in_svg = bool(self.svgs)
        if tag == "svg":
            self.svgs.append(element)
        if (tag == "svg" and not in_svg) or (in_svg and roles[:1] and roles[0] in SVG_GRAPHIC_ROLES):
            # an inline SVG is a graphic unless hidden or presentational; one inside a link or a button
            # with no role of its own is part of the control's name
            if roles[:1] and roles[0] in SVG_GRAPHIC_ROLES or (not roles and not self.controls):
                self.document.named.append(Named("svg", self._name(element, content=False, svg=True), line))
        elif role is not None and role.strip() == "img" and tag not in ("img", "area", "input", "object"):
            self.document.named.append(Named("role-img", self._name(element, content=False), line))
        if semantics & PAGEBREAK_SEMANTICS:
            self.document.page_breaks.append(PageBreak(element.get("id"), self._name(element), line))
        if (tag == "main" and role is None) or (role is not None and role.strip() == "main"):
            self.document.mains.append(line)
        types = element.get(EPUB_TYPE) or element.get("epub:type")
        if types and role is None and not self.landmarks:
            self.document.typed.append(Typed(tag, tuple(types.split()), line))

    def _name(self, element: etree._Element, content: bool = True, svg: bool = False) -> str:
        """The accessible name (WAI's accname, in the order axe-core computes it): aria-labelledby, aria-label,
        an SVG's <title>, the element's content when its role takes the name from it, then its title."""
        ids = (element.get("aria-labelledby") or "").split()
        if ids:
            named = " ".join(_content(self._element(i)) for i in ids if self._element(i) is not None).strip()
            if named:
                return named
        label = (element.get("aria-label") or "").strip()
        if label:
            return label
        if svg:
            title = _svg_title(element)
            if title:
                return title
        if content:
            text = _content(element)
            if text:
                return text
        return " ".join((element.get("title") or "").split())

    def _element(self, id_: str) -> etree._Element | None:
        if self._by_id is None:
            self._by_id = {}
            if self.root is not None:
                for element in self.root.iter():
                    if isinstance(element.tag, str) and element.get("id"):
                        self._by_id.setdefault(element.get("id"), element)
        return self._by_id.get(id_)

    def _open_note(self, element: etree._Element, tag: str, semantics: frozenset[str]) -> None:
        note = Note(key=f"{self.document.key}#{element.get('id')}", id=element.get("id"), line=element.sourceline,
                    implicit_backlink=self.popup_notes and tag == "aside" and "footnote" in semantics)
        self.document.notes.append(note)
        self.open_notes.append((element, note))

    def _link(self, element: etree._Element, marks: set[str]) -> None:
        target = resolve(self.document.key, element.get("href", ""))
        line = element.sourceline
        if marks & (NOTEREF_SEMANTICS | NOTEREF_CLASSES):
            self.document.noterefs.append(NoteRef(target, _visible_text(element), _reference_id(element), line))
        elif self.page_lists:    # an entry of the page list: pages.py reports one that leads nowhere
            self.document.page_list.append(Link(element.get("href", ""), target, line))  # type: ignore[union-attr]
        else:
            self.document.links.append(Link(element.get("href", ""), target, line))
        if self.open_notes:
            self.open_notes[-1][1].links.append(target or "")


def resolve(base: str, href: str) -> str | None:
    """The key "path#fragment" an href points to from the document at base; None when it leaves the book."""
    href = href.strip()
    if not href.startswith("//") and not URL_PARTS.search(href):
        raw_path, _, raw_fragment = href.partition("#")   # what urlsplit gives such an href, faster
    else:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            return None
        raw_path, raw_fragment = parts.path, parts.fragment
    path = unquote(raw_path)
    if path:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    else:
        path = base
    return f"{path}#{unquote(raw_fragment)}" if raw_fragment else path


def _local(tag: str) -> str:
    """A tag's name without its namespace, lower-cased (the HTML parser keeps broken names as they are)."""
    return tag.rpartition("}")[2].lower()


def _semantics(element: etree._Element) -> frozenset[str]:
    """The role and epub:type tokens that say what an element is."""
    role, epub_type, prefixed = element.get("role"), element.get(EPUB_TYPE), element.get("epub:type")
    if not (role or epub_type or prefixed):
        return NOTHING    # most elements: no set to build
    return frozenset(" ".join(filter(None, (role, epub_type, prefixed))).split())


def _classes(element: etree._Element) -> frozenset[str]:
    classes = element.get("class")
    return frozenset(classes.split()) if classes else NOTHING


def _hides(element: etree._Element) -> bool:
    return element.get("hidden") is not None or element.get("aria-hidden") == "true"


def _language(root: etree._Element, xml_lang: bool = True) -> str | None:
    value = (root.get(XML_LANG) or root.get("lang") or root.get("xml:lang")) if xml_lang else root.get("lang")
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


def _content(element: etree._Element) -> str:
    """The name an element's content gives (accname's name from content): its text, the alt text of its
    images and the names of its labelled or SVG children, leaving out what is hidden. No recursion: a deep
    tree from anywhere cannot exhaust the stack."""
    if not len(element):
        return " ".join((element.text or "").split())
    parts = [element.text or ""]
    stack = [(iter(element), "")]
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)
            continue
        if not isinstance(child.tag, str) or _hides(child):
            parts.append(child.tail or "")
            continue
        local = _local(child.tag)
        label = (child.get("aria-label") or "").strip()
        if label or local in ("img", "area", "svg"):
            own = label or (_svg_title(child) if local == "svg" else (child.get("alt") or ""))
            parts += [" ", own, " ", child.tail or ""]
        elif local in NO_TEXT:
            parts.append(child.tail or "")
        else:
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
    return " ".join("".join(parts).split())


def _svg_title(svg: etree._Element) -> str:
    """The text of an SVG element's own <title> child (its name in SVG), or ""."""
    for child in svg:
        if isinstance(child.tag, str) and _local(child.tag) == "title":
            return " ".join("".join(t for t in child.itertext() if isinstance(t, str)).split())
    return ""


def _visible_text(element: etree._Element) -> str:
    return " ".join("".join(t for t in element.itertext() if isinstance(t, str)).split())


def _reference_id(element: etree._Element) -> str | None:
    """The id a back link returns to: the reference's own, or its <sup> or <span> wrapper's."""
    parent = element.getparent()
    if element.get("id") or parent is None or _local(parent.tag) not in ("sup", "span"):
        return element.get("id")
    return parent.get("id")


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
