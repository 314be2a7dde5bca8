"""Colour contrast of text whose colours the document sets (axe-core's color-contrast, WCAG 2.2 1.4.3): 4.5:1, or
3:1 for large text (18 pt, or 14 pt bold), in the light scheme and, where the document has one, the dark
(prefers-color-scheme: dark). The colours come from css.py, which knows a colour or says it cannot: only text
whose colour and background are both known is judged, so nothing is reported that a browser would not show.

One finding per pair of colours and the declarations that set them, at the first text they reach, with how
many other places the same pair colours.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from ..readers.model import Publication
from ..report import Finding
from ..colours import contrast, hex_colour
from .css import UNKNOWN, Style, cascade, styles
from .rules import rule
from .sources import sources

LOW = rule("contrast-too-low")
CODES = (LOW.code,)
NORMAL, LARGE = 4.5, 3.0
LARGE_PT, BOLD_LARGE_PT, BOLD = 18, 14, 700


@dataclass
class _Fault:
    line: int | None
    ratio: float
    needed: float
    schemes: list[str]
    count: int = 1


def check(publication: Publication) -> Iterator[Finding]:
    for tree in sources(publication).trees:
        if not tree.sheets and not _styled(tree.root):
            continue        # no colour of its own: the browser's black on white, or the reader's choice
        rules = cascade(tree)
        if not rules.known:
            continue
        faults: dict[tuple, _Fault] = {}
        for element, schemes in styles(tree, rules):
            if not _has_text(element):
                continue
            for scheme, style in schemes.items():
                judged = _judge(style)
                if judged is None:
                    continue
                key = (style.color, style.backdrop, style.color_from, style.backdrop_from)
                fault = faults.get(key)
                if fault is None:
                    faults[key] = _Fault(element.sourceline, judged[0], judged[1], [scheme])
                    continue
                fault.needed = max(fault.needed, judged[1])     # large and body text: one finding, the stricter
                if scheme not in fault.schemes:
                    fault.schemes.append(scheme)
                elif scheme == fault.schemes[0]:
                    fault.count += 1
        for (colour, backdrop, colour_from, backdrop_from), fault in faults.items():
            yield LOW.finding(tree.document.name, fault.line,
                              _message(colour, backdrop, colour_from, backdrop_from, fault, len(rules.schemes) > 1))


def _styled(root: etree._Element) -> bool:
    return any(isinstance(e.tag, str) and e.get("style") for e in root.iter())


def _has_text(element: etree._Element) -> bool:
    """Text of its own (not only its children's), with a letter or digit in it: what axe-core judges."""
    if not isinstance(element.tag, str):
        return False
    pieces = [element.text or ""] + [child.tail or "" for child in element]
    return any(c.isalnum() for piece in pieces for c in piece)


def _judge(style: Style) -> tuple[float, float] | None:
    """(ratio, ratio needed) when the text's contrast is known and too low."""
    if style.hidden or style.effects or style.color is UNKNOWN or style.backdrop is UNKNOWN:
        return None
    needed = LARGE if _large(style) else NORMAL
    ratio = contrast(style.color, style.backdrop)
    return (ratio, needed) if ratio < needed else None


def _large(style: Style) -> bool:
    """Large text as axe-core measures it (points rounded up); an unknown size or weight counts as large, so
    that only what fails even 3:1 is reported."""
    if style.size is None:
        return True
    points = math.ceil(style.size * 72) / 96
    bold = style.weight is None or style.weight >= BOLD
    return points >= LARGE_PT or (bold and points >= BOLD_LARGE_PT)


def _message(colour: tuple, backdrop: tuple, colour_from: str, backdrop_from: str, fault: _Fault,
             two_schemes: bool) -> str:
    ratio = math.floor(fault.ratio * 100) / 100
    size = "large text" if fault.needed == LARGE else "text of this size"
    where = f" (the colour is set at {colour_from or 'the browser default'}, the background at " \
            f"{backdrop_from or 'the default white page'})"
    schemes = f" in the {' and '.join(fault.schemes)} scheme{'s' if len(fault.schemes) > 1 else ''}" \
        if two_schemes else ""
    more = f"; {fault.count - 1} more place{'s have' if fault.count > 2 else ' has'} the same colours" \
        if fault.count > 1 else ""
    return (f"Text in {hex_colour(colour)} on {hex_colour(backdrop)}{schemes} has a contrast of {ratio:.2f}:1, "
            f"less than the {fault.needed:g}:1 {size} needs{where}{more}.")
