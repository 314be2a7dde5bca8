"""The DOCX edition and the large-print DOCX: every look from a named style, Word's accessibility
checker's points (title, language, headings, alt text, decorative images, table headers, link text),
native footnotes, and a round trip through pandoc's DOCX reader that loses no word and no note.

Both files are read with lxml (python-docx for style names), on the manuscript and on the rich
fixture (images, a table, lists, a quotation, 24 notes). The reference documents are checked
against the script that makes them.
"""
from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import docx as python_docx
import pypandoc
import pytest
from lxml import etree

from conftest import RICH, edition
from edition_text import W, docx_part, docx_text
from publish.book import Book, load_book
from publish.checks import check_file
from publish.editions import docx as docx_edition
from publish.editions.docx_finish import finish
from publish.editions.docx_package import write_parts
from publish.pandoc import read_ast, write
from publish.styles import style_path
from publish.styles.make_reference_docx import LARGE_PRINT, LOOKS, Look, reference_bytes

BOOKS = ["built", "built_rich"]
EDITIONS = ["docx", "large-print-docx"]
WN = W["w"]
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {**W, "wp": WP, "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REQUIRED_STYLES = ["Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Body Text", "First Paragraph",
                   "Footnote Text", "Footnote Reference", "List Bullet", "List Number", "Hyperlink", "Caption",
                   "Table", "Emphasis", "Strong"]
SANS_SERIF = {"Arial", "Calibri", "Verdana", "Tahoma", "Helvetica"}
VAGUE_LINK_TEXT = {"here", "click here", "link", "this link", "more", "read more", "this"}
# what a run or a paragraph may carry besides its style: structure, not looks
STRUCTURAL_RUN_PROPS = {"rStyle", "lang", "rtl", "cs", "noProof"}
STRUCTURAL_PARAGRAPH_PROPS = {"pStyle", "numPr", "bidi", "rPr", "sectPr"}
TEXT_PARTS = ["word/document.xml", "word/footnotes.xml", "word/footer1.xml"]
LARGE_PRINT_MIN_HALF_POINTS = 36
AA_CONTRAST = 4.5


def q(tag: str) -> str:
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


@pytest.fixture(params=BOOKS)
def book_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def result(request: pytest.FixtureRequest, book_name: str) -> Any:
    return request.getfixturevalue(book_name)


@pytest.fixture(params=EDITIONS)
def name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def path(result: Any, name: str) -> Path:
    return edition(result, name)


@pytest.fixture
def ast(result: Any) -> dict[str, Any]:
    return read_ast(result.book)


def nodes(node: Any, kind: str) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from nodes(item, kind)
    elif isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        for value in node.values():
            yield from nodes(value, kind)


def text_of(element: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(q("w:t"))).split())


def style_of(paragraph: etree._Element) -> str | None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(q("w:val")) if style is not None else None


def body_paragraphs(path: Path) -> list[etree._Element]:
    return docx_part(path, "word/document.xml").findall("w:body/w:p", NS)


def real_footnotes(path: Path) -> list[etree._Element]:
    return [f for f in docx_part(path, "word/footnotes.xml").iterfind("w:footnote", NS) if f.get(q("w:type")) is None]


# --- the reference documents ----------------------------------------------------------------

@pytest.mark.parametrize("look", LOOKS, ids=lambda look: look.filename)
def test_reference_document_is_what_the_script_makes(look: Look) -> None:
    assert style_path(look.filename).read_bytes() == reference_bytes(look), \
        f"styles/{look.filename} differs from styles/make_reference_docx.py: run the script and commit"


@pytest.mark.parametrize("look", LOOKS, ids=lambda look: look.filename)
def test_reference_document_has_every_named_style_in_a_sans_serif(look: Look) -> None:
    document = python_docx.Document(str(style_path(look.filename)))
    names = {style.name for style in document.styles}
    assert not [n for n in REQUIRED_STYLES if n not in names]
    styles = docx_part(style_path(look.filename), "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(q("w:ascii")) in SANS_SERIF and fonts.get(q("w:hAnsi")) == fonts.get(q("w:ascii"))
    # no style picks another face (code aside), nor a theme font that a partner's theme could change
    for rfonts in styles.iterfind(".//w:style/w:rPr/w:rFonts", NS):
        style_id = rfonts.getparent().getparent().get(q("w:styleId"))
        assert style_id == "VerbatimChar" or not rfonts.attrib, style_id
    size = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", NS).get(q("w:val"))
    assert int(size) == round(look.body * 2)


@pytest.mark.parametrize("look", LOOKS, ids=lambda look: look.filename)
def test_reference_colours_have_good_contrast_on_white(look: Look) -> None:
    styles = docx_part(style_path(look.filename), "word/styles.xml")
    colours = {c.get(q("w:val")) for c in styles.iter(q("w:color"))}
    assert colours, "the script sets its colours explicitly"
    assert {c: round(contrast(c), 1) for c in colours if contrast(c) < AA_CONTRAST} == {}
    assert not [c for c in styles.iter(q("w:color")) if c.get(q("w:themeColor"))]


def test_large_print_reference_is_large_bold_spaced_left_aligned_and_never_italic() -> None:
    styles = docx_part(style_path(LARGE_PRINT.filename), "word/styles.xml")
    sizes = effective(styles, "sz")
    paragraph_styles = [s.get(q("w:styleId")) for s in styles.iterfind("w:style[@w:type='paragraph']", NS)]
    small = {s: sizes[s] for s in paragraph_styles if int(sizes[s]) < LARGE_PRINT_MIN_HALF_POINTS}
    assert small == {}
    body = int(sizes["BodyText"])
    for level in (1, 2, 3):
        assert int(sizes[f"Heading{level}"]) > body
        assert effective(styles, "b")[f"Heading{level}"] in ("", "1", "true", "on")
    assert int(sizes["Heading1"]) > int(sizes["Heading2"]) > int(sizes["Heading3"])
    italics = [i for i in styles.iter(q("w:i"), q("w:iCs")) if i.get(q("w:val"), "1") not in ("0", "false", "off")]
    assert italics == []
    spacing = styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:spacing", NS)
    assert spacing.get(q("w:line")) == "360" and spacing.get(q("w:lineRule")) == "auto"
    alignments = {jc.getparent().getparent().get(q("w:styleId")) or "defaults": jc.get(q("w:val"))
                  for jc in styles.iter(q("w:jc"))}
    assert {s: a for s, a in alignments.items() if a != "left" and not s.startswith("Table")} == {}
    # note numbers at full size: raised, not superscript (UKAAF: superscripts as large as the text)
    reference = styles.find("w:style[@w:styleId='FootnoteReference']/w:rPr", NS)
    assert reference.find("w:vertAlign", NS).get(q("w:val")) == "baseline"
    assert int(reference.find("w:position", NS).get(q("w:val"))) > 0


def effective(styles: etree._Element, prop: str) -> dict[str, str]:
    """Each style's value of a run property (sz, b, ...), following basedOn to the document defaults."""
    default = styles.find(f"w:docDefaults/w:rPrDefault/w:rPr/w:{prop}", NS)
    by_id = {s.get(q("w:styleId")): s for s in styles.iterfind("w:style", NS)}

    def value(style_id: str | None, seen: frozenset[str] = frozenset()) -> str | None:
        style = by_id.get(style_id or "")
        if style is None or style_id in seen:
            return default.get(q("w:val"), "") if default is not None else None
        own = style.find(f"w:rPr/w:{prop}", NS)
        if own is not None:
            return own.get(q("w:val"), "")
        based = style.find("w:basedOn", NS)
        return value(based.get(q("w:val")) if based is not None else None, seen | {style_id})
    return {style_id: value(style_id) for style_id in by_id}


def contrast(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


# --- the text ---------------------------------------------------------------------------------

def test_title_comes_first_in_the_title_style(path: Path, result: Any) -> None:
    first = body_paragraphs(path)[0]
    assert (style_of(first), text_of(first)) == ("Title", result.book.title)
    styles = [style_of(p) for p in body_paragraphs(path)]
    assert styles.count("Title") == 1


def test_headings_are_heading_styles_in_order(path: Path, ast: dict[str, Any]) -> None:
    found = [(int(style_of(p)[len("Heading"):]), text_of(p)) for p in body_paragraphs(path)
             if (style_of(p) or "").startswith("Heading")]
    expected = [(h["c"][0], " ".join(inline_text(h["c"][2]).split())) for h in ast["blocks"] if h["t"] == "Header"]
    assert found == expected
    levels = [level for level, _ in found]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))


def inline_text(inlines: list[Any]) -> str:
    return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] in ("Space", "SoftBreak") else
                   inline_text(i["c"][-1] if i["t"] in ("Span", "Link") else i["c"])
                   if isinstance(i.get("c"), list) else "" for i in inlines)


def test_notes_are_native_footnotes_at_their_references(path: Path, ast: dict[str, Any]) -> None:
    expected = list(nodes(ast["blocks"], "Note"))
    document = docx_part(path, "word/document.xml")
    references = document.findall(".//w:footnoteReference", NS)
    footnotes = real_footnotes(path)
    assert len(references) == len(footnotes) == len(expected) > 0
    by_id = {f.get(q("w:id")): f for f in footnotes}
    for reference, note in zip(references, expected):
        footnote = by_id[reference.get(q("w:id"))]
        words = write_plain(note["c"]).split()
        assert text_of(footnote).split() == words
        assert reference.getparent().find("w:rPr/w:rStyle", NS).get(q("w:val")) == "FootnoteReference"
        assert {style_of(p) for p in footnote.iterfind("w:p", NS)} <= {"FootnoteText", "FootnoteBlockText"}


def write_plain(blocks: list[Any]) -> str:
    """Blocks as plain text, by pandoc itself."""
    return _plain(json.dumps({"pandoc-api-version": PANDOC_API, "meta": {}, "blocks": blocks}))


@functools.lru_cache(maxsize=None)
def _plain(document: str) -> str:
    return pypandoc.convert_text(document, "plain", format="json", extra_args=["--wrap=none"])


PANDOC_API = json.loads(pypandoc.convert_text("x", "json", format="markdown"))["pandoc-api-version"]


def test_no_empty_paragraphs_for_spacing(path: Path) -> None:
    for part in TEXT_PARTS:
        root = docx_part(path, part)
        empty = [p.sourceline for p in root.iter(q("w:p"))
                 if not text_of(p) and p.find(".//w:drawing", NS) is None
                 and p.find(".//w:footnoteRef", NS) is None and p.find(".//w:separator", NS) is None
                 and p.find(".//w:continuationSeparator", NS) is None]
        assert empty == [], part


def test_no_direct_formatting(path: Path) -> None:
    """Every look comes from a style: runs and paragraphs carry only their style and structure."""
    for part in TEXT_PARTS:
        root = docx_part(path, part)
        for props, allowed in (("w:rPr", STRUCTURAL_RUN_PROPS), ("w:pPr", STRUCTURAL_PARAGRAPH_PROPS)):
            found = Counter(etree.QName(child).localname for element in root.iter(q(props))
                            if element.getparent().tag in (q("w:r"), q("w:p")) for child in element)
            assert set(found) <= allowed, (part, found)


def test_every_style_used_is_defined(path: Path) -> None:
    defined = {s.get(q("w:styleId")) for s in docx_part(path, "word/styles.xml").iterfind("w:style", NS)}
    for part in TEXT_PARTS:
        root = docx_part(path, part)
        used = {e.get(q("w:val")) for e in root.iter(q("w:pStyle"), q("w:rStyle"), q("w:tblStyle"))}
        assert used - defined == set(), part


def test_hyperlinks_have_meaningful_text_and_real_targets(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for part in TEXT_PARTS:
            rels_name = part.replace("word/", "word/_rels/") + ".rels"
            rels = etree.fromstring(z.read(rels_name)) if rels_name in z.namelist() else None
            targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
            for link in etree.fromstring(z.read(part)).iter(q("w:hyperlink")):
                text = text_of(link)
                assert text and text.lower() not in VAGUE_LINK_TEXT
                target = targets.get(link.get(q("r:id"))) if link.get(q("r:id")) else "#" + link.get(q("w:anchor"))
                assert target and not target.startswith("/"), target
                assert all(r.find("w:rStyle", NS).get(q("w:val")) == "Hyperlink" for r in link.iterfind("w:r/w:rPr", NS))


def test_pages_are_a4_and_notes_numbered_through(path: Path) -> None:
    """LibreOffice reads pandoc's "restart each section" as "each chapter" (1, 2, 1, 2 ...)."""
    section = docx_part(path, "word/document.xml").find("w:body/w:sectPr", NS)
    restart = section.find("w:footnotePr/w:numRestart", NS)
    assert restart is None or restart.get(q("w:val")) == "continuous"
    size = section.find("w:pgSz", NS)
    assert (size.get(q("w:w")), size.get(q("w:h"))) == ("11906", "16838")


def test_every_page_shows_its_number_in_the_same_place(path: Path) -> None:
    section = docx_part(path, "word/document.xml").find("w:body/w:sectPr", NS)
    reference = section.find("w:footerReference[@w:type='default']", NS)
    with zipfile.ZipFile(path) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == reference.get(q("r:id")))
    footer = docx_part(path, f"word/{target}")
    assert [style_of(p) for p in footer.iterfind("w:p", NS)] == ["Footer"]
    assert [t.text.strip() for t in footer.iter(q("w:instrText"))] == ["PAGE"]


def test_language_is_set(path: Path, result: Any) -> None:
    lang = docx_part(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(q("w:val")) == result.book.language
    settings = docx_part(path, "word/settings.xml").find("w:themeFontLang", NS)
    assert settings.get(q("w:val")) == result.book.language


def test_core_properties_come_from_the_book(path: Path, result: Any) -> None:
    book: Book = result.book
    core = docx_part(path, "docProps/core.xml")
    found = {tag: core.findtext(tag, namespaces=NS) for tag in
             ("dc:title", "dc:creator", "dc:subject", "dc:description", "cp:keywords", "dc:language")}
    assert found["dc:title"] == book.title
    assert found["dc:creator"] == "; ".join(book.creators) and book.creators[0] in found["dc:creator"]
    assert found["dc:description"] == book.description
    assert found["dc:language"] == book.language
    assert [k.strip() for k in found["cp:keywords"].split(",")] == book.subjects
    assert [s.strip() for s in found["dc:subject"].split(";")] == book.subjects
    stamp = book.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.findtext("dcterms:created", namespaces=NS) == core.findtext("dcterms:modified", namespaces=NS) == stamp


def test_word_opens_it_in_its_current_format_without_stale_counts(path: Path) -> None:
    settings = docx_part(path, "word/settings.xml")
    mode = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert int(mode.get(q("w:val"))) >= 15
    app = docx_part(path, "docProps/app.xml")
    assert [etree.QName(e).localname for e in app if etree.QName(e).localname in ("Words", "Pages")] == []


def test_pictures_have_alt_text_and_decorative_ones_are_marked(path: Path, ast: dict[str, Any]) -> None:
    images = list(nodes(ast["blocks"], "Image"))
    pictures = docx_part(path, "word/document.xml").findall(".//wp:docPr", NS)
    assert len(pictures) == len(images)
    for picture, image in zip(pictures, images):
        decorative = "decorative" in image["c"][0][1]
        flags = picture.findall("a:extLst/a:ext/adec:decorative", NS)
        if decorative:
            assert [f.get("val") for f in flags] == ["1"] and picture.get("descr") == ""
        else:
            assert flags == [] and picture.get("descr") == inline_text(image["c"][1])
    # the image's file path never stands in for the alt text
    for described in docx_part(path, "word/document.xml").iter(q("wp:docPr"), q("pic:cNvPr")):
        assert "/" not in described.get("descr", "") and ".png" not in described.get("descr", "")


def test_rich_fixture_has_pictures_lists_table_and_quotation(built_rich: Any, name: str) -> None:
    """The rich fixture guards the tests above from passing on a book without the feature."""
    path = edition(built_rich, name)
    document = docx_part(path, "word/document.xml")
    pictures = document.findall(".//wp:docPr", NS)
    assert sum(1 for p in pictures if p.find("a:extLst/a:ext/adec:decorative", NS) is not None) == 1
    assert [p.get("descr") for p in pictures if p.get("descr")] == [
        "Bar chart of members by year: 120 in 2019, 180 in 2020, 260 in 2021 and 300 in 2022, rising every year."]
    styles = Counter(style_of(p) for p in document.iter(q("w:p")))
    assert styles["ListBullet"] == 3 and styles["ListNumber"] == 3 and styles["BlockText"] == 1
    assert len(real_footnotes(path)) == 24
    formats = numbering_formats(path)
    for paragraph in document.iter(q("w:p")):
        num_id = paragraph.find("w:pPr/w:numPr/w:numId", NS)
        if num_id is not None:
            expected = "bullet" if style_of(paragraph) == "ListBullet" else "decimal"
            assert formats[num_id.get(q("w:val"))] == expected
    tables = document.findall(".//w:tbl", NS)
    assert len(tables) == 1
    table = tables[0]
    assert table.find("w:tblPr/w:tblStyle", NS).get(q("w:val")) == "Table"
    assert table.find("w:tblPr/w:tblCaption", NS).get(q("w:val")) == "Visits and volunteers by year"
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert [text_of(c) for c in rows[0].findall("w:tc", NS)] == ["Year", "Visits", "Volunteers"]
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    # right-aligned figures by style, not by direct alignment
    assert [style_of(p) for p in rows[1].iter(q("w:p"))] == ["TableText", "TableFigures", "TableFigures"]


def test_large_print_pictures_take_the_full_text_width(built_rich: Any) -> None:
    for name, at_least in (("large-print-docx", 0.95), ("docx", 0.0)):
        path = edition(built_rich, name)
        document = docx_part(path, "word/document.xml")
        section = document.find("w:body/w:sectPr", NS)
        margins = section.find("w:pgMar", NS)
        text_width = (int(section.find("w:pgSz", NS).get(q("w:w"))) - int(margins.get(q("w:left")))
                      - int(margins.get(q("w:right")))) * EMU_PER_TWIP
        widths = [int(e.get("cx")) for e in document.iter(q("wp:extent"))]
        assert widths and all(at_least * text_width <= width <= text_width * 1.001 for width in widths), name


EMU_PER_TWIP = 635


def numbering_formats(path: Path) -> dict[str, str]:
    numbering = docx_part(path, "word/numbering.xml")
    abstract = {a.get(q("w:abstractNumId")): a.find("w:lvl[@w:ilvl='0']/w:numFmt", NS).get(q("w:val"))
                for a in numbering.iterfind("w:abstractNum", NS)}
    return {n.get(q("w:numId")): abstract[n.find("w:abstractNumId", NS).get(q("w:val"))]
            for n in numbering.iterfind("w:num", NS)}


def test_emphasis_is_a_style_and_bold_in_large_print(built_rich: Any, name: str) -> None:
    document = docx_part(edition(built_rich, name), "word/document.xml")
    runs = {text_of(r): r.find("w:rPr/w:rStyle", NS).get(q("w:val")) for r in document.iter(q("w:r"))
            if text_of(r) in ("emphasis", "strong emphasis")}
    assert runs == {"emphasis": "Strong" if name == "large-print-docx" else "Emphasis",
                    "strong emphasis": "Strong"}


@pytest.mark.parametrize("book_fixture", BOOKS)
def test_large_print_text_is_never_smaller_than_18_points(request: pytest.FixtureRequest, book_fixture: str) -> None:
    assert_large_print(edition(request.getfixturevalue(book_fixture), "large-print-docx"))


def assert_large_print(path: Path) -> None:
    """Every style the text uses is 18 pt or more and never italic, following basedOn."""
    styles = docx_part(path, "word/styles.xml")
    sizes = effective(styles, "sz")
    italic = effective(styles, "i")
    for part in TEXT_PARTS:
        root = docx_part(path, part)
        paragraph_styles = {style_of(p) or "Normal" for p in root.iter(q("w:p"))}
        run_styles = {s.get(q("w:val")) for s in root.iter(q("w:rStyle"))}
        assert {s: sizes[s] for s in paragraph_styles | run_styles
                if int(sizes[s]) < LARGE_PRINT_MIN_HALF_POINTS} == {}, part
        assert {s for s in paragraph_styles | run_styles if italic[s] not in (None, "0", "false", "off")} == set()


# --- round trip, checks, bytes ------------------------------------------------------------------

WORD = re.compile(r"\w+(?:[’'.,/-]\w+)*")


def test_round_trip_through_pandoc_gives_back_every_word_and_note(path: Path, result: Any,
                                                                 ast: dict[str, Any]) -> None:
    source = Counter(WORD.findall(write(result.book, ast, "plain", args=["--wrap=none"])))
    back = Counter(WORD.findall(docx_text(path)))
    assert source - back == Counter()
    read_back = json.loads(pypandoc.convert_file(str(path), "json", format="docx"))
    assert len(list(nodes(read_back["blocks"], "Note"))) == len(list(nodes(ast["blocks"], "Note")))


def test_the_projects_checks_find_nothing(path: Path, result: Any, name: str) -> None:
    assert [f.as_text() for f in check_file(path, path.name)] == []
    assert next(e for e in result.editions if e.name == name).findings == ()


def test_zip_has_content_types_first_and_the_books_date(built_rich: Any) -> None:
    for name in EDITIONS:
        with zipfile.ZipFile(edition(built_rich, name)) as z:
            assert z.namelist()[0] == "[Content_Types].xml"
            assert {i.date_time for i in z.infolist()} == {built_rich.book.modified.timetuple()[:6]}


INLINE_MANUSCRIPT = """---
title: Inline *styles*
lang: fr
creator: [Une Autrice]
---

Plain, *emphasis*, **strong**, ***both***, **strong *within* strong**, H~2~O, x^2^,
~~struck~~, [underlined]{.underline}, [Small caps]{.smallcaps} and `code`.[^1]

[^1]: A note with *its own emphasis*.
"""


@pytest.mark.parametrize("manuscript", ["rich", "inline"])
def test_both_docx_from_one_pandoc_run_equal_each_made_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             manuscript: str) -> None:
    """The large-print DOCX is made from the DOCX's pandoc run (docx_large_print.py): part for part,
    it must say what pandoc's own run with the large-print reference says."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764400000")
    source = RICH
    if manuscript == "inline":
        source = tmp_path / "inline.md"
        source.write_text(INLINE_MANUSCRIPT, encoding="utf-8")
    book = load_book(source)
    ast = read_ast(book)
    alone, together = tmp_path / "alone", tmp_path / "together"
    alone.mkdir()
    together.mkdir()
    large = alone / f"{book.slug}-large-print.docx"      # pandoc's own run with the large-print reference
    write_parts(finish(docx_edition.pandoc_parts(book, copy.deepcopy(ast), large_print=True), book,
                       full_width_pictures=True), large, book.modified)
    made_alone = [docx_edition.build(book, ast, alone), large]
    made_together = docx_edition.build_both(book, ast, together)
    for one, other in zip(made_alone, made_together):
        assert one.name == other.name
        with zipfile.ZipFile(one) as a, zipfile.ZipFile(other) as b:
            assert a.namelist() == b.namelist()
            for name in a.namelist():
                assert _canonical(a.read(name), name) == _canonical(b.read(name), name), f"{one.name}: {name}"
    bold = docx_part(made_together[1], "word/document.xml").xpath("//w:rStyle/@w:val", namespaces=W)
    assert "Strong" in bold and not {"Emphasis", "StrongEmphasis"} & set(bold)


def _canonical(data: bytes, name: str) -> bytes:
    """XML parts in canonical form (the order of attributes is the writer's), others as they are."""
    if name.endswith((".xml", ".rels")):
        return etree.tostring(etree.fromstring(data), method="c14n")
    return data


@pytest.mark.parametrize("large_print", [False, True], ids=["docx", "large-print-docx"])
def test_every_inline_format_is_a_character_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  large_print: bool) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764400000")
    source = tmp_path / "inline.md"
    source.write_text(INLINE_MANUSCRIPT, encoding="utf-8")
    book = load_book(source)
    make = docx_edition.build_large_print if large_print else docx_edition.build
    path = make(book, read_ast(book), tmp_path)
    test_no_direct_formatting(path)
    test_every_style_used_is_defined(path)
    runs = []
    for part in TEXT_PARTS:
        for run in docx_part(path, part).iter(q("w:r")):
            style = run.find("w:rPr/w:rStyle", NS)
            if text_of(run).strip() and style is not None:
                runs.append((text_of(run), style.get(q("w:val"))))
    emphasis = "Strong" if large_print else "Emphasis"
    both = "Strong" if large_print else "StrongEmphasis"
    assert runs == [("styles", emphasis), ("emphasis", emphasis), ("strong", "Strong"), ("both", both), ("strong", "Strong"),
                    ("within", both), ("strong", "Strong"), ("2", "Subscript"), ("2", "Superscript"),
                    ("struck", "Strikethrough"), ("underlined", "Underline"), ("Small caps", "SmallCapitals"),
                    ("code", "VerbatimChar"), ("its own emphasis", emphasis)]
    italic = effective(docx_part(path, "word/styles.xml"), "i")
    assert (italic["StrongEmphasis"] not in (None, "0")) is (not large_print)
    assert (italic["Emphasis"] not in (None, "0")) is (not large_print)


UNUSUAL_MANUSCRIPT = """---
title: Unusual structures
lang: en
---

# Lists

- one
    - nested *two*
- three

1. first

   a second paragraph in the first item

2. second

Term
:   Definition of the term.

# Tables, code and pictures

  a     b
----- -----
  1     2

```python
print("code keeps its words")
```

[![A chart inside a link](members-chart.png)](https://example.org/chart)

Text with a picture ![A small chart](members-chart.png){width=20%} inside it.

A note with a picture.[^p]

[^p]: The note has ![A chart in a note](members-chart.png) a picture.

::: {lang=fr}
Un paragraphe en français.
:::
"""


@pytest.mark.parametrize("large_print", [False, True], ids=["docx", "large-print-docx"])
def test_unusual_structures_keep_every_look_in_a_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      large_print: bool) -> None:
    """Nested and loose lists, a definition list, a code block, pictures in a link, in a line and in a
    note, a passage in another language: still no direct formatting, every style defined."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764400000")
    shutil.copy(RICH / "images" / "members-chart.png", tmp_path)
    source = tmp_path / "unusual.md"
    source.write_text(UNUSUAL_MANUSCRIPT, encoding="utf-8")
    book = load_book(source)
    path = (docx_edition.build_large_print if large_print else docx_edition.build)(book, read_ast(book), tmp_path)
    test_no_direct_formatting(path)
    test_every_style_used_is_defined(path)
    test_no_empty_paragraphs_for_spacing(path)
    if large_print:
        assert_large_print(path)
    described = [d.get("descr") for part in TEXT_PARTS for d in docx_part(path, part).iter(q("wp:docPr"))]
    assert described == ["A chart inside a link", "A small chart", "A chart in a note"]
    assert "code keeps its words" in docx_text(path)
    # an item's second paragraph is indented by List Continue, not made an item with an empty bullet
    later = [p for p in docx_part(path, "word/document.xml").iter(q("w:p"))
             if text_of(p) == "a second paragraph in the first item"]
    assert [(style_of(p), p.find("w:pPr/w:numPr", NS)) for p in later] == [("ListContinue", None)]
    assert [f.as_text() for f in check_file(path, path.name)] == []
