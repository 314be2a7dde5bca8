"""An EPUB: container -> package document (metadata, manifest, spine) -> each XHTML content document."""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import PublishError
from .markup import read_markup
from .model import PackageMeta, Publication
from .safe import SafeZip

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
XHTML_TYPES = {"application/xhtml+xml", "text/html"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PACKAGE_LANGUAGE = "xml:lang"   # the <package> element's own language, kept as a metadata entry


def read_epub(path: Path, name: str) -> Publication:
    with SafeZip.open(path, name) as archive:
        return _read(archive, name)


def _read(archive: SafeZip, name: str) -> Publication:
    opf_path = _package_path(archive)
    opf = archive.xml(opf_path)
    publication = Publication(name=name, format="epub", package_name=f"{name}!/{opf_path}",
                              members=set(archive.names()))
    _read_metadata(opf, publication)
    package_language = opf.get(XML_LANG)
    if package_language is not None:   # checked as a language tag; xml:lang="" is allowed (no language)
        publication.metadata.append(PackageMeta(PACKAGE_LANGUAGE, package_language.strip(), opf.sourceline))
    manifest = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
    base = posixpath.dirname(opf_path)
    spine = [ref.get("idref") for ref in opf.iter(f"{OPF}itemref")]
    in_spine = [i for i in spine if i in manifest]
    others = [i for i in manifest if i not in set(in_spine)]
    for item_id in in_spine + others:
        item = manifest[item_id]
        if item.get("media-type") not in XHTML_TYPES or not item.get("href"):
            continue
        member = posixpath.normpath(posixpath.join(base, unquote(item.get("href"))))
        if not archive.has(member):
            continue   # a manifest entry without its file: EPUBCheck's to report
        document = read_markup(archive.xml(member), member, f"{name}!/{member}", popup_notes=True)
        document.in_reading_order = item_id in in_spine
        document.is_navigation = "nav" in (item.get("properties") or "").split()
        publication.documents.append(document)
    return publication


def _package_path(archive: SafeZip) -> str:
    if not archive.has("META-INF/container.xml"):
        raise PublishError("has no META-INF/container.xml, so it is not an EPUB", archive.name)
    container = archive.xml("META-INF/container.xml")
    rootfile = next(container.iter(f"{CONTAINER}rootfile"), None)
    written = (rootfile.get("full-path") or "").strip() if rootfile is not None else ""
    # full-path is a URL path (OCF): "my%20book.opf" names the member "my book.opf"; a member whose
    # name really holds a percent sign is still found as written
    for path in (unquote(written), written):
        if path and archive.has(path):
            return path
    raise PublishError("names no package document that it holds (META-INF/container.xml)", archive.name)


def _read_metadata(opf: etree._Element, publication: Publication) -> None:
    metadata = next(opf.iter(f"{OPF}metadata"), None)
    if metadata is None:
        return
    title = next(metadata.iter(f"{DC}title"), None)
    if title is not None and (title.text or "").strip():
        publication.title, publication.title_line = title.text.strip(), title.sourceline
    language = next(metadata.iter(f"{DC}language"), None)
    if language is not None and (language.text or "").strip():
        publication.language, publication.language_line = language.text.strip(), language.sourceline
    for meta in metadata.iter(f"{OPF}meta"):
        if meta.get("property") and not meta.get("refines"):
            publication.metadata.append(PackageMeta(meta.get("property"), (meta.text or "").strip(),
                                                    meta.sourceline))
        elif meta.get("name") and meta.get("content") is not None:   # EPUB 2 style
            publication.metadata.append(PackageMeta(meta.get("name"), meta.get("content").strip(),
                                                    meta.sourceline))
    for link in metadata.iter(f"{OPF}link"):   # EPUB Accessibility 1.0 states conformance as a link
        if "dcterms:conformsTo" in (link.get("rel") or "").split() and not link.get("refines"):
            publication.metadata.append(PackageMeta("dcterms:conformsTo", (link.get("href") or "").strip(),
                                                    link.sourceline))
    publication.metadata_line = metadata.sourceline
