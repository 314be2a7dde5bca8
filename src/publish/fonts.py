"""The typeface every edition that embeds fonts uses: Atkinson Hyperlegible (SIL OFL)."""
from __future__ import annotations

from pathlib import Path

import fontpkg_atkinson_hyperlegible

FONT_DIR = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"


def font_file(style: str = "Regular") -> Path:
    """Regular, Bold, Italic or BoldItalic."""
    return FONT_DIR / f"AtkinsonHyperlegible-{style}.ttf"
