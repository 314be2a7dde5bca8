"""The large-print DOCX, made from the parts of the DOCX's own pandoc run.

The two editions differ only where their reference documents differ (the styles and the
margins) and in emphasis, which large print sets in bold (Strong) instead of italics. So
instead of a second pandoc run (about 0.4 s for a 150-page book), the DOCX's parts take
the large-print reference's styles and page, and their emphasis takes the Strong style;
tests/test_docx.py holds the result equal to pandoc's own run with the large-print reference.

One difference is left: pandoc shrinks a picture wider than the text to the text's width,
and the large print's text is 1 cm wider. A picture alone in its paragraph is set to the
full width in both (docx_finish), so this only touches a very wide picture inside a line of text.
"""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from ..styles import style_path
from .docx_finish import TEXT_PARTS
from .docx_package import W, Parts, parse, read_parts, serialize

REFERENCE_LARGE_PRINT = "reference-large-print.docx"
# the character styles (by id) the DOCX gives emphasis -> the one large print gives it (no italics)
EMPHASIS_AS_BOLD = {"Emphasis": "Strong", "StrongEmphasis": "Strong"}


def as_large_print(parts: Parts) -> Parts:
    """A copy of pandoc's DOCX parts, restyled as if written with the large-print reference."""
    reference = read_parts(style_path(REFERENCE_LARGE_PRINT))
    large = dict(parts)
    large["word/styles.xml"] = serialize(_styles_from(parse(parts["word/styles.xml"]),
                                                      parse(reference["word/styles.xml"])))
    page = parse(reference["word/document.xml"]).find(f"{W}body/{W}sectPr")
    for name in TEXT_PARTS:
        if name in large:
            root = parse(large[name])
            _emphasis_as_bold(root)
            if name == "word/document.xml":
                _set_page(root, page)
            large[name] = serialize(root)
    return large


def _styles_from(styles: etree._Element, reference: etree._Element) -> etree._Element:
    """pandoc's styles part with every style the reference defines, and its defaults, taken from it
    (pandoc writes the reference's styles, adding only those it lacks)."""
    given = {style.get(f"{W}styleId"): style for style in reference.iter(f"{W}style")}
    for style in list(styles.iter(f"{W}style")):
        replacement = given.get(style.get(f"{W}styleId"))
        if replacement is not None:
            style.getparent().replace(style, deepcopy(replacement))
    defaults, reference_defaults = styles.find(f"{W}docDefaults"), reference.find(f"{W}docDefaults")
    if defaults is not None and reference_defaults is not None:
        styles.replace(defaults, deepcopy(reference_defaults))
    return styles


def _emphasis_as_bold(root: etree._Element) -> None:
    for run_style in root.iter(f"{W}rStyle"):
        style = run_style.get(f"{W}val")
        if style in EMPHASIS_AS_BOLD:
            run_style.set(f"{W}val", EMPHASIS_AS_BOLD[style])


def _set_page(document: etree._Element, page: etree._Element | None) -> None:
    """The reference's page size and margins for the whole document."""
    section = document.find(f"{W}body/{W}sectPr")
    if section is None or page is None:
        return
    for setting in ("pgSz", "pgMar"):
        given, written = page.find(f"{W}{setting}"), section.find(f"{W}{setting}")
        if given is not None and written is not None:
            written.attrib.clear()
            written.attrib.update(given.attrib)
