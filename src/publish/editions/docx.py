"""The DOCX edition for partners to adapt, and the large-print DOCX.

The recipe: prepare a copy of the AST (emphasis, strong and every other inline format as
character styles, large print's emphasis as bold, decorative images marked, the authors
under the title), let pandoc write it with the edition's reference document
(styles/reference*.docx, made by styles/make_reference_docx.py), then finish the parts
where pandoc falls short (see docx_finish.py) and write the zip with fixed dates, so two
builds give the same bytes.

No table of contents: pandoc's TOC field stays empty until Word updates it (and looks
empty in LibreOffice), while Word's Navigation pane already lists every heading.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..ast import copy as ast_copy
from .. import pandoc
from ..book import Book
from ..styles import style_path
from .docx_finish import DECORATIVE_MARK, finish
from .docx_package import read_parts, write_parts

REFERENCE = "reference.docx"
REFERENCE_LARGE_PRINT = "reference-large-print.docx"
DECORATIVE = "decorative"
# pandoc's inline formatting -> the character style (by name, as in the reference documents) that gives it
CHARACTER_STYLES = {"Emph": "Emphasis", "Strong": "Strong", "Underline": "Underline", "Strikeout": "Strikethrough",
                    "Superscript": "Superscript", "Subscript": "Subscript", "SmallCaps": "Small Capitals"}
BOTH = "Strong Emphasis"


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    return write_docx(book, ast, out_dir / f"{book.slug}.docx", large_print=False)


def build_large_print(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    return write_docx(book, ast, out_dir / f"{book.slug}-large-print.docx", large_print=True)


def write_docx(book: Book, ast: dict[str, Any], output: Path, large_print: bool) -> Path:
    reference = style_path(REFERENCE_LARGE_PRINT if large_print else REFERENCE)
    with tempfile.TemporaryDirectory(prefix="publish-docx-") as work:
        written = Path(work) / output.name
        # no syntax highlighting: its token styles bring colours and italics of their own
        pandoc.write(book, prepare_ast(book, ast, large_print), "docx", output=written,
                     args=[f"--reference-doc={reference}", "--syntax-highlighting=none"])
        parts = read_parts(written)
    # large print enlarges pictures too, as the large-print PDF does
    write_parts(finish(parts, book, full_width_pictures=large_print), output, book.modified)
    return output


# --- the AST, prepared for Word ----------------------------------------------------------------

def prepare_ast(book: Book, ast: dict[str, Any], large_print: bool) -> dict[str, Any]:
    """A copy of the AST in which every look is a named style."""
    prepared = ast_copy(ast)
    _restyle_inlines(prepared["blocks"], large_print)
    _restyle_inlines(prepared.get("meta", {}), large_print)     # a title with emphasis in it
    _mark_decorative_images(prepared["blocks"])
    if book.creators:
        # pandoc writes `author` under the title (Author style); the manuscript names them `creator`
        prepared.setdefault("meta", {})["author"] = {
            "t": "MetaList", "c": [{"t": "MetaInlines", "c": [{"t": "Str", "c": name}]} for name in book.creators]}
    return prepared


def _restyle_inlines(node: Any, large_print: bool, outer: str | None = None) -> None:
    """Emphasis, strong, underline, superscript... become spans in character styles of those names,
    not direct formatting; in large print emphasis is bold (no italics), as UKAAF and ACB ask."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict) and item.get("t") in CHARACTER_STYLES:
                style = character_style(item["t"], outer, large_print)
                node[index] = {"t": "Span", "c": [["", [], [["custom-style", style]]], item["c"]]}
                _restyle_inlines(item["c"], large_print, style)
            elif isinstance(item, dict) and item.get("t") == "Note":
                _restyle_inlines(item["c"], large_print)     # a note's text starts afresh
            else:
                _restyle_inlines(item, large_print, outer)
    elif isinstance(node, dict):
        for value in node.values():
            _restyle_inlines(value, large_print, outer)


def character_style(kind: str, outer: str | None, large_print: bool) -> str:
    """The style for an inline of this kind inside one of style outer: a run has only one
    character style, so emphasis within strong (or the reverse) takes Strong Emphasis."""
    style = "Strong" if large_print and kind == "Emph" else CHARACTER_STYLES[kind]
    if {style, outer} == {"Emphasis", "Strong"} or (outer == BOTH and style in ("Emphasis", "Strong")):
        return BOTH
    return style


def _mark_decorative_images(node: Any) -> None:
    """Decorative images ({.decorative}) carry a mark in their title, which finish() turns into
    Word's own decorative flag; their alt text is emptied."""
    if isinstance(node, list):
        for item in node:
            _mark_decorative_images(item)
    elif isinstance(node, dict):
        if node.get("t") == "Image" and DECORATIVE in node["c"][0][1]:
            node["c"][1] = []
            node["c"][2] = [node["c"][2][0], DECORATIVE_MARK]
        for value in node.values():
            _mark_decorative_images(value)

