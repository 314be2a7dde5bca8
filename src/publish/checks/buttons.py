"""Buttons and form fields: every button has a name, its text or an aria-label (axe-core's button-name), and every
form field a label (axe-core's label and select-name).

A <label for="its id">, or a label around it, names a button or a field too, as axe-core and screen readers
take it; the readers' model does not see labels, so those are read from the markup (sources.py). A field is
named, as axe asks, by a label (for= or around it), aria-label, aria-labelledby, title or placeholder, or needs
none (role="presentation" or "none"); hidden fields, and inputs that are buttons or images, are not asked.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from lxml import etree

from ..readers.markup import _content
from ..readers.model import Publication
from ..report import Finding
from .rules import rule
from .sources import Tree, local, sources

UNNAMED = rule("button-name-missing")
UNLABELLED = rule("input-name-missing")
CODES = (UNNAMED.code, UNLABELLED.code)
FIELDS = {"input", "textarea", "select"}
NOT_FIELDS = {"hidden", "image", "button", "submit", "reset"}     # input types axe's label rule leaves out


def check(publication: Publication) -> Iterator[Finding]:
    trees = {t.document.name: t for t in sources(publication).trees}
    for document in publication.documents:
        tree = trees.get(document.name)
        labelled = _labelled_buttons(tree) if tree is not None else Counter()
        for named in document.named:
            if named.kind == "button" and not named.name:
                if labelled[named.line] > 0:
                    labelled[named.line] -= 1      # its name is its label's text
                    continue
                yield UNNAMED.finding(document.name, named.line)
        if tree is not None:
            yield from _fields(tree)


def _labels(root: etree._Element) -> tuple[dict[str, list[etree._Element]], dict[str, etree._Element]]:
    """label elements by the id they are for; every element by id (the first of each)."""
    by_for: dict[str, list[etree._Element]] = {}
    by_id: dict[str, etree._Element] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if local(element) == "label" and element.get("for"):
            by_for.setdefault(element.get("for"), []).append(element)
        if element.get("id"):
            by_id.setdefault(element.get("id"), element)
    return by_for, by_id


def _label_name(element: etree._Element, by_for: dict[str, list[etree._Element]]) -> str:
    """The text of the labels that name element: those for its id, and the one around it."""
    names = [_content(label) for label in by_for.get(element.get("id") or "", []) if not _hidden(label)]
    around = next((a for a in element.iterancestors() if local(a) == "label"), None)
    if around is not None:
        names.append(_content(around))
    return " ".join(n for n in names if n).strip()


def _labelled_buttons(tree: Tree) -> Counter:
    """How many buttons on each line have no name but their label's."""
    if not any(local(e) == "label" for e in tree.root.iter()):
        return Counter()
    by_for, _ = _labels(tree.root)
    return Counter(b.sourceline for b in tree.root.iter() if local(b) == "button" and _label_name(b, by_for))


def _fields(tree: Tree) -> Iterator[Finding]:
    fields = [e for e in tree.root.iter() if local(e) in FIELDS]
    if not fields:
        return
    by_for, by_id = _labels(tree.root)
    for field in fields:
        kind = (field.get("type") or "text").strip().lower() if local(field) == "input" else local(field)
        if kind in NOT_FIELDS or _hidden(field) or any(_hidden(a) for a in field.iterancestors()):
            continue
        if (field.get("role") or "").strip().lower() in ("presentation", "none") or _named(field, by_for, by_id):
            continue
        what = "drop-down list" if kind == "select" else "text box" if kind in ("text", "textarea") else \
            f"{kind} field"
        yield UNLABELLED.finding(tree.document.name, field.sourceline,
                                 f"The {what} has no label: give it <label for=\"{field.get('id') or 'its id'}\"> "
                                 "with text saying what to enter, or an aria-label.")


def _named(field: etree._Element, by_for: dict[str, list[etree._Element]], by_id: dict[str, etree._Element]) -> bool:
    if _label_name(field, by_for):
        return True
    ids = (field.get("aria-labelledby") or "").split()
    if any(i in by_id and _content(by_id[i]) for i in ids):
        return True
    return any((field.get(a) or "").strip() for a in ("aria-label", "title", "placeholder"))


def _hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or (element.get("type") or "").lower() == "hidden" and \
        local(element) == "input"
