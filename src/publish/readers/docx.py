"""A DOCX: the body's paragraphs (headings by their styles' outline levels), pictures, tables,
footnotes and endnotes, bookmarks and internal hyperlinks, language and title."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import PublishError
from .model import Document, Heading, Image, Link, Note, NoteRef, Publication, Table
from .safe import SafeZip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VML = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
DC = "{http://purl.org/dc/elements/1.1/}"
BODY_TEXT_LEVEL = 9        # outline level 9 means body text
OFF = {"0", "false", "off"}
NOTE_KINDS = (("footnote", "word/footnotes.xml"), ("endnote", "word/endnotes.xml"))


def read_docx(path: Path, name: str) -> Publication:
    with SafeZip.open(path, name) as archive:
        return _read(archive, name)


def _read(archive: SafeZip, name: str) -> Publication:
    if not archive.has("word/document.xml"):
        raise PublishError("has no word/document.xml, so it is not a Word document", name)
    key = "word/document.xml"
    body = _without_fallbacks(archive.xml(key))
    styles = archive.xml("word/styles.xml") if archive.has("word/styles.xml") else None
    levels = _outline_levels(styles)
    document = Document(name=f"{name}!/{key}", key=key, language=_default_language(styles))
    _read_body(body, key, levels, document)
    for kind, member in NOTE_KINDS:
        if archive.has(member):
            _read_notes(archive.xml(member), kind, f"{name}!/{member}", document)
    publication = Publication(name=name, format="docx", documents=[document], members=set(archive.names()),
                              package_name=f"{name}!/docProps/core.xml")
    _read_core(archive, publication)
    publication.language = publication.language or document.language
    return publication


def _read_body(body: etree._Element, key: str, levels: dict[str, int], document: Document) -> None:
    for element in body.iter(f"{W}p", f"{WP}docPr", f"{VML}imagedata", f"{W}tbl", f"{W}footnoteReference",
                             f"{W}endnoteReference", f"{W}hyperlink", f"{W}bookmarkStart"):
        tag = etree.QName(element).localname
        line = element.sourceline
        if tag == "p":
            level = _paragraph_level(element, levels)
            if level is not None:
                document.headings.append(Heading(level, _paragraph_text(element), line))
        elif tag == "docPr":
            document.images.append(_picture(element))
        elif tag == "imagedata":
            document.images.append(_vml_picture(element))
        elif tag == "tbl":
            document.tables.append(Table(line, _has_header_row(element)))
        elif tag in ("footnoteReference", "endnoteReference"):
            kind = tag.removesuffix("Reference")
            # Word numbers notes itself, so there is no label to check for sequence
            document.noterefs.append(NoteRef(f"{kind}:{element.get(f'{W}id')}", "", None, line))
        elif tag == "hyperlink" and element.get(f"{W}anchor"):
            anchor = element.get(f"{W}anchor")
            document.links.append(Link(f"#{anchor}", f"{key}#{anchor}", line))
        elif tag == "bookmarkStart" and element.get(f"{W}name"):
            document.ids.append((element.get(f"{W}name"), line))


def _without_fallbacks(root: etree._Element) -> etree._Element:
    """Word stores a text box twice, as DrawingML (mc:Choice) and VML (mc:Fallback): read it once."""
    for fallback in list(root.iter(f"{MC}Fallback")):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    return root


def _read_notes(root: etree._Element, kind: str, file: str, document: Document) -> None:
    for note in root.iter(f"{W}{kind}"):
        if note.get(f"{W}type") not in (None, "normal"):
            continue    # separators and continuation notices
        note_id = note.get(f"{W}id", "")
        document.notes.append(Note(key=f"{kind}:{note_id}", id=f"{kind} {note_id}", line=note.sourceline,
                                   file=file, implicit_backlink=True))


def _outline_levels(styles: etree._Element | None) -> dict[str, int]:
    """Each paragraph style's outline level (0 = Heading 1), following basedOn; 9 is body text."""
    if styles is None:
        return {}
    own: dict[str, int | None] = {}
    parents: dict[str, str | None] = {}
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}type") not in (None, "paragraph"):
            continue
        style_id = style.get(f"{W}styleId", "")
        level = style.find(f"{W}pPr/{W}outlineLvl")
        own[style_id] = _int(level.get(f"{W}val")) if level is not None else None
        based = style.find(f"{W}basedOn")
        parents[style_id] = based.get(f"{W}val") if based is not None else None
    levels: dict[str, int] = {}
    for style_id in own:
        current: str | None = style_id
        seen: set[str] = set()
        while current is not None and current not in seen and own.get(current) is None:
            seen.add(current)
            current = parents.get(current)
        found = own.get(current) if current is not None else None
        levels[style_id] = found if found is not None else BODY_TEXT_LEVEL
    return levels


def _paragraph_level(paragraph: etree._Element, levels: dict[str, int]) -> int | None:
    direct = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if direct is not None:
        level = _int(direct.get(f"{W}val"))
    else:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = levels.get(style.get(f"{W}val", ""), BODY_TEXT_LEVEL) if style is not None else BODY_TEXT_LEVEL
    return level + 1 if level is not None and 0 <= level < BODY_TEXT_LEVEL else None


def _paragraph_text(paragraph: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in paragraph.iter(f"{W}t")).split())


def _picture(doc_pr: etree._Element) -> Image:
    alt = doc_pr.get("descr") or doc_pr.get("title") or ""
    decorative = any(etree.QName(e).localname == "decorative" and e.get("val", "1") not in OFF
                     for e in doc_pr.iter() if isinstance(e.tag, str))
    return Image(f"'{doc_pr.get('name')}'" if doc_pr.get("name") else "", alt if alt.strip() else None, decorative, doc_pr.sourceline)


def _vml_picture(image: etree._Element) -> Image:
    """A picture in the older VML form (documents from Word 2003 and earlier): alt on its shape."""
    shape = image.getparent()
    alt = (shape.get("alt") if shape is not None else None) or image.get(f"{OFFICE}title") or ""
    return Image("", alt if alt.strip() else None, False, image.sourceline)


def _has_header_row(table: etree._Element) -> bool:
    first_row = table.find(f"{W}tr")
    if first_row is None:
        return False
    header = first_row.find(f"{W}trPr/{W}tblHeader")
    return header is not None and header.get(f"{W}val", "on") not in OFF


def _default_language(styles: etree._Element | None) -> str | None:
    if styles is None:
        return None
    for lang in styles.iterfind(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang"):
        value = lang.get(f"{W}val")
        if value:
            return value
    return None


def _read_core(archive: SafeZip, publication: Publication) -> None:
    if not archive.has("docProps/core.xml"):
        return
    core = archive.xml("docProps/core.xml")
    title = core.find(f"{DC}title")
    if title is not None and (title.text or "").strip():
        publication.title, publication.title_line = title.text.strip(), title.sourceline
    language = core.find(f"{DC}language")
    if language is not None and (language.text or "").strip():
        publication.language, publication.language_line = language.text.strip(), language.sourceline


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
