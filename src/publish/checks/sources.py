"""The parsed markup of a publication's HTML and EPUB documents, for the checks that need more than the readers'
model keeps: styles and colours, labels, roles beside epub:type, table header cells, the order of an EPUB's
table of contents and its NCX. Read again from the file with the readers' own safe parsers (no entities, no
network, zip members in memory under their caps), once per publication however many checks ask.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from lxml import etree

from ..errors import PublishError
from ..readers.markup import resolve
from ..readers.model import Document, Publication
from ..readers.safe import SafeZip, parse_xml, read_file

OPF = "{http://www.idpf.org/2007/opf}"
NCX_TYPE = "application/x-dtbncx+xml"
CSS_TYPE = "text/css"


@dataclass
class StyleSheet:
    text: str
    file: str                 # how findings name the file it is in
    first_line: int           # the line of that file where the sheet's text starts
    media: str = ""           # its media attribute ("" for all)


@dataclass
class Tree:
    """One document's element tree and its own style sheets, in the order they apply."""

    document: Document
    root: etree._Element
    sheets: list[StyleSheet] = field(default_factory=list)
    sheets_known: bool = True     # False: a linked style sheet could not be read, so its colours are unknown


@dataclass
class Sources:
    trees: list[Tree] = field(default_factory=list)
    package: etree._Element | None = None       # an EPUB's package document
    package_member: str = ""
    ncx: tuple[str, etree._Element] | None = None   # an EPUB's NCX: (member, root)


def sources(publication: Publication) -> Sources:
    """The trees of publication's HTML or EPUB documents (empty for other formats or an unknown file),
    read on the first call and kept on the publication, which every concern checking it shares."""
    if publication.markup is None:
        publication.markup = _read(publication)
    return publication.markup


def _read(publication: Publication) -> Sources:
    path = publication.source
    if path is None or publication.format not in ("html", "epub"):
        return Sources()
    try:
        if publication.format == "html":
            return _read_page(publication, path)
        with SafeZip.open(path, publication.name) as archive:
            return _read_epub(publication, archive)
    except PublishError:
        return Sources()    # the reader read it; a file that changed since is not ours to judge here


def _read_page(publication: Publication, path: Path) -> Sources:
    data = read_file(path, publication.name)
    document = publication.documents[0]
    if path.suffix.lower() in (".xhtml", ".xht"):
        root = parse_xml(data, publication.name)
    else:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(no_network=True, huge_tree=False))
    tree = Tree(document, root)
    for element in _style_elements(root):
        if _local(element.tag) == "style":
            tree.sheets.append(_inline_sheet(element, publication.name))
        elif not (element.get("href") or "").startswith("data:"):
            tree.sheets_known = False     # a sheet beside the page: not in the file checked
    return Sources([tree])


def _read_epub(publication: Publication, archive: SafeZip) -> Sources:
    package_member = (publication.package_name or "").partition("!/")[2]
    found = Sources(package_member=package_member)
    if package_member and archive.has(package_member):
        found.package = archive.xml(package_member)
        found.ncx = _ncx(found.package, package_member, archive)
    css: dict[str, str | None] = {}
    for document in publication.documents:
        if not archive.has(document.key):
            continue
        tree = Tree(document, archive.xml(document.key))
        for element in _style_elements(tree.root):
            if _local(element.tag) == "style":
                tree.sheets.append(_inline_sheet(element, document.name))
                continue
            member = resolve(document.key, element.get("href") or "")
            member = member.partition("#")[0] if member else None
            if member not in css:
                css[member] = _text(archive, member) if member else None
            if css[member] is None:
                tree.sheets_known = False
            else:
                tree.sheets.append(StyleSheet(css[member], f"{publication.name}!/{member}", 1,
                                              element.get("media") or ""))
        found.trees.append(tree)
    return found


def _ncx(package: etree._Element, package_member: str, archive: SafeZip) -> tuple[str, etree._Element] | None:
    """The NCX the spine names (toc="..."), or the manifest's one NCX item."""
    items = {item.get("id"): item for item in package.iter(f"{OPF}item")}
    spine = next(package.iter(f"{OPF}spine"), None)
    named = items.get(spine.get("toc")) if spine is not None else None
    item = named if named is not None else next((i for i in items.values() if i.get("media-type") == NCX_TYPE), None)
    if item is None or not item.get("href"):
        return None
    member = posixpath.normpath(posixpath.join(posixpath.dirname(package_member), unquote(item.get("href"))))
    return (member, archive.xml(member)) if archive.has(member) else None


def _text(archive: SafeZip, member: str) -> str | None:
    if not archive.has(member):
        return None
    return archive.read(member).decode("utf-8", errors="replace").removeprefix("\ufeff")


def _style_elements(root: etree._Element) -> list[etree._Element]:
    """<style> elements and <link rel="stylesheet"> elements, in document order."""
    return [e for e in root.iter() if isinstance(e.tag, str) and (
        _local(e.tag) == "style" or (_local(e.tag) == "link" and "stylesheet" in (e.get("rel") or "").lower().split()
                                     and "alternate" not in (e.get("rel") or "").lower().split()))]


def _inline_sheet(element: etree._Element, file: str) -> StyleSheet:
    return StyleSheet("".join(element.itertext()), file, element.sourceline or 1, element.get("media") or "")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].lower()


def local(element: etree._Element) -> str:
    """An element's name without its namespace, lower-cased ("" for comments and processing instructions)."""
    return _local(element.tag) if isinstance(element.tag, str) else ""
