"""Mends the text layer Typst writes for right-to-left script, so that copying, searching and reading
aloud a PDF give back the manuscript's words.

Typst's PDF export (0.14, krilla) makes two faults there; poppler's pdftotext read back 26% of the
Arabic test book's words before this pass and 100% after.

1. A letter drawn as two glyphs at different heights (Noto Sans Arabic's dotless ب and its dot, a
   letter and its shadda) is drawn as two text runs, and both runs carry the letter: كبيرة reads
   كببييرةة. The copy carried by the mark, a glyph without advance that comes right before its base
   (right-to-left runs are drawn from the left, so a letter's marks precede it), is silenced with an
   empty /ActualText.
2. A glyph that stands for several characters (the lam-alef ligature لا, a letter with its shadda)
   gives them in reading order inside a run drawn in visual order (/ReversedChars), so readers, which
   turn the run around, turn them around too: لا reads ال. Its ToUnicode entry (and any /ActualText
   Typst wrote for it) is stored reversed, as the rest of the run is.

Both only touch text in a right-to-left script; the structure tree and its marked-content ids stay
as they are. Text inside form XObjects, which Typst does not use for text, is left alone.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms; RTL_LETTER
# below decides, this only spares books without any the cost of opening their PDF
RIGHT_TO_LEFT_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_CMAP_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)


def has_right_to_left(text: str) -> bool:
    return RIGHT_TO_LEFT_SCRIPT.search(text) is not None


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


@dataclass
class _Font:
    text: dict[int, str]           # code -> characters, from the ToUnicode CMap
    widths: dict[int, float]
    default_width: float

    def advance(self, code: int) -> float:
        return self.widths.get(code, self.default_width)


@dataclass
class _Unit:
    """What a reader takes as one piece of text: a glyph with its ToUnicode text, or a marked-content
    span with /ActualText and the glyphs inside it."""
    text: str
    glyphs: list[tuple[int, int, int]] = field(default_factory=list)    # (show, operand, byte)
    span: tuple[int, int] | None = None    # where the /ActualText string is in the content
    without_advance: bool = True


def mend(path: Path) -> bool:
    """Rewrites the PDF at path in place (whole, or not at all) when it has right-to-left text to
    mend; whether it did. A PDF it cannot read or write is left as Typst wrote it: a text layer
    unmended is better than no large print."""
    import pikepdf
    partial = path.with_name(path.name + ".partial")
    try:
        with pikepdf.open(path) as pdf:
            fonts: dict[Any, _Font] = {}
            for page in pdf.pages:
                for font in _fonts(page).values():
                    if font.objgen not in fonts:
                        fonts[font.objgen] = _read_font(font)
            if not any(_right_to_left(text) for font in fonts.values() for text in font.text.values()):
                return False
            for page in pdf.pages:
                _mend_page(pdf, page, {str(name): fonts[font.objgen] for name, font in _fonts(page).items()})
            _reverse_cmaps(pdf)
            # deterministic_id: the same book gives the same PDF (qpdf would otherwise draw a new /ID)
            pdf.save(partial, deterministic_id=True)
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        partial.unlink(missing_ok=True)
        return False
    os.replace(partial, path)
    return True


def _fonts(page: Any) -> dict[Any, Any]:
    import pikepdf
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    return {name: font for name, font in resources.get("/Font", pikepdf.Dictionary()).items()
            if font.get("/Subtype") == "/Type0" and "/DescendantFonts" in font}


def _read_font(font: Any) -> _Font:
    text: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if stream is not None:
        for block in _BFCHAR.findall(stream.read_bytes()):
            for code, characters in _CMAP_PAIR.findall(block):
                text[int(code, 16)] = _utf16(characters)
    descendant = font.DescendantFonts[0]
    widths: dict[int, float] = {}
    table = list(descendant.get("/W", []))
    at = 0
    while at + 1 < len(table):               # c [w1 w2 ...]  or  c_first c_last w
        first = int(table[at])
        if not _is_number(table[at + 1]):
            widths.update((first + k, float(w)) for k, w in enumerate(table[at + 1]))
            at += 2
        else:
            widths.update((code, float(table[at + 2])) for code in range(first, int(table[at + 1]) + 1))
            at += 3
    return _Font(text, widths, float(descendant.get("/DW", 1000)))


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _utf16(hexadecimal: bytes) -> str:
    return bytes.fromhex(hexadecimal.decode("ascii")).decode("utf-16-be", "replace")


# --- the page's content, read as bytes ------------------------------------------------------
# pikepdf's parse_content_stream makes a Python object of every operator and operand: 33 ms a page
# of Arabic text. Only fonts, marked content and text matter here, so one expression finds those
# instructions (positions and colours are passed over in C) and the content is edited in place:
# 14 ms a page (an 85-page Arabic book: 1.2 s, where Typst takes 2.9 s to lay it out and write it).
_STRING = rb"\((?:[^\\()]|\\.)*\)"          # a literal string (Typst escapes the brackets in it)
_HEX = rb"<[0-9A-Fa-f\s]*>"
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_NAME = rb"/[^\s/\[\]()<>{}%]+"
_RELEVANT = re.compile(
    rb"(?P<Tf>" + _NAME + rb")\s+" + _NUMBER + rb"\s+Tf\b"
    rb"|" + _NAME + rb"\s*<<(?P<BDC>(?:[^<>()]|" + _STRING + rb"|" + _HEX + rb")*)>>\s*BDC\b"
    rb"|" + _NAME + rb"\s*(?P<BMC>BMC)\b"
    rb"|(?<![A-Za-z])(?P<EMC>EMC)\b"
    rb"|\[(?P<TJ>(?:[^\]()]|" + _STRING + rb")*)\]\s*TJ\b"
    rb"|(?P<Tj>" + _STRING + rb"|" + _HEX + rb")\s*Tj\b", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_OPERAND = re.compile(rb"(?P<string>" + _STRING + rb")|(?P<hex>" + _HEX + rb")|(?P<number>" + _NUMBER + rb")"
                      rb"|(?P<name>" + _NAME + rb")", re.S)


@dataclass(frozen=True)
class _Show:
    """A Tj or TJ instruction: where it is in the content, and its operands (a TJ's array inside)."""
    start: int
    end: int
    operands: bytes


def _string_bytes(token: bytes) -> bytes:
    """A string operand's bytes: <hex> or (literal)."""
    if token[:1] == b"<":
        digits = re.sub(rb"\s", b"", token[1:-1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    body = token[1:-1]
    if b"\\" not in body:
        return body
    if b"\\(" not in body and b"\\)" not in body and b"\\x" not in body:
        return codecs.escape_decode(body)[0]      # Python's escapes are PDF's, but for these three: 5x faster

    def escape(found: re.Match[bytes]) -> bytes:
        code = found.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return b"" if code in (b"\n", b"\r", b"\r\n") else _ESCAPES.get(code, code)
    return _ESCAPE.sub(escape, body)


def _text_of(token: bytes) -> str:
    raw = _string_bytes(token)
    return raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def _hex(data: bytes) -> bytes:
    return b"<" + data.hex().encode("ascii") + b">"


def _mend_page(pdf: Any, page: Any, fonts: dict[str, _Font]) -> None:
    content = page.Contents.read_bytes() if not isinstance(page.Contents, list) else \
        b"\n".join(part.read_bytes() for part in page.Contents)
    scanned = _scan(content, fonts)
    if scanned is None:
        return
    units, shows = scanned
    silent = {at for at, unit in enumerate(units) if _repeats_its_base(units, at)}
    edits = _edits(units, shows, silent)
    if edits:
        page.Contents = pdf.make_stream(_edited(content, edits))


def _scan(content: bytes, fonts: dict[str, _Font]) -> tuple[list[_Unit], list[_Show]] | None:
    """The page's text pieces in the order drawn, and its show-text instructions; None when the content
    holds an inline image (whose data could look like anything): such a page is left as it was."""
    if b"BI" in content and re.search(rb"(?<![A-Za-z])BI\s*/", content):
        return None
    units: list[_Unit] = []
    shows: list[_Show] = []
    font: _Font | None = None
    marked: list[_Unit | None] = []          # the open marked-content sequences; a _Unit for /ActualText
    for match in _RELEVANT.finditer(content):
        operator = match.lastgroup
        if operator == "Tf":
            font = fonts.get(match.group("Tf").decode("latin-1"))
        elif operator == "EMC":
            if marked:
                marked.pop()
        elif operator == "BMC":
            marked.append(None)
        elif operator == "BDC":
            span = _actual_text(match)
            if span is not None:
                units.append(span)
            marked.append(span)
        elif font is not None:               # Tj or TJ
            group = match.group(operator)
            show = len(shows)
            shows.append(_Show(match.start(), match.end(), group))
            inside = next((span for span in reversed(marked) if span is not None), None)
            for part, token in _strings(group):
                raw = _string_bytes(token)
                for byte in range(0, len(raw) - 1, 2):     # two-byte codes: Typst's fonts are Identity-H
                    code = int.from_bytes(raw[byte:byte + 2], "big")
                    if inside is None:
                        units.append(_Unit(font.text.get(code, ""), [(show, part, byte)],
                                           without_advance=font.advance(code) == 0))
                    else:
                        inside.glyphs.append((show, part, byte))
                        inside.without_advance &= font.advance(code) == 0
    return units, shows


def _strings(operands: bytes) -> Iterator[tuple[int, bytes]]:
    """The string operands of a Tj or a TJ's array, each with its place among the operands."""
    for part, token in enumerate(_OPERAND.finditer(operands)):
        if token.lastgroup in ("string", "hex"):
            yield part, token.group()


def _actual_text(match: re.Match[bytes]) -> _Unit | None:
    """A span for a BDC whose properties (written in place, << ... >>) have /ActualText."""
    properties = match.group("BDC")
    if b"/ActualText" not in properties:
        return None
    tokens = list(_OPERAND.finditer(properties))
    for at, token in enumerate(tokens[:-1]):
        value = tokens[at + 1]
        if token.group() == b"/ActualText" and value.lastgroup in ("string", "hex"):
            offset = match.start("BDC")
            return _Unit(_text_of(value.group()), span=(offset + value.start(), offset + value.end()))
    return None


def _repeats_its_base(units: list[_Unit], at: int) -> bool:
    """A mark drawn apart that carries the text of the letter drawn right after it."""
    unit = units[at]
    return (unit.without_advance and unit.text != "" and at + 1 < len(units)
            and units[at + 1].text == unit.text and _right_to_left(unit.text))


def _reversible(text: str) -> bool:
    return len(text) > 1 and _right_to_left(text)


def _edits(units: list[_Unit], shows: list[_Show], silent: set[int]) -> list[tuple[int, int, bytes]]:
    """(start, end, new bytes) for the content: the /ActualText of silenced and reversed spans, and each
    show-text instruction with a silenced glyph, divided around it."""
    edits = []
    hushed: dict[int, set[tuple[int, int]]] = {}        # show -> (operand, byte) of glyphs to silence
    for at, unit in enumerate(units):
        if unit.span is not None and (at in silent or _reversible(unit.text)):
            text = b"" if at in silent else b"\xfe\xff" + unit.text[::-1].encode("utf-16-be")
            edits.append((*unit.span, _hex(text)))
        elif at in silent:
            show, part, byte = unit.glyphs[0]
            hushed.setdefault(show, set()).add((part, byte))
    edits += [(shows[show].start, shows[show].end, _with_silent_glyphs(shows[show], glyphs))
              for show, glyphs in hushed.items()]
    return sorted(edits)


def _with_silent_glyphs(show: _Show, hushed: set[tuple[int, int]]) -> bytes:
    """The show-text instruction divided so that each hushed glyph is shown inside an empty /ActualText
    (the pieces between keep their spacing: a TJ's numbers stay with the glyphs they move)."""
    out: list[bytes] = []
    pending: list[bytes] = []

    def flush() -> None:
        if pending:
            out.append(b"[" + b" ".join(pending) + b"] TJ")
            pending.clear()
    for part, token in enumerate(_OPERAND.finditer(show.operands)):
        if token.lastgroup == "number":
            pending.append(token.group())
        elif token.lastgroup in ("string", "hex"):
            raw, start = _string_bytes(token.group()), 0
            for byte in range(0, len(raw) - 1, 2):
                if (part, byte) in hushed:
                    if byte > start:
                        pending.append(_hex(raw[start:byte]))
                    flush()
                    out.append(b"/Span <</ActualText ()>> BDC [" + _hex(raw[byte:byte + 2]) + b"] TJ EMC")
                    start = byte + 2
            if start < len(raw):
                pending.append(_hex(raw[start:]))
    flush()
    return b"\n".join(out)


def _edited(content: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    pieces, at = [], 0
    for start, end, new in edits:
        if start < at:           # inside an edit already made (spans and shows do not overlap)
            continue
        pieces += [content[at:start], new]
        at = end
    pieces.append(content[at:])
    return b"".join(pieces)


def _reverse_cmaps(pdf: Any) -> None:
    """Every font's ToUnicode entries of several right-to-left characters, stored reversed."""
    seen = set()
    for page in pdf.pages:
        for font in _fonts(page).values():
            stream = font.get("/ToUnicode")
            if stream is None or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            data = stream.read_bytes()
            mended = _BFCHAR.sub(lambda block: _CMAP_PAIR.sub(_reversed_pair, block.group(0)), data)
            if mended != data:
                stream.write(mended)


def _reversed_pair(pair: re.Match[bytes]) -> bytes:
    text = _utf16(pair.group(2))
    if not _reversible(text):
        return pair.group(0)
    return b"<" + pair.group(1) + b"> <" + text[::-1].encode("utf-16-be").hex().upper().encode("ascii") + b">"
