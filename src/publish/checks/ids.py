"""IDs: each id is used once in its document, or links and note references land in the wrong place."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

DUPLICATE = rule("id-duplicate")
CODES = ("id-duplicate",)


def check(publication: Publication) -> Iterator[Finding]:
    for document in publication.documents:
        notes = {note.id for note in document.notes}     # repeated note ids are note-duplicate-id's to report
        first: dict[str, int | None] = {}
        for id_, line in document.ids:
            if id_ in first and id_ not in notes:
                where = f" at line {first[id_]}" if first[id_] else ""
                yield DUPLICATE.finding(document.name, line, f"The id '{id_}' is already used{where}.")
            first.setdefault(id_, line)
