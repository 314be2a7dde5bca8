"""The braille page as the braille editions write it and `publish check` reads it back (no liblouis needed).

- Cells are Unicode braille (U+2800 + dot bits); a BRF file holds them as North American Braille
  ASCII (the 64 six-dot cells as printable ASCII, letters in lower case; read in either case),
  lines ending CR LF, a form feed between pages.
- Numbers on the page frame (braille page numbers, print page indicators, contents' page numbers)
  are written as UEB, BANA and most literary codes write them: the numeric indicator (dots 3456,
  `#`) and the letters a to j for the digits 1 to 9 and 0.
- The braille page number stands at the right margin of the page's last line, at least three blank
  cells after any text (BANA Braille Formats 2016, 1.15).
- A print page indicator is BANA's page change indicator: a line of dots 36 (`-`) from cell 1 to the
  right margin, ending unspaced in the print page's number (`----...----#bf` for page 26).
"""
from __future__ import annotations

import re

BLANK = "\u2800"
ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="   # cell 0x00..0x3F
_TO_CELL = {char: chr(0x2800 + index) for index, char in enumerate(ASCII)}
_TO_CELL.update({char.lower(): cell for char, cell in _TO_CELL.items() if char.isalpha()})
_TO_CELL.update({"`": _TO_CELL["@"], "{": _TO_CELL["["], "|": _TO_CELL["\\"], "}": _TO_CELL["]"], "~": _TO_CELL["^"]})

NUMBER_SIGN, DIGITS = "#", "jabcdefghi"        # in Braille ASCII: 0 is j, 1 is a, ...
DASH = "-"                                       # dots 36
MIN_GAP = 3                                      # blank cells before the braille page number
PAGE_NUMBER = re.compile(r"(?:^| {3,})#([a-j]+)$")
PRINT_PAGE = re.compile(r"^-{3,}#([a-j]+)$")


def to_ascii(cells: str) -> str:
    """Unicode braille as Braille ASCII; dots 7 and 8 (which six-dot embossers cannot show) dropped."""
    return "".join(ASCII[(ord(c) - 0x2800) & 0x3F].lower() if 0x2800 <= ord(c) <= 0x28FF else c for c in cells)


def to_cells(text: str) -> str:
    """Braille ASCII (either case) as Unicode braille; anything else is kept as it is."""
    return "".join(_TO_CELL.get(c, c) for c in text)


def number(value: int) -> str:
    """A number in Braille ASCII, as the page frame writes it: #ab for 12."""
    return NUMBER_SIGN + "".join(DIGITS[int(d)] for d in str(value))


def number_cells(value: int) -> str:
    return to_cells(number(value))


def value_of(letters: str) -> int:
    """The number written by the digit letters (a-j), e.g. 'ab' -> 12."""
    return int("".join(str(DIGITS.index(c)) for c in letters.lower()))


def page_number(line: str) -> int | None:
    """The braille page number at the right end of a page's last line (Braille ASCII), if any."""
    found = PAGE_NUMBER.search(line.rstrip().lower())
    return value_of(found.group(1)) if found else None


def print_page(line: str) -> int | None:
    """The print page number of a page change indicator line (Braille ASCII), if the line is one."""
    found = PRINT_PAGE.match(line.rstrip().lower())
    return value_of(found.group(1)) if found else None


def text_lines(lines: list[str]) -> list[str]:
    """A page's lines that hold the book's text: without its braille page number and print page indicators."""
    rows = list(lines)
    if rows:
        rows[-1] = re.sub(r"(?:^| {3,})#[a-j]+$", "", rows[-1].rstrip(), flags=re.IGNORECASE)
    return [row for row in rows if print_page(row) is None]
