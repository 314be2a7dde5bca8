"""Where each page's marker goes, from the pages on which blocks start and end."""
from __future__ import annotations

import copy

from publish.pagination import anchored_blocks, break_points, page_break_span, with_page_breaks


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
    marked = with_page_breaks(copy.deepcopy(ast), {1: [2], 3: [3]}, lambda page: page_break_span(page, epub=True))
    assert marked["blocks"][0]["t"] == "Header"
    assert marked["blocks"][1] == {"t": "Plain", "c": [page_break_span(2, epub=True)]}
    item = marked["blocks"][3]["c"][0][0]["c"]
    assert item[0] == page_break_span(3, epub=True) and item[1]["c"] == "item"
    span = page_break_span(7, epub=True)["c"][0]
    assert span[0] == "print-page-7" and ["epub:type", "pagebreak"] in span[2] and ["aria-label", "7"] in span[2]
