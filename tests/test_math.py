"""Mathematics in every edition (issue 16): a manuscript with an inline and a display formula, built
through publish.build.build, read back edition by edition.

- large-print PDF: every character of the formulas in STIX Two Math at 18 pt or more (scripts too),
  PDF/UA-1 with each formula a Formula structure element whose Alt is its TeX;
- EPUB: MathML with alttext in the content document, the manifest property mathml on exactly the
  documents holding it, the MathML accessibility feature; EPUBCheck and Ace by DAISY clean;
- HTML: MathML with the TeX as alttext; axe-core clean;
- DOCX and large-print DOCX: Word equations (m:oMath), in the large print at 18 pt or more.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

import axe
from conftest import edition, require_tool
from edition_text import XHTML, epub_documents, html_tree
from epub_validators import (ace_missing_metadata, ace_violations, epubcheck_counts, epubcheck_messages,
                             require_ace, require_epubcheck, run_ace, run_epubcheck)
from pdf_pages import read_pdf
from publish.editions import EDITIONS
from publish.build import BuildResult, build
from publish.editions import large_print, mathml

INLINE = "x^2 + y^2 = z^2"
DISPLAY = r"\frac{a}{b} = \sqrt{c}"
MANUSCRIPT = f"""---
title: Right triangles
lang: en-GB
publisher: Test Press
---

# Pythagoras

For every right triangle ${INLINE}$, where z is the longest side.

$${DISPLAY}$$

A sentence of plain text after the formulas.
"""
# the characters Typst sets for the two formulas (letters as mathematical italic)
FORMULA_CHARS = set("𝑥𝑦𝑧𝑎𝑏𝑐") | set("2+=√")
MIN_SIZE = 17.9                    # 18 pt, allowing for rounding
MATHML = "http://www.w3.org/1998/Math/MathML"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def maths(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("maths")
    (folder / "text.md").write_text(MANUSCRIPT, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1764400000")
    try:
        result = build(folder, folder.parent / f"{folder.name}-dist", force=True)
    finally:
        mp.undo()
    return result


def test_every_edition_is_made_and_checked_clean(maths):
    assert sorted(e.name for e in maths.editions) == sorted(EDITIONS)
    assert [f.as_text() for f in maths.findings] == []


# --- large-print PDF -------------------------------------------------------------------------------

def test_pdf_formulas_are_in_stix_two_math_at_18_point_or_more(maths):
    chars = read_pdf(edition(maths, "large-print")).chars
    in_math = [c for c in chars if "STIXTwoMath" in c["fontname"]]
    assert FORMULA_CHARS <= {c["text"] for c in in_math}
    # the superscript 2s and the fraction's a and b too: nothing in a formula is shrunk
    assert sum(c["text"] == "2" for c in in_math) == 3
    assert min(c["size"] for c in in_math) >= MIN_SIZE
    assert min(c["size"] for c in chars) >= MIN_SIZE
    others = {c["fontname"].split("+")[-1] for c in chars if c not in in_math}
    assert others and all(name.startswith("AtkinsonHyperlegible") for name in others), others


def formulas(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The PDF's Formula structure elements, in document order."""
    from test_large_print import struct_elements
    return [element for element in struct_elements(pdf) if element.get("/S") == "/Formula"]


def test_pdf_is_pdf_ua_with_each_formula_tagged_with_its_tex_as_alt(maths):
    with pikepdf.open(edition(maths, "large-print")) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert str(pdf.Root.Lang) == "en-GB"
        assert [str(f.Alt) for f in formulas(pdf)] == [INLINE, DISPLAY]
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                    else font.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont


def test_alt_text_survives_quotes_and_backslashes():
    math = {"t": "Math", "c": [{"t": "InlineMath"}, '\\text{say "hi"}\n  + 1']}
    wrapped = large_print.with_alt_text(math)
    assert wrapped["c"][1][0]["c"] == ["typst", '#[#set math.equation(alt: "\\\\text{say \\"hi\\"} + 1");']
    assert wrapped["c"][1][1] == math and wrapped["c"][1][2]["c"] == ["typst", "]"]


# --- EPUB ----------------------------------------------------------------------------------------

def _package(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        return etree.fromstring(z.read(container.find(".//c:rootfile", XHTML).get("full-path")))


def test_epub_has_mathml_with_alttext_and_the_mathml_property(maths):
    path = edition(maths, "epub")
    documents = epub_documents(path)
    with_math = {name.rsplit("/", 1)[-1]: [(m.get("display"), m.get("alttext"))
                                           for m in doc.iter(f"{{{MATHML}}}math")]
                 for name, doc in documents.items()}
    assert [formulas for formulas in with_math.values() if formulas] == [[("inline", INLINE), ("block", DISPLAY)]]
    package = _package(path)
    marked = {item.get("href") for item in package.iterfind(".//opf:manifest/opf:item", XHTML)
              if "mathml" in (item.get("properties") or "").split()}
    assert marked == {name for name, found in with_math.items() if found}
    features = [m.text for m in package.iterfind(".//opf:meta[@property='schema:accessibilityFeature']", XHTML)]
    assert "MathML" in features


@pytest.fixture(scope="module")
def validator_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("math-validators")


def test_epubcheck_finds_nothing(maths, validator_work):
    require_epubcheck()
    report = run_epubcheck(edition(maths, "epub"), validator_work)
    counts = epubcheck_counts(report)
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), epubcheck_messages(report)


def test_ace_finds_no_violation(maths, validator_work):
    require_ace()
    report = run_ace(edition(maths, "epub"), validator_work)
    assert ace_violations(report) == []
    assert set(ace_missing_metadata(report)) <= {"a11y:certifierCredential", "a11y:certifierReport"}
    assert report["earl:result"]["earl:outcome"] == "pass"


# --- HTML ----------------------------------------------------------------------------------------

def test_html_has_mathml_with_the_tex_as_alttext(maths):
    found = [(m.get("display"), m.get("alttext")) for m in html_tree(edition(maths, "html")).iter("math")]
    assert found == [("inline", INLINE), ("block", DISPLAY)]


def test_alttext_is_escaped_in_the_html():
    page = ('<p><math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mi>a</mi>'
            '<annotation encoding="application/x-tex">a &lt; \\text{&quot;b&quot;}</annotation></semantics></math></p>')
    assert 'alttext="a &lt; \\text{&quot;b&quot;}"' in mathml.with_alttext(page)


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (320, "dark")])
def test_axe_finds_nothing(maths, width, scheme):
    require_tool(axe.available(), "Chromium (/usr/bin/chromium), axe-core or playwright is not installed")
    report = axe.audit(edition(maths, "html"), width, scheme)
    assert report.violations == [], report.summary()
    assert not report.scrolls_sideways


# --- DOCX ----------------------------------------------------------------------------------------

def _document(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _styles(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/styles.xml"))


@pytest.mark.parametrize("name", ["docx", "large-print-docx"])
def test_docx_has_word_equations(maths, name):
    document = _document(edition(maths, name))
    equations = list(document.iter(f"{M}oMath"))
    assert len(equations) == 2
    assert len(list(document.iter(f"{M}oMathPara"))) == 1         # the display formula on its own
    text = ["".join(t.text or "" for t in eq.iter(f"{M}t")) for eq in equations]
    assert text == ["x2+y2=z2", "ab=c"]


def _size(styles: etree._Element, style_id: str | None) -> int:
    """A paragraph style's font size in half-points, through its basedOn chain to the defaults."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    while style_id in by_id:
        size = by_id[style_id].find(f"{W}rPr/{W}sz")
        if size is not None:
            return int(size.get(f"{W}val"))
        based = by_id[style_id].find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return int(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz").get(f"{W}val"))


def test_large_print_docx_equations_are_18_point_or_more(maths):
    path = edition(maths, "large-print-docx")
    document, styles = _document(path), _styles(path)
    paragraphs = [p for p in document.iter(f"{W}p") if next(p.iter(f"{M}oMath"), None) is not None]
    assert len(paragraphs) == 2
    for paragraph in paragraphs:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        assert _size(styles, style.get(f"{W}val") if style is not None else "Normal") >= 36
        # no run of a formula sets a smaller size of its own
        sizes = [int(s.get(f"{W}val")) for s in paragraph.iter(f"{W}sz")]
        assert all(size >= 36 for size in sizes), sizes


def test_manuscripts_without_math_keep_their_metadata(built):
    """The first book has no formula: no mathml property, no MathML feature."""
    package = _package(edition(built, "epub"))
    assert not [i for i in package.iterfind(".//opf:manifest/opf:item", XHTML)
                if "mathml" in (i.get("properties") or "")]
    assert not re.search(r">MathML<", etree.tostring(package, encoding="unicode"))


def test_a_symbol_stix_lacks_is_drawn_from_a_text_face_and_one_no_face_has_is_named(tmp_path):
    """A Devanagari word in \\text{} is set in its own face inside the formula; an emoji no bundled face
    has is one finding at its line, and the large print shows its name there: the book is built."""
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "text.md").write_text("---\ntitle: Symbols\nlang: en\n---\n\n# One\n\n"
                                      "A word $\\text{कमल} + 1$ and a smile $x = 😀$ here.\n", encoding="utf-8")
    result = build(tmp_path / "book", tmp_path / "dist", force=True)
    assert sorted(e.name for e in result.editions) == sorted(EDITIONS)
    assert [(f.line, f.column, f.code) for f in result.findings] == [(8, 38, "font-glyph-missing")]   # the formula
    assert "😀 (U+1F600 GRINNING FACE) is in none of the typefaces a formula is set in" in result.findings[0].message
    pdf = read_pdf(edition(result, "large-print"))
    text = "".join(page.text for page in pdf.pages)
    assert "[grinning face]" in text and "कमल" in text.replace("\n", "")
    fonts = {c["fontname"].split("+")[-1] for c in pdf.chars if c["text"] == "क"}
    assert fonts and all(f.startswith("NotoSansDevanagari") for f in fonts), fonts
    assert min(c["size"] for c in pdf.chars) >= MIN_SIZE
    assert "😀" in html_tree(edition(result, "html")).xpath("string(//main)")   # the browser's fonts draw it
