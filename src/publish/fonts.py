"""The typefaces the editions embed: Atkinson Hyperlegible (SIL OFL) for the text, and STIX Two Math
(SIL OFL) for mathematics in the large-print PDF (Atkinson Hyperlegible has no OpenType MATH table)."""
from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import fontpkg_atkinson_hyperlegible

FONT_DIR = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"

# STIX Two Math comes inside the ziamath package (ziamath/fonts/STIXTwoMath-Regular.ttf), the only
# PyPI package found to ship an OFL math font; its folder is found without importing ziamath itself.
MATH_FONT = "STIX Two Math"
MATH_FONT_DIR = Path(find_spec("ziamath").origin).parent / "fonts"    # type: ignore[union-attr, arg-type]


def font_file(style: str = "Regular") -> Path:
    """Regular, Bold, Italic or BoldItalic."""
    return FONT_DIR / f"AtkinsonHyperlegible-{style}.ttf"


def math_font_file() -> Path:
    return MATH_FONT_DIR / "STIXTwoMath-Regular.ttf"
