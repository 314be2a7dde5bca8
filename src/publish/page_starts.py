"""Where a print page begins inside a paragraph: its first letters, read from the large-print PDF
and found again in the paragraph's HTML, so that a page marker can stand right before its first word.

Typst reports only the page on which each anchored block starts and ends (pagination.py); a
per-word anchor would tell more but made the typesetting almost four times slower. The PDF
already holds the words of every page, so page_openings() reads the first letters at the top of
each page (PDFium, through pypdfium2) and insert_before_letters() finds them in pandoc's HTML of
the paragraph that runs onto that page.

Both sides are compared as letters() only: letters, digits and marks, in NFKC and case-folded.
Spaces, punctuation and the characters Typst adds (smart quotes, word joiners) differ between the
formats; letters do not, and they need no word boundaries, which Chinese, Japanese and Thai lack.
"""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pypdfium2

MM = 72 / 25.4
# styles/large-print.typ: the text area ends 40 mm above the page's foot (bottom margin
# margin + 15mm); the page number is set 22 mm above it and reaches about 28 mm. Text lower
# than this line is the footer.
FOOTER_TOP = 34 * MM
NOTE_MARKER = re.compile(r"\[\d+\]")      # the large print's note references, "[1]" (#set footnote)


def letters(text: str) -> str:
    """text as the formats are compared: NFKC (Typst's mathematical italic 𝑥 is x, a ligature ﬁ is
    fi), case-folded, and only letters, digits and marks (Devanagari and Thai vowel signs are marks)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold()
                   if unicodedata.category(c)[0] in "LNM")


def page_openings(pdf: Path, count: int = 40, pages: set[int] | None = None) -> list[str]:
    """For each page of the large-print PDF (index 0 is page 1), the first `count` letters() of its
    text area, without the page number in the footer or the note references ("[1]") in the text;
    "" for a page not in `pages` (by number, from 1) when it is given (reading a page's text is most
    of the cost: 2 ms a page).

    PDFium gives the text in the order of the page's content, which for Typst is the order of the
    layout: the body from the top (the notes are set below it), then the footer."""
    document = pypdfium2.PdfDocument(Path(pdf))
    try:
        return [_opening(document, index, count) if pages is None or index + 1 in pages else ""
                for index in range(len(document))]
    finally:
        document.close()


def _opening(document: pypdfium2.PdfDocument, index: int, count: int) -> str:
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            width, height = page.get_size()
            text = text_page.get_text_bounded(left=0, bottom=FOOTER_TOP, right=width, top=height)
        finally:
            text_page.close()
    finally:
        page.close()
    return letters(NOTE_MARKER.sub("", text))[:count]


# One piece of pandoc's HTML: a comment, a tag, an entity, text without either, or a lone < or &.
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]+|[<&]", re.S)
_START_TAG = re.compile(r"<([A-Za-z][\w:.-]*)([^>]*)>")
# A note reference: pandoc's HTML and EPUB writers' (class="footnote-ref", epub:type="noteref"),
# and this repository's editions' (role="doc-noteref"). The large print's "[1]" is left out of
# the openings, so the reference's number is left out here.
_NOTE_REF = re.compile(r"""\b(?:role\s*=\s*["']doc-noteref|epub:type\s*=\s*["'][^"']*\bnoteref\b"""
                       r"""|class\s*=\s*["'][^"']*\b(?:footnote-ref|noteref)\b)""")
# elements whose text no reader sees: a formula's TeX source, kept by pandoc beside its MathML
_UNSEEN = ("annotation", "annotation-xml")


def insert_before_letters(fragment: str, opening: str, marker: str,
                          start: int = 0) -> tuple[str, int] | None:
    """fragment (pandoc's HTML or XHTML for one paragraph or list item) with marker inserted right
    before the first character of `opening`, found in the letters() of its text at letter offset
    `start` or later; and the letter offset just after where that match starts, from which the
    next page in the same paragraph is searched. The text of note references is skipped.

    None when the opening is not there, or is there more than once (the caller then keeps the
    marker at the start of the paragraph). When the paragraph ends on the page before `count`
    letters, the opening runs on into the next block: then the paragraph's last letters, if at
    least TAIL_LETTERS of them begin the opening, are taken as the match.

    The marker goes into the text, never into a tag or an entity: when the match starts with an
    element's text it goes just inside that element. A marker holds no text itself (an empty span),
    so the letter offsets of the fragment it returns are the same as those of the one it was given.
    """
    stream, places = _letter_places(fragment)
    found = _match(stream, opening, start)
    if found is None:
        return None
    place = places[found]
    return fragment[:place] + marker + fragment[place:], found + 1


def find_letters(text: str, opening: str, start: int = 0) -> tuple[int, int] | None:
    """insert_before_letters() for plain text (the braille edition's print text of a paragraph): the
    offset in text of the character the match of `opening` begins at, and the letter offset just after
    where the match starts, from which the next page in the same paragraph is searched. None when the
    opening is not there once, as insert_before_letters() finds it."""
    stream, places = _letters_of([(char, offset) for offset, char in enumerate(text)])
    found = _match(stream, opening, start)
    return None if found is None else (places[found], found + 1)


TAIL_LETTERS = 12     # fewer letters at the end of a paragraph may match the opening by chance


def _match(stream: str, opening: str, start: int) -> int | None:
    """Where opening starts in stream at start or later, if there once; else where a tail of the
    stream of at least TAIL_LETTERS letters begins it, if exactly one does."""
    if not opening:
        return None
    found = stream.find(opening, start)
    if found >= 0:
        return None if stream.find(opening, found + 1) >= 0 else found
    tails = [len(stream) - size for size in range(TAIL_LETTERS, min(len(opening), len(stream) - start + 1))
             if stream.endswith(opening[:size])]
    return tails[0] if len(tails) == 1 else None


def _letter_places(fragment: str) -> tuple[str, list[int]]:
    """The letters() of the fragment's text, and for each the offset in fragment of the character
    (or the start of the entity) it comes from."""
    chars: list[tuple[str, int]] = []          # each character of the text, with its offset
    skipping: str | None = None                # the element whose text is being skipped
    depth = 0                                  # how deep in it (<a> holds <sup>, <annotation> holds nothing)
    for token in _TOKEN.finditer(fragment):
        piece = token.group()
        if piece.startswith("<"):
            name = _tag_name(piece)
            if skipping is not None:
                if name == skipping:
                    depth += 1
                elif name == "/" + skipping:
                    depth -= 1
                    skipping = None if depth == 0 else skipping
            elif name in _UNSEEN or (name == "a" and _NOTE_REF.search(piece)):
                if not piece.endswith("/>"):
                    skipping, depth = name, 1
            continue
        if skipping is not None:
            continue
        if piece.startswith("&"):
            chars.extend((c, token.start()) for c in html.unescape(piece))
        else:
            chars.extend((c, token.start() + i) for i, c in enumerate(piece))
    return _letters_of(chars)


def _tag_name(tag: str) -> str:
    """'a' for <a href=..>, '/a' for </a>, '' for a comment or anything else."""
    if tag.startswith("</"):
        return "/" + tag[2:-1].strip().lower()
    found = _START_TAG.match(tag)
    return found.group(1).lower() if found else ""


def _letters_of(chars: list[tuple[str, int]]) -> tuple[str, list[int]]:
    """letters() of the characters, each letter placed at its character's offset. A character is
    normalised with the marks that follow it (NFKC composes e + ◌́ into é), so that the stream is
    letters() of the whole text."""
    stream: list[str] = []
    places: list[int] = []
    index = 0
    while index < len(chars):
        end = index + 1
        while end < len(chars) and _continues(chars[end][0]):
            end += 1
        found = letters("".join(c for c, _ in chars[index:end]))
        stream.append(found)
        places.extend([chars[index][1]] * len(found))
        index = end
    return "".join(stream), places


def _continues(char: str) -> bool:
    # a mark, or a Hangul vowel or final consonant (NFKC joins conjoining jamo into a syllable)
    return unicodedata.category(char)[0] == "M" or "\u1160" <= char <= "\u11ff"
