"""The typefaces the editions embed: Atkinson Hyperlegible (SIL OFL) for Latin text, a matching sans
for every other script, and STIX Two Math (SIL OFL) for mathematics in the large-print PDF.

Atkinson Hyperlegible was drawn for low-vision readers but covers Latin only: Greek and Cyrillic
come from Noto Sans, Arabic script from IBM Plex Sans Arabic (then Noto Sans Arabic for the rare
letters Plex lacks), each other script from its Noto Sans face (Devanagari, Tamil, Telugu, Thai,
Khmer) or, for Hebrew, Heebo; Chinese, Japanese and Korean from Noto Sans CJK, the
region's forms first (a Han character is drawn differently in each). Every face is a registry
package that `pip install .` brings (pyproject.toml). Typst takes the families in order and, per
character, the first that has it, so a Russian word in an English book is set in Noto Sans and the
English around it in Atkinson Hyperlegible.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Iterable

import fontpkg_atkinson_hyperlegible

FONT_DIR = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
TEXT_FONT = "Atkinson Hyperlegible"

# STIX Two Math comes inside the ziamath package (ziamath/fonts/STIXTwoMath-Regular.ttf), the only
# PyPI package found to ship an OFL math font; its folder is found without importing ziamath itself.
MATH_FONT = "STIX Two Math"
MATH_FONT_DIR = Path(find_spec("ziamath").origin).parent / "fonts"    # type: ignore[union-attr, arg-type]


@dataclass(frozen=True)
class Face:
    family: str          # as Typst and CSS name it
    package: str         # the module that ships its files
    folder: str = "files"
    regular: str = "*.ttf"   # the upright regular weight among them (the cover, the HTML, the coverage)

    def regular_file(self) -> Path:
        return sorted(_package_dir(self.package, self.folder).glob(self.regular))[0]


# In the order Typst is to try them, after Atkinson Hyperlegible; CJK last.
FALLBACK_FACES = (
    Face("Noto Sans Devanagari", "fontpkg_noto_sans_devanagari"),   # before Noto Sans, which has some too
    Face("Noto Sans Tamil", "fontpkg_noto_sans_tamil"),
    Face("Noto Sans Telugu", "fontpkg_noto_sans_telugu"),
    Face("Noto Sans Thai", "fontpkg_noto_sans_thai"),
    Face("Noto Sans Khmer", "fontpkg_noto_sans_khmer"),
    # Latin extended, Greek, Cyrillic: before the faces below, which have a few Greek or Latin letters
    # of their own, so that no word is set in two faces
    Face("Noto Sans", "fontpkg_noto_sans"),
    # Arabic script: Plex draws each letter as one glyph, where Noto Sans Arabic draws a dotted letter
    # as a base and its dots, which PDF readers that ignore /ActualText (pdfium: Chrome's viewer) copy
    # twice (pdf_text mends it for the others): pdfium gave back 95% of the Arabic test book's words
    # set in Plex, 28% in Noto. Noto Sans Arabic after it has the rare letters and forms Plex lacks.
    Face("IBM Plex Sans Arabic", "fontpkg_ibm_plex_sans_arabic", regular="*-Regular.ttf"),
    Face("Noto Sans Arabic", "fontpkg_noto_sans_arabic"),
    Face("Heebo", "fontpkg_heebo"),                             # Hebrew
)
CJK_PACKAGE = "noto_cjk_sans_otc"          # NotoSansCJK-Regular.ttc: all four regions in one file
CJK_FAMILIES = {"Hans": "Noto Sans CJK SC", "Hant": "Noto Sans CJK TC", "Jpan": "Noto Sans CJK JP",
                "Kore": "Noto Sans CJK KR"}


SCRIPT_FAMILIES = {"Latn": TEXT_FONT, "Grek": "Noto Sans", "Cyrl": "Noto Sans", "Arab": "IBM Plex Sans Arabic",
                   "Hebr": "Heebo", "Deva": "Noto Sans Devanagari", "Taml": "Noto Sans Tamil",
                   "Telu": "Noto Sans Telugu", "Thai": "Noto Sans Thai", "Khmr": "Noto Sans Khmer", **CJK_FAMILIES}


def main_family(script: str) -> str:
    """The face most of a book in this script is set in (the large print's title page names it)."""
    return SCRIPT_FAMILIES.get(script, "Noto Sans")


def font_file(style: str = "Regular") -> Path:
    """Regular, Bold, Italic or BoldItalic."""
    return FONT_DIR / f"AtkinsonHyperlegible-{style}.ttf"


def math_font_file() -> Path:
    return MATH_FONT_DIR / "STIXTwoMath-Regular.ttf"


def _package_dir(package: str, folder: str = "") -> Path:
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"the font package {package} is not installed (pip install .)")
    return Path(spec.origin).parent / folder


def font_dirs() -> list[Path]:
    """Every folder Typst is to find the editions' faces in."""
    return [FONT_DIR, MATH_FONT_DIR, *(_package_dir(f.package, f.folder) for f in FALLBACK_FACES),
            _package_dir(CJK_PACKAGE)]


def text_families(script: str | None = None) -> list[str]:
    """The text's families in the order Typst tries them; the CJK region of the book's script first."""
    cjk = list(CJK_FAMILIES.values())
    first = CJK_FAMILIES.get(script or "")
    if first:
        cjk.remove(first)
        cjk.insert(0, first)
    return [TEXT_FONT, *(f.family for f in FALLBACK_FACES), *cjk]


def _font_files() -> list[tuple[Path, int]]:
    files = [(font_file(), 0)]
    files += [(face.regular_file(), 0) for face in FALLBACK_FACES]
    files += [(next(_package_dir(CJK_PACKAGE).glob("*.ttc")), 0)]   # the regions share their glyphs' code points
    return files


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Every character some text face of the large print can draw (their cmap tables, read lazily)."""
    from fontTools.ttLib import TTFont
    points: set[int] = set()
    for path, number in _font_files():
        with TTFont(path, lazy=True, fontNumber=number) as font:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


# Characters pandoc itself writes that no face has, and what the large print shows instead: a task
# list's boxes ("- [ ]", "- [x]" in the manuscript)
SUBSTITUTES = {"\u2610": "[ ]", "\u2612": "[x]", "\u2611": "[x]"}


@lru_cache(maxsize=1)
def math_covered() -> frozenset[int]:
    """Every character a formula in the large print can draw: STIX Two Math's, then the text faces'
    (the template falls back to them inside formulas, as it does in text)."""
    from fontTools.ttLib import TTFont
    with TTFont(math_font_file(), lazy=True) as font:
        return covered() | frozenset(font.getBestCmap() or {})


def missing_characters(text: Iterable[str], math: bool = False) -> list[str]:
    """The characters of text (of formulas' TeX, when math) that no face can draw, in the order met,
    each once (spaces and control characters need no glyph, and SUBSTITUTES have their stand-ins)."""
    have = (math_covered() if math else covered()) | {ord(c) for c in SUBSTITUTES}
    seen: dict[str, None] = {}
    for piece in text:
        for char in piece:
            if ord(char) not in have and char not in seen and unicodedata.category(char)[0] not in "ZC":
                seen[char] = None
    return list(seen)


def character_name(char: str) -> str:
    """"★ (U+2605 BLACK STAR)": how a finding names a character."""
    return f"{char} (U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')})"


CJK_INDEX = {"Noto Sans CJK JP": 0, "Noto Sans CJK KR": 1, "Noto Sans CJK SC": 2, "Noto Sans CJK TC": 3}


def face_file(family: str) -> tuple[Path, int]:
    """The file (and, in the CJK collection, the font's number) of a family the editions use."""
    if family == TEXT_FONT:
        return font_file(), 0
    if family in CJK_INDEX:
        return next(_package_dir(CJK_PACKAGE).glob("*.ttc")), CJK_INDEX[family]
    return next(f for f in FALLBACK_FACES if f.family == family).regular_file(), 0


def subset_faces(text: str, script: str | None = None) -> list[tuple[str, bytes]]:
    """For the characters of text that Atkinson Hyperlegible lacks: each fallback family that draws
    some of them, in Typst's order, with a font cut down to those characters (a Chinese page carries
    the few hundred characters it uses, not a 19 MB collection). As (family, TrueType bytes)."""
    import logging
    from io import BytesIO

    from fontTools import subset
    from fontTools.ttLib import TTFont
    # the subsetter logs the tables it drops ("meta NOT subset; ... dropped") as warnings, which would
    # reach the editor's terminal: they say nothing about the book
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    with TTFont(font_file(), lazy=True) as atkinson:
        have = set(atkinson.getBestCmap() or {})
    wanted = {ord(c) for c in text if unicodedata.category(c)[0] not in "ZC"} - have
    faces = []
    for family in text_families(script)[1:]:
        if not wanted:
            break
        path, number = face_file(family)
        with TTFont(path, lazy=True, fontNumber=number) as font:
            drawn = wanted & set(font.getBestCmap() or {})
        if not drawn:
            continue
        # the bounding boxes stay the whole font's (they still hold every glyph): recomputing them from
        # each outline took a third of the time of a Chinese book's subset
        font = TTFont(path, fontNumber=number, recalcBBoxes=False)
        options = subset.Options()
        options.layout_features = ["*"]            # shaping (Arabic joining, Indic conjuncts) kept
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=drawn)
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
        faces.append((family, out.getvalue()))
        wanted -= drawn
    return faces
