"""The manuscript is the seed's text, whole, in order, structured as its author wrote it."""
from __future__ import annotations

import json
import re

import pypandoc
import pytest

from conftest import MANUSCRIPT
from publish.book import load_book
from publish.pandoc import read_ast
from seed_text import split_seed, words

SECTIONS = ["Sex work conflated with trafficking", "The impact on sex workers", "Conclusion", "Recommendations"]
SUBSECTIONS = ["Legal framework", "Demand for sex work conflated with trafficking", "Work interrupted",
               "Security and protection", "Lack of consultative processes", "Victimised or criminalised",
               "Restrictions on freedom to travel", "Discrimination", "Impact on sex work programming",
               "Sex workers’ contributions to ending exploitative workplace practices",
               "To policy makers", "To donors", "To civil society"]
TITLE = "Sex work is not trafficking: a summary"


@pytest.fixture(scope="module")
def book():
    return load_book(MANUSCRIPT)


@pytest.fixture(scope="module")
def ast(book):
    return read_ast(book)


def _stringify(nodes) -> str:
    return pypandoc.convert_text(json.dumps({"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": nodes}),
                                 "plain", format="json", extra_args=["--wrap=none"]).strip()


def _corrections(book) -> list[tuple[str, str]]:
    return [(c["printed"], c["corrected"]) for c in book.metadata["corrections"]]


def test_body_is_every_seed_word_in_order(book, ast):
    seed_body, _ = split_seed(_corrections(book))
    seed_words = words(seed_body)
    assert seed_words[:7] == ["Sex", "work", "is", "not", "trafficking", "a", "summary"]
    plain = pypandoc.convert_file(str(book.sources[0]), "plain", format="markdown", extra_args=["--wrap=none"])
    body = re.sub(r"\[\d+\]", "", plain[: plain.rindex("\n[1] ")])
    assert words(body) == seed_words[7:], "the manuscript's body differs from the seed"


def test_notes_are_the_seed_notes_whole_with_urls_rejoined(book):
    _, seed_notes = split_seed()
    plain = pypandoc.convert_file(str(book.sources[0]), "plain", format="markdown", extra_args=["--wrap=none"])
    notes = dict(re.findall(r"^\[(\d+)\] (.*)$", plain[plain.rindex("\n[1] "):], re.M))
    assert sorted(int(n) for n in notes) == [1, 2, 3, 4, 5]
    for number, text in seed_notes.items():
        assert words(notes[str(number)]) == words(text.replace("/ ", "/")), f"note {number}"
    assert "http://www.state.gov/g/tip/rls/tiprpt/2011/164224.htm#4" in notes["1"]
    assert "http://www.facebook.com/pages/Durbar-Mahila-Samanwaya-Committee/144558602226243" in notes["3"]


def test_notes_stand_where_their_numbers_stood(ast):
    """Each note follows the words its number followed in print."""
    anchors = {1: "would not exist.”", 2: "during global events.", 3: "develop local responses.",
               4: "potential victims of trafficking.", 5: "and lessening sentences in others."}
    found = {}
    for block in ast["blocks"]:
        if block["t"] != "Para":
            continue
        inlines = block["c"]
        for i, node in enumerate(inlines):
            if node["t"] == "Note":
                found[len(found) + 1] = _stringify([{"t": "Plain", "c": inlines[max(0, i - 12):i]}])
    assert sorted(found) == [1, 2, 3, 4, 5]
    for number, before in anchors.items():
        assert found[number].endswith(before), f"note {number} follows {found[number]!r}"


def test_headings_are_four_sections_and_thirteen_subsections(ast):
    headings = [(b["c"][0], _stringify([{"t": "Plain", "c": b["c"][2]}])) for b in ast["blocks"] if b["t"] == "Header"]
    assert [text for level, text in headings if level == 1] == SECTIONS
    assert [text for level, text in headings if level == 2] == SUBSECTIONS
    assert all(level in (1, 2) for level, _ in headings)


def test_introduction_is_the_two_opening_paragraphs(ast):
    first_heading = next(i for i, b in enumerate(ast["blocks"]) if b["t"] == "Header")
    intro = ast["blocks"][:first_heading]
    assert [b["t"] for b in intro] == ["Para", "Para"]
    assert _stringify(intro[:1]).startswith("The Global Network of Sex Work Projects (NSWP) started in 1992")


def test_recommendations_are_bulleted_lists(ast):
    lists = [b for b in ast["blocks"] if b["t"] == "BulletList"]
    assert [len(b["c"]) for b in lists] == [3, 2, 3]


def test_metadata(book):
    assert book.title == TITLE
    assert book.creators == ["Global Network of Sex Work Projects (NSWP)"]
    assert book.publisher == "Global Network of Sex Work Projects (NSWP)"
    assert book.language == "en-GB"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", book.identifier)
    assert book.subjects and book.description and book.accessibility_summary
    assert "date" not in book.metadata, "the text gives no publication date"
    assert _corrections(book) == [("anti-traffing lobby", "anti-trafficking lobby")]
