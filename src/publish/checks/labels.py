"""The words a program adds around the text (a table of contents' heading, the links back from notes, a skip
link, page break markers, a cover's name) left in English inside a book in another language, with nothing to
say they are English: a screen reader speaks them in the book's voice, and "Contents" read as French or
Arabic is noise (WCAG 3.1.2, language of parts).

The English words are those of the project's catalogue (styles/labels.json, its "en" entry: what our editions
would write) and pandoc's own (its EPUB's navigation, its English translations of the terms it writes). A
label counts as translated when the document's language has the same words in the catalogue (French
"Notes", "Page 3").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lxml import etree

from ..labels import _catalogue, labels_for
from ..locale import resolve
from ..readers.model import Publication
from ..report import Finding
from .language import is_valid
from .rules import rule
from .sources import local, sources

UNTRANSLATED = rule("lang-label-untranslated")
CODES = (UNTRANSLATED.code,)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# The catalogue's labels that only go into the package's metadata, never into a document's text
METADATA_ONLY = {"summary", "summary_notes", "summary_images", "summary_hazards", "large_print"}
# Pandoc's English, as its EPUB and HTML writers put it into the navigation and notes when no translation is
# given (toc-title, its landmarks, data/translations/en.yaml's terms)
PANDOC = ("Table of Contents", "Contents", "Landmarks", "Cover", "Title Page", "Footnotes", "Notes", "Endnotes",
          "Back to content", "Skip to main content", "Skip to content", "List of Figures", "List of Tables",
          "Page {n}", "Start of content")
# The elements whose words are a label: headings (of a nav, of the notes), links (a back link, a skip link,
# the navigation's entries), buttons; page break markers are found by their role or epub:type
LABELLED = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "summary", "caption", "figcaption", "nav",
            "section", "aside"}
OWN_TEXT = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "summary", "caption"}
PAGEBREAK = "doc-pagebreak"
SHOWN = 3


def _pattern(template: str) -> str:
    """A label's words as a regular expression: {n} a number (arabic or roman), any other field any text."""
    parts = re.split(r"(\{\w+\})", template.strip())
    return "".join(r"(?:\d+|[ivxlcdm]+)" if p == "{n}" else ".+" if p.startswith("{") else re.escape(p)
                   for p in parts if p)


def _mixed(template: str) -> bool:
    """A label that holds the book's own words ("Cover: {title}."): marking it English would have the title
    read in an English voice, so it is not one this rule asks to mark."""
    return any(field != "{n}" for field in re.findall(r"\{\w+\}", template))


@lru_cache(maxsize=1)
def _english() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each English label, longest first, as (its words, a pattern for them)."""
    catalogue = _catalogue()["en"]
    templates = {t.strip() for key, t in catalogue.items() if key not in METADATA_ONLY and not _mixed(t)} | set(PANDOC)
    return tuple((t, re.compile(_pattern(t), re.IGNORECASE)) for t in sorted(templates, key=len, reverse=True))


@lru_cache(maxsize=64)
def _own(tag: str) -> re.Pattern[str] | None:
    """The labels the catalogue has in this language (None: it has none of its own)."""
    labels = labels_for(resolve(tag))
    if labels.get("lang"):
        return None
    templates = [t for key, t in labels.items() if key != "lang" and key not in METADATA_ONLY]
    return re.compile("|".join(sorted(map(_pattern, templates), key=len, reverse=True)), re.IGNORECASE)


def _is_english(tag: str) -> bool:
    return resolve(tag).language == "en"


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _english_label(text: str, language: str) -> str | None:
    """The English label text is (its template, such as 'Page {n}'), unless the language has the same words."""
    template = next((t for t, pattern in _english() if pattern.fullmatch(text)), None) if text else None
    own = _own(language) if template else None
    return None if template is None or (own and own.fullmatch(text)) else template


def check(publication: Publication) -> Iterator[Finding]:
    for tree in sources(publication).trees:
        yield from _document(tree.document.name, tree.root, publication.language)


def _document(name: str, root: etree._Element, default: str | None) -> Iterator[Finding]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    language_of_root = root.get(XML_LANG) or root.get("lang") or default

    def walk(element: etree._Element, language: str | None) -> None:
        for child in element:
            tag = local(child)
            if not tag or tag in ("head", "script", "style", "template"):
                continue
            own = child.get(XML_LANG) or child.get("lang")
            current = own.strip() if own is not None and own.strip() else language
            if current and is_valid(current) and _is_english(current):
                continue      # English here: its words are spoken as English
            if current and is_valid(current):
                for text in _label_texts(child, tag):
                    template = _english_label(text, current)
                    if template:
                        found.setdefault(template, []).append((text, child.sourceline))
            walk(child, current)

    walk(root, language_of_root.strip() if language_of_root else None)
    for places in found.values():
        (text, line), more = places[0], f" ({len(places) - 1} more like it)" if len(places) > 1 else ""
        yield UNTRANSLATED.finding(name, line, f"The English words '{text}' are in a document whose language "
                                                   f"is not English, with no lang=\"en\"{more}.")


def _label_texts(element: etree._Element, tag: str) -> list[str]:
    types = (element.get(EPUB_TYPE) or "").split()
    pagebreak = PAGEBREAK in (element.get("role") or "").split() or "pagebreak" in types
    if tag not in LABELLED and not pagebreak and tag != "img":
        return []
    if tag == "img":
        return [_words(element.get("alt"))]
    texts = [_words(element.get("aria-label")), _words(element.get("title"))]
    if tag in OWN_TEXT or pagebreak:
        texts.append(_words("".join(_unmarked_text(element))))
    return [t for t in texts if t]


def _unmarked_text(element: etree._Element) -> Iterator[str]:
    """The element's text outside its descendants marked with a language of their own (<span lang="en">)."""
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and not (child.get(XML_LANG) or child.get("lang")):
            yield from _unmarked_text(child)
        yield child.tail or ""
