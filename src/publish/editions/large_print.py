"""The large-print PDF edition: pandoc writes Typst from the AST, Typst typesets tagged PDF/UA-1.

The look (sizes, spacing, notes, contents, title page, mathematics) lives in
styles/large-print.typ; this module prepares the AST (images with alt text, decorative images
as artifacts, each formula with its TeX source as alt text, block anchors for page look-ups),
hands the book's details to the template as sys.inputs and compiles in a temporary folder.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import langcodes

from ..ast import copy as ast_copy
from ..ast import elements, plain_text
from .. import pandoc, typeset
from ..book import Book
from ..errors import PartlyMade, PublishError
from ..fonts import SUBSTITUTES, character_name, font_dirs, main_family, missing_characters, text_families
from ..labels import labels_for
from ..locale import Locale
from ..pagination import PageLayout
from ..sanitize import PAGE_BREAK_CLASS
from ..styles import style_path
from . import LAYOUT
from .code_wrap import wrap_code_blocks

TEMPLATE = "large-print.typ"
PDF_STANDARD = "ua-1"
# The paper sizes a manuscript may ask for with `paper:` in its metadata, by Typst's names.
PAPERS = {"a4": "a4", "us-letter": "us-letter", "letter": "us-letter"}
DECORATIVE = "decorative"
ANCHOR_LABEL = "publish-block"      # metadata labels placed at the start of each block
PAGES_LABEL = "publish-pages"       # one metadata holding (anchor, page) pairs


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    return build_with_layout(book, ast_copy(ast), out_dir)[0]


def build_with_layout(book: Book, ast: dict[str, Any], out_dir: Path) -> tuple[Path, PageLayout]:
    """The PDF, and its page layout: the pages on which each anchored block starts and ends, and the
    first letters of each page, read from the PDF (see page_layout). One layout gives both, since the
    compiler keeps its work between the query and the PDF. When Typst lays the book out but cannot
    write the PDF (PDF/UA refuses it), the error is a PartlyMade carrying the layout without the
    pages' first letters, so that the other editions still show the print pages. The AST is used up."""
    output = out_dir / f"{book.slug}-large-print.pdf"
    with tempfile.TemporaryDirectory(prefix="publish-large-print-") as work:
        return output, _typeset(book, write_typst(book, ast, Path(work)), Path(work), output)


def _typeset(book: Book, source: Path, work: Path, output: Path) -> PageLayout:
    from ..page_starts import page_openings
    from ..pdf_text import has_right_to_left, mend
    heard: list[str] = []
    request = _request(book, source, work, pdf=str(output), pdf_standards=[PDF_STANDARD],
                       timestamp=int(book.modified.timestamp()))
    try:
        answer = typeset.run(request, book.sources[0], heard.append)
    except PublishError as error:
        if not heard or type(error) is not PublishError:      # no layout, or a LimitExceeded
            raise
        raise PartlyMade(error.message, error.file, error.line, made={LAYOUT: _layout(heard[0])}) from None
    if has_right_to_left(source.read_text(encoding="utf-8")):
        mend(output)          # Typst's text layer for Arabic and Hebrew script (see pdf_text)
    layout = _layout(answer)
    return replace(layout, openings=tuple(page_openings(output, pages=layout.pages_beginning_inside())))


def write_typst(book: Book, ast: dict[str, Any], folder: Path) -> Path:
    """The book as a Typst source file in folder, from the AST, which is used up."""
    source = folder / f"{book.slug}-large-print.typ"
    prepared = prepare_ast(ast, book.root)
    # -smart keeps the text's curly apostrophes as they are, so headings and bookmarks match it
    pandoc.write(book, prepared, "typst-smart", output=source, release=True,
                 args=["--standalone", f"--template={style_path(TEMPLATE)}"])
    with source.open("a", encoding="utf-8") as typ:
        # every anchor with its page, gathered in one metadata element that page_spans reads back
        typ.write(f"\n#context [#metadata(query(<{ANCHOR_LABEL}>)"
                  f".map(m => (m.value, m.location().page())))<{PAGES_LABEL}>]\n")
    return source


def _request(book: Book, source: Path, work: Path, **pdf: Any) -> typeset.Request:
    """Typst's task: lay out the source with the book's fonts and details, and answer where each
    anchored block falls (and write the PDF, when pdf says where)."""
    return typeset.Request(str(source), [str(folder) for folder in font_dirs()], template_inputs(book),
                           f"<{PAGES_LABEL}>", str(work / "pages.json"), **pdf)


def template_inputs(book: Book) -> dict[str, str]:
    """The book's details for the template, as plain strings (no markup to escape)."""
    locale = book.locale
    labels = labels_for(locale)
    return {
        "title": book.title,
        "authors": "\n".join(book.creators),
        "publisher": book.publisher,
        "description": book.description,
        "subjects": "\n".join(book.subjects),
        "lang": locale.language,
        "region": typst_region(locale),
        "dir": locale.direction,
        "fonts": "\n".join(text_families(locale.script)),
        "edition-line": labels["large_print"].format(font=main_family(locale.script)),
        "labels-lang": labels["lang"] or locale.language,
        "paper": paper(book),
        "date": book.modified.strftime("%Y-%m-%d-%H-%M-%S"),
    }


def typst_region(locale: Locale) -> str:
    """The region Typst is given (it takes a language and a region, not a script): the tag's own, or,
    for a script other than the language's usual one, the region that script is likeliest in (zh-Hant:
    TW), so that Typst's own words (the contents' title, "Figure") and the PDF's /Lang (zh-TW) are in
    Traditional Chinese, not the Simplified that plain zh means."""
    if locale.region:
        return locale.region if len(locale.region) == 2 else ""
    if locale.script == langcodes.Language.get(locale.language).maximize().script:
        return ""
    region = langcodes.Language.get(locale.tag).maximize().territory or ""
    return region if len(region) == 2 else ""


def paper(book: Book) -> str:
    """Typst's name for the paper the metadata asks for (`paper: a4` or `paper: us-letter`); A4 by default."""
    given = str(book.metadata.get("paper") or "a4").strip().lower()
    if given not in PAPERS:
        raise PublishError(f"unknown paper '{given}' in the metadata; write 'paper: a4' or 'paper: us-letter'",
                           book.metadata_file or book.sources[0])
    return PAPERS[given]


# --- the AST, prepared for large print -------------------------------------------------------

def prepare_ast(ast: dict[str, Any], root: Path) -> dict[str, Any]:
    """The AST, changed in place: images written as Typst (alt text, artifacts), formulas with
    their alt text, empty links unwrapped, and block anchors."""
    _without_missing_glyphs(ast)
    _languages_of_parts(ast)
    _rewrite_inlines(ast, root)
    _add_anchors(ast["blocks"])
    _wide_tables_on_turned_pages(ast["blocks"])
    _deep_nesting_flattened(ast["blocks"])
    wrap_code_blocks(ast["blocks"])        # after the glyph check: its ↪ is STIX's, not a missing character
    for mark in elements(ast["blocks"], "Div"):
        if PAGE_BREAK_CLASS in mark["c"][0][1] and not mark["c"][1]:     # \newpage in the manuscript
            mark.clear()
            mark.update({"t": "RawBlock", "c": ["typst", "#pagebreak(weak: true)"]})
    return ast


def _without_missing_glyphs(tree: Any) -> None:
    """A character none of the faces has becomes its name in brackets ("[black star]"): PDF/UA refuses
    a character it cannot draw, and a reader hears the name; the check reports it in the manuscript."""
    texts = elements(tree, "Str", "Code")
    missing = missing_characters(node["c"] if node["t"] == "Str" else node["c"][1] for node in texts)
    names = {char: f"[{_spoken_name(char)}]" for char in missing}
    table = str.maketrans({**SUBSTITUTES, **names})
    for node in texts:
        if node["t"] == "Str":
            node["c"] = node["c"].translate(table)
        else:
            node["c"][1] = node["c"][1].translate(table)
    formulas = elements(tree, "Math")       # their TeX: STIX Two Math first, then the text faces
    missing = missing_characters((node["c"][1] for node in formulas), math=True)
    table = str.maketrans({char: f"\\text{{[{_spoken_name(char)}]}}" for char in missing})
    for node in formulas:
        node["c"][1] = node["c"][1].translate(table)


def _spoken_name(char: str) -> str:
    """"black star" for ★: the name a reader hears in place of a character no face can draw."""
    return character_name(char).split(" ", 2)[2].rstrip(")").lower()


def _languages_of_parts(tree: Any) -> None:
    """[mot]{lang=fr} set in its language: pandoc's Typst writer (3.9) drops a Span's lang (a Div's it
    keeps), and Typst marks text(lang:) in the tagged PDF with /Lang, so a reader speaks it in its
    voice (WCAG 3.1.2). Typst takes a language and a region, not a tag: zh-Hant-TW is zh, TW."""
    from ..locale import resolve as resolve_locale   # here: this function is all of this module that needs it
    for span in elements(tree, "Span"):
        (ident, classes, attributes), inlines = span["c"]
        tag = dict(attributes).get("lang")
        if not tag:
            continue
        locale = resolve_locale(tag)
        region = f", region: {typst_string(locale.region)}" if len(locale.region) == 2 else ""
        kept = [pair for pair in attributes if pair[0] != "lang"]
        # the ; ends the call: a "." straight after the part is text, not a field of it
        span["c"] = [[ident, classes, kept], [_raw_inline(f"#text(lang: {typst_string(locale.language)}{region})["),
                                              *inlines, _raw_inline("];")]]


def _rewrite_inlines(tree: Any, root: Path) -> None:
    """Pandoc's Typst writer drops alt text, so each image is written here; a link to nowhere
    (`[text]()`, which Typst refuses) keeps only its text; each formula gets its alt text."""
    for node in elements(tree, "Image", "Link", "Math"):
        if node["t"] == "Math":
            equation = with_alt_text(node)
            node.clear()
            node.update(equation)
        elif node["t"] == "Image":
            code = typst_image(node, root)
            node.clear()
            node.update(_raw_inline(code))
        elif not node["c"][2][0].strip():
            text = node["c"][1]
            node.clear()
            node.update({"t": "Span", "c": [["", [], []], text]})


def typst_image(image: dict[str, Any], root: Path) -> str:
    """A meaningful image keeps its alt text (tagged Figure with /Alt); a decorative one is an artifact.
    Its path is made absolute (Typst reads the book from a temporary folder; its root is /)."""
    (_, classes, attributes), alt_inlines, (target, _) = image["c"]
    target = target if "://" in target else str(root / target)
    alt = dict(attributes).get("alt") or plain_text(alt_inlines)
    # as wide as the text: large print enlarges pictures too, and none runs into the margins
    picture = f"image({typst_string(target)}, width: 100%"
    if DECORATIVE in classes or not alt:
        return f"#pdf.artifact({picture}))"
    return f"#{picture}, alt: {typst_string(alt)})"


def with_alt_text(math: dict[str, Any]) -> dict[str, Any]:
    """The formula, as pandoc writes it in Typst (its TeX made Typst math), inside a content block
    that gives it its TeX source as alt text: PDF/UA-1 asks a Formula for one, and Typst tags it so.
    (A formula pandoc cannot convert stays TeX text, which needs none: the block then sets nothing.)"""
    tex = " ".join(math["c"][1].split())
    return {"t": "Span", "c": [["", [], []], [
        _raw_inline(f"#[#set math.equation(alt: {typst_string(tex)});"), dict(math), _raw_inline("]")]]}


def _add_anchors(blocks: list[dict[str, Any]]) -> None:
    """Marks where each paragraph and heading starts (anchor n) and ends (anchor -n), so that
    their pages can be queried (see page_spans)."""
    for number, block in enumerate(PageLayout.anchored_blocks({"blocks": blocks}), 1):
        inlines = block["c"][2] if block["t"] == "Header" else block["c"]
        inlines.insert(0, _raw_inline(anchor(number)))
        inlines.insert(_last_word(inlines), _raw_inline(anchor(-number)))


WIDE_TABLE = 5      # columns: more cannot stand side by side at 18 pt on an upright A4 or Letter page


def _wide_tables_on_turned_pages(blocks: list[dict[str, Any]]) -> None:
    """A table of more than WIDE_TABLE columns is set on a page of its own turned sideways (landscape),
    as large-print guidance has it: never smaller than 18 pt, never a word broken or run over the rules.
    (Only a table in the main text: a page cannot begin inside a quotation or a list.)"""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.get("t") == "Table" and len(block["c"][2]) > WIDE_TABLE:
            blocks[index:index + 1] = [{"t": "RawBlock", "c": ["typst", "#page(flipped: true)["]}, block,
                                       {"t": "RawBlock", "c": ["typst", "]"]}]


QUOTE_DEPTH = 8    # quotations in quotations indented, at most: 8 indents of 1.5 em take a third of the line
# Typst's show rules nest: it stops at about 32 lists in one another, 12 quotations, 8 quotations around 8
# lists. A quotation weighs as 3 lists; a block is set as a quotation or a list while the weight of those
# around it and its own stays within the budget.
NESTING_BUDGET, QUOTE_WEIGHT, LIST_WEIGHT = 24, 3, 1


def _deep_nesting_flattened(blocks: list[dict[str, Any]], quotes: int = 0, weight: int = 0) -> None:
    """A quotation more than QUOTE_DEPTH deep in others, or past the budget, is set as its paragraphs, at
    the indent of the one around it, and a list past the budget as its items, each with its bullet or
    number written before its words: all the words are there. (After the anchors are placed: the blocks
    keep their numbers, and their pages, in every edition.)"""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        kind = block.get("t")
        if kind == "BlockQuote":
            kept = quotes < QUOTE_DEPTH and weight + QUOTE_WEIGHT <= NESTING_BUDGET
            _deep_nesting_flattened(block["c"], quotes + kept, weight + QUOTE_WEIGHT * kept)
            if not kept:
                blocks[index:index + 1] = block["c"]
        elif kind in ("Div", "Figure"):
            _deep_nesting_flattened(block["c"][-1], quotes, weight)
        elif kind in ("BulletList", "OrderedList"):
            kept = weight + LIST_WEIGHT <= NESTING_BUDGET
            for item in block["c"][-1] if kind == "OrderedList" else block["c"]:    # [attributes, items]
                _deep_nesting_flattened(item, quotes, weight + LIST_WEIGHT * kept)
            if not kept:
                blocks[index:index + 1] = _items_as_paragraphs(block)
        elif kind == "DefinitionList":
            for _term, definitions in block["c"]:
                for definition in definitions:
                    _deep_nesting_flattened(definition, quotes, weight + LIST_WEIGHT)


def _items_as_paragraphs(block: dict[str, Any]) -> list[dict[str, Any]]:
    """A list's items one after another, the first paragraph of each starting with its mark."""
    numbered = block["t"] == "OrderedList"
    first = block["c"][0][0] if numbered else 1
    flat: list[dict[str, Any]] = []
    for number, item in enumerate(block["c"][-1] if numbered else block["c"], first):
        mark = {"t": "Str", "c": f"{number}." if numbered else "\u2022"}
        lead = item[0] if item and item[0].get("t") in ("Para", "Plain") else None
        if lead is None:
            flat.append({"t": "Plain", "c": [mark]})
        else:
            lead["c"][:0] = [mark, {"t": "Space"}]
        flat.extend(item)
    return flat


def _last_word(inlines: list[dict[str, Any]]) -> int:
    """Where the end anchor goes: before the block's last word, which stands on its last line.
    (An anchor after the last word is placed by Typst where the next block begins.)"""
    for index in range(len(inlines) - 1, -1, -1):
        if inlines[index].get("t") == "Str":
            return index
    return len(inlines)


def anchor(number: int) -> str:
    # in its own content block, so the label attaches to the metadata, not to a heading
    # the ; ends the expression: text right after it that starts with "." (".callout") is text, not a field
    return f"#[#metadata({number})<{ANCHOR_LABEL}>];"


def page_layout(book: Book, ast: dict[str, Any]) -> PageLayout:
    """The pages on which each paragraph, list item and heading starts and ends, by its order in
    the book (from 1), and each page's first letters, laid out exactly as build() lays them out;
    the PDF they are read from is written in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="publish-large-print-") as folder:
        work = Path(folder)
        try:
            return _typeset(book, write_typst(book, ast_copy(ast), work), work, work / "pages.pdf")
        except PartlyMade as error:
            return error.made[LAYOUT]


def _layout(found: str, openings: tuple[str, ...] = ()) -> PageLayout:
    # a heading's anchors are met twice, in the contents first: their place in the text comes last and wins
    pages = {number: page for number, page in json.loads(found)}
    return PageLayout({n: (pages[n], pages.get(-n, pages[n])) for n in sorted(k for k in pages if k > 0)},
                      openings)


def typst_string(text: str) -> str:
    """text as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _raw_inline(code: str) -> dict[str, Any]:
    return {"t": "RawInline", "c": ["typst", code]}
