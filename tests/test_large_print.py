"""The large-print PDF, read back with pdfplumber (every character) and pikepdf (tags, metadata, links).

Held to UKAAF and ACB large print and PDF/UA-1, for the manuscript and for the rich
fixture (two images, one decorative, a table, lists, a quotation and 24 notes).
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pikepdf
import pytest

from conftest import SESSION_EPOCH, edition
from edition_text import pdf_text
from pdf_pages import read_pdf
from publish import pandoc
from publish.book import Book, load_book
from publish.editions import large_print
from publish.errors import PublishError
from seed_text import missing_words

MM = 72 / 25.4
MIN_SIZE = 17.9                    # 18 pt, allowing for rounding
MIN_MARGIN = 20 * MM
HEADING_SIZES = {1: 24.0, 2: 21.0, 3: 19.0}
A4 = (595.28, 841.89)
US_LETTER = (612.0, 792.0)


@dataclass(frozen=True)
class Built:
    """One built large-print PDF with the book and AST it came from."""
    name: str
    path: Path
    book: Book
    ast: dict[str, Any]


@pytest.fixture(scope="module")
def asts(built, built_rich) -> dict[str, dict[str, Any]]:
    """Each book's AST, read once for this module (the tests only read it)."""
    return {"manuscript": pandoc.read_ast(built.book), "rich": pandoc.read_ast(built_rich.book)}


@pytest.fixture(params=["manuscript", "rich"])
def lp(request: pytest.FixtureRequest, asts) -> Built:
    result = request.getfixturevalue("built" if request.param == "manuscript" else "built_rich")
    return Built(request.param, edition(result, "large-print"), result.book, asts[request.param])


@pytest.fixture
def rich(built_rich, asts) -> Built:
    return Built("rich", edition(built_rich, "large-print"), built_rich.book, asts["rich"])


# --- reading the AST and the PDF -------------------------------------------------------------

def headings(ast: dict[str, Any]) -> list[tuple[int, str]]:
    """(level, text) of every heading in the manuscript, in order."""
    return [(b["c"][0], large_print.plain_text(b["c"][2])) for b in walk_blocks(ast["blocks"]) if b["t"] == "Header"]


def walk_blocks(blocks: list[Any]) -> Iterator[dict[str, Any]]:
    for block in blocks:
        if isinstance(block, dict) and "t" in block:
            yield block
            if block["t"] in ("BlockQuote", "Div", "BulletList", "OrderedList", "Figure"):
                yield from walk_blocks(_children(block))


def _children(block: dict[str, Any]) -> list[Any]:
    content = block["c"]
    if block["t"] == "BlockQuote":
        return content
    if block["t"] == "BulletList":
        return [b for item in content for b in item]
    if block["t"] == "OrderedList":
        return [b for item in content[1] for b in item]
    return content[-1]


def note_count(ast: dict[str, Any]) -> int:
    return sum(1 for node in _inlines(ast["blocks"]) if node["t"] == "Note")


def lines(page: Any) -> list[list[dict[str, Any]]]:
    """The page's characters grouped into lines (same baseline), top to bottom."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        rows.setdefault(round(char["bottom"], 0), []).append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows)]


def line_text(chars: list[dict[str, Any]]) -> str:
    text = ""
    for before, char in zip([None, *chars], chars):
        if before is not None and char["x0"] - before["x1"] > 2:
            text += " "
        text += char["text"]
    return text


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in document order."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    walk(pdf.Root.StructTreeRoot)
    return found


def bookmarks(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """(title, page number from 1) of every bookmark, depth first."""
    pages = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    found: list[tuple[str, int]] = []
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            found.append((item.title, pages[item.destination[0].objgen]))
            stack[0:0] = list(item.children)
    return found


def plain(text: str) -> str:
    return " ".join(text.split())


# --- size, face and layout of every character --------------------------------------------------

def test_every_character_is_18_point_atkinson_hyperlegible_upright(lp):
    wrong = Counter()
    chars = read_pdf(lp.path).chars
    for char in chars:
        if (char["size"] < MIN_SIZE or "AtkinsonHyperlegible" not in char["fontname"]
                or "Italic" in char["fontname"]):
            wrong[(char["text"], round(char["size"], 1), char["fontname"])] += 1
    assert len(chars) > 5000
    assert not wrong, wrong.most_common(10)
    assert min(c["size"] for c in chars) >= MIN_SIZE


def test_headings_are_larger_and_bold(lp):
    pages = read_pdf(lp.path).pages
    by_size = {size: plain(" ".join(
        page.text_of(lambda c, s=size: abs(c["size"] - s) < 0.1 and "Bold" in c["fontname"]) for page in pages))
        for size in HEADING_SIZES.values()}
    wanted = headings(lp.ast)
    assert wanted
    for level, text in wanted:
        assert text in by_size[HEADING_SIZES[min(level, 3)]], (level, text)


def test_text_is_left_aligned_ragged_right_with_line_spacing_one_and_a_half(lp):
    gaps, lefts, rights = Counter(), Counter(), []
    for page in read_pdf(lp.path).pages[2:]:
        body = [row for row in lines(page) if row[0]["size"] < 18.1 and "Regular" in row[0]["fontname"]]
        for above, below in zip(body, body[1:]):
            gaps[round(below[0]["bottom"] - above[0]["bottom"])] += 1
        lefts.update(round(row[0]["x0"]) for row in body)
        rights += [row[-1]["x1"] for row in body if len(row) > 40]
    assert gaps.most_common(1)[0][0] == 27                  # 1.5 x 18 pt, baseline to baseline
    assert lefts.most_common(1)[0][0] == round(25 * MM)     # every paragraph starts at the margin
    assert statistics.pstdev(rights) > 10                   # ragged right: not justified


def test_no_line_ends_in_a_hyphen_and_every_word_is_there(lp):
    for page in read_pdf(lp.path).pages:
        for line in page.text.splitlines():
            assert not line.rstrip().endswith(("-", "\u2011", "\u00ad")), (page.number, line)
    text = pdf_text(lp.path)
    expected = pandoc.write(lp.book, lp.ast, "plain", args=["--wrap=none"])
    assert not missing_words(expected, text)
    # words joined by hyphens come back whole, as in the manuscript
    hyphenated = set(re.findall(r"\w+(?:-\w+)+", expected))
    assert hyphenated <= set(re.findall(r"\w+(?:-\w+)+", text))


def test_margins_are_at_least_20_mm_and_paper_is_a4(lp):
    nearest = float("inf")
    for page in read_pdf(lp.path).pages:
        assert (round(page.width, 2), round(page.height, 2)) == A4
        for obj in [*page.chars, *page.images]:
            edges = (obj["x0"], page.width - obj["x1"], obj["top"], page.height - obj["bottom"])
            nearest = min(nearest, *edges)
    assert nearest >= MIN_MARGIN, f"{nearest / MM:.1f} mm"


def test_page_numbers_stand_at_the_same_place_on_every_page(lp):
    places = set()
    for page in read_pdf(lp.path).pages:
        last = lines(page)[-1]
        assert line_text(last) == str(page.number)
        assert all(c["size"] >= MIN_SIZE for c in last)
        centre = (last[0]["x0"] + last[-1]["x1"]) / 2
        places.add((round(centre), round(last[0]["bottom"])))
    assert len(places) == 1, places


def test_no_blocks_of_capitals(lp):
    for page in read_pdf(lp.path).pages:
        for line in page.text.splitlines():
            letters = [ch for ch in line if ch.isalpha()]
            assert len(letters) < 8 or sum(ch.isupper() for ch in letters) < len(letters) / 2, line


# --- title page, contents, bookmarks -----------------------------------------------------------

def test_title_page_and_contents_with_page_numbers(lp):
    with pikepdf.open(lp.path) as pdf:
        marks = bookmarks(pdf)
    pages = read_pdf(lp.path).pages
    title_page = pages[0]
    title = plain(title_page.text_of(lambda c: c["size"] > 30))
    first_body_page = min(page for _, page in marks)
    contents = plain(" ".join(p.text for p in pages[1:first_body_page - 1]))
    assert title == lp.book.title
    for creator in lp.book.creators:
        assert creator in plain(title_page.text)
    assert contents.startswith("Contents")
    where = dict(marks)
    for level, text in headings(lp.ast):
        if level <= 3:
            listed = re.search(re.escape(text) + r"[ .]*(\d+)", contents)
            assert listed and int(listed.group(1)) == where[text], text


def test_bookmarks_for_every_heading_in_order(lp):
    with pikepdf.open(lp.path) as pdf:
        titles = [title for title, _ in bookmarks(pdf)]
    assert titles == [text for _, text in headings(lp.ast)]


# --- PDF/UA-1 ------------------------------------------------------------------------------------

def test_pdf_ua_tags_language_title_and_fonts(lp):
    with pikepdf.open(lp.path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == lp.book.language
        meta = pdf.open_metadata()
        assert meta["dc:title"] == lp.book.title
        assert meta["pdfuaid:part"] == "1"
        elements = struct_elements(pdf)
        tagged = [(int(str(e.S)[2:]), str(e.T)) for e in elements if re.fullmatch(r"/H\d", str(e.S))]
        assert tagged[0] == (1, "Contents")
        assert tagged[1:] == headings(lp.ast)
        assert sum(1 for e in elements if e.S == "/Note") == note_count(lp.ast)
        fonts = {}
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                    else font.FontDescriptor
                fonts[str(font.BaseFont)] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("AtkinsonHyperlegible" in name for name in fonts)


def test_meaningful_image_is_a_figure_with_alt_and_decorative_one_an_artifact(rich):
    alts = [large_print.plain_text(node["c"][1]) for node in _inlines(rich.ast) if node.get("t") == "Image"
            and "decorative" not in node["c"][0][1]]
    with pikepdf.open(rich.path) as pdf:
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == alts
        assert len(alts) == 1 and alts[0].startswith("Bar chart of members")
    drawn = sum(len(page.images) for page in read_pdf(rich.path).pages)
    assert drawn == 2   # both are on the page; only one is tagged


def _inlines(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from _inlines(value)
    elif isinstance(node, list):
        for item in node:
            yield from _inlines(item)


def test_table_is_tagged_with_header_cells(rich):
    with pikepdf.open(rich.path) as pdf:
        kinds = Counter(str(e.S) for e in struct_elements(pdf))
    assert kinds["/Table"] == 1 and kinds["/TH"] == 3 and kinds["/TD"] == 9
    assert kinds["/L"] == 2 and kinds["/LI"] == 6 and kinds["/BlockQuote"] == 1


def test_emphasis_is_bold(rich):
    page = next(p for p in read_pdf(rich.path).pages if "This opening paragraph" in p.text)
    words = page.words
    emphasised = [w for w in words if w["text"].startswith("emphasis")]
    assert emphasised and all("Bold" in w["fontname"] for w in emphasised)
    assert "Bold" not in next(w for w in words if w["text"] == "opening")["fontname"]


# --- notes ---------------------------------------------------------------------------------------

def test_note_markers_are_full_size_links_to_their_notes_and_back(lp):
    forward, back = [], []
    with pikepdf.open(lp.path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        for index, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or not isinstance(annot.get("/Dest"), pikepdf.Array):
                    continue
                target = (pages[annot.Dest[0].objgen], float(annot.Dest[2]), float(annot.Dest[3]))
                rect = [float(v) for v in annot.Rect]
                label = str(annot.get("/Contents", ""))
                if label.startswith("Footnote"):
                    forward.append((index, rect, target))
                elif re.fullmatch(r"\[\d+\]", label):
                    back.append((index, rect, target))
    notes = note_count(lp.ast)
    assert len(forward) == len(back) == notes
    pages = read_pdf(lp.path).pages
    for number, ((page, rect, target), (back_page, back_rect, back_target)) in enumerate(zip(forward, back), 1):
        # the note is on the same page as its marker, and its number links back to the marker
        assert target[0] == page == back_page
        assert back_target[0] == page and abs(back_target[1] - rect[0]) < 1
        height = pages[page].height
        marker = [c for c in pages[page].chars if rect[0] < (c["x0"] + c["x1"]) / 2 < rect[2]
                  and height - rect[3] < (c["top"] + c["bottom"]) / 2 < height - rect[1]]
        assert "".join(c["text"] for c in marker) == f"[{number}]"
        assert all(c["size"] >= MIN_SIZE for c in marker)


def test_long_web_address_breaks_only_after_a_slash(built):
    path = edition(built, "large-print")
    text = "\n".join(page.text for page in read_pdf(path).pages)
    address = "http://www.facebook.com/pages/Durbar-Mahila-Samanwaya-Committee/144558602226243"
    pieces = re.search(r"http://[^ ]*?144558602226243", text).group(0).split("\n")
    assert "".join(pieces) == address and len(pieces) > 1
    assert all(piece.endswith("/") for piece in pieces[:-1])
    assert address in pdf_text(path)


# --- options, errors, reproducibility, page look-up ----------------------------------------------

def _small_book(folder: Path, extra: str = "", body: str = "Some text[^a].\n\n[^a]: A note.\n") -> Book:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "book.md"
    source.write_text(f"---\ntitle: A small book\nlang: en-GB\n{extra}---\n\n# One\n\n{body}", encoding="utf-8")
    return load_book(source)


def test_us_letter_is_an_option_and_even_a_very_long_address_keeps_the_margins(tmp_path):
    address = "https://example.org/a/path/" + "-".join(["segment"] * 12) + "/?query=1&and=2"
    book = _small_book(tmp_path / "in", "paper: us-letter\n", f"Some text[^a].\n\n[^a]: See <{address}>.\n")
    path = large_print.build(book, pandoc.read_ast(book), tmp_path)
    for page in read_pdf(path).pages:
        assert (round(page.width, 2), round(page.height, 2)) == US_LETTER
        assert min(min(c["x0"], c["top"], page.width - c["x1"], page.height - c["bottom"])
                   for c in page.chars) >= MIN_MARGIN
    assert "https://example.org/a/path/" in pdf_text(path)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [path.name]   # nothing else left behind


def test_unknown_paper_is_a_plain_error(tmp_path):
    book = _small_book(tmp_path, "paper: a5\n")
    with pytest.raises(PublishError, match="paper: us-letter") as caught:
        large_print.build(book, pandoc.read_ast(book), tmp_path)
    assert caught.value.file == str(book.sources[0])


def test_typst_error_is_one_sentence_naming_the_manuscript(tmp_path):
    book = _small_book(tmp_path, body="![A chart that is not there](missing.png)\n")
    with pytest.raises(PublishError) as caught:
        large_print.build(book, pandoc.read_ast(book), tmp_path / "out")
    assert caught.value.file == str(book.sources[0])
    assert caught.value.message.startswith("Typst could not typeset") and "\n" not in caught.value.message
    assert "missing.png" in caught.value.message


def test_dated_from_source_date_epoch(built):
    with pikepdf.open(edition(built, "large-print")) as pdf:
        stamp = datetime.fromtimestamp(int(SESSION_EPOCH), timezone.utc).strftime("D:%Y%m%d%H%M%S")
        assert str(pdf.docinfo.CreationDate).startswith(stamp)
        assert str(pdf.docinfo.ModDate).startswith(stamp)


def test_the_page_layout_gives_the_page_of_each_heading(built):
    book = built.book
    ast = pandoc.read_ast(book)
    spans = large_print.page_layout(book, ast).spans
    assert all(start <= end for start, end in spans.values())
    assert any(start < end for start, end in spans.values()), "no paragraph runs over a page"
    starts = {number: start for number, (start, _) in spans.items()}
    with pikepdf.open(edition(built, "large-print")) as pdf:
        where = dict(bookmarks(pdf))
    blocks = large_print.PageLayout.anchored_blocks(ast)
    assert sorted(starts) == list(range(1, len(blocks) + 1))
    assert list(starts.values()) == sorted(starts.values())      # in reading order
    assert starts[1] == min(where.values())                      # the first paragraph opens the body
    for number, block in enumerate(blocks, 1):
        if block["t"] == "Header":
            assert starts[number] == where[large_print.plain_text(block["c"][2])]


CODE_LINE = "result = compute_the_total(first_argument_value, second_argument_value, third=True)  # the end"
CODE_WORD = "x" * 70 + "END"


def test_long_code_lines_break_with_a_continuation_mark_and_lose_no_character(tmp_path):
    """At the top level, in a list and in a quotation: every piece stands inside the text area at 18 pt,
    each continuation starts with ↪, and the pieces without their marks are the line as written."""
    from publish.build import build
    from publish.editions.code_wrap import MARK, unwrapped
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "text.md").write_text(
        f"---\ntitle: Code\nlang: en\n---\n\n# One\n\n```python\n{CODE_LINE}\nshort()\n{CODE_WORD}\n```\n\n"
        f"- In a list:\n\n  ```\n  {CODE_LINE}\n  ```\n\n> ```\n> {CODE_LINE}\n> ```\n", encoding="utf-8")
    result = build(tmp_path / "book", tmp_path / "dist", only=["large-print"], force=True)
    assert [f.as_text() for f in result.findings] == []
    page = read_pdf(edition(result, "large-print")).pages[2]
    lines = page.text.split("\n")
    code = "\n".join(lines[1:-1]).replace(MARK.strip() + " ", MARK)       # between the heading and the folio
    def bare(text: str) -> str:      # the PDF's text keeps no space at a line's end: spaces are not compared
        return text.replace(" ", "")
    assert [bare(line) for line in unwrapped(code).split("\n")] == \
        [bare(line) for line in (CODE_LINE, "short()", CODE_WORD, "• In a list:", CODE_LINE, CODE_LINE)]
    marked = [line for line in lines if line.startswith(MARK.strip())]
    assert len(marked) >= 6 and marked[1].endswith("END") and lines[-2].endswith("the end")
    margin = 25 / 25.4 * 72
    assert all(margin - 1 <= c["x0"] and c["x1"] <= page.width - margin + 1 for c in page.chars)
    assert min(c["size"] for c in page.chars) >= 17.9


@pytest.mark.parametrize("line", [CODE_LINE, CODE_WORD, "", "short", "\tindented\twith\ttabs " * 8, "日本語のコード" * 12])
def test_a_wrapped_code_line_fits_its_room_and_keeps_every_character(line):
    from publish.editions.code_wrap import MARK, width, wrap_line
    pieces = wrap_line(line, 300.0)
    assert "".join([pieces[0], *(p.removeprefix(MARK) for p in pieces[1:])]) == line
    assert all(p.startswith(MARK) for p in pieces[1:]) and not pieces[0].startswith(MARK)
    assert all(width(p) <= 300.0 for p in pieces)
