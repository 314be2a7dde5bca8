"""Roles: in an EPUB, what epub:type says an element is reaches screen readers only as its DPUB-ARIA (or
ARIA) role, so each epub:type with a matching role needs that role too (Ace's epub-type-has-matching-role).

As Ace judges it: the first of an element's epub:type tokens that has a matching role counts; the role an
element has by itself counts (a table is a table, an ol a list); the deprecated roles doc-endnote and
doc-biblioentry are not asked for; epub:type in the navigation's landmarks names a target, not the element;
hidden elements are not read out.
"""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

WITHOUT_ROLE = rule("role-epub-type-without-role")
CODES = (WITHOUT_ROLE.code,)

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
