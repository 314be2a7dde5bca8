"""The HTML edition: one self-contained page that axe-core, in a real Chromium, finds nothing wrong with.

The first half reads the page's markup (landmarks, headings, notes, metadata, images);
the second opens it in Debian's Chromium at 1280 and 320 px, light and dark, at 100%
and 200% text, and runs axe-core and measures contrast, line length and targets.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from lxml import html as lxml_html

import axe
from conftest import RICH, edition, require_tool
from edition_text import html_tree
from publish.pagination import PageLayout
from publish.book import load_book
from publish.checks import check_file
from publish.editions import html as html_edition
from publish.editions.html_ast import plain_text
from publish.pandoc import read_ast
from seed_text import missing_words, split_seed

BOOKS = ["built", "built_rich"]
NOTE_COUNTS = {"built": 5, "built_rich": 24}
HEADING = re.compile(r"^h[1-6]$")
CHART_ALT = ("Bar chart of members by year: 120 in 2019, 180 in 2020, 260 in 2021 and 300 in 2022, "
             "rising every year.")
# Lines of 60 to 75 characters (spaces counted) are the usual advice for reading comfort.
LINE_LENGTH = (60, 75)
AAA_TEXT_CONTRAST = 7.0
NON_TEXT_CONTRAST = 3.0
MIN_TARGET_PX = 24


@pytest.fixture(params=BOOKS)
def book_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(request: pytest.FixtureRequest, book_name: str) -> Path:
    return edition(request.getfixturevalue(book_name), "html")


@pytest.fixture
def tree(page: Path) -> lxml_html.HtmlElement:
    return html_tree(page)


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _by_id(tree: lxml_html.HtmlElement, ident: str) -> Any:
    found = tree.xpath("//*[@id=$i]", i=ident)
    assert len(found) == 1, f"id {ident!r} is on {len(found)} elements"
    return found[0]


def _target(tree: lxml_html.HtmlElement, link: Any) -> Any:
    href = link.get("href")
    assert href.startswith("#"), href
    return _by_id(tree, href[1:])


# --- the markup -----------------------------------------------------------------------------------

def test_head_has_language_title_description_and_author(request, book_name, tree):
    book = request.getfixturevalue(book_name).book
    assert tree.get("lang") == book.language
    assert tree.findtext(".//head/title") == book.title
    meta = {m.get("name"): m.get("content") for m in tree.iterfind(".//head/meta") if m.get("name")}
    assert meta["description"] == book.description
    assert meta["author"] == ", ".join(book.creators)
    assert "width=device-width" in meta["viewport"]
    assert "user-scalable=no" not in meta["viewport"] and "maximum-scale" not in meta["viewport"]


def test_every_part_of_the_page_is_in_a_landmark_after_a_skip_link(tree):
    body = tree.find("body")
    assert [child.tag for child in body] == ["a", "header", "nav", "nav", "main", "footer"]
    skip, _, nav, pages, main, _ = body
    assert pages.get("role") == "doc-pagelist"
    assert _text(_by_id(tree, pages.get("aria-labelledby"))) == "Pages of the large-print edition"
    assert "skip-link" in skip.get("class") and skip.text == "Skip to main content"
    assert _target(tree, skip) is main
    assert len(tree.findall(".//main")) == 1
    assert _text(_by_id(tree, nav.get("aria-labelledby"))) == "Contents"
    assert nav.get("role") == "doc-toc"


def test_the_projects_own_checks_find_nothing(page):
    assert [f.as_text() for f in check_file(page)] == []


def test_ids_are_unique_and_every_in_page_link_has_a_target(tree):
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    for link in tree.xpath("//a[starts-with(@href, '#')]"):
        _target(tree, link)


def test_one_h1_the_title_and_headings_never_skip_a_level(request, book_name, tree):
    book = request.getfixturevalue(book_name).book
    headings = [h for h in tree.iter() if isinstance(h.tag, str) and HEADING.match(h.tag)]
    assert [_text(h) for h in headings if h.tag == "h1"] == [book.title]
    assert headings[0].tag == "h1" and headings[0].getparent().tag == "header"
    levels = [int(h.tag[1]) for h in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_sections_are_h2_and_subsections_h3(built):
    from test_manuscript import SECTIONS, SUBSECTIONS
    main = html_tree(edition(built, "html")).find(".//main")
    assert [_text(h) for h in main.iter("h2")] == SECTIONS + ["Notes"]
    assert [_text(h) for h in main.iter("h3")] == SUBSECTIONS


def test_table_of_contents_links_to_every_heading_in_main(tree):
    toc = tree.find(".//nav")
    main = tree.find(".//main")
    entries = toc.xpath(".//a")
    headings = [h for h in main.iter("h2", "h3")]
    assert [_text(a) for a in entries] == [_text(h) for h in headings]
    assert [_target(tree, a) for a in entries] == headings


def test_introduction_opens_main_unchanged_and_without_a_heading(built):
    ast = read_ast(built.book)
    first_heading = next(i for i, b in enumerate(ast["blocks"]) if b["t"] == "Header")
    intro = [plain_text(b) for b in ast["blocks"][:first_heading]]
    main = html_tree(edition(built, "html")).find(".//main")
    before_first_section = []
    for child in main:
        if child.tag == "h2":
            break
        before_first_section.append(child)
    assert [c.tag for c in before_first_section] == ["p", "p"]
    assert [_text(p) for p in before_first_section] == intro


def test_note_references_are_named_and_lead_to_endnotes_that_lead_back(book_name, tree):
    refs = tree.xpath("//main//a[@role='doc-noteref']")
    assert len(refs) == NOTE_COUNTS[book_name]
    section = tree.xpath("//main//section[@role='doc-endnotes']")
    assert len(section) == 1
    assert _text(_by_id(tree, section[0].get("aria-labelledby"))) == "Notes"
    assert section[0].find("h2") is not None
    for n, ref in enumerate(refs, start=1):
        assert (ref.text, ref.get("aria-label")) == (str(n), f"Note {n}")
        note = _target(tree, ref)
        assert note.tag == "li" and note.getparent().getparent() is section[0]
        backs = note.xpath(".//a[@role='doc-backlink']")
        assert len(backs) == 1 and str(n) in backs[0].get("aria-label")
        assert _target(tree, backs[0]) is ref


def test_notes_keep_every_word_of_the_seed_notes_in_order(built):
    _, seed_notes = split_seed()
    notes = html_tree(edition(built, "html")).xpath("//section[@role='doc-endnotes']//li")
    assert len(notes) == len(seed_notes)
    for n, note in enumerate(notes, start=1):
        assert not missing_words(seed_notes[n].replace("/ ", "/"), _text(note)), f"note {n}"
    assert "Maiti Nepal’s border volunteers" in _text(notes[3])


def test_page_is_self_contained(page, tree):
    assert not tree.xpath("//link | //script | //iframe | //object")
    assert all(img.get("src").startswith("data:image/") for img in tree.iter("img"))
    style = "".join(tree.xpath("//style/text()"))
    assert re.findall(r"url\(\s*\"?([^\")]*)", style) and all(
        u.startswith("data:") for u in re.findall(r"url\(\s*\"?([^\")]*)", style))
    assert "Atkinson Hyperlegible" in style


def test_images_keep_their_alt_text_and_the_decorative_one_is_silent(built_rich):
    tree = html_tree(edition(built_rich, "html"))
    images = tree.xpath("//main//img")
    assert len(images) == 2
    chart, divider = images
    assert chart.get("alt") == CHART_ALT
    assert chart.getparent().tag == "figure"
    assert "decorative" in divider.get("class") and divider.get("alt") == ""


def test_table_keeps_its_header_and_scrolls_in_its_own_named_region(built_rich):
    tree = html_tree(edition(built_rich, "html"))
    table = tree.find(".//main//table")
    region = table.getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-label") == _text(table.find("caption")) == "Visits and volunteers by year"
    assert [_text(th) for th in table.xpath("thead//th")] == ["Year", "Visits", "Volunteers"]


def test_build_leaves_the_shared_ast_alone_and_writes_one_file(tmp_path):
    book = load_book(RICH)
    ast = read_ast(book)
    before = copy.deepcopy(ast)
    page = html_edition.build(book, ast, tmp_path)
    assert ast == before
    assert [p.name for p in tmp_path.iterdir()] == [page.name]


def test_page_list_holds_the_pages_given_and_none_without_them(tmp_path: Path) -> None:
    """The page is drafted with slots where pages may begin; finishing fills them, or leaves no trace."""
    book = load_book(RICH)
    ast = read_ast(book)
    for name, points in (("none", None), ("two", PageLayout({1: (2, 2), 5: (3, 3)}))):
        (tmp_path / name).mkdir()
        page = html_edition.build(book, ast, tmp_path / name, points)
        text = page.read_text(encoding="utf-8")
        assert "publish-page" not in text
        tree = html_tree(page)
        markers = tree.xpath("//main//span[@role='doc-pagebreak']")
        entries = [(a.text, a.get("href")) for a in tree.xpath("//nav[@role='doc-pagelist']//a")]
        if points is None:
            assert markers == [] and entries == [] and not tree.xpath("//nav[@role='doc-pagelist']")
        else:
            assert [m.get("id") for m in markers] == ["print-page-2", "print-page-3"]
            assert entries == [("2", "#print-page-2"), ("3", "#print-page-3")]
            opening = tree.xpath("//main//p")[0]      # the first anchored block: the opening paragraph
            assert opening[0].get("id") == "print-page-2"


def test_page_list_holds_the_manuscripts_own_page_breaks(tmp_path: Path) -> None:
    page = _build_file(tmp_path, '---\ntitle: Pages\n---\n\n# One\n\nText []{#page-2 role="doc-pagebreak" '
                                 'title="Page 2"} goes on.\n')
    entries = [(a.text, a.get("href")) for a in html_tree(page).xpath("//nav[@role='doc-pagelist']//a")]
    assert entries == [("2", "#page-2")]


def _build_file(tmp_path: Path, markdown: str) -> Path:
    source = tmp_path / "book.md"
    source.write_text(markdown, encoding="utf-8")
    book = load_book(source)
    out = tmp_path / "out"
    out.mkdir()
    return html_edition.build(book, read_ast(book), out)


def _build_page(tmp_path: Path, markdown: str) -> lxml_html.HtmlElement:
    return html_tree(_build_file(tmp_path, markdown))


def test_words_the_page_adds_are_in_the_book_language(tmp_path):
    tree = _build_page(tmp_path, "---\ntitle: Un livre\nlang: fr-FR\n---\n\n# Premier\n\nBonjour[^a].\n\n"
                                 "[^a]: Une note.\n")
    assert tree.find(".//a[@class='skip-link']").text == "Aller au contenu principal"
    assert _text(tree.find(".//nav/h2")) == "Sommaire"
    assert tree.find(".//a[@role='doc-noteref']").get("aria-label") == "Note 1"
    assert tree.find(".//a[@role='doc-backlink']").get("aria-label") == "Retour à l’appel de la note 1"
    assert not tree.xpath("//body//*[@lang]")   # the words are in the page's own language


def test_unknown_language_falls_back_to_english(tmp_path):
    tree = _build_page(tmp_path, "---\ntitle: Kitabu\nlang: sw\n---\n\nHabari[^a].\n\n[^a]: Maelezo.\n")
    assert tree.get("lang") == "sw"
    ref = tree.find(".//a[@role='doc-noteref']")
    assert (ref.get("aria-label"), ref.get("lang")) == ("Note 1", "en")   # spoken in an English voice
    assert tree.find(".//a[@class='skip-link']").get("lang") == "en"
    assert tree.find(".//a[@role='doc-backlink']").get("lang") == "en"


def test_ids_the_page_adds_never_clash_with_the_manuscript(tmp_path):
    tree = _build_page(tmp_path, "---\ntitle: Clashes\n---\n\n# Main\n\nText[^a].\n\n# Notes\n\n# Contents\n\n"
                                 "# Contents heading\n\n# Note 1\n\nMore.\n\n[^a]: A note.\n")
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(ids)
    assert _target(tree, tree.find(".//a[@class='skip-link']")).tag == "main"
    assert _target(tree, tree.find(".//a[@role='doc-noteref']")).tag == "li"
    assert _text(_by_id(tree, tree.find(".//nav").get("aria-labelledby"))) == "Contents"


def test_a_note_on_a_heading_stays_out_of_the_table_of_contents(tmp_path):
    tree = _build_page(tmp_path, "---\ntitle: Noted\n---\n\n# A *noted* heading[^a]\n\nText.\n\n[^a]: Why.\n")
    entry = tree.xpath("//nav//a")[0]
    assert _text(entry) == "A noted heading" and entry.find("em") is not None
    assert not entry.xpath(".//a") and not tree.xpath("//nav//*[@role='doc-noteref']")
    assert tree.xpath("//main/h2//a[@role='doc-noteref']")


def test_a_text_without_headings_or_publisher_gets_no_empty_contents_or_footer(tmp_path):
    tree = _build_page(tmp_path, "---\ntitle: Bare\n---\n\nJust a paragraph.\n")
    assert [child.tag for child in tree.find("body")] == ["a", "header", "main"]
    assert tree.get("lang") == load_book(tmp_path / "book.md").language   # never lang=""


# --- in a real browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def audits() -> Callable[..., axe.PageReport]:
    """axe.audit, remembered for the module: several tests read the same run."""
    done: dict[tuple[Any, ...], axe.PageReport] = {}

    def run(path: Path, width: int, color_scheme: str = "light", text_size: float = 1.0) -> axe.PageReport:
        require_tool(axe.available(), "Chromium (/usr/bin/chromium), axe-core or playwright is not installed")
        key = (path, width, color_scheme, text_size)
        if key not in done:
            done[key] = axe.audit(path, width, color_scheme, text_size)
        return done[key]
    return run


@pytest.fixture
def browser() -> None:
    require_tool(axe.available(), "Chromium (/usr/bin/chromium), axe-core or playwright is not installed")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_nothing_and_nothing_scrolls_sideways(audits, page, width, scheme):
    report = audits(page, width, scheme)
    assert report.violations == [], report.summary()
    assert not report.scrolls_sideways, f"{report.scroll_width} px of content in a {report.client_width} px window"
    assert report.text_contrast >= AAA_TEXT_CONTRAST, f"body text contrast {report.text_contrast:.2f}:1"


@pytest.mark.parametrize("width", [1280, 320])
def test_note_links_are_targets_of_24_by_24_px(audits, book_name, page, width):
    report = audits(page, width)
    assert len(report.note_targets) == 2 * NOTE_COUNTS[book_name]
    small = [t for t in report.note_targets if min(t) < MIN_TARGET_PX]
    assert not small, small


def test_lines_are_60_to_75_characters_long_on_a_wide_screen(audits, page):
    report = audits(page, 1280)
    assert len(report.line_lengths) > 20
    low, high = LINE_LENGTH
    assert low <= report.mean_line_length <= high, report.line_lengths
    assert max(report.line_lengths) <= high + 5, report.line_lengths


@pytest.mark.parametrize("width", [1280, 640])
def test_text_at_200_percent_still_reflows(audits, page, width):
    normal, doubled = audits(page, width), audits(page, width, text_size=2.0)
    assert doubled.font_size == 2 * normal.font_size
    assert doubled.violations == [], doubled.summary()
    assert not doubled.scrolls_sideways, f"{doubled.scroll_width} px in a {doubled.client_width} px window"


FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {cls: e.className, id: e.id, tag: e.tagName.toLowerCase(), outlineStyle: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
          inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth};
}"""


def test_skip_link_is_first_shows_when_focused_and_moves_focus_to_main(browser, built):
    page = edition(built, "html")
    focused = axe.in_page(page, FOCUSED, keys=("Tab",))
    assert focused["cls"] == "skip-link" and focused["inView"]
    assert focused["outlineStyle"] == "solid" and focused["outlineWidth"] >= 3
    after = axe.in_page(page, FOCUSED, keys=("Tab", "Enter"))
    assert after["tag"] == "main"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_indicator_is_thick_and_contrasts_with_the_page(browser, built, scheme):
    focus_note = """() => {
      const link = document.querySelector('a[role=doc-noteref]');
      link.focus();
      const s = getComputedStyle(link);
      return {visible: link.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
              color: s.outlineColor, page: getComputedStyle(document.body).backgroundColor};
    }"""
    # One Tab first, as a keyboard user would: focus is then shown for programmatic moves too.
    result = axe.in_page(edition(built, "html"), focus_note, keys=("Tab",), color_scheme=scheme)
    assert result["visible"] and result["style"] == "solid" and result["width"] >= 3
    numbers = [[float(c) for c in re.findall(r"[\d.]+", result[k])[:3]] for k in ("color", "page")]
    assert axe.contrast_ratio(*numbers) >= NON_TEXT_CONTRAST


def test_print_drops_navigation_aids_and_prints_black_on_white(browser, built):
    styles = """() => ({
      skip: getComputedStyle(document.querySelector('.skip-link')).display,
      back: getComputedStyle(document.querySelector('a[role=doc-backlink]')).display,
      text: getComputedStyle(document.querySelector('main p')).color,
      page: getComputedStyle(document.body).backgroundColor,
    })"""
    printed = axe.in_page(edition(built, "html"), styles, media="print", color_scheme="dark")
    assert printed == {"skip": "none", "back": "none", "text": "rgb(0, 0, 0)", "page": "rgb(255, 255, 255)"}
    on_screen = axe.in_page(edition(built, "html"), styles)
    assert on_screen["back"] != "none"


@pytest.mark.parametrize("motion,expected", [("reduce", "auto"), ("no-preference", "smooth")])
def test_smooth_scrolling_only_when_motion_is_welcome(browser, built, motion, expected):
    behaviour = axe.in_page(edition(built, "html"), "() => getComputedStyle(document.documentElement).scrollBehavior",
                            reduced_motion=motion)
    assert behaviour == expected


PAGE_NUMBER = """() => {
  const marker = document.querySelector('[role=doc-pagebreak]');
  const m = marker.getBoundingClientRect(), main = document.querySelector('main').getBoundingClientRect();
  return {shown: getComputedStyle(marker, '::before').content, left: m.left, right: m.right,
          mainRight: main.right, width: innerWidth};
}"""


@pytest.fixture
def paginated(built) -> Path:
    """The manuscript's page, with the large print's page-break markers."""
    return edition(built, "html")


def test_page_break_markers_are_named_by_title(paginated):
    markers = html_tree(paginated).xpath("//main//span[@role='doc-pagebreak']")
    assert len(markers) > 3
    assert [(m.get("title"), m.get("aria-label")) for m in markers[:2]] == [("Page 3", None), ("Page 4", None)]


@pytest.mark.parametrize("width", [1280, 320])
def test_printed_page_numbers_sit_in_the_margin_or_at_the_line_end(audits, paginated, width):
    """In the right margin where there is room, floated at the end of a line where not; axe finds nothing."""
    report = audits(paginated, width)
    assert report.violations == [], report.summary()
    assert not report.scrolls_sideways
    placed = axe.in_page(paginated, PAGE_NUMBER, width=width)
    assert placed["shown"] == '"Page 3"' and placed["right"] <= placed["width"]
    if width == 1280:
        assert placed["left"] > placed["mainRight"]
    else:
        assert placed["right"] <= placed["mainRight"]


def test_rich_fixture_has_what_this_file_tests():
    """The fixture keeps the images, table and notes the tests above rely on."""
    text = (RICH / "text.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\[\^n\d+\]:", text, re.M)) == 24 and "{.decorative}" in text and CHART_ALT in text


# WCAG 1.4.12: the spacing a reader may impose with their own style sheet.
TEXT_SPACING = """() => {
  const style = document.createElement('style');
  style.textContent = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                           word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;
  document.head.append(style);
  return {scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
}"""


def test_readers_own_text_spacing_causes_no_sideways_scrolling_at_320_px(browser, page):
    spaced = axe.in_page(page, TEXT_SPACING, width=320)
    assert spaced["scrollWidth"] <= spaced["width"], spaced


FOLLOW_NOTE = """() => {
  document.querySelector('a[role=doc-noteref]').click();
  const note = document.querySelector(':target'), s = getComputedStyle(note.querySelector('p'));
  return {id: note.id, href: document.querySelector('a[role=doc-noteref]').getAttribute('href'),
          background: getComputedStyle(note).backgroundColor, text: s.color,
          page: getComputedStyle(document.body).backgroundColor, top: note.getBoundingClientRect().top};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_following_a_note_link_highlights_the_note_legibly(browser, built, scheme):
    landed = axe.in_page(edition(built, "html"), FOLLOW_NOTE, color_scheme=scheme)
    assert "#" + landed["id"] == landed["href"]
    assert landed["background"] != landed["page"] and landed["top"] > 0
    colours = [[float(c) for c in re.findall(r"[\d.]+", landed[k])[:3]] for k in ("text", "background")]
    assert axe.contrast_ratio(*colours) >= AAA_TEXT_CONTRAST


WIDE_THINGS = """---
title: Wide things
lang: en
---

# Supercalifragilisticexpialidociousnessesandmore of a heading

A sentence with a note.[^a]

| Region | Population in 2019 | Population in 2020 | Population in 2021 | Members | Volunteers |
|--------|-------------------:|-------------------:|-------------------:|--------:|-----------:|
| Northern highlands | 1,200,000 | 1,250,000 | 1,300,000 | 14,000 | 2,100 |

: Populations by region and year

[^a]: <https://example.org/a/very/long/address/that/never/stops/with-no-spaces-at-all-anywhere-in-it/index.html?and=a&query=string>
"""


def test_long_words_addresses_and_wide_tables_stay_inside_320_px(browser, audits, tmp_path):
    """The page never scrolls sideways: a wide table scrolls inside its own keyboard-reachable region."""
    page = _build_file(tmp_path, WIDE_THINGS)
    report = audits(page, 320)
    assert report.violations == [], report.summary()
    assert not report.scrolls_sideways, f"{report.scroll_width} px in a {report.client_width} px window"
    region = axe.in_page(page, "() => { const r = document.querySelector('[role=region]');"
                               " return [r.scrollWidth, r.clientWidth, r.tabIndex]; }", width=320)
    assert region[0] > region[1] and region[2] == 0   # the table is wider, and scrolls in its region


def test_tables_with_one_caption_are_regions_a_screen_reader_can_tell_apart(tmp_path: Path) -> None:
    from publish.build import build
    table = "| Year | Count |\n|------|-------|\n| 2019 | 12 |\n\n: Results\n"
    (tmp_path / "book.md").write_text(f"---\ntitle: Tables\nlang: en\n---\n\n# One\n\n{table}\n# Two\n\n{table}\n"
                                      f"# Three\n\n{table}", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    page = result.editions[0].path
    regions = html_tree(page).xpath("//div[@role='region']/@aria-label")
    assert regions == ["Results", "Results (2)", "Results (3)"]
    assert check_file(page, page.name) == []
    assert [c.text_content() for c in html_tree(page).xpath("//caption")] == ["Results"] * 3   # the captions stay
