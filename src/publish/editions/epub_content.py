"""The EPUB's content documents, made from the AST.

The text is split into one XHTML document per top-level section. Pandoc writes the
XHTML of all of them in one call (each section wrapped in a Div), and lxml gives each
its frame: title, language, epub:type with its ARIA role. Mathematics is MathML, each
formula with its TeX as alttext (mathml.py). The notes are numbered
across the whole book (1, 2, 3... as in the other editions), gathered into one notes
document, and linked both ways. Text before the first heading goes on the title page.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import lxml.html
from lxml import etree

from ..ast import elements
from .. import pandoc
from ..book import Book
from ..errors import PublishError
from ..pagination import PageLayout
from . import mathml

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{OPS_NS}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: XHTML_NS, "epub": OPS_NS}

TITLE_PAGE = "title-page.xhtml"
NOTES = "notes.xhtml"
STYLE_SHEET = "css/epub.css"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
RESERVED_IMAGE_NAMES = {"cover.png"}   # the cover's own file
OPENING_ID = "publish-opening"         # the text before the first heading, on the title page
TITLE_ID = "publish-title"
NOTES_ID = "publish-notes"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    href: str            # file#id inside the package folder


@dataclass(frozen=True)
class Page:
    label: str           # the print page's number, as printed
    href: str            # file#id of its page-break marker


@dataclass(frozen=True)
class Document:
    name: str            # file name inside the package folder
    title: str           # its <title>: the heading's text
    content: bytes
    headings: tuple[Heading, ...]
    pages: tuple[Page, ...] = ()
    mathml: bool = False   # holds MathML: the manifest item then has the property mathml


@dataclass(frozen=True)
class Image:
    name: str            # path inside the package folder
    source: Path
    media_type: str


@dataclass(frozen=True)
class Content:
    documents: tuple[Document, ...]    # reading order: title page, sections, notes
    images: tuple[Image, ...]
    described_images: int             # images that carry meaning (they have alt text)
    start: str                        # where the text starts (the bodymatter landmark)
    notes: str | None                 # the notes document, when there are notes

    @property
    def pages(self) -> tuple[Page, ...]:
        """The print page-break markers of every document, in reading order."""
        return tuple(page for document in self.documents for page in document.pages)


@dataclass
class _Part:
    """A stretch of the AST that becomes one document."""
    name: str
    blocks: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class _Note:
    number: int
    referenced_in: str                # the document holding its reference


@dataclass(frozen=True)
class Draft:
    """The content as pandoc writes it, before the print page numbers are known: one HTML text
    with a slot wherever a page may begin (see pagination.py)."""
    html: str
    parts: tuple[str, ...]            # the documents' names, in the order of their Divs in html
    notes: tuple[_Note, ...]


def write_content(book: Book, ast: dict[str, Any]) -> Draft:
    """The title page, one part per top-level section and the notes, written by pandoc in one call."""
    parts = _split_at_top_headings(PageLayout.with_slots(ast)["blocks"])
    ast["blocks"] = []                  # the parts hold the blocks now: the AST is used up
    notes = _lift_notes(parts)
    if notes:
        parts.append(_Part(NOTES, [_note_div(number, note_blocks) for number, (_, note_blocks) in
                                   enumerate(notes, 1)]))
    return Draft(_write_parts(book, ast, parts), tuple(part.name for part in parts), tuple(n for n, _ in notes))


def make_content(book: Book, draft: Draft, html: str, labels: dict[str, str]) -> Content:
    """The documents from the draft's HTML, its page slots filled: the title page, one document per
    top-level section, and the notes document."""
    tree = _parse_fragment(html)
    for part in tree.iter(etree.Element):     # a part's language twice, as the documents' (xml:lang for XML readers)
        if part.get("lang") and part.get(XML_LANG) is None:
            part.set(XML_LANG, part.get("lang"))
    for caption in tree.iter(_x("figcaption")):   # a caption that repeats the alt text: heard once (html.py)
        picture = caption.getparent().find(f".//{_x('img')}")
        if picture is not None and (picture.get("alt") or "").split() == "".join(caption.itertext()).split():
            caption.set("aria-hidden", "true")
    for cell in list(tree.iter(_x("th"))):       # an empty header names nothing: a data cell (axe empty-table-header)
        if not "".join(cell.itertext()).strip() and len(cell) == 0:
            cell.tag = _x("td")
    mathml.add_alttext(tree)
    images, described = _place_images(book, tree)
    _mark_note_references(tree)
    divs = {div.get("id"): div for div in tree.iter(_x("div")) if div.get("id")}
    for note in draft.notes:
        _finish_note(divs[f"note-{note.number}"], note, labels)
    bodies = {name: divs[f"publish-part-{index}"] for index, name in enumerate(draft.parts)}
    _point_links_across_documents(bodies)
    documents = [_title_page(book, bodies[TITLE_PAGE])]
    documents += [_section(book, name, body) for name, body in bodies.items() if name not in (TITLE_PAGE, NOTES)]
    if draft.notes:
        documents.append(_notes_document(book, bodies[NOTES], labels))
    has_opening = len(bodies[TITLE_PAGE]) > 0
    return Content(tuple(documents), images, described, _start(has_opening, documents),
                   NOTES if draft.notes else None)


def _start(has_opening: bool, documents: list[Document]) -> str:
    """Where the text starts: the opening text on the title page, else the first section."""
    if has_opening:
        return f"{TITLE_PAGE}#{OPENING_ID}"
    sections = [d.name for d in documents[1:] if d.name != NOTES]
    return sections[0] if sections else TITLE_PAGE


def _split_at_top_headings(blocks: list[Any]) -> list[_Part]:
    """The title page's part (text before the first heading), then one part per level-1 heading."""
    parts = [_Part(TITLE_PAGE)]
    for block in blocks:
        if block.get("t") == "Header" and block["c"][0] == 1:
            parts.append(_Part(f"text-{len(parts):02d}.xhtml"))
        parts[-1].blocks.append(block)
    return parts


def _lift_notes(parts: list[_Part]) -> list[tuple[_Note, list[Any]]]:
    """Replaces each note by a numbered link to the notes document; returns the notes, with their
    blocks, in order."""
    notes: list[tuple[_Note, list[Any]]] = []
    for part in parts:
        for note in elements(part.blocks, "Note"):
            notes.append((_Note(len(notes) + 1, part.name), note["c"]))
            note.clear()
            note.update(_note_link(len(notes)))
    return notes


def _note_link(number: int) -> dict[str, Any]:
    return {"t": "Link", "c": [[f"noteref-{number}", ["publish-noteref"], []],
                               [{"t": "Superscript", "c": [{"t": "Str", "c": str(number)}]}],
                               [f"{NOTES}#note-{number}", ""]]}


def _note_div(number: int, blocks: list[Any]) -> dict[str, Any]:
    return {"t": "Div", "c": [[f"note-{number}", ["publish-note"], []], blocks]}


def _write_parts(book: Book, ast: dict[str, Any], parts: list[_Part]) -> str:
    """Pandoc writes every part in one call, each in its own Div; the parts' blocks are used up."""
    blocks = [{"t": "Div", "c": [[f"publish-part-{i}", [], []], part.blocks]} for i, part in enumerate(parts)]
    for part in parts:
        part.blocks = []
    return pandoc.write(book, {"pandoc-api-version": ast["pandoc-api-version"], "meta": {}, "blocks": blocks},
                        "html5", ["--wrap=none", *mathml.PANDOC_ARGS], release=True)


def _parse_fragment(html: str) -> etree._Element:
    """Pandoc's HTML as an XHTML tree; raw HTML that is not well-formed XML goes through the HTML parser."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    # pandoc writes attributes such as epub:type="pagebreak" as they are: declare their prefix
    wrapper = f'<div xmlns="{XHTML_NS}" xmlns:epub="{OPS_NS}">'
    try:
        return etree.fromstring(f"{wrapper}{html}</div>", parser)
    except etree.XMLSyntaxError:
        as_xml = lxml.html.tostring(lxml.html.fragment_fromstring(html, create_parent="div"),
                                    method="xml", encoding="unicode")
        return etree.fromstring(as_xml.replace("<div>", wrapper, 1), parser)


def _x(tag: str) -> str:
    return f"{{{XHTML_NS}}}{tag}"


def in_label_language(element: etree._Element, labels: dict[str, str]) -> etree._Element:
    """Marks an element holding a label with the labels' language (lang and xml:lang), when the catalogue has
    none in the book's language and they are English (WCAG 3.1.2)."""
    if labels.get("lang"):
        element.set("lang", labels["lang"])
        element.set(XML_LANG, labels["lang"])
    return element


def xhtml_element(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.Element(_x(tag), nsmap=NSMAP)
    for key, value in attributes.items():
        element.set(key.rstrip("_").replace("_", "-"), value)
    element.text = text
    return element


def _place_images(book: Book, tree: etree._Element) -> tuple[tuple[Image, ...], int]:
    """Gives each image a file inside the package; decorative ones get an empty alt. Counts described ones."""
    placed: dict[Path, Image] = {}
    taken = set(RESERVED_IMAGE_NAMES)
    described = 0
    for img in tree.iter(_x("img")):
        source = (book.root / img.get("src", "")).resolve()     # as written, relative to the manuscript
        if "://" in img.get("src", "") or not source.is_file():
            raise PublishError(f"the image '{img.get('src')}' is not a file beside the manuscript; "
                               "the EPUB can only include images stored with it", book.sources[0])
        media_type = IMAGE_TYPES.get(source.suffix.lower())
        if media_type is None:
            raise PublishError(f"the image '{source.name}' is not PNG, JPEG, GIF, SVG or WebP, "
                               "which e-readers cannot show", book.sources[0])
        if source not in placed:
            placed[source] = Image(f"images/{_free_name(source.name, taken)}", source, media_type)
        img.set("src", placed[source].name)
        classes = img.get("class", "").split()
        if "decorative" in classes:
            img.set("alt", "")   # a screen reader skips it
        elif img.get("alt"):
            described += 1
    return tuple(placed.values()), described


def _free_name(name: str, taken: set[str]) -> str:
    stem, _, suffix = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem or name).strip("-") or "image"
    candidate, n = f"{stem}.{suffix.lower()}", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix.lower()}"
    taken.add(candidate)
    return candidate


def _mark_note_references(tree: etree._Element) -> None:
    for link in _with_class(tree, "a", "publish-noteref"):
        del link.attrib["class"]
        link.set(EPUB_TYPE, "noteref")
        link.set("role", "doc-noteref")


def _finish_note(div: etree._Element, note: _Note, labels: dict[str, str]) -> None:
    """The note's number first, a backlink to its reference last; epub:type and role on the note's div."""
    div.attrib.pop("class", None)
    div.set(EPUB_TYPE, "footnote")
    div.set("role", "doc-footnote")
    first = div[0] if len(div) and div[0].tag == _x("p") else None
    if first is None:
        first = xhtml_element("p")
        div.insert(0, first)
    number = xhtml_element("span", f"{note.number}. ", class_="note-number")
    number.tail, first.text = first.text, None
    first.insert(0, number)
    last = div[-1] if div[-1].tag == _x("p") else None
    if last is None:
        last = xhtml_element("p")
        div.append(last)
    back = xhtml_element("a", "\u21a9\ufe0e", href=f"{note.referenced_in}#noteref-{note.number}",
                         role="doc-backlink", aria_label=labels["back"].format(n=note.number))
    in_label_language(back, labels)
    _append_text(last, " ")
    last.append(back)


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _with_class(tree: etree._Element, tag: str, name: str) -> list[etree._Element]:
    return [e for e in tree.iter(_x(tag)) if name in (e.get("class") or "").split()]


def _point_links_across_documents(bodies: dict[str, etree._Element]) -> None:
    """A link to #id in another document becomes file#id, since each section is its own file."""
    home = {element.get("id"): name for name, body in bodies.items() for element in body.iter()
            if element.get("id")}
    for name, body in bodies.items():
        for link in body.iter(_x("a")):
            href = link.get("href", "")
            target = home.get(href[1:]) if href.startswith("#") else None
            if target and target != name:
                link.set("href", f"{target}{href}")


def plain_text(element: etree._Element) -> str:
    """An element's text without its note references, whitespace collapsed; a formula is its alttext
    (its TeX), not the text of its MathML and its annotation run together."""
    copy_ = copy.deepcopy(element)
    for ref in copy_.xpath(".//*[@role='doc-noteref']"):
        _drop_keeping_tail(ref)
    for formula in list(copy_.iter(f"{{{mathml.MATHML_NS}}}math")):
        formula.tail = (formula.get("alttext") or "") + (formula.tail or "")
        _drop_keeping_tail(formula)
    return " ".join("".join(copy_.itertext()).split())


def _drop_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _title_page(book: Book, opening: etree._Element) -> Document:
    page = xhtml_element("section")
    page.set(EPUB_TYPE, "titlepage")
    page.append(xhtml_element("h1", book.title, id=TITLE_ID))
    if book.creators:
        page.append(xhtml_element("p", ", ".join(book.creators), class_="creators"))
    if book.publisher and book.publisher not in book.creators:
        page.append(xhtml_element("p", book.publisher, class_="publisher"))
    children = [page]
    if len(opening):
        opening.attrib.clear()
        opening.set("id", OPENING_ID)
        opening.set("class", "opening")
        opening.set(EPUB_TYPE, "bodymatter")   # the text itself starts here, on the title page
        children.append(opening)
    headings = [Heading(1, book.title, TITLE_PAGE), *_headings(TITLE_PAGE, opening)]
    return Document(TITLE_PAGE, book.title, xhtml_document(book, book.title, None, children),
                    tuple(headings), tuple(_pages(TITLE_PAGE, opening)), mathml.has_math(opening))


def _section(book: Book, name: str, body: etree._Element) -> Document:
    heading = body[0]
    if not heading.get("id"):
        heading.set("id", f"publish-{name.split('.')[0]}")
    section = xhtml_element("section", role="doc-chapter", aria_labelledby=heading.get("id"))
    section.set(EPUB_TYPE, "chapter")
    section.text = None
    section.extend(list(body))
    title = plain_text(heading)
    headings = [Heading(1, title, name), *_headings(name, section, skip=heading)]
    return Document(name, title, xhtml_document(book, title, "bodymatter", [section]), tuple(headings),
                    tuple(_pages(name, section)), mathml.has_math(section))


def _notes_document(book: Book, body: etree._Element, labels: dict[str, str]) -> Document:
    section = xhtml_element("section", role="doc-endnotes", aria_labelledby=NOTES_ID)
    section.set(EPUB_TYPE, "endnotes")
    section.append(in_label_language(xhtml_element("h1", labels["notes"], id=NOTES_ID), labels))
    section.extend(list(body))
    return Document(NOTES, labels["notes"], xhtml_document(book, labels["notes"], "backmatter", [section], labels),
                    (Heading(1, labels["notes"], NOTES),), mathml=mathml.has_math(section))


def _headings(name: str, root: etree._Element, skip: etree._Element | None = None) -> Iterator[Heading]:
    for element in root.iter(*(_x(f"h{n}") for n in range(1, 7))):
        if element is not skip and element.get("id"):
            yield Heading(int(element.tag[-1]), plain_text(element), f"{name}#{element.get('id')}")


def _pages(name: str, root: etree._Element) -> Iterator[Page]:
    """The print page-break markers in a document, in reading order."""
    for element in root.iter():
        if element.get(EPUB_TYPE) == "pagebreak" and element.get("id"):
            yield Page(element.get("aria-label") or element.get("title") or "", f"{name}#{element.get('id')}")


def xhtml_document(book: Book, title: str, body_type: str | None, children: list[etree._Element],
                   labels: dict[str, str] | None = None) -> bytes:
    """A complete XHTML content document: language twice (lang, xml:lang), title, style sheet. labels: the
    title is one of them (Contents, Notes, Cover), marked English where the catalogue lacks the book's language."""
    html = etree.Element(_x("html"), nsmap=NSMAP)
    html.set("lang", book.language)
    html.set(XML_LANG, book.language)
    if book.locale.rtl:
        html.set("dir", "rtl")
    head = etree.SubElement(html, _x("head"))
    heading = etree.SubElement(head, _x("title"))
    heading.text = title
    if labels is not None:
        in_label_language(heading, labels)
    etree.SubElement(head, _x("link"), rel="stylesheet", type="text/css", href=STYLE_SHEET)
    body = etree.SubElement(html, _x("body"))
    if body_type:
        body.set(EPUB_TYPE, body_type)
    body.extend(children)
    etree.cleanup_namespaces(html, top_nsmap=NSMAP)
    return etree.tostring(html, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
