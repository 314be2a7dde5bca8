"""The HTML edition's changes to pandoc's AST, made in Python before pandoc writes HTML.

Notes become named, linked endnotes (pandoc's own have no heading and unnamed links);
images are embedded as data: URIs, decorative ones with alt=""; tables scroll inside
their own region instead of widening the page at 320 px.
"""
from __future__ import annotations

import base64
import copy
import html
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ast import attrs, plain_text, replace_each
from ..errors import PublishError

Node = dict[str, Any]
DECORATIVE = "decorative"


@dataclass
class Ids:
    """Element ids for what the edition adds, never clashing with the manuscript's own."""

    taken: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, *indexes: dict[str, list[Node]]) -> "Ids":
        """The ids the document's elements (in its indexes: see ast.index) already have, taken."""
        return cls({attr[0] for found in indexes for attr in attrs(None, found) if attr[0]})

    def new(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True)
class Note:
    number: int
    note_id: str
    ref_id: str
    blocks: list[Node]


def lift_notes(doc: Node, found: dict[str, list[Node]], labels: dict[str, str], ids: Ids) -> list[Note]:
    """Replaces each Note (found: the document's index) by a named reference and appends the
    notes as an endnotes section."""
    notes: list[Note] = []

    def reference(blocks: list[Node]) -> Node:
        n = len(notes) + 1
        note = Note(n, ids.new(f"note-{n}"), ids.new(f"note-ref-{n}"), blocks)
        notes.append(note)
        return _raw_inline(f'<a class="noteref" id="{note.ref_id}" href="#{note.note_id}" role="doc-noteref" '
                           f'aria-label="{_attr(labels["note"].format(n=n))}"{_lang(labels)}>{n}</a>')

    replace_each(found.get("Note", []), lambda node: reference(node["c"]))
    if notes:
        doc["blocks"] += _endnotes(notes, labels, ids)
    return notes


def _endnotes(notes: list[Note], labels: dict[str, str], ids: Ids) -> list[Node]:
    section, heading = ids.new("notes"), ids.new("notes-heading")
    blocks = [_raw_block(f'<section id="{section}" class="endnotes" role="doc-endnotes" '
                         f'aria-labelledby="{heading}">'),
              {"t": "Header", "c": [1, [heading, [], []], [_in_label_language(labels, labels["notes"])]]},
              _raw_block('<ol class="notes">')]
    for note in notes:
        blocks.append(_raw_block(f'<li id="{note.note_id}" class="note">'))
        blocks += _with_backlink(note, labels)
        blocks.append(_raw_block("</li>"))
    return blocks + [_raw_block("</ol>"), _raw_block("</section>")]


def _with_backlink(note: Note, labels: dict[str, str]) -> list[Node]:
    link = _raw_inline(f'<a class="backlink" href="#{note.ref_id}" role="doc-backlink" '
                       f'aria-label="{_attr(labels["back"].format(n=note.number))}"{_lang(labels)}>↩\ufe0e</a>')
    blocks = list(note.blocks)
    last = blocks[-1] if blocks else None
    if last and last["t"] in ("Para", "Plain"):
        blocks[-1] = {"t": last["t"], "c": [*last["c"], {"t": "Space"}, link]}
    else:   # a note ending in a list or quotation: the link gets its own line
        blocks.append({"t": "Para", "c": [link]})
    return blocks


def table_of_contents(doc: Node, ids: Ids, depth: int = 2) -> list[Node]:
    """The headings down to depth as a nested list of links (pandoc's --toc would copy note links into it)."""
    top: list[list[Node]] = []
    for header in doc["blocks"]:
        if header["t"] != "Header" or header["c"][0] > depth:
            continue
        level, attr, inlines = header["c"]
        if not attr[0]:
            attr[0] = ids.new("section")
        entry = [{"t": "Plain", "c": [{"t": "Link", "c": [["", [], []], _entry_text(inlines), [f"#{attr[0]}", ""]]}]}]
        if level == 1 or not top:
            top.append(entry)
        else:
            children = top[-1][1]["c"] if len(top[-1]) > 1 else None
            if children is None:
                top[-1].append({"t": "BulletList", "c": []})
                children = top[-1][1]["c"]
            children.append(entry)
    return [{"t": "BulletList", "c": top}] if top else []


def _entry_text(inlines: list[Node]) -> list[Node]:
    """A heading's inlines fit for a link: no note references, no links inside, no ids repeated."""
    kept: list[Node] = []
    for inline in copy.deepcopy(inlines):
        if inline["t"] in ("RawInline", "Note"):
            continue
        if inline["t"] == "Link":
            kept += _entry_text(inline["c"][1])
            continue
        kept.append(inline)
    for attr in attrs(kept):
        attr[0] = ""
    while kept and kept[-1]["t"] in ("Space", "SoftBreak"):
        kept.pop()
    return kept


def embed_images(images: list[Node], root: Path, source: Path) -> None:
    """Makes every local image a data: URI, so the page works when downloaded alone; alt="" when decorative."""
    for image in images:
        attr, alt, target = image["c"]
        if DECORATIVE in attr[1]:
            image["c"][1] = []
            attr[2] = [kv for kv in attr[2] if kv[0] != "alt"] + [["alt", ""]]
        src = target[0]
        if "://" in src or src.startswith("data:"):
            continue
        path = (root / src).resolve()
        if not path.is_file():
            raise PublishError(f"the image '{src}' does not exist; check its path", source)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        target[0] = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def wrap_tables(tables: list[Node]) -> None:
    """Puts each table in a focusable, named region that scrolls sideways by itself when too wide. The region
    is named by the caption; a caption used again is numbered ("Results (2)"), as a screen reader lists
    regions by name and two of one name cannot be told apart (axe-core's landmark-unique)."""
    seen: dict[str, int] = {}

    def wrap(table: Node) -> Node:
        caption = plain_text(table["c"][1][1])
        seen[caption] = seen.get(caption, 0) + 1
        name = caption if seen[caption] == 1 else f"{caption} ({seen[caption]})"
        kvs = [["tabindex", "0"]] + ([["role", "region"], ["aria-label", name]] if caption else [])
        return {"t": "Div", "c": [["", ["table-scroll"], kvs], [table]]}
    replace_each(tables, wrap)


PAGE_LIST_SLOT = "<!--publish-page-list-->"
# the template's page list, from its first line to its last (see styles/html-template.html)
_PAGE_LIST_NAV = re.compile(r'<nav class="pages"[^>]*>\n.*?\n' + PAGE_LIST_SLOT + r'\n</nav>\n', re.S)


def page_list_slot() -> Node:
    """Where the list of print pages goes once they are known (fill_page_list)."""
    return _raw_block(PAGE_LIST_SLOT)


# a page-break marker as pandoc writes a span (its id first): ours, and any the manuscript has
_PAGE_BREAK = re.compile(r'<span id="([^"]+)"[^>]*\brole="doc-pagebreak"[^>]*>')
_TITLE = re.compile(r'\btitle="([^"]*)"')


def fill_page_list(page: str) -> str:
    """The page with its list of print page numbers, as links to their markers in reading order;
    with no page breaks, no list at all (a navigation landmark with nothing in it would only confuse)."""
    items = []
    for marker in _PAGE_BREAK.finditer(page):
        title = _TITLE.search(marker.group(0))
        label = (title.group(1).split()[-1:] if title else []) or [marker.group(1)]
        items.append(f'<li><a href="#{marker.group(1)}">{label[0]}</a></li>')
    if not items:
        return _PAGE_LIST_NAV.sub("", page, count=1)
    return page.replace(PAGE_LIST_SLOT, f'<ol class="page-list">{"".join(items)}</ol>', 1)


def _raw_inline(text: str) -> Node:
    return {"t": "RawInline", "c": ["html", text]}


def _raw_block(text: str) -> Node:
    return {"t": "RawBlock", "c": ["html", text]}


def _lang(labels: dict[str, str]) -> str:
    """ lang="..." when the labels are not in the book's language (see html.labels_for)."""
    return f' lang="{labels["lang"]}"' if labels.get("lang") else ""


def _in_label_language(labels: dict[str, str], text: str) -> Node:
    kvs = [["lang", labels["lang"]]] if labels.get("lang") else []
    return {"t": "Span", "c": [["", [], kvs], [{"t": "Str", "c": text}]]}


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
