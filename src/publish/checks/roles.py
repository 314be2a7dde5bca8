"""Roles: in an EPUB, what epub:type says an element is reaches screen readers only as its DPUB-ARIA (or
ARIA) role, so each epub:type with a matching role needs that role too (Ace's epub-type-has-matching-role).

As Ace judges it: the first of an element's epub:type tokens that has a matching role counts; the role an
element has by itself counts (a table is a table, an ol a list); the deprecated roles doc-endnote and
doc-biblioentry are not asked for; epub:type in the navigation's landmarks names a target, not the element;
hidden elements are not read out.

An element whose role says something else than its epub:type (epub:type="chapter" role="doc-part",
epub:type="noteref" role="link") is role-epub-type-mismatch, judged as Ace by DAISY 1.4.6 judges it too: its role
is the first token of its role attribute as written, even one that is no ARIA role (the fallback roles ARIA
allows do not satisfy Ace), or else the role the element has by itself.
The readers keep only elements without a role, so these are read from the markup (sources.py).
"""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import local, sources

WITHOUT_ROLE = rule("role-epub-type-without-role")
MISMATCH = rule("role-epub-type-mismatch")
CODES = (WITHOUT_ROLE.code, MISMATCH.code)
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

# epub:type -> the role that matches it (the mapping Ace by DAISY 1.4 checks)
MATCHING_ROLE = {
    "abstract": "doc-abstract", "acknowledgments": "doc-acknowledgments", "afterword": "doc-afterword",
    "appendix": "doc-appendix", "biblioentry": "doc-biblioentry", "bibliography": "doc-bibliography",
    "biblioref": "doc-biblioref", "chapter": "doc-chapter", "colophon": "doc-colophon",
    "conclusion": "doc-conclusion", "credit": "doc-credit", "credits": "doc-credits", "dedication": "doc-dedication",
    "endnote": "doc-endnote", "endnotes": "doc-endnotes", "epigraph": "doc-epigraph", "epilogue": "doc-epilogue",
    "errata": "doc-errata", "figure": "figure", "footnote": "doc-footnote", "foreword": "doc-foreword",
    "glossary": "doc-glossary", "glossdef": "definition", "glossref": "doc-glossref", "glossterm": "term",
    "help": "doc-tip", "index": "doc-index", "introduction": "doc-introduction", "list": "list",
    "list-item": "listitem", "noteref": "doc-noteref", "notice": "doc-notice", "page-list": "doc-pagelist",
    "pagebreak": "doc-pagebreak", "part": "doc-part", "preface": "doc-preface", "prologue": "doc-prologue",
    "pullquote": "doc-pullquote", "qna": "doc-qna", "referrer": "doc-backlink", "subtitle": "doc-subtitle",
    "table": "table", "table-cell": "cell", "table-row": "row", "tip": "doc-tip", "toc": "doc-toc",
}
DEPRECATED = {"doc-endnote", "doc-biblioentry"}     # DPUB-ARIA 1.1: not to be used, so not asked for
IMPLICIT_ROLE = {"figure": "figure", "ol": "list", "ul": "list", "menu": "list", "li": "listitem",
                 "table": "table", "td": "cell", "tr": "row", "dfn": "term", "dt": "term", "dd": "definition"}


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format != "epub":
        return
    for document in publication.documents:
        for element in document.typed:
            token = next((t for t in element.types if t in MATCHING_ROLE), None)
            if token is None:
                continue
            role = MATCHING_ROLE[token]
            if role in DEPRECATED or IMPLICIT_ROLE.get(element.tag) == role:
                continue
            yield WITHOUT_ROLE.finding(document.name, element.line,
                                       f"The {element.tag} element has epub:type '{token}' but no role "
                                       f"'{role}'.")
    yield from _mismatched(publication)


def _mismatched(publication: Publication) -> Iterator[Finding]:
    """Elements with both a role and an epub:type, whose role is not the one their epub:type maps to."""
    for tree in sources(publication).trees:
        skip: set = set()     # hidden parts and the landmarks nav, where epub:type names a target
        for element in tree.root.iter():
            if not isinstance(element.tag, str):
                continue
            parent = element.getparent()
            if parent in skip or element.get("hidden") is not None or (
                    local(element) == "nav" and "landmarks" in _types(element)):
                skip.add(element)
                continue
            if element.get("role") is None:
                continue
            token = next((t for t in _types(element) if t in MATCHING_ROLE), None)
            if token is None or MATCHING_ROLE[token] in DEPRECATED:
                continue
            wanted = MATCHING_ROLE[token]
            given = _role(element)
            if given != wanted:
                said = f"role '{given}'" if given else "an empty role"
                yield MISMATCH.finding(tree.document.name, element.sourceline,
                                       f"The {local(element)} element has epub:type '{token}' but {said}: "
                                       f"make it role=\"{wanted}\".")


def _types(element) -> list[str]:
    return (element.get(EPUB_TYPE) or element.get("epub:type") or "").split()


def _role(element) -> str | None:
    """The role Ace judges: the first token of the role attribute as written (role="region doc-chapter" is a
    region to it, role="foo doc-chapter" is foo), or the element's own when the attribute is empty."""
    tokens = (element.get("role") or "").lower().split()
    return tokens[0] if tokens else IMPLICIT_ROLE.get(local(element))
