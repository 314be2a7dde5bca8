"""Print page numbers: the page list leads to page breaks that exist, each page break says its number, and an
EPUB that declares page numbers in its metadata (printPageNumbers, pageBreakMarkers, pageNavigation) has
a page list in its navigation document and page breaks in its text (Ace's page-list and metadata checks).

An EPUB 2 (or an EPUB 3 that keeps one for older reading systems) has its page list in the NCX: a pageList of
pageTargets, each with a <content src>. Those lead to elements that exist too; Ace reads no NCX, EPUBCheck
finds the same targets (RSC-012)."""
from __future__ import annotations

from typing import Iterator

from ..readers.markup import resolve
from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import local, sources

BROKEN = rule("page-list-broken")
UNLABELLED = rule("page-break-unlabelled")
MISSING = rule("page-list-missing")
CODES = (BROKEN.code, UNLABELLED.code, MISSING.code)
FEATURE = "schema:accessibilityFeature"
NEEDS_PAGE_LIST = {"printPageNumbers", "pageNavigation"}
NEEDS_PAGE_BREAKS = {"printPageNumbers", "pageBreakMarkers"}


def check(publication: Publication) -> Iterator[Finding]:
    documents = {d.key for d in publication.documents}
    ids = {f"{d.key}#{id_}" for d in publication.documents for id_, _ in d.ids}
    for document in publication.documents:
        for entry in document.page_list or ():
            if entry.target is None:
                if publication.format == "epub":
                    yield BROKEN.finding(document.name, entry.line, f"The page list entry '{entry.href}' leads "
                                                                    "out of the publication.")
                continue
            path, _, fragment = entry.target.partition("#")
            if path not in documents:
                if publication.format == "html" and path not in publication.members:
                    continue     # another file beside a web page: not ours to see
                yield BROKEN.finding(document.name, entry.line, f"The page list entry '{entry.href}' points to "
                                                                f"{path}, which is not a content document.")
            elif fragment and entry.target not in ids:
                yield BROKEN.finding(document.name, entry.line, f"The page list entry '{entry.href}' points to "
                                                                f"'{fragment}', which is not an id there.")
        for page_break in document.page_breaks:
            if not page_break.label:
                yield UNLABELLED.finding(document.name, page_break.line)
    if publication.format == "epub":
        yield from _ncx_page_list(publication, documents, ids)
        yield from _declared(publication)


def _ncx_page_list(publication: Publication, documents: set[str], ids: set[str]) -> Iterator[Finding]:
    ncx = sources(publication).ncx
    if ncx is None:
        return
    member, root = ncx
    name = f"{publication.name}!/{member}"
    for page_list in (e for e in root.iter() if local(e) == "pagelist"):
        for content in (e for e in page_list.iter() if local(e) == "content"):
            src = content.get("src") or ""
            target = resolve(member, src)
            path, _, fragment = (target or "").partition("#")
            if target is None:
                yield BROKEN.finding(name, content.sourceline, f"The NCX page list entry '{src}' leads out of the "
                                                               "publication.")
            elif path not in documents:
                yield BROKEN.finding(name, content.sourceline, f"The NCX page list entry '{src}' points to {path}, "
                                                               "which is not a content document.")
            elif fragment and target not in ids:
                yield BROKEN.finding(name, content.sourceline, f"The NCX page list entry '{src}' points to "
                                                               f"'{fragment}', which is not an id there.")


def _declared(publication: Publication) -> Iterator[Finding]:
    """One finding, at the first feature that promises what the EPUB lacks."""
    navigation = [d for d in publication.documents if d.is_navigation] or publication.documents
    lacking = {"page list in its navigation document": (NEEDS_PAGE_LIST,
                                                          any(d.page_list is not None for d in navigation)),
               "page breaks in its text": (NEEDS_PAGE_BREAKS, any(d.page_breaks for d in publication.documents))}
    declared = [m for m in publication.metadata if m.property == FEATURE]
    missing = [what for what, (needed, present) in lacking.items()
               if not present and any(m.value in needed for m in declared)]
    if not missing:
        return
    promising = [m for m in declared if any(m.value in lacking[what][0] for what in missing)]
    features = ", ".join(dict.fromkeys(m.value for m in promising))
    yield MISSING.finding(publication.where, promising[0].line, f"The package declares {features}, but the EPUB "
                                                                f"has no {' and no '.join(missing)}.")
