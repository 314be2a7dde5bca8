"""Long lines of code, broken for the large print with a visible continuation mark.

Code is set at 18 pt in the text's face, so a line of 60 characters is wider than the page. Typst
would wrap it silently, and a reader could not tell a wrapped line from a new one, which in
code changes the meaning. Here each line is measured with the face's own advance widths and
broken before it reaches the edge (after a space, comma or opening bracket when one is near, else
anywhere), and each
continuation starts with ↪ (set in STIX Two Math, the one bundled face that has it). No
character is lost: the pieces, without their marks, are the line.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..fonts import font_file

MARK = "\u21aa "                 # ↪ and a space, at the start of each continuation
SIZE = 18.0                      # pt: the large print's body size, code included
TEXT_WIDTH = 453.5               # pt: 160 mm, A4's text width inside 25 mm margins (US Letter is wider)
QUOTE_INDENT, LIST_INDENT = 4.5 * SIZE, 2.2 * SIZE     # measured: a quotation takes 2.5 em on the left and more on the right
MARK_WIDTH = 1.4 * SIZE          # ↪ in STIX and a space, with room to spare
NEAR = 0.5                       # break after a space or a comma in the second half of the piece, if any
BREAK_AFTER = " ,;(["


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, float], float]:
    """Each character's width in em from the text face; characters it lacks count as one em (the
    widest a fallback face draws: a CJK ideograph)."""
    from fontTools.ttLib import TTFont
    with TTFont(font_file(), lazy=True) as font:
        scale = font["head"].unitsPerEm
        metrics = font["hmtx"]
        return {code: metrics[name][0] / scale for code, name in (font.getBestCmap() or {}).items()}, 1.0


def width(text: str) -> float:
    """text's width in pt at SIZE (a tab as four spaces, as Typst sets it)."""
    widths, missing = _advances()
    space = widths.get(32, 0.3)
    return SIZE * sum(4 * space if c == "\t" else widths.get(ord(c), missing) for c in text)


def wrap_line(line: str, room: float) -> list[str]:
    """The line in pieces that each fit in room pt, every piece after the first starting with MARK."""
    pieces: list[str] = []
    rest, limit = line, room
    while width(rest) > limit:
        cut, used = 0, 0.0
        while cut < len(rest) and used + width(rest[cut]) <= limit:
            used += width(rest[cut])
            cut += 1
        cut = max(cut, 1)                              # a piece holds at least one character
        after = max(rest.rfind(c, 0, cut) for c in BREAK_AFTER)
        if after > 0 and after >= NEAR * cut:
            cut = after + 1                             # the space or comma stays at the end of the piece
        pieces.append(rest[:cut])
        rest, limit = rest[cut:], room - MARK_WIDTH
    pieces.append(rest)
    return [pieces[0], *(MARK + piece for piece in pieces[1:])]


def wrap_code_blocks(blocks: list[dict[str, Any]], indent: float = 0.0) -> None:
    """Every code block's long lines broken to fit the text width at its indent (in place)."""
    for block in blocks:
        kind = block.get("t")
        if kind == "CodeBlock":
            room = 0.98 * (TEXT_WIDTH - indent)          # a little to spare for rounding
            block["c"][1] = "\n".join(piece for line in block["c"][1].split("\n") for piece in wrap_line(line, room))
        elif kind == "BlockQuote":
            wrap_code_blocks(block["c"], indent + QUOTE_INDENT)
        elif kind in ("Div", "Figure"):
            wrap_code_blocks(block["c"][-1], indent)
        elif kind in ("BulletList", "OrderedList"):
            for item in block["c"][-1] if kind == "OrderedList" else block["c"]:
                wrap_code_blocks(item, indent + LIST_INDENT)
        elif kind == "DefinitionList":
            for _term, definitions in block["c"]:
                for definition in definitions:
                    wrap_code_blocks(definition, indent + LIST_INDENT)


def unwrapped(text: str) -> str:
    """The code as written, from the large print's text of it: the continuations joined back."""
    return text.replace("\n" + MARK, "")
