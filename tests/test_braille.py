"""The braille editions (BRF and PEF): the words come back from the braille, the pages keep to their size
and numbers, the print page indicators are the large print's pages, and other languages get their own tables."""
from __future__ import annotations

import html
import re
from array import array
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import edition, require_tool
from pdf_pages import read_pdf
from publish import brf, liblouis, pandoc
from publish.book import load_book
from publish.build import build
from publish.checks import check_file
from publish.editions import braille
from publish.page_starts import letters
from publish.pagination import PageLayout
from publish.prepare import read_manuscript

PEF = {"p": "http://www.daisy.org/ns/2008/pef", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(autouse=True)
def _liblouis() -> None:
    require_tool(liblouis.available(), "liblouis is not installed (apt-get install liblouis20 liblouis-data)")


@pytest.fixture(params=["built", "built_rich"])
def result(request):
    return request.getfixturevalue(request.param)


def words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)]


def brf_pages(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("ascii")
    assert "\n" not in text.replace("\r\n", ""), "every line ends CR LF"
    return [page.split("\r\n")[:-1] for page in text.split("\f")]


def text_lines(pages: list[list[str]]) -> list[str]:
    """The lines that hold the book's text: without the page numbers and the print page indicators."""
    return [line for page in pages for line in brf.text_lines(page)]


def back_translated(pages: list[list[str]], table: str) -> str:
    return liblouis.back_translate(table, brf.to_cells(" ".join(text_lines(pages))))


def book_words(book) -> Counter:
    """The words of the book as pandoc's plain text writes them, from the AST every edition is made from."""
    return Counter(words(pandoc.write(book, read_manuscript(book).ast, "plain", args=["--wrap=none"])))


def test_back_translation_recovers_the_words(result):
    table = braille.table_of(result.book)
    assert table.name == "en-ueb-g2.ctb" and table.own
    wanted = book_words(result.book)
    got = Counter(words(back_translated(brf_pages(edition(result, "braille")), table.name)))
    recovered = sum((wanted & got).values()) / sum(wanted.values())
    assert recovered >= 0.98, (recovered, (wanted - got).most_common(20))


def test_pages_keep_to_their_size_and_numbers(result):
    pages = brf_pages(edition(result, "braille"))
    assert len(pages) > 3
    for number, page in enumerate(pages, 1):
        assert len(page) == 25, f"page {number} has {len(page)} lines"
        assert all(len(line) <= 40 for line in page), f"page {number} has a line over 40 cells"
        assert brf.page_number(page[-1]) == number
        assert len(page[-1]) == 40, "the braille page number stands at the right margin"


def test_print_page_indicators_are_the_large_print_pages(result):
    pages = brf_pages(edition(result, "braille"))
    shown = [brf.print_page(line) for page in pages for line in page if brf.print_page(line) is not None]
    spans = next(e for e in result.editions if e.name == "large-print").layout.spans
    first = min(start for start, _ in spans.values())
    pdf_count = len(read_pdf(edition(result, "large-print")).pages)
    assert shown == list(range(first, pdf_count + 1))
    assert all(len(line) == 40 for page in pages for line in page if brf.print_page(line) is not None)


def _rows(pages: list[list[str]]) -> list[str]:
    """Every line of every page, indicators kept, each page's braille page number taken off its last line."""
    return [row for page in pages for row in [*page[:-1], re.sub(r"(?:^| {3,})#[a-j]+$", "", page[-1].rstrip())]]


def _seen_letters(html_before: str) -> str:
    """letters() of the HTML's text before a point: no tags, no formula's TeX source."""
    text = re.sub(r"<annotation[^>]*>.*?</annotation>", "", html_before, flags=re.S)
    return letters(html.unescape(re.sub(r"<[^>]*>", "", text)))


def test_a_page_that_begins_inside_a_paragraph_is_marked_where_its_first_words_are(result):
    """BANA's page change indicator stands where the print page changes: the paragraph is divided there,
    the words before it end the previous page (as the HTML's marker has them), the words after it begin
    the page (its opening, read from the large-print PDF), and the paragraph goes on in its runover cell."""
    layout = next(e for e in result.editions if e.name == "large-print").layout
    inside = [p for block, pages in layout.points.items() for p in pages if p > layout.spans[block][0]]
    assert len(inside) >= 4
    table = braille.table_of(result.book).name
    rows = _rows(brf_pages(edition(result, "braille")))
    at = {brf.print_page(row): n for n, row in enumerate(rows) if brf.print_page(row) is not None}
    page_html = edition(result, "html").read_text("utf-8")
    for page in inside:
        before = next(row for row in reversed(rows[:at[page]]) if row.strip())
        assert brf.print_page(before) is None, f"page {page}'s indicator opens its paragraph"
        marker = page_html.index(f'id="print-page-{page}"')
        ended = _seen_letters(page_html[:page_html.rindex("<", 0, marker)])     # the HTML's words before it
        read_before = letters(liblouis.back_translate(table, brf.to_cells(before)))
        assert read_before and ended.endswith(read_before[-8:]), (page, before, read_before, ended[-40:])
        following = []
        for row in rows[at[page] + 1:]:
            if brf.print_page(row) is None and row.strip():
                following.append(row)
            if len(following) == 2:
                break
        read = liblouis.back_translate(table, brf.to_cells(" ".join(r.strip() for r in following)))
        assert letters(re.sub(r"\[\d+\]", "", read))[:12] == layout.openings[page - 1][:12], (page, read)


def test_the_page_change_indicator_divides_a_paragraph_between_words_and_the_text_runs_over(tmp_path):
    """A hand-made layout over a real draft: the division comes before the braille word holding the page's
    first letter (a contraction is never cut), the text goes on in the runover cell (cell 1 for a paragraph,
    cell 3 for a list item); an opening the paragraph lacks leaves the indicator before it, and a later page
    whose opening is not found stands with the page before it, so that the indicators stay in order."""
    text = ("The knowledge of the people is there, and the harbours were counted again in the spring by the "
            "volunteers of the district office, who wrote down what they saw each morning.")
    book = load_book(small_book(tmp_path, "en", f"# One\n\n{text}\n\n- {text}"))
    draft = braille.draft(book, read_manuscript(book).ast)
    table = braille.table_of(book).name
    # anchored blocks: 1 the heading, 2 the paragraph, 3 the list item; print page 2 begins inside the
    # paragraph, pages 3 and 4 inside the list item
    openings = ("", letters("knowledge of the people"), letters("volunteers of the district"),
                letters("wrote down what they saw"))

    def rows(spans, pages):
        shown = [row for page in braille.layout(draft, PageLayout(spans, pages))[2:] for row in page]
        return [brf.to_ascii(row) for row in shown]

    def read(row: str) -> str:
        return liblouis.back_translate(table, brf.to_cells(row.strip()))

    def indicators(rows: list[str]) -> dict[int, int]:
        return {brf.print_page(row): n for n, row in enumerate(rows) if brf.print_page(row)}

    body = rows({1: (1, 1), 2: (1, 2), 3: (2, 4)}, openings)
    at = indicators(body)
    assert list(at) == [1, 2, 3, 4]
    assert read(body[at[2] - 1]) == "The" and read(body[at[3] - 1]).endswith("spring by the")
    assert body[at[2] + 1][0] != " ", "the paragraph runs over in cell 1"
    assert read(body[at[2] + 1]).startswith("knowledge of the people")
    for page, words in ((3, "volunteers of the district"), (4, "wrote down what they saw")):
        assert body[at[page] + 1].startswith("  ") and body[at[page] + 1][2] != " ", "a list item's in cell 3"
        assert read(body[at[page] + 1]).startswith(words)

    lacking = rows({1: (1, 1), 2: (1, 3)}, ("", letters("knowledge of the people"), "notinthetextatall"))
    at = indicators(lacking)
    assert read(lacking[at[2] - 1]) == "The" and at[3] == at[2] + 1, "page 3, not found, stands with page 2"
    assert read(lacking[at[3] + 1]).startswith("knowledge of the people")
    missing = rows({1: (1, 1), 2: (1, 2)}, ("", "notinthetextatall"))
    at = indicators(missing)
    assert missing[at[2] + 1].startswith("  ") and read(missing[at[2] + 1]).startswith("The knowledge"), \
        "not found: the indicator stands before the paragraph, as before"


def test_the_position_map_gives_the_cell_where_each_words_braille_begins():
    text = "The knowledge of the people is there, and “well-known” to them in 1999."
    cells, starts = liblouis.translate_with_positions("en-ueb-g2.ctb", text)
    assert cells == liblouis.translate("en-ueb-g2.ctb", text) and len(starts) == len(text)
    print_words, braille_words = text.split(" "), cells.split(braille.BLANK)
    assert len(print_words) == len(braille_words)          # UEB joins no words
    offset = cell = 0
    for word, braille_word in zip(print_words, braille_words):
        assert starts[offset] == cell, word                 # the word's first character: its braille's first cell
        assert letters(liblouis.back_translate("en-ueb-g2.ctb", braille_word)) == letters(word)
        offset, cell = offset + len(word) + 1, cell + len(braille_word) + 1
    knowledge = text.index("knowledge")
    assert len(set(starts[knowledge:knowledge + 9])) == 1, "one wordsign: all nine letters begin at its cell"
    assert cells[starts[0]] == "\u2820", "a capital begins at its capital indicator"
    assert liblouis.translate_with_positions("en-ueb-g2.ctb", "") == ("", array("i"))


def test_title_and_contents_pages(result):
    pages = brf_pages(edition(result, "braille"))
    table = braille.table_of(result.book).name
    title_page = liblouis.back_translate(table, brf.to_cells(" ".join(text_lines(pages[:1]))))
    assert set(words(result.book.title)) <= set(words(title_page))
    contents = [line for line in pages[1][:-1] if line.strip()]     # the last line: its own page number
    listed = [brf.value_of(found.group(1)) for line in contents[1:]
              if (found := re.search(r' "+ #([a-j]+)$|   #([a-j]+)$', line))]     # after guide dots (dots 5)
    assert listed and all(3 <= n <= len(pages) for n in listed)
    assert listed == sorted(listed)
    assert "contents" in words(liblouis.back_translate(table, brf.to_cells(contents[0])))


def test_notes_are_endnotes_with_references(result):
    table = braille.table_of(result.book).name
    back = back_translated(brf_pages(edition(result, "braille")), table)
    notes_at = back.rfind("Notes")
    assert notes_at > 0
    assert "[1]" in back[:notes_at] and "[1]" in back[notes_at:]


def test_pef_is_valid_and_holds_the_same_pages(result):
    path = edition(result, "braille-pef")
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{PEF['p']}}}pef" and root.get("version") == "2008-1"
    meta = root.find("p:head/p:meta", PEF)
    for name in ("format", "identifier", "title", "creator", "language", "date"):
        assert meta.findtext(f"dc:{name}", namespaces=PEF), name
    assert meta.findtext("dc:title", namespaces=PEF) == result.book.title
    volume = root.find("p:body/p:volume", PEF)
    assert (volume.get("cols"), volume.get("rows"), volume.get("rowgap"), volume.get("duplex")) == \
        ("40", "25", "0", "false")
    pef_pages = [[brf.to_ascii("".join(row.itertext())) for row in page.iterfind("p:row", PEF)]
                 for page in volume.iterfind("p:section/p:page", PEF)]
    for page in pef_pages:
        for row in page:
            assert all(c == " " or c in brf.ASCII.lower() for c in row)
    assert pef_pages == brf_pages(edition(result, "braille"))
    assert all(0x2800 <= ord(c) <= 0x283F for row in volume.iter(f"{{{PEF['p']}}}row") for c in row.text or "")


def test_braille_editions_check_clean(result):
    for name in ("braille", "braille-pef"):
        found = next(e for e in result.editions if e.name == name)
        assert not found.findings, found.findings
        assert check_file(found.path) == []


def test_the_check_finds_broken_pages(tmp_path):
    pages = [[""] * 24 + [" " * 38 + brf.number(1)], ["-" * 38 + "#e", "x" * 41, *[""] * 22 + [" " * 38 + "#c"]],
             ["-" * 38 + "#d", *[""] * 25, " " * 38 + "#d"]]
    path = tmp_path / "broken.brf"
    path.write_bytes("\f".join("".join(line + "\r\n" for line in page) for page in pages).encode("ascii"))
    codes = Counter(f.code for f in check_file(path))
    assert codes == {"braille-line-too-long": 1, "braille-page-too-long": 1,
                     "braille-page-number-out-of-sequence": 1, "braille-print-page-out-of-order": 1}


def small_book(tmp_path: Path, lang: str, text: str, **meta: str) -> Path:
    source = tmp_path / f"{lang}.md"
    extra = "".join(f"{key}: {value}\n" for key, value in meta.items())
    source.write_text(f"---\ntitle: Un petit livre\nauthor: Alguien\nlang: {lang}\n{extra}---\n\n{text}\n",
                      encoding="utf-8")
    return source


FRENCH = ("# Première partie\n\nL’élève a étudié à l’école où ça coûte cher. Être français, naïf, à Noël, "
          "c’est déjà beaucoup.[^1]\n\n[^1]: Une note très brève.")
SPANISH = "# Capítulo uno\n\nEl niño comió piña y jamón en el año nuevo. ¿Qué pasó después? ¡Señor, qué día!"


@pytest.mark.parametrize(("lang", "text", "table", "expected"), [
    ("fr", FRENCH, "fr-bfu-g2.ctb", ["l'élève", "étudié", "l'école", "où", "ça", "coûte", "être", "naïf", "noël", "déjà"]),
    ("es", SPANISH, "es-g1.ctb", ["niño", "comió", "piña", "jamón", "año", "qué", "pasó", "después", "señor", "día"]),
])
def test_other_languages_use_their_own_tables(tmp_path, lang, text, table, expected):
    book = load_book(small_book(tmp_path, lang, text))
    assert braille.table_of(book) == liblouis.Table(table, lang, braille.table_of(book).grade, True)
    out = tmp_path / "dist"
    result = build(book.sources[0], out, only=["braille", "braille-pef"], jobs=1)
    assert not result.failures and all(not e.findings for e in result.editions), result.findings
    back = back_translated(brf_pages(edition(result, "braille")), table)
    assert set(expected) <= set(words(back)), back
    pef = etree.parse(str(edition(result, "braille-pef"))).getroot()
    assert pef.findtext("p:head/p:meta/dc:language", namespaces=PEF) == lang


def test_grade_one_and_uncontracted_french(tmp_path):
    book = load_book(small_book(tmp_path, "fr", FRENCH, **{"braille-grade": "1"}))
    assert braille.table_of(book).name == "fr-bfu-comp6.utb"
    book = load_book(small_book(tmp_path, "en", "The knowledge of the people.", **{"braille-grade": "1"}))
    table = braille.table_of(book)
    assert table.name == "en-ueb-g1.ctb" and table.grade == 1
    contracted, uncontracted = (liblouis.translate(t, "the knowledge") for t in ("en-ueb-g2.ctb", table.name))
    assert len(uncontracted) > len(contracted)


def test_page_size_from_the_metadata(tmp_path):
    text = "\n\n".join(f"# Part {n}\n\n" + "Words that run on and on, " * 30 for n in range(1, 4))
    source = small_book(tmp_path, "en", text, **{"braille-cells": "32", "braille-lines": "20"})
    result = build(source, tmp_path / "dist", only=["braille", "braille-pef"], jobs=1)
    assert not result.findings, result.findings
    pages = brf_pages(edition(result, "braille"))
    assert all(len(page) == 20 and all(len(line) <= 32 for line in page) for page in pages)
    assert [brf.page_number(page[-1]) for page in pages] == list(range(1, len(pages) + 1))
    volume = etree.parse(str(edition(result, "braille-pef"))).getroot().find("p:body/p:volume", PEF)
    assert (volume.get("cols"), volume.get("rows")) == ("32", "20")


def test_a_language_without_a_table_is_made_in_english_and_reported(tmp_path):
    source = small_book(tmp_path, "tlh", "A few words all the same.")
    result = build(source, tmp_path / "dist", only=["braille", "braille-pef"], jobs=1)
    assert {e.name for e in result.editions} == {"braille", "braille-pef"}
    assert [f.code for f in result.findings] == ["braille-no-table"]
    assert braille.table_of(result.book) == liblouis.Table("en-ueb-g2.ctb", "en", 2, False)


def test_without_liblouis_the_other_editions_are_built(tmp_path, monkeypatch):
    monkeypatch.setattr(liblouis, "LIBRARY_NAMES", ("liblouis-that-is-not-there.so",))
    monkeypatch.setattr(liblouis.ctypes.util, "find_library", lambda name: None)
    liblouis._library.cache_clear()
    try:
        source = small_book(tmp_path, "en", "# One\n\nSome text.")
        result = build(source, tmp_path / "dist", only=["html", "braille", "braille-pef"], jobs=1)
    finally:
        liblouis._library.cache_clear()
    assert [e.name for e in result.editions] == ["html"]
    # one line, a warning: the book is its other editions (the quick start's build still exits 0)
    assert [(f.code, f.severity.value) for f in result.findings] == [("build-edition-skipped", "warning")]
    skipped = result.findings[0].message
    assert skipped.startswith("The braille, braille-pef editions were not made: liblouis")
    assert "apt-get install liblouis20 liblouis-data" in skipped and "\n" not in skipped
    assert not result.has_errors


def _folder_of(result, tmp_path: Path, names: tuple[str, ...]) -> Path:
    """A folder holding copies of some of the book's editions, as a publisher's CI would check them."""
    folder = tmp_path / "editions"
    folder.mkdir()
    for name in names:
        path = edition(result, name)
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_a_folder_of_editions_is_checked_against_each_other_and_found_clean(result, tmp_path):
    from publish.checks import check_paths
    folder = _folder_of(result, tmp_path, ("braille", "braille-pef", "large-print", "html", "epub"))
    assert check_paths([folder]) == []


def test_braille_whose_print_pages_are_not_the_large_print_s_is_a_finding(built, tmp_path):
    """One print page indicator taken out of the BRF: the large print's page it stood for has none."""
    from publish.checks import check_paths
    folder = _folder_of(built, tmp_path, ("braille", "large-print"))
    path = next(folder.glob("*.brf"))
    pages = brf_pages(path)
    at = next((p, i) for p, page in enumerate(pages) for i, line in enumerate(page) if brf.print_page(line) == 5)
    pages[at[0]][at[1]] = ""
    path.write_bytes("\f".join("".join(line + "\r\n" for line in page) for page in pages).encode("ascii"))
    found = [(f.code, f.message) for f in check_paths([folder])]
    assert found == [("braille-print-pages-mismatch", f"The print page indicators do not match the 13 pages of "
                      f"{built.book.slug}-large-print.pdf (text from page 3): no indicator for page 5.")]


def test_braille_that_lost_words_is_a_finding(built, built_rich, tmp_path):
    """The braille of one book beside the HTML of another: read back, it gives few of the HTML's words."""
    from publish.checks import check_paths
    folder = _folder_of(built, tmp_path, ("braille",))
    other = edition(built_rich, "html")
    (folder / f"{built.book.slug}.html").write_bytes(other.read_bytes())
    found = [f for f in check_paths([folder]) if f.code == "braille-words-lost"]
    assert len(found) == 1 and "Read back with liblouis (en-ueb-g2.ctb)" in found[0].message, found
    recovered = int(re.search(r"gives (\d+)% of the words", found[0].message).group(1))
    assert recovered < 95


def test_the_build_holds_its_braille_to_the_large_print_beside_it(tmp_path, monkeypatch):
    """The build runs the folder's cross-check on what it made: braille whose indicators (here read as if
    page 5's were missing) do not match the large print's pages is a finding of that braille edition."""
    from conftest import MANUSCRIPT
    from publish.checks import together
    read = together._indicators
    monkeypatch.setattr(together, "_indicators", lambda path, publication: [
        (number, line) for number, line in read(path, publication) if number != 5])
    result = build(MANUSCRIPT, tmp_path / "dist", only=["braille", "braille-pef", "large-print"])
    found = {e.name: [(f.code, f.file) for f in e.findings] for e in result.editions}
    slug = result.book.slug
    assert found == {"large-print": [], "braille": [("braille-print-pages-mismatch", f"{slug}.brf")],
                     "braille-pef": [("braille-print-pages-mismatch", f"{slug}.pef")]}
    assert result.has_errors and all(e.path.exists() for e in result.editions)
    monkeypatch.undo()
    again = build(MANUSCRIPT, tmp_path / "dist", only=["braille", "braille-pef", "large-print"])
    assert all(e.cached for e in again.editions)          # nothing made: the findings are the cache's
    assert {e.name: [(f.code, f.file) for f in e.findings] for e in again.editions} == found
    forced = build(MANUSCRIPT, tmp_path / "dist", only=["braille", "braille-pef", "large-print"], force=True)
    assert [f for e in forced.editions for f in e.findings] == []
