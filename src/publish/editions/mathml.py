"""Mathematics in the HTML and the EPUB: MathML, as pandoc writes it with --mathml, each <math>
given its TeX source as alttext.

Pandoc keeps the TeX in the formula's <annotation encoding="application/x-tex"> and writes no
alttext; a reading system or browser that cannot render MathML shows (or speaks) alttext instead,
and a screen reader that reads MathML itself ignores it. A formula pandoc cannot convert stays
TeX text in a span (pandoc warns), and is left as it is.
"""
from __future__ import annotations

import html
import re

from lxml import etree

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
PANDOC_ARGS = ["--mathml"]
TEX = "application/x-tex"

# a formula as pandoc's HTML writer writes it: the <math> start tag with no attribute of ours, the
# MathML, then the TeX annotation last (<math> never nests)
_FORMULA = re.compile(r'<math (display="(?:inline|block)") xmlns="' + re.escape(MATHML_NS) + r'">(.*?)</math>',
                      re.S)
_ANNOTATION = re.compile(r'<annotation encoding="' + re.escape(TEX) + r'">(.*?)</annotation>', re.S)


def alt_text(tex: str) -> str:
    """The alttext for a formula: its TeX source on one line."""
    return " ".join(tex.split())


def with_alttext(page: str) -> str:
    """pandoc's HTML with an alttext on each <math> it wrote (the TeX of its annotation)."""
    def add(formula: re.Match[str]) -> str:
        annotation = _ANNOTATION.search(formula.group(2))
        if annotation is None:
            return formula.group(0)
        alt = html.escape(alt_text(html.unescape(annotation.group(1))), quote=True)
        return f'<math {formula.group(1)} alttext="{alt}" xmlns="{MATHML_NS}">{formula.group(2)}</math>'
    return _FORMULA.sub(add, page)


def add_alttext(tree: etree._Element) -> None:
    """The same on a parsed (XHTML) tree: every <math> without alttext takes its TeX annotation's."""
    for formula in tree.iter(f"{{{MATHML_NS}}}math"):
        if formula.get("alttext"):
            continue
        annotation = next((a for a in formula.iter(f"{{{MATHML_NS}}}annotation") if a.get("encoding") == TEX), None)
        if annotation is not None and (annotation.text or "").strip():
            formula.set("alttext", alt_text(annotation.text))


def has_math(element: etree._Element) -> bool:
    """Whether element holds any MathML (an EPUB content document then carries the mathml property)."""
    return next(element.iter(f"{{{MATHML_NS}}}math"), None) is not None
