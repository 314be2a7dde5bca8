"""Footnote links: each reference reaches a note, each note is referenced and links back, note ids are
unique, numbers run in sequence. Across the documents of an EPUB too (endnotes in their own file)."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..readers.model import Document, Note, NoteRef, Publication
from ..report import Finding
from .rules import rule

UNDEFINED = rule("note-undefined")
UNREFERENCED = rule("note-unreferenced")
NO_BACKLINK = rule("note-no-backlink")
DUPLICATE_ID = rule("note-duplicate-id")
SEQUENCE = rule("note-out-of-sequence")
CODES = ("note-undefined", "note-unreferenced", "note-no-backlink", "note-duplicate-id", "note-out-of-sequence")


def check(publication: Publication) -> Iterator[Finding]:
    documents = publication.documents
    notes = [(note, doc) for doc in documents for note in doc.notes]
    note_keys = {note.key for note, _ in notes}
    id_keys = {f"{doc.key}#{id_}" for doc in documents for id_, _ in doc.ids}
    references: dict[str, list[tuple[NoteRef, Document]]] = defaultdict(list)
    for doc in documents:
        for ref in doc.noterefs:
            if ref.target is None or (ref.target not in note_keys and ref.target not in id_keys):
                yield UNDEFINED.finding(doc.name, ref.line, _undefined_message(ref))
            else:
                references[ref.target].append((ref, doc))
    yield from _duplicates(notes)
    for note, doc in notes:
        where = (note.file or doc.name, note.line)
        if note.marked and note.key not in references:
            yield UNREFERENCED.finding(*where, f"The note '{note.id}' is never referenced from the text.")
        elif note.key in references and not note.implicit_backlink and not _links_back(note, references[note.key]):
            yield NO_BACKLINK.finding(*where, f"The note '{note.id}' has no link back to its reference.")
    yield from _sequence(publication)


def _undefined_message(ref: NoteRef) -> str:
    if ref.target and ref.target.startswith("#("):     # a PDF note link: see readers/pdf.py
        return f"A note link leads to {ref.target[2:-1]}, which is not in the file."
    label = f" {ref.label}" if ref.label else ""
    target = ref.target.split("#")[-1].split(":")[-1] if ref.target else "nowhere"
    return f"The note reference{label} points to '{target}', which is not a note in this file."


def _links_back(note: Note, refs: list[tuple[NoteRef, Document]]) -> bool:
    ref_keys = {f"{doc.key}#{ref.id}" for ref, doc in refs if ref.id}
    return any(link in ref_keys for link in note.links)


def _duplicates(notes: list[tuple[Note, Document]]) -> Iterator[Finding]:
    first: dict[str, Note] = {}
    for note, doc in notes:
        if note.key in first:
            yield DUPLICATE_ID.finding(note.file or doc.name, note.line,
                                       f"The note id '{note.id}' is already used at line {first[note.key].line}.")
        else:
            first[note.key] = note


def _sequence(publication: Publication) -> Iterator[Finding]:
    """Numeric labels count up by one in reading order. A repeated reference to the same note may repeat
    its number, and a document may start again at 1 (pandoc's EPUB numbers each chapter's notes anew)."""
    expected = 1
    numbered: dict[int, str | None] = {}
    for doc in publication.reading_order():
        first_in_document = True
        for ref in doc.noterefs:
            label = ref.label.strip().strip("[]()")
            if not label.isdigit():
                continue
            number = int(label)
            if first_in_document and number == 1:
                expected, numbered = 1, {}
            first_in_document = False
            if numbered.get(number, object()) == ref.target:
                continue
            if number != expected:
                yield SEQUENCE.finding(doc.name, ref.line, f"The note reference {number} comes where "
                                                           f"{expected} was expected.")
            numbered[number] = ref.target
            expected = number + 1
