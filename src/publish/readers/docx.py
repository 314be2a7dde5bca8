"""A DOCX: the body's paragraphs (headings by their styles' outline levels), pictures, tables,
footnotes and endnotes, bookmarks and internal hyperlinks, language and title."""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import PublishError
from .model import Document, Heading, Image, Link, Named, Note, NoteRef, Publication, Table
from .safe import SafeZip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VML = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
DC = "{http://purl.org/dc/elements/1.1/}"
BODY_TEXT_LEVEL = 9        # outline level 9 means body text
OFF = {"0", "false", "off"}
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PACKAGE_RELS = "_rels/.rels"
DEFAULT_MAIN = "word/document.xml"
# parts found by the type of their relationship from the main part (transitional and strict types
# end alike), and their usual names beside it when the main part has no relationships file
PART_TYPES = {"styles": "styles.xml", "footnotes": "footnotes.xml", "endnotes": "endnotes.xml"}
NOTE_KINDS = (("footnote", "footnotes"), ("endnote", "endnotes"))


def read_docx(path: Path, name: str) -> Publication:
    with SafeZip.open(path, name) as archive:
        return _read(archive, name)


def _read(archive: SafeZip, name: str) -> Publication:
    key = _main_part(archive, name)
    body = _without_fallbacks(archive.xml(key))
    parts = _related_parts(archive, key)
    styles = archive.xml(parts["styles"]) if "styles" in parts else None
    levels = _outline_levels(styles)
    document = Document(name=f"{name}!/{key}", key=key, language=_default_language(styles))
    _read_body(body, key, levels, document)
    for kind, part_type in NOTE_KINDS:
        if part_type in parts:
            member = parts[part_type]
            _read_notes(archive.xml(member), kind, f"{name}!/{member}", document)
    publication = Publication(name=name, format="docx", documents=[document], members=set(archive.names()),
                              package_name=f"{name}!/docProps/core.xml")
    _read_core(archive, publication)
    publication.language = publication.language or document.language
    return publication


def _main_part(archive: SafeZip, name: str) -> str:
    """The main document part, as Word finds it: the target of the package's officeDocument
    relationship (_rels/.rels); word/document.xml only in a package without relationships."""
    if not archive.has(PACKAGE_RELS):
        if not archive.has(DEFAULT_MAIN):
            raise PublishError(f"has no {DEFAULT_MAIN}, so it is not a Word document", name)
        return DEFAULT_MAIN
    for relationship_type, member in _relationships(archive, PACKAGE_RELS, ""):
        if relationship_type.endswith("/officeDocument") and archive.has(member):
            return member
    raise PublishError(f"names no main document part that it holds ({PACKAGE_RELS}), so it is not a Word "
                       "document", name)


def _related_parts(archive: SafeZip, part: str) -> dict[str, str]:
    """Styles, footnotes and endnotes of the part, by the types of its relationships; by their usual
    names beside it when it has no relationships file."""
    folder, file = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    if not archive.has(rels):
        return {kind: member for kind, usual in PART_TYPES.items()
                if archive.has(member := posixpath.join(folder, usual))}
    parts: dict[str, str] = {}
    for relationship_type, member in _relationships(archive, rels, folder):
        kind = relationship_type.rpartition("/")[2]
        if kind in PART_TYPES and kind not in parts and archive.has(member):
            parts[kind] = member
    return parts


def _relationships(archive: SafeZip, rels: str, folder: str) -> list[tuple[str, str]]:
    """(type, member) of each internal relationship in a relationships part; targets are URIs relative
    to the source part's folder, or to the package root when they start with '/'."""
    found: list[tuple[str, str]] = []
    for relationship in archive.xml(rels).iter(f"{RELS}Relationship"):
        target = (relationship.get("Target") or "").strip()
        if not target or (relationship.get("TargetMode") or "Internal") != "Internal":
            continue
        path = unquote(target.split("#", 1)[0])
        path = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        member = posixpath.normpath(path)
        if member.startswith(("../", "/")) or member in (".", ".."):
            continue
        found.append(((relationship.get("Type") or "").strip(), member))
    return found


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
        elif tag == "hyperlink":
            document.named.append(Named("link", _hyperlink_name(element), line))
            anchor = element.get(f"{W}anchor")
            if anchor:
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


def _hyperlink_name(hyperlink: etree._Element) -> str:
    """What a screen reader says for a hyperlink: its text, or its pictures' descriptions, or its tooltip."""
    text = _paragraph_text(hyperlink)
    if text:
        return text
    pictures = " ".join((p.get("descr") or p.get("title") or "").strip() for p in hyperlink.iter(f"{WP}docPr"))
    return pictures.strip() or (hyperlink.get(f"{W}tooltip") or "").strip()


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
