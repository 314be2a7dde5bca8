"""Constructs people paste into Markdown reach every edition: raw HTML blocks with words (a table, a
paragraph) are read as pandoc reads HTML, so the DOCX and the large print, which cannot carry HTML,
keep their words."""
from __future__ import annotations

from pathlib import Path

from edition_text import docx_text, epub_text, html_tree, pdf_text
from publish.build import build

RAW = """---
title: Raw tables
lang: en
---

# One

<table>
<tr><th>Country</th><th>Law</th></tr>
<tr><td>New Zealand</td><td>Decriminalised</td></tr>
</table>

<div class="note">
Markdown *inside* a div.
</div>

<p>A raw paragraph with <b>bold</b> words.</p>
"""
TEXTS = {"epub": epub_text, "docx": docx_text, "large-print-docx": docx_text, "large-print": pdf_text}


def test_words_in_raw_html_blocks_reach_every_edition(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text(RAW, encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist",
                   only=["epub", "html", "docx", "large-print-docx", "large-print"])
    assert result.failures == () and result.manuscript_findings == ()
    for edition in result.editions:
        if edition.name in TEXTS:
            text = " ".join(TEXTS[edition.name](edition.path).split())
            for words in ("Country Law", "New Zealand Decriminalised", "Markdown inside a div.",
                          "A raw paragraph with bold words."):
                assert words in text.replace(" .", "."), (edition.name, words)
    page = html_tree(next(e.path for e in result.editions if e.name == "html"))
    assert [th.text_content().strip() for th in page.xpath("//table//th")] == ["Country", "Law"]   # a real table


def test_an_empty_corner_header_cell_is_a_data_cell_and_axe_finds_nothing(tmp_path: Path) -> None:
    import zipfile

    import axe
    from lxml import etree
    (tmp_path / "book.md").write_text("---\ntitle: Corner\nlang: en\n---\n\n# One\n\n|   | 2023 | 2024 |\n"
                                      "|---|------|------|\n| Cases | 1 | 2 |\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["epub", "html"])
    editions = {e.name: e.path for e in result.editions}
    page = html_tree(editions["html"])
    assert [c.tag for c in page.xpath("//table//tr")[0]] == ["td", "th", "th"]
    with zipfile.ZipFile(editions["epub"]) as epub:
        chapter = etree.fromstring(epub.read("EPUB/text-01.xhtml"))
    heads = chapter.xpath("//*[local-name()='th']")
    assert [h.text for h in heads] == ["2023", "2024"]
    if not axe.available():
        import pytest
        pytest.skip("axe-core needs node_modules/axe-core and Chromium")
    report = axe.audit(editions["html"], 1280)
    assert report.violations == [], report.summary()


KITCHEN_SINK = Path(__file__).resolve().parent / "fixtures" / "kitchen-sink"   # every construct of Pandoc's Markdown


def _words(text: str) -> list[str]:
    import re
    return re.findall(r"[^\W_]+", text.lower())       # letters and digits; "_" is pandoc's plain mark of a subscript


def test_every_construct_of_pandocs_markdown_reaches_every_edition(tmp_path: Path) -> None:
    """All five editions of a manuscript holding every construct (citations with a bibliography, maths,
    a web image, symbols, raw HTML, wide tables, long code lines, lists of every kind...): EPUBCheck and
    axe clean, every PDF character at 18 pt or more, and at least 99% of the words of pandoc's own
    plain-text reading of it (`pandoc --citeproc -t plain`) in every edition."""
    import json
    import re
    import shutil
    from collections import Counter

    from publish.ast import elements

    import pypandoc
    import pytest

    from epub_validators import epubcheck_messages, require_epubcheck, run_epubcheck
    from pdf_pages import read_pdf
    book = tmp_path / "book"
    shutil.copytree(KITCHEN_SINK, book)
    result = build(book, tmp_path / "dist", only=["epub", "html", "docx", "large-print-docx", "large-print"])
    assert result.failures == ()
    assert [f.code for f in result.findings] == ["link-image-remote"]      # the web image, said once
    editions = {e.name: e.path for e in result.editions}
    pdf = read_pdf(editions["large-print"])
    text = " ".join(page.text for page in pdf.pages)
    for words in ("[ ] a task", "[x] done task", "Definition of the term.", "Inline note text.",
                  "The limerick packs laughs anatomical", "A fenced div with content.", "(2) Second example.",
                  "(Smith 2020, 12)", "Words inside a details element."):
        assert words in text, words
    assert min(c["size"] for c in pdf.chars) >= 17.9
    # the ten-column table on a page turned sideways, every word whole
    turned = [page for page in pdf.pages if "epsilon" in page.text]
    assert len(turned) == 1 and turned[0].width > turned[0].height
    assert all(word in turned[0].text.split() for word in ("alpha", "epsilon", "kappa", "lambda"))
    # code in the text's colour: no syntax highlighting's grey comments or pale keywords
    assert {tuple(c["non_stroking_color"] or (0,)) for c in pdf.chars if c["text"] in "return#comment"} <= \
        {(0,), (0, 0, 0), (0.0,), (0.0, 0.0, 0.0)}
    # pandoc's own words for the text; its formulas are compared apart (each edition writes maths its own way)
    ast = json.loads(pypandoc.convert_file(str(book / "book.md"), "json",
                                           extra_args=["--citeproc", f"--resource-path={book}"]))
    for formula in elements(ast, "Math"):
        formula.clear()
        formula.update({"t": "Space"})
    plain = pypandoc.convert_text(json.dumps(ast), "plain", format="json")
    expected = Counter(_words(plain))
    readers = {**TEXTS, "html": lambda path: "".join(html_tree(path).itertext())}
    for name, path in editions.items():
        shown = readers[name](path)
        if name == "large-print":     # a word hyphenated at the end of a line in a narrow table column
            shown = re.sub(r"(\w)-\n(\w)", r"\1\2", shown)
        found = Counter(_words(shown))
        kept = sum(min(count, found[word]) for word, count in expected.items())
        assert kept / sum(expected.values()) >= 0.99, (name, sorted((expected - found).items())[:20])
    require_epubcheck()
    assert epubcheck_messages(run_epubcheck(editions["epub"], tmp_path)) == []
    import axe
    if not axe.available():
        pytest.skip("axe-core needs node_modules/axe-core and Chromium")
    for width in (1280, 320):
        report = axe.audit(editions["html"], width)
        assert report.violations == [], report.summary()


def test_a_tex_page_break_is_a_page_break_in_the_large_print_and_nothing_elsewhere(tmp_path: Path) -> None:
    from pdf_pages import read_pdf
    (tmp_path / "book.md").write_text("---\ntitle: Breaks\nlang: en\n---\n\n# One\n\nFirst page text.\n\n\\newpage\n\n"
                                      "Second page text.\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["large-print", "html", "docx"])
    assert result.findings == []                   # not raw LaTeX left out: the one raw TeX a book needs
    editions = {e.name: e.path for e in result.editions}
    pages = [page.text for page in read_pdf(editions["large-print"]).pages]
    first = next(n for n, text in enumerate(pages) if "First page text." in text)
    assert "Second page text." not in pages[first] and pages[first + 1].startswith("Second page text.")
    assert "newpage" not in editions["html"].read_text(encoding="utf-8")
    assert "newpage" not in docx_text(editions["docx"])


def test_tex_that_cannot_be_converted_is_a_finding_at_its_place(tmp_path: Path) -> None:
    from publish.book import load_book
    from publish.checks import check_manuscript
    (tmp_path / "book.md").write_text("---\ntitle: Maths\nlang: en\n---\n\n# One\n\nGood $x^2$, a brace left open "
                                      "$\\frac{a}{$ and\na macro $\\foo{x}$.\n", encoding="utf-8")
    found = [(f.line, f.column, f.code, f.message) for f in check_manuscript(load_book(tmp_path / "book.md"))]
    assert found == [
        (8, 32, "math-tex-unconvertible", "The formula $\\frac{a}{$ cannot be converted (unexpected eof): the "
                                          "editions show its TeX."),
        (9, 10, "math-tex-unconvertible", "The formula $\\foo{x}$ cannot be converted (unexpected control "
                                          "sequence \\foo): the editions show its TeX.")]


def test_a_caption_that_repeats_the_alt_text_is_heard_once(tmp_path: Path) -> None:
    import zipfile

    from lxml import etree
    (tmp_path / "pic.png").write_bytes((Path(__file__).resolve().parent / "fixtures" / "rich" / "images" /
                                        "divider.png").read_bytes())
    (tmp_path / "book.md").write_text("---\ntitle: Figures\nlang: en\n---\n\n# One\n\n![A chart of members](pic.png)\n\n"
                                      "![A map of the town](pic.png){alt=\"Streets and the river\"}\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["html", "epub"])
    editions = {e.name: e.path for e in result.editions}
    page = html_tree(editions["html"])
    with zipfile.ZipFile(editions["epub"]) as epub:
        chapter = etree.fromstring(epub.read("EPUB/text-01.xhtml"))
    for root in (page, chapter):
        captions = root.xpath("//*[local-name()='figcaption']")
        assert [(c.get("aria-hidden"), "".join(c.itertext()).strip()) for c in captions] == \
            [("true", "A chart of members"), (None, "A map of the town")]     # the second says more than its alt
        assert root.xpath("//*[local-name()='img']/@alt")[-2:] == ["A chart of members", "Streets and the river"]
