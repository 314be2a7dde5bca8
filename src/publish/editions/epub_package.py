"""The EPUB package: ebooklib writes the OPF (metadata, manifest, spine), then the zip is rewritten
so that the same input gives the same bytes (mimetype first and stored, fixed times, sorted names)."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ebooklib import epub as ebooklib_epub
from lxml import etree

from ..book import Book
from ..pagination import print_source_identifier

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# MARC relator codes for the roles a manuscript may give its creators
RELATORS = {"author": "aut", "editor": "edt", "translator": "trl", "illustrator": "ill",
            "contributor": "ctb", "compiler": "com", "photographer": "pht"}
EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Meta:
    """One <meta property> of the package."""
    property: str
    value: str
    language: str | None = None   # xml:lang, when it differs from the package's


@dataclass(frozen=True)
class Item:
    """One file of the package, as ebooklib will list it."""
    name: str                     # path inside the package folder
    media_type: str
    content: bytes
    properties: tuple[str, ...] = ()
    in_spine: bool = False


def creators_with_roles(book: Book) -> list[tuple[str, str]]:
    """(name, MARC relator code) for each creator; a creator without a role is an author."""
    raw = book.metadata.get("creator") or book.metadata.get("author") or []
    entries = raw if isinstance(raw, list) else [raw]
    result = []
    for name, entry in zip(book.creators, [e for e in entries if e]):
        role = str(entry.get("role", "author")).strip().lower() if isinstance(entry, dict) else "author"
        result.append((name, RELATORS.get(role, role if len(role) == 3 else "aut")))
    return result


@dataclass(frozen=True)
class Summary:
    text: str
    language: str        # marked on the meta when it is not the book's


def accessibility_metadata(book: Book, described_images: int, summary: Summary,
                           page_list: bool = False, mathml: bool = False) -> list[Meta]:
    """schema.org and a11y properties: what the book really has, no more. With a page list, the
    print edition its page breaks come from (pageBreakSource: the large print); with mathematics,
    the MathML feature."""
    visual = described_images > 0       # images that carry meaning (the cover repeats the title page)
    modes = ["textual", "visual"] if visual else ["textual"]
    sufficient = ["textual", "textual,visual"] if visual else ["textual"]
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    features += ["alternativeText"] if visual else []
    features += ["printPageNumbers", "pageNavigation"] if page_list else []
    features += ["MathML"] if mathml else []
    metas = [Meta("schema:accessMode", mode) for mode in modes]
    metas += [Meta("schema:accessModeSufficient", mode) for mode in sufficient]
    metas += [Meta("schema:accessibilityFeature", feature) for feature in features]
    metas.append(Meta("schema:accessibilityHazard", "none"))
    metas.append(Meta("schema:accessibilitySummary", summary.text,
                      None if summary.language == book.language else summary.language))
    if page_list:
        metas.append(Meta("pageBreakSource", print_source_identifier(book)))
    metas.append(Meta("dcterms:conformsTo", CONFORMANCE))
    certifier = book.publisher or ", ".join(book.creators)
    if certifier:   # self-certified: the publisher vouches for its own book, with no credential
        metas.append(Meta("a11y:certifiedBy", certifier))
    return metas


def write_package(book: Book, items: list[Item], accessibility: list[Meta], output: Path,
                  scratch: Path) -> Path:
    """Writes the EPUB: ebooklib assembles it in scratch, then it is made reproducible into output."""
    assembled = scratch / "assembled.epub"
    ebooklib_epub.write_epub(str(assembled), _ebooklib_book(book, items, accessibility), {
        "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False,
        "spine_direction": book.locale.rtl,      # page-progression-direction="rtl" for Arabic, Hebrew, ...
        "mtime": book.modified.astimezone(timezone.utc), "raise_exceptions": True,
    })
    _reproducible_zip(assembled, output, book.modified, book.language)
    return output


def _ebooklib_book(book: Book, items: list[Item], accessibility: list[Meta]) -> Any:
    package = ebooklib_epub.EpubBook()
    package.set_identifier(book.identifier)
    package.set_title(book.title)
    package.set_language(book.language)
    if book.locale.rtl:
        package.set_direction("rtl")
    for number, (name, role) in enumerate(creators_with_roles(book), start=1):
        package.add_author(name, role=role, uid=f"creator-{number}")
    page_source = next((m.value for m in accessibility if m.property == "pageBreakSource"), "")
    for name, value in [("publisher", book.publisher), ("description", book.description),
                        *(("subject", s) for s in book.subjects), ("source", page_source)]:
        if value:
            package.add_metadata("DC", name, value)
    for meta in accessibility:
        attributes = {"property": meta.property}
        if meta.language:
            attributes[XML_LANG] = meta.language
        package.add_metadata(None, "meta", meta.value, attributes)
    spine = []
    for number, item in enumerate(items, start=1):
        entry = ebooklib_epub.EpubItem(uid=f"item-{number}", file_name=item.name, media_type=item.media_type,
                                      content=item.content)
        entry.properties = list(item.properties)
        package.add_item(entry)
        if item.in_spine:
            spine.append(entry)
    package.spine = spine
    return package


def _reproducible_zip(source: Path, output: Path, when: datetime, language: str) -> None:
    """Same members, fixed order and times: mimetype first and stored, the rest deflated by name."""
    stamp = max(when.astimezone(timezone.utc), EARLIEST_ZIP_TIME).timetuple()[:6]
    with zipfile.ZipFile(source) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    members = {name: _finish(name, data, language) for name, data in members.items()}
    order = ["mimetype", "META-INF/container.xml"]
    order += sorted(n for n in members if n not in order)
    with zipfile.ZipFile(output, "w") as package:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3                      # unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            package.writestr(info, members[name], compresslevel=None if stored else 9)


def _finish(name: str, data: bytes, language: str) -> bytes:
    """Finishes ebooklib's OPF: the package's own language (Ace's epub-lang), and no spine toc,
    which names an NCX that EPUB 3 does not need."""
    if not name.endswith(".opf"):
        return data
    root = etree.fromstring(data)
    root.set(XML_LANG, language)
    spine = root.find(f"{{{OPF_NS}}}spine")
    spine.attrib.pop("toc", None)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
