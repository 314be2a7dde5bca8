"""Landmarks: a web page has one main landmark (<main> or role="main"), so that readers can go straight to
its content (axe-core's landmark-one-main and landmark-no-duplicate-main). An EPUB's documents are pages of
a book the reading system moves through, and are not asked for one (as Ace does not).

In both, two landmarks of one role (two <nav>, two <aside>) need names that tell them apart (axe-core's
landmark-unique, which Ace runs too); the readers' model keeps only the main landmarks, so the others are read
from the markup (sources.py)."""
from __future__ import annotations

from typing import Iterator

from lxml import etree

from ..readers.markup import _content
from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import local, sources

MISSING = rule("landmark-main-missing")
DUPLICATE = rule("landmark-main-duplicate")
NOT_UNIQUE = rule("landmark-not-unique")
CODES = (MISSING.code, DUPLICATE.code, NOT_UNIQUE.code)


def check(publication: Publication) -> Iterator[Finding]:
    yield from _unique(publication)
    if publication.format != "html":
        return
    for document in publication.documents:
        if not document.mains:
            yield MISSING.finding(document.name, document.root_line)
        elif len(document.mains) > 1:
            first = f" (the first at line {document.mains[0]})" if document.mains[0] else ""
            yield DUPLICATE.finding(document.name, document.mains[1],
                                    f"The page has {len(document.mains)} main landmarks{first}.")


# --- unique landmarks (axe-core's landmark-unique) -----------------------------------------------------
# the landmark an element is by itself; header and footer only outside sectioning content, section and form
# only with a name (HTML-AAM)
IMPLICIT_LANDMARK = {"nav": "navigation", "aside": "complementary", "main": "main", "header": "banner",
                     "footer": "contentinfo", "section": "region", "form": "form", "search": "search"}
LANDMARK_ROLES = {"banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search"}
SECTIONING = {"article", "aside", "main", "nav", "section"}
NAMED_ONLY = {"region", "form"}


def _unique(publication: Publication) -> Iterator[Finding]:
    """Two landmarks of one role need names that tell them apart (e.g. two navigation lists)."""
    for tree in sources(publication).trees:
        by_id = {e.get("id"): e for e in tree.root.iter() if isinstance(e.tag, str) and e.get("id")}
        seen: dict[tuple[str, str], int | None] = {}
        for element in tree.root.iter():
            role = _landmark(element)
            if role in (None, "main") or _hidden(element):     # two mains: landmark-main-duplicate
                continue
            name = _name(element, by_id)
            if role in NAMED_ONLY and not name:
                continue
            key = (role, " ".join(name.lower().split()))
            if key in seen:
                named = f" named '{name}'" if name else " without a name"
                first = f" (the first at line {seen[key]})" if seen[key] else ""
                yield NOT_UNIQUE.finding(tree.document.name, element.sourceline,
                                         f"Two {role} landmarks{named}{first}: give each an aria-label that says "
                                         "what it holds.")
            else:
                seen[key] = element.sourceline


def _landmark(element: etree._Element) -> str | None:
    tag = local(element)
    if not tag:
        return None
    roles = (element.get("role") or "").lower().split()
    if roles:
        return roles[0] if roles[0] in LANDMARK_ROLES else None
    role = IMPLICIT_LANDMARK.get(tag)
    if role in ("banner", "contentinfo") and any(local(a) in SECTIONING for a in element.iterancestors()):
        return None
    return role


def _name(element: etree._Element, by_id: dict[str, etree._Element]) -> str:
    labelled = [by_id[i] for i in (element.get("aria-labelledby") or "").split() if i in by_id]
    if labelled:
        return " ".join(_content(e) for e in labelled).strip()
    return (element.get("aria-label") or element.get("title") or "").strip()


def _hidden(element: etree._Element) -> bool:
    return any(e.get("hidden") is not None or (e.get("aria-hidden") or "").strip() == "true"
               for e in (element, *element.iterancestors()))
