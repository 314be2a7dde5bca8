"""Buttons: every button has a name, its text or an aria-label (axe-core's button-name)."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

UNNAMED = rule("button-name-missing")
CODES = (UNNAMED.code,)


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        for named in document.named:
            if named.kind == "button" and not named.name:
                yield UNNAMED.finding(document.name, named.line)
