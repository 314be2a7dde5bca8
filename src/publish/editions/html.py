"""The HTML edition: one self-contained, accessible page (WCAG 2.2 AA).

Everything is inside the one file: the style sheet, the typeface and the images, so
the page still works when downloaded alone. The look is styles/html.css and the page's
frame (landmarks, skip link, named table of contents) is styles/html-template.html.
"""
from __future__ import annotations

import base64
import html
import re
from functools import partial
from pathlib import Path
from typing import Any

from ..ast import copy as ast_copy
from ..ast import elements, index
from .. import pandoc
from ..book import Book
from ..fonts import font_file, subset_faces
from ..pagination import NO_PAGES, PageLayout, page_break_marker
from ..styles import style_path
from ..labels import labels_for as catalogue_labels
from . import html_ast, mathml

DEFAULT_LANGUAGE = "en"


def build(book: Book, ast: dict[str, Any], out_dir: Path, layout: PageLayout | None = None) -> Path:
    """The page, with the print page numbers of the layout (none when not given)."""
    return finish(book, draft(book, ast_copy(ast)), layout, out_dir)


def draft(book: Book, ast: dict[str, Any]) -> str:
    """The page as pandoc writes it, with a slot wherever a print page may begin (see pagination.py).
    The AST is used up."""
    doc = _prepare(book, PageLayout.with_slots(ast))
    # mathematics as MathML (Chromium, Firefox and Safari render it), each formula with its TeX as alttext
    return mathml.with_alttext(pandoc.write(book, doc, "html5", release=True, args=[
        "--standalone", f"--template={style_path('html-template.html')}",
        "--shift-heading-level-by=1", "--wrap=none", *mathml.PANDOC_ARGS,
    ]))


def _prepare(book: Book, doc: dict[str, Any]) -> dict[str, Any]:
    """The AST, changed in place: named endnotes, contents, embedded images, scrolling tables,
    and the template's variables."""
    labels = labels_for(book)
    found, in_meta = index(doc["blocks"]), index(doc["meta"])    # one walk finds all the page changes
    ids = html_ast.Ids.of(found, in_meta)
    page = {"publish-main-id": ids.new("main"), "publish-toc-id": ids.new("contents"),
            "publish-toc-heading-id": ids.new("contents-heading"),
            "publish-pages-heading-id": ids.new("pages-heading")}
    html_ast.lift_notes(doc, found, labels, ids)
    toc = html_ast.table_of_contents(doc, ids)
    html_ast.embed_images(found.get("Image", []) + in_meta.get("Image", []), book.root, book.sources[0])
    html_ast.wrap_tables(found.get("Table", []))
    italics = bool(found.get("Emph") or in_meta.get("Emph"))
    # every character the page shows, notes and code included, for the faces it needs
    words = " ".join([book.title, *book.creators, *labels.values(),
                      *(node["c"] if node["t"] == "Str" else node["c"][-1]
                        for node in elements(doc, "Str", "Code", "CodeBlock"))])
    doc["meta"].update(page_metadata(book, labels, page, style_sheet(italics, words, book.locale.script)))
    if toc:
        doc["meta"]["publish-toc"] = {"t": "MetaBlocks", "c": toc}
    doc["meta"]["publish-pages"] = {"t": "MetaBlocks", "c": [html_ast.page_list_slot()]}
    return doc


def finish(book: Book, page: str, layout: PageLayout | None, out_dir: Path) -> Path:
    """The page with its print page-break markers and their list, written into out_dir."""
    output = out_dir / f"{book.slug}.html"
    labels = labels_for(book)
    page = (layout or NO_PAGES).fill_slots(page, partial(page_break_marker, epub=False, label=labels["page"],
                                                   lang=labels["lang"]))
    page = EMPTY_HEADER_CELL.sub(r"<td\1></td>", page)
    page = CAPTIONED_FIGURE.sub(_caption_once, page)
    output.write_text(html_ast.fill_page_list(page), encoding="utf-8")
    return output


# An empty header cell (the corner of a table whose first column names its rows) is a data cell:
# a header with nothing in it names nothing (axe empty-table-header)
EMPTY_HEADER_CELL = re.compile(r"<th(\s[^>]*)?>\s*</th>")


# A figure whose caption is its image's alt text (pandoc's ![words](picture.png) gives both the same
# words): the caption stays for the eye and is hidden from screen readers, which hear the alt text once
CAPTIONED_FIGURE = re.compile(r'(<figure[^>]*>\s*(?:<[^>]+>\s*)*?<img [^>]*alt="([^"]*)"[^>]*>(?:\s*</[a-z]+>)*\s*)'
                              r"<figcaption>(.*?)</figcaption>", re.S)


def _caption_once(figure: re.Match[str]) -> str:
    if html.unescape(figure.group(2)).split() != html.unescape(re.sub(r"<[^>]+>", "", figure.group(3))).split():
        return figure.group(0)
    return f'{figure.group(1)}<figcaption aria-hidden="true">{figure.group(3)}</figcaption>'


def labels_for(book: Book) -> dict[str, str]:
    """The words the page adds (skip link, contents, notes) in the book's language, else English.

    When they are not in the book's language, "lang" names theirs, so that a screen reader
    speaks them in the right voice (WCAG 3.1.2, language of parts).
    """
    labels = catalogue_labels(book.locale)
    return {**labels, "pages": labels["pages_html"]}


def page_metadata(book: Book, labels: dict[str, str], ids: dict[str, str], style: str) -> dict[str, Any]:
    """Template variables, as pandoc metadata so that pandoc escapes them (the style sheet is raw)."""
    meta = {key: _string(value) for key, value in ids.items()}
    meta.update({
        "publish-lang": _string(book.language),   # the manuscript's, or the default the other editions use
        **({"dir": _string("rtl")} if book.locale.rtl else {}),
        "publish-labels-lang": _string(labels["lang"]),
        "publish-skip": _string(labels["skip"]),
        "publish-contents": _string(labels["contents"]),
        "publish-pages-label": _string(labels["pages"]),
        "publish-creators": {"t": "MetaList", "c": [_string(c) for c in book.creators]},
        "publish-style": {"t": "MetaBlocks", "c": [{"t": "RawBlock", "c": ["html", f"<style>\n{style}</style>"]}]},
    })
    if book.creators:
        meta["publish-author"] = _string(", ".join(book.creators))
    if book.publisher or book.accessibility_summary:
        meta["publish-colophon"] = {"t": "MetaBool", "c": True}
    if book.subjects:
        meta["publish-keywords"] = _string(", ".join(book.subjects))
    return meta


def style_sheet(italics: bool, text: str = "", script: str | None = None) -> str:
    """styles/html.css after the typefaces' @font-face rules: Atkinson Hyperlegible embedded, and for
    the page's other scripts each fallback face cut down to the characters the page uses (fonts.py),
    named after Atkinson Hyperlegible in the body's font stack."""
    faces = [("Regular", "normal", 400), ("Bold", "normal", 700)]
    if italics:   # only when the text has emphasis: each face adds about 70 KB to the page
        faces.append(("Italic", "italic", 400))
    rules = [_font_face(*face) for face in faces]
    others = subset_faces(text, script) if text else []
    rules += [_subset_face(family, data) for family, data in others]
    sheet = style_path("html.css").read_text(encoding="utf-8")
    if others:
        stack = ", ".join(f'"{family}"' for family, _ in others)
        sheet = sheet.replace('font-family: "Atkinson Hyperlegible",', f'font-family: "Atkinson Hyperlegible", {stack},', 1)
    return "\n".join(rules) + "\n" + sheet


def _subset_face(family: str, data: bytes) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; font-display: swap; '
            f'src: url("data:font/ttf;base64,{encoded}") format("truetype"); }}')


def _font_face(style_name: str, style: str, weight: int) -> str:
    data = base64.b64encode(font_file(style_name).read_bytes()).decode("ascii")
    return (f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-style: {style}; font-weight: {weight}; '
            f'font-display: swap; src: url("data:font/ttf;base64,{data}") format("truetype"); }}')


def _string(text: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": text}
