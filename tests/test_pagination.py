"""Where each page's marker goes, from the pages on which blocks start and end."""
from __future__ import annotations

import copy
import json

import pypandoc
from lxml import etree

from publish.pagination import (PageLayout, anchored_blocks, break_points, fill_page_slots, page_break_marker,
                               with_page_slots)

OPS = "http://www.idpf.org/2007/ops"
API_VERSION = json.loads(pypandoc.convert_text("", "json", format="markdown"))["pandoc-api-version"]


def test_a_page_that_starts_with_a_block_gets_its_marker_before_that_block():
    spans = {1: (3, 3), 2: (3, 3), 3: (4, 4)}
    assert break_points(spans) == {1: [3], 3: [4]}


def test_a_paragraph_running_onto_a_page_carries_its_marker():
    spans = {1: (3, 4), 2: (4, 4), 3: (4, 5)}
    assert break_points(spans) == {1: [3, 4], 3: [5]}


def test_a_long_paragraph_over_several_pages_carries_each_marker():
    spans = {1: (2, 2), 2: (2, 5), 3: (5, 6)}
    assert break_points(spans) == {1: [2], 2: [3, 4, 5], 3: [6]}


def test_markers_go_after_headings_and_into_paragraphs():
    para = lambda text: {"t": "Para", "c": [{"t": "Str", "c": text}]}
    ast = {"blocks": [{"t": "Header", "c": [1, ["one", [], []], [{"t": "Str", "c": "One"}]]}, para("a"),
                      {"t": "BulletList", "c": [[{"t": "Plain", "c": [{"t": "Str", "c": "item"}]}]]}]}
    assert [b["t"] for b in anchored_blocks(ast)] == ["Header", "Para", "Plain"]
    slotted = with_page_slots(copy.deepcopy(ast))
    assert slotted["blocks"][0]["t"] == "Header"
    assert slotted["blocks"][1]["t"] == "RawBlock"                          # after the heading
    assert slotted["blocks"][2]["c"][0]["t"] == "RawInline"                 # at the paragraph's start
    item = slotted["blocks"][3]["c"][0][0]["c"]
    assert item[0]["t"] == "RawInline" and item[1]["c"] == "item"
    html = write_html(slotted)
    marker = lambda page: page_break_marker(page, epub=False)
    filled = fill_page_slots(html, {1: [2], 3: [3, 4]}, marker)
    assert filled == write_html(ast).replace("</h1>\n", "</h1>\n" + marker(2) + "\n").replace(
        "<li>item", "<li>" + marker(3) + marker(4) + "item")
    assert fill_page_slots(html, {}, marker) == write_html(ast), "an empty slot leaves no trace"


def test_markers_are_named_by_their_page():
    epub = etree.fromstring(f'<p xmlns:epub="{OPS}">{page_break_marker(7, epub=True)}</p>')[0]
    assert epub.get("id") == "print-page-7" and epub.get("role") == "doc-pagebreak"
    assert epub.get(f"{{{OPS}}}type") == "pagebreak" and epub.get("aria-label") == "7"
    html = etree.fromstring(page_break_marker(7, epub=False))
    assert html.get("title") == "Page 7" and "aria-label" not in html.attrib


def write_html(ast):
    doc = {"pandoc-api-version": API_VERSION, "meta": {}, **ast}
    return pypandoc.convert_text(json.dumps(doc), "html5", format="json", extra_args=["--wrap=none"])


def test_a_page_no_block_starts_on_or_runs_onto_takes_the_marker_of_the_last_block_before_it():
    spans = {1: (2, 2), 2: (3, 3), 3: (5, 5)}        # page 4 is all code block, after block 2
    assert break_points(spans) == {1: [2], 2: [3, 4], 3: [5]}


def test_a_page_that_begins_inside_a_paragraph_is_marked_before_its_first_word():
    """The layout knows each page's first letters (from the PDF); the marker goes right before them, inside
    the paragraph, emphasis and all. Letters the paragraph lacks leave the marker at its start."""
    ast = json.loads(pypandoc.convert_text("Alpha beta gamma delta epsilon zeta eta theta iota kappa *lambda* mu "
                                           "nu xi omicron pi rho sigma", "json", format="markdown"))
    html = write_html(with_page_slots(copy.deepcopy(ast)))
    marker = lambda page: page_break_marker(page, epub=False)
    layout = PageLayout({1: (2, 3)}, openings=("", "alphabetagamma", "lambdamunuxiomicron"))
    filled = layout.fill_slots(html, marker)
    assert filled.startswith("<p>" + marker(2) + "Alpha beta")
    assert "kappa <em>" + marker(3) + "lambda</em> mu" in filled
    unknown = PageLayout({1: (2, 3)}, openings=("", "alphabetagamma", "notinthetext"))
    assert unknown.fill_slots(html, marker).startswith("<p>" + marker(2) + marker(3) + "Alpha beta")
