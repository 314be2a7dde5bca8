"""Where a print page begins inside a paragraph (page_starts.py): each page's first letters read from
the large-print PDF, and found again in pandoc's HTML of the paragraph that runs onto the page."""
from __future__ import annotations

import html
import random
import re
from pathlib import Path

import pytest

from pdf_pages import read_pdf
from publish.build import BuildResult, build
from publish.page_starts import insert_before_letters, letters, page_openings

M = "<span class=\"m\"></span>"


# letters(): the form compared across formats

def test_letters_keep_only_letters_and_digits_case_folded() -> None:
    assert letters("“Don’t stop,” she said — twice! (2024)") == "dontstopshesaidtwice2024"
    assert letters("Straße, ﬁnd") == "strassefind"             # case folding and NFKC undo ß and the ligature


def test_letters_read_typsts_mathematical_italic_as_plain_letters() -> None:
    assert letters("\U0001D465\u2062\U0001D466 + 2") == "xy2"       # 𝑥𝑦 + 2, with an invisible times


def test_letters_keep_devanagari_vowel_signs_and_viramas() -> None:
    assert letters("हिन्दी में पाठ।") == "हिन्दीमेंपाठ"            # marks kept, the danda and spaces dropped


def test_letters_need_no_spaces_chinese() -> None:
    assert letters("这是中文文本，讲述城市。") == "这是中文文本讲述城市"


def test_letters_drop_soft_hyphens_word_joiners_and_non_breaking_hyphens() -> None:
    assert letters("hyphen\u00adation\u2060[1] non\u2011stop\u00a0now") == "hyphenation1nonstopnow"


# insert_before_letters(): a marker before the first letter of an opening

def test_a_match_starting_inside_emphasis_puts_the_marker_just_inside_it() -> None:
    fragment = "The survey <em>of harbours</em> and <strong>orchards</strong> ran long"
    assert insert_before_letters(fragment, letters("harbours and orchards"), M) == \
        ("The survey <em>of " + M + "harbours</em> and <strong>orchards</strong> ran long", 12)
    assert insert_before_letters(fragment, letters("of harbours"), M)[0] == \
        "The survey <em>" + M + "of harbours</em> and <strong>orchards</strong> ran long"


def test_a_match_spanning_emphasis_starts_before_it_after_the_space() -> None:
    fragment = "They walked <em>each</em> morning"
    assert insert_before_letters(fragment, "walkedeachmorning", M) == \
        ("They " + M + "walked <em>each</em> morning", 5)


def test_entities_are_read_as_their_characters_and_never_split() -> None:
    fragment = "Salt &amp; pepper&#39;s tale&nbsp;ends at the &Eacute;cole"
    assert insert_before_letters(fragment, letters("pepper’s tale ends"), M)[0] == \
        "Salt &amp; " + M + "pepper&#39;s tale&nbsp;ends at the &Eacute;cole"
    assert insert_before_letters(fragment, letters("École"), M)[0] == \
        "Salt &amp; pepper&#39;s tale&nbsp;ends at the " + M + "&Eacute;cole"


@pytest.mark.parametrize("reference", [
    '<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>',     # pandoc's HTML
    '<a href="notes.xhtml#note-1" id="noteref-1" epub:type="noteref" role="doc-noteref"><sup>1</sup></a>',  # EPUB
    '<a class="noteref" id="note-ref-1" href="#note-1" role="doc-noteref" aria-label="Note 1">1</a>',  # HTML
])
def test_the_number_of_a_note_reference_is_skipped(reference: str) -> None:
    fragment = f"They were seen at night.{reference} Later the boats came"
    assert insert_before_letters(fragment, letters("night. Later the boats"), M)[0] == \
        f"They were seen at {M}night.{reference} Later the boats came"
    assert insert_before_letters(fragment, "night1later", M) is None


def test_a_match_at_the_very_start() -> None:
    assert insert_before_letters("<em>Harbours</em> and orchards", "harboursand", M) == \
        ("<em>" + M + "Harbours</em> and orchards", 1)


def test_an_opening_not_in_the_paragraph_gives_none() -> None:
    assert insert_before_letters("The survey of harbours", "orchardsoverthe", M) is None
    assert insert_before_letters("The survey of harbours", "", M) is None


def test_an_opening_there_twice_gives_none() -> None:
    assert insert_before_letters("red fish, blue fish. Red fish, blue fish!", "redfishblue", M) is None


def test_a_second_page_in_the_same_paragraph_is_searched_after_the_first() -> None:
    fragment = "one red fish, then <em>red fish</em> again and red fish"
    assert insert_before_letters(fragment, "redfish", M) is None                 # three times
    first, after = insert_before_letters(fragment, "onered", M)
    assert (first, after) == (M + fragment, 1)
    second, after = insert_before_letters(first, "redfishagain", M, after)
    assert second == M + "one red fish, then <em>" + M + "red fish</em> again and red fish"
    assert after == 15
    assert insert_before_letters(second, "redfish", M, after)[0].endswith("again and " + M + "red fish")


def test_xhtml_line_breaks_and_comments_hold_no_letters() -> None:
    fragment = "<!--publish-page-3-->first line<br />second line<br/>third"
    assert insert_before_letters(fragment, "secondlinethird", M)[0] == \
        "<!--publish-page-3-->first line<br />" + M + "second line<br/>third"


def test_a_formulas_tex_annotation_is_not_read() -> None:
    formula = ('<math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msup><mi>y'
               '</mi><mn>2</mn></msup></mrow><annotation encoding="application/x-tex">y^2</annotation>'
               '</semantics></math>')
    fragment = f"where {formula} grows"
    expected = fragment.replace("<mi>y", "<mi>" + M + "y")
    assert insert_before_letters(fragment, letters("\U0001D466 2 grows"), M)[0] == expected


def test_a_page_that_opens_with_the_paragraphs_last_words_matches_them() -> None:
    """Past its last words the opening runs into the next block, which is not in the fragment."""
    fragment = "Volunteers kept the ledgers of the district office since the war."
    opening = letters("office since the war. The next chapter")
    assert insert_before_letters(fragment, opening, M)[0] == \
        "Volunteers kept the ledgers of the district " + M + "office since the war."
    assert insert_before_letters(fragment, letters("since the war. The next chapter"), M) is None   # too few


# A real book of several pages, built once: its large-print PDF and its HTML

WORDS = ("harbour orchard season volunteer morning ledger district office survey visit window river bridge "
         "market lantern teacher garden village meadow kitchen letter station island valley winter summer "
         "courtyard library bakery forest mountain painter fisher weaver blanket harvest orchestra journey "
         "quarry sailor shepherd tailor vineyard workshop careful quiet bright narrow gentle patient heavy "
         "wooden silver distant crowded empty walked counted carried noticed painted listened gathered "
         "measured repaired opened closed wrote read kept found lost asked answered along beside under "
         "across through before after while because although every several many").split()


def _paragraph(rng: random.Random, words: int) -> str:
    """Words drawn at random (so that 40 letters are found once), now and then in emphasis, in
    quotation marks, after an ampersand or as a link's text."""
    dressed = {0: "*{}*", 1: "“{}”", 2: "& {}", 3: "[{}](https://example.org/)"}
    text = " ".join(dressed.get(rng.randrange(30), "{}").format(rng.choice(WORDS)) for _ in range(words))
    return "Then " + text + "."


def _manuscript(folder: Path) -> Path:
    rng = random.Random(7)
    paragraphs = [_paragraph(rng, n) for n in (180, 420, 240, 300, 160, 450, 220, 260)]
    paragraphs[2] += "[^one] " + _paragraph(rng, 40)
    paragraphs[5] += "[^two]"
    body = "\n\n".join(paragraphs[:4] + ["# Winter in the harbours of the northern district"] + paragraphs[4:])
    (folder / "book.md").write_text(
        "---\ntitle: Where the pages of a long book begin, found letter by letter\nlang: en\n---\n\n"
        "# The survey of harbours and orchards over one season\n\n" + body +
        "\n\n[^one]: A note about the ledgers of the district office.\n"
        "\n[^two]: Another note, about the river.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = _manuscript(tmp_path_factory.mktemp("page-starts"))
    result = build(folder, folder.parent / f"{folder.name}-dist", only=["large-print", "html"])
    assert {e.name for e in result.editions} == {"large-print", "html"}, result.findings
    return result


def _edition(result: BuildResult, name: str):
    return next(e for e in result.editions if e.name == name)


def test_each_pages_opening_is_where_pdfplumber_reads_its_text_start(book: BuildResult) -> None:
    pdf = _edition(book, "large-print").path
    openings, pages = page_openings(pdf), read_pdf(pdf).pages
    assert len(openings) == len(pages) >= 8
    for page, opening in zip(pages, openings):
        lines = page.text.split("\n")
        assert lines[-1] == str(page.number)                          # the footer: the page number alone
        text = re.sub(r"\[\s*\d+\s*\]", "", "\n".join(lines[:-1]))      # and the note references
        assert len(opening) == min(40, len(letters(text))) and letters(text).startswith(opening), page.number
        assert str(page.number) not in opening
    assert not any(re.search(r"\d", opening) for opening in openings)      # the book's words hold no digits


def test_every_page_that_begins_inside_a_paragraph_is_marked_inside_it_before_its_opening(book: BuildResult) -> None:
    """The build's layout holds the PDF's openings; in the HTML, the marker of each page that begins inside
    a paragraph (as the large print's spans say) stands inside that paragraph, after some of its words,
    and right before the page's first letters; pages running on in one paragraph follow each other."""
    large_print, page_html = _edition(book, "large-print"), _edition(book, "html").path.read_text("utf-8")
    layout = large_print.layout
    inside = [p for block, pages in layout.points.items() for p in pages if p > layout.spans[block][0]]
    assert len(inside) >= 4 and set(inside) == layout.pages_beginning_inside()
    every = page_openings(large_print.path)        # only the pages that begin inside a block are read
    assert layout.openings == tuple(every[n - 1] if n in inside else "" for n in range(1, len(every) + 1))
    for page in inside:
        fragment = _paragraph_holding(page_html, f'id="print-page-{page}"')
        before, after = re.split(rf'<span id="print-page-{page}"[^>]*></span>', fragment)
        assert _seen_letters(before), f"page {page}'s marker opens its paragraph"
        following = _seen_letters(after)
        opening = layout.openings[page - 1]
        assert following and (following.startswith(opening) or opening.startswith(following)), page


def _paragraph_holding(page: str, needle: str) -> str:
    """The content of the <p> in which needle stands (paragraphs do not nest)."""
    at = page.index(needle)
    start = page.index(">", page.rindex("<p", 0, at)) + 1
    return page[start:page.index("</p>", at)]


def _seen_letters(fragment: str) -> str:
    """letters() of what a reader reads in an HTML fragment: no tags, no note references' numbers."""
    text = re.sub(r'<a [^>]*doc-noteref[^>]*>.*?</a>', "", fragment, flags=re.S)
    return letters(html.unescape(re.sub(r"<[^>]*>", "", text)))


# Scripts without spaces between words, or with vowel signs: PDFium gives their letters in reading order

SENTENCES = {
    "hi": "यह हिन्दी में पाठ संख्या {n} है जिसमें किताबें और विद्यार्थी हैं।",
    "zh": "这是第{n}句中文文本，讲述城市里的工作和权利。",
    "th": "ข้อความภาษาไทยหมายเลข{n}เกี่ยวกับการทำงานและสิทธิในเมือง ",
}


@pytest.mark.parametrize("tag", SENTENCES)
def test_the_openings_of_a_book_in_another_script_are_its_own_letters(tag: str, tmp_path: Path) -> None:
    text = "\n\n".join(" ".join(SENTENCES[tag].format(n=p * 100 + i) for i in range(40)) for p in range(2))
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "book.md").write_text(f"---\ntitle: T\nlang: {tag}\n---\n\n{text}\n", encoding="utf-8")
    result = build(tmp_path / "book", tmp_path / "dist", only=["large-print"])
    openings = page_openings(_edition(result, "large-print").path)[2:]        # after the title and contents
    assert len(openings) >= 2 and all(len(opening) == 40 and opening in letters(text) for opening in openings)
