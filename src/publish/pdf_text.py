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

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    glyphs: list[tuple[int, int, int]] = field(default_factory=list)    # (instruction, part, byte)
    span: int | None = None            # the BDC instruction carrying /ActualText
    without_advance: bool = True


def mend(path: Path) -> bool:
    """Rewrites the PDF at path in place (whole, or not at all) when it has right-to-left text to
    mend; whether it did."""
    import pikepdf
    with pikepdf.open(path) as pdf:
        fonts = {font.objgen: _read_font(font) for page in pdf.pages for font in _fonts(page).values()}
        if not any(_right_to_left(text) for font in fonts.values() for text in font.text.values()):
            return False
        for page in pdf.pages:
            _mend_page(pdf, page, {str(name): fonts[font.objgen] for name, font in _fonts(page).items()})
        _reverse_cmaps(pdf)
        partial = path.with_name(path.name + ".partial")
        # deterministic_id: the same book gives the same PDF (qpdf would otherwise draw a new /ID)
        pdf.save(partial, deterministic_id=True)
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


def _mend_page(pdf: Any, page: Any, fonts: dict[str, _Font]) -> None:
    import pikepdf
    instructions = list(pikepdf.parse_content_stream(page))
    units = _units(instructions, fonts)
    silent = {at for at, unit in enumerate(units) if _repeats_its_base(units, at)}
    if not silent and not any(unit.span is not None and _reversible(unit.text) for unit in units):
        return
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(_rewritten(instructions, units, silent)))


def _units(instructions: list[Any], fonts: dict[str, _Font]) -> list[_Unit]:
    """The page's text pieces in the order drawn."""
    import pikepdf
    units: list[_Unit] = []
    font: _Font | None = None
    marked: list[_Unit | None] = []          # the open marked-content sequences; a _Unit for /ActualText
    for at, instruction in enumerate(instructions):
        operator = str(instruction.operator)
        if operator == "Tf":
            font = fonts.get(str(instruction.operands[0]))
        elif operator == "BDC":
            properties = instruction.operands[1]
            span = None
            if isinstance(properties, pikepdf.Dictionary) and "/ActualText" in properties:
                span = _Unit(str(properties.ActualText), span=at)
                units.append(span)
            marked.append(span)
        elif operator == "BMC":
            marked.append(None)
        elif operator == "EMC" and marked:
            marked.pop()
        elif operator in ("Tj", "TJ") and font is not None:
            inside = next((span for span in reversed(marked) if span is not None), None)
            for code, place in _codes(instruction, at):
                if inside is None:
                    units.append(_Unit(font.text.get(code, ""), [place], without_advance=font.advance(code) == 0))
                else:
                    inside.glyphs.append(place)
                    inside.without_advance &= font.advance(code) == 0
    return units


def _codes(instruction: Any, at: int) -> list[tuple[int, tuple[int, int, int]]]:
    """The two-byte codes an instruction shows (Typst's fonts are Identity-H), with where each is."""
    import pikepdf
    parts = instruction.operands[0] if str(instruction.operator) == "TJ" else [instruction.operands[0]]
    found = []
    for part_at, part in enumerate(parts):
        if isinstance(part, pikepdf.String):
            raw = bytes(part)
            found += [(int.from_bytes(raw[byte:byte + 2], "big"), (at, part_at, byte))
                      for byte in range(0, len(raw) - 1, 2)]
    return found


def _repeats_its_base(units: list[_Unit], at: int) -> bool:
    """A mark drawn apart that carries the text of the letter drawn right after it."""
    unit = units[at]
    return (unit.without_advance and unit.text != "" and at + 1 < len(units)
            and units[at + 1].text == unit.text and _right_to_left(unit.text))


def _reversible(text: str) -> bool:
    return len(text) > 1 and _right_to_left(text)


def _rewritten(instructions: list[Any], units: list[_Unit], silent: set[int]) -> list[Any]:
    import pikepdf
    actual_text = {unit.span: "" if at in silent else unit.text[::-1] for at, unit in enumerate(units)
                   if unit.span is not None and (at in silent or _reversible(unit.text))}
    hushed: dict[int, set[tuple[int, int]]] = {}        # instruction -> (part, byte) of glyphs to silence
    for at in silent:
        if units[at].span is None:
            instruction, part, byte = units[at].glyphs[0]
            hushed.setdefault(instruction, set()).add((part, byte))
    out = []
    for at, instruction in enumerate(instructions):
        if at in actual_text:
            properties = pikepdf.Dictionary(instruction.operands[1])
            properties.ActualText = pikepdf.String(actual_text[at])
            out.append(pikepdf.ContentStreamInstruction([instruction.operands[0], properties], instruction.operator))
        elif at in hushed:
            out += _with_silent_glyphs(instruction, hushed[at])
        else:
            out.append(instruction)
    return out


def _with_silent_glyphs(instruction: Any, hushed: set[tuple[int, int]]) -> list[Any]:
    """The show-text instruction split so that each hushed glyph is shown inside an empty /ActualText
    (the pieces between keep their spacing: a TJ's numbers stay with the glyphs they move)."""
    import pikepdf
    show, begin, end = pikepdf.Operator("TJ"), pikepdf.Operator("BDC"), pikepdf.Operator("EMC")
    parts = instruction.operands[0] if str(instruction.operator) == "TJ" else [instruction.operands[0]]
    out: list[Any] = []
    pending: list[Any] = []

    def flush() -> None:
        if pending:
            out.append(pikepdf.ContentStreamInstruction([pikepdf.Array(pending)], show))
            pending.clear()
    for part_at, part in enumerate(parts):
        if not isinstance(part, pikepdf.String):
            pending.append(part)
            continue
        raw, start = bytes(part), 0
        for byte in range(0, len(raw) - 1, 2):
            if (part_at, byte) in hushed:
                if byte > start:
                    pending.append(pikepdf.String(raw[start:byte]))
                flush()
                out += [pikepdf.ContentStreamInstruction(
                            [pikepdf.Name.Span, pikepdf.Dictionary(ActualText=pikepdf.String(""))], begin),
                        pikepdf.ContentStreamInstruction([pikepdf.Array([pikepdf.String(raw[byte:byte + 2])])], show),
                        pikepdf.ContentStreamInstruction([], end)]
                start = byte + 2
        if start < len(raw):
            pending.append(pikepdf.String(raw[start:]))
    flush()
    return out


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
