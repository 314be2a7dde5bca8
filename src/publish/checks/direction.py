"""Writing direction: a document in a right-to-left script (Arabic, Hebrew, Persian, Urdu, ...) says so with
dir="rtl", and so does a passage in such a language inside a left-to-right document; without it, reading
systems lay the lines out left to right and move punctuation and numbers to the wrong end of each line.

A language is right to left when its script (given in the tag, or the language's likely script) is, as
publish.locale resolves it for the editions.
"""
from __future__ import annotations

from typing import Iterator

from lxml import etree

from ..errors import PublishError
from ..locale import resolve
from ..readers.docx import W, _related_parts
from ..readers.model import Publication
from ..readers.safe import SafeZip
from ..report import Finding
from .language import is_valid
from .rules import rule
from .sources import OPF, local, sources

MISSING = rule("dir-missing")
PROGRESSION_MISSING = rule("dir-progression-missing")
PART_MISSING = rule("dir-part-missing")
CODES = ("dir-missing", "dir-progression-missing", "dir-part-missing")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IGNORED = {"head", "script", "style", "template", "title", "meta", "link"}


def is_rtl(tag: str | None) -> bool:
    return bool(tag) and is_valid(tag) and resolve(tag).rtl


def _lang(element: etree._Element) -> str | None:
    value = element.get(XML_LANG)
    if value is None:
        value = element.get("lang")
    return value.strip() if value is not None else None


def _dir(element: etree._Element) -> str | None:
    value = element.get("dir")
    return value.strip().lower() if value is not None else None


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format == "docx":
        yield from _docx(publication)
        return
    found = sources(publication)
    any_rtl = False
    for tree in found.trees:
        root = tree.root
        language = _lang(root) or publication.language
        body = next((e for e in root if local(e) == "body"), None)
        declared = _dir(root) or (_dir(body) if body is not None else None)
        rtl = is_rtl(language)
        any_rtl = any_rtl or rtl
        if rtl and not declared:
            yield MISSING.finding(tree.document.name, root.sourceline,
                                  f"The document is in a right-to-left language ({language}) but does not "
                                  "declare dir=\"rtl\".")
        document_rtl = declared == "rtl" if declared else rtl
        yield from _parts(tree.document.name, root, document_rtl)
    if publication.format == "epub" and found.package is not None and is_rtl(publication.language):
        spine = next(found.package.iter(f"{OPF}spine"), None)
        if spine is not None and (spine.get("page-progression-direction") or "").lower() != "rtl":
            yield PROGRESSION_MISSING.finding(publication.where, spine.sourceline)


def _parts(name: str, root: etree._Element, document_rtl: bool) -> Iterator[Finding]:
    """Elements in a right-to-left language whose nearest dir (their own or an ancestor's) is not rtl or
    auto, in a document that is not itself right to left; one finding per such passage, not per element
    inside it."""
    if document_rtl:
        return

    def walk(element: etree._Element, direction: str | None) -> Iterator[Finding]:
        for child in element:
            tag = local(child)
            if not tag or tag in IGNORED:
                continue
            own = _dir(child) or direction
            language = _lang(child)
            if language and is_rtl(language) and own not in ("rtl", "auto"):
                yield PART_MISSING.finding(name, child.sourceline,
                                           f"A passage in a right-to-left language ({language}) has no "
                                           "dir=\"rtl\".")
                continue
            yield from walk(child, own)

    yield from walk(root, _dir(root))


OFF = {"0", "false", "off"}


def _on(element: etree._Element) -> bool:
    return (element.get(f"{W}val") or "true").lower() not in OFF


def _docx(publication: Publication) -> Iterator[Finding]:
    """A Word document in a right-to-left language (its default language, docDefaults' w:lang w:val, or
    w:bidi when it gives no w:val: Word's own template writes w:bidi="ar-SA" into every document, for
    the complex-script runs only) with not one right-to-left paragraph (w:bidi) or run (w:rtl)."""
    if publication.source is None or not publication.documents:
        return
    document = publication.documents[0]
    try:
        with SafeZip.open(publication.source, publication.name) as archive:
            body = archive.xml(document.key)
            parts = _related_parts(archive, document.key)
            styles = archive.xml(parts["styles"]) if "styles" in parts else None
    except PublishError:
        return
    language = None
    if styles is not None:
        lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        if lang is not None:
            language = lang.get(f"{W}val") or lang.get(f"{W}bidi")
    language = language or publication.language
    if not is_rtl(language):
        return
    roots = [body] + ([styles] if styles is not None else [])
    if any(_on(e) for root in roots for e in root.iter(f"{W}bidi", f"{W}rtl")):
        return
    where = next(body.iter(f"{W}body"), body)
    yield MISSING.finding(document.name, where.sourceline,
                          f"The document is in a right-to-left language ({language}) but no paragraph is set "
                          "right to left.")
