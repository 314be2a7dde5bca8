"""The DOCX edition for partners to adapt, and the large-print DOCX.

The recipe: prepare the AST (emphasis, strong and every other inline format as character
styles, decorative images marked, the authors under the title), let pandoc write it with the
reference document (styles/reference.docx, made by styles/make_reference_docx.py), then
finish the parts where pandoc falls short (see docx_finish.py) and write the zip with fixed
dates, so two builds give the same bytes. The large print is made from the same parts, with
the large-print reference's styles and margins and emphasis in bold (docx_large_print.py).

No table of contents: pandoc's TOC field stays empty until Word updates it (and looks
empty in LibreOffice), while Word's Navigation pane already lists every heading.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..ast import copy as ast_copy
from ..ast import Node, elements
from .. import pandoc
from ..book import Book
from ..styles import style_path
from .docx_finish import DECORATIVE_MARK, finish
from .docx_large_print import REFERENCE_LARGE_PRINT, as_large_print
from .docx_package import Parts, read_parts, write_parts

REFERENCE = "reference.docx"
DECORATIVE = "decorative"
# pandoc's inline formatting -> the character style (by name, as in the reference documents) that gives it
CHARACTER_STYLES = {"Emph": "Emphasis", "Strong": "Strong", "Underline": "Underline", "Strikeout": "Strikethrough",
                    "Superscript": "Superscript", "Subscript": "Subscript", "SmallCaps": "Small Capitals"}
BOTH = "Strong Emphasis"


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}.docx"
    write_parts(finish(pandoc_parts(book, ast_copy(ast)), book), output, book.modified)
    return output


def build_large_print(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    """The large print, made as build_both makes it, so that either way gives the same bytes."""
    output = out_dir / f"{book.slug}-large-print.docx"
    _write_large_print(pandoc_parts(book, ast_copy(ast)), book, output)
    return output


def build_both(book: Book, ast: dict[str, Any], out_dir: Path) -> list[Path]:
    """Both DOCX editions from one pandoc run (see docx_large_print.py); the AST is used up."""
    parts = pandoc_parts(book, ast)
    regular, large = out_dir / f"{book.slug}.docx", out_dir / f"{book.slug}-large-print.docx"
    write_parts(finish(dict(parts), book), regular, book.modified)
    _write_large_print(parts, book, large)
    return [regular, large]


def _write_large_print(parts: Parts, book: Book, output: Path) -> None:
    # large print enlarges pictures too, as the large-print PDF does
    write_parts(finish(as_large_print(parts), book, full_width_pictures=True), output, book.modified)


def pandoc_parts(book: Book, ast: dict[str, Any], large_print: bool = False) -> Parts:
    """The parts of the DOCX pandoc writes with the reference document (the large print's only
    for tests/test_docx.py, which holds as_large_print to it); the AST is used up."""
    reference = style_path(REFERENCE_LARGE_PRINT if large_print else REFERENCE)
    with tempfile.TemporaryDirectory(prefix="publish-docx-") as work:
        written = Path(work) / "pandoc.docx"
        # no syntax highlighting: its token styles bring colours and italics of their own
        # a right-to-left book: pandoc sets its styles' paragraphs bidi and their runs rtl
        direction = ["--metadata=dir:rtl"] if book.locale.rtl else []
        pandoc.write(book, prepare_ast(book, ast, large_print), "docx", output=written, release=True,
                     args=[f"--reference-doc={reference}", "--syntax-highlighting=none", *direction])
        return read_parts(written)


# --- the AST, prepared for Word ----------------------------------------------------------------

def prepare_ast(book: Book, ast: dict[str, Any], large_print: bool) -> dict[str, Any]:
    """The AST, changed in place, with every look a named style."""
    prepared = ast
    _restyle_inlines(prepared["blocks"], large_print)
    _restyle_inlines(prepared.get("meta", {}), large_print)     # a title with emphasis in it
    if book.creators:
        # pandoc writes `author` under the title (Author style); the manuscript names them `creator`
        prepared.setdefault("meta", {})["author"] = {
            "t": "MetaList", "c": [{"t": "MetaInlines", "c": [{"t": "Str", "c": name}]} for name in book.creators]}
    return prepared


def _restyle_inlines(tree: Any, large_print: bool) -> None:
    """Emphasis, strong, underline, superscript... become spans in character styles of those names,
    not direct formatting; in large print emphasis is bold (no italics), as UKAAF and ACB ask.
    Decorative images are marked on the way (see _mark_decorative)."""
    # one flat walk finds them; only inside a styled inline does the walk need to know its style
    for node in elements(tree, *CHARACTER_STYLES, "Image"):
        if node["t"] == "Image":
            _mark_decorative(node)
        elif node["t"] in CHARACTER_STYLES:     # not yet restyled as part of an outer one
            _restyle(node, None, large_print)


def _restyle(styled: Node, outer: str | None, large_print: bool) -> None:
    """This inline, and every one within it, as a span in its character style."""
    stack: list[tuple[Any, str | None]] = [(styled, outer)]    # each node with the style it stands in
    while stack:
        node, outer = stack.pop()
        if type(node) is list:
            stack.extend((item, outer) for item in node)
        elif type(node) is dict:
            kind = node.get("t")
            if kind in CHARACTER_STYLES:
                style = character_style(kind, outer, large_print)
                content = node["c"]
                node.clear()
                node.update({"t": "Span", "c": [["", [], [["custom-style", style]]], content]})
                stack.append((content, style))
            elif kind == "Note":
                stack.append((node["c"], None))                 # a note's text starts afresh
            elif type(node.get("c")) is list:
                stack.append((node["c"], outer))


def character_style(kind: str, outer: str | None, large_print: bool) -> str:
    """The style for an inline of this kind inside one of style outer: a run has only one
    character style, so emphasis within strong (or the reverse) takes Strong Emphasis."""
    style = "Strong" if large_print and kind == "Emph" else CHARACTER_STYLES[kind]
    if {style, outer} == {"Emphasis", "Strong"} or (outer == BOTH and style in ("Emphasis", "Strong")):
        return BOTH
    return style


def _mark_decorative(image: Node) -> None:
    """A decorative image ({.decorative}) carries a mark in its title, which finish() turns into
    Word's own decorative flag; its alt text is emptied."""
    if DECORATIVE in image["c"][0][1]:
        image["c"][1] = []
        image["c"][2] = [image["c"][2][0], DECORATIVE_MARK]
