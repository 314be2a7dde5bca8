"""A PDF's fonts: each embedded (PDF/UA-1 7.21.4.1), and each with a glyph for every character its text
shows (7.21.7, 7.21.8): a character drawn with glyph 0 (.notdef) or with a glyph the font program lacks is an
empty box or nothing at all on the page, while the text layer (ToUnicode) still says it is there.

The text is read from the pages' content streams (and the forms they draw), font by font: the codes each
font shows, the glyphs they select (a Type0 font with Identity-H/V: the CID through its CIDToGIDMap, or the
CFF's charset; a simple TrueType font: its cmap), and the characters ToUnicode maps them to. One finding per
font, at the first page where it falls short, naming the first characters. Fonts drawn by the PDF itself
(Type3) need no program; a simple font with another encoding (Type1, a named Differences array) is checked
for embedding only.
"""
from __future__ import annotations

import io
import re
import unicodedata
from typing import Any, Iterator

from ..report import Finding
from ..readers.model import Publication
from .rules import rule

GLYPH_MISSING = rule("pdf-glyph-missing")
NOT_EMBEDDED = rule("pdf-font-not-embedded")
CODES = (GLYPH_MISSING.code, NOT_EMBEDDED.code)

SHOWN = 5                        # characters named in a finding
MAX_PROGRAM = 50 * 1024 * 1024   # a font program larger than this is not read (it is not checked)
MAX_FORM_DEPTH = 12              # forms drawn inside forms, at most
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
OPERATORS = "Tf Tj TJ ' \" Do"      # the operators read: fonts chosen, text shown, forms drawn


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format != "pdf" or publication.source is None:
        return
    try:
        import pikepdf
    except ImportError:
        return
    try:
        pdf = pikepdf.open(publication.source)
    except Exception:      # the reader already told what is wrong with the file
        return
    with pdf:
        fonts: dict[tuple[int, int] | int, FontUse] = {}
        for number, page in enumerate(pdf.pages, start=1):
            try:
                _draw(page.obj, _resources(page), number, fonts, 0, set())
            except (pikepdf.PdfError, TypeError, ValueError, AttributeError, KeyError, RecursionError):
                continue     # a page whose content cannot be read: the other pages are still checked
        for use in fonts.values():
            yield from use.findings(publication.name)


def _resources(page: Any) -> Any:
    import pikepdf
    node, hops = page.obj, 0
    while isinstance(node, pikepdf.Dictionary) and hops < 64:     # inherited from the page tree
        if "/Resources" in node:
            return node.Resources
        node, hops = node.get("/Parent"), hops + 1
    return pikepdf.Dictionary()


class FontUse:
    """One font of the PDF, the codes its text shows, and what it lacks."""

    def __init__(self, font: Any) -> None:
        self.font = font
        self.name = _base_name(font)
        self.first_page: int | None = None
        self.missing: dict[str, None] = {}       # characters (or "glyph N") without a glyph, in order met
        self.missing_page: int | None = None
        self.program = _Program(font)
        self.seen: set[int] = set()

    def show(self, data: bytes, page: int) -> None:
        if self.first_page is None:
            self.first_page = page
        if not self.program.checkable:
            return
        for code in self.program.codes(data):
            if code in self.seen:
                continue
            self.seen.add(code)       # each code judged once: a book shows the same few hundred again and again
            if self.program.has_glyph(code):
                continue
            characters = self.program.characters(code)
            if characters and all(_invisible(c) for c in characters):
                continue
            label = characters or f"code {code}"
            if label not in self.missing:
                self.missing[label] = None
                self.missing_page = self.missing_page or page

    def findings(self, file: str) -> Iterator[Finding]:
        if self.first_page is None:
            return
        if not self.program.embedded:
            yield NOT_EMBEDDED.finding(file, self.first_page, f"The font {self.name} is not embedded in the PDF "
                                                              f"(first used on page {self.first_page}).")
            return
        if self.missing:
            named = ", ".join(_describe(label) for label in list(self.missing)[:SHOWN])
            more = f" and {len(self.missing) - SHOWN} more" if len(self.missing) > SHOWN else ""
            count = len(self.missing)
            yield GLYPH_MISSING.finding(
                file, self.missing_page,
                f"The font {self.name} has no glyph for {count} character{'s' if count > 1 else ''} its text shows "
                f"(first on page {self.missing_page}): {named}{more}.")


def _describe(label: str) -> str:
    if label.startswith("code "):
        return f"{label} (no character given)"
    return " ".join(f"{c} (U+{ord(c):04X})" for c in label)


def _invisible(character: str) -> bool:
    """Spaces, controls and format characters: nothing to draw, an empty glyph is right for them."""
    return unicodedata.category(character)[0] in "ZC"


def _base_name(font: Any) -> str:
    name = str(font.get("/BaseFont", "") or "").lstrip("/")
    return re.sub(r"^[A-Z]{6}\+", "", name) or "(unnamed)"


def _draw(stream: Any, resources: Any, page: int, fonts: dict, depth: int, forms: set) -> None:
    """Records the codes each font shows in a content stream, and in the forms it draws."""
    import pikepdf
    font_resources = resources.get("/Font", pikepdf.Dictionary()) if isinstance(resources, pikepdf.Dictionary) \
        else pikepdf.Dictionary()
    xobjects = resources.get("/XObject", pikepdf.Dictionary()) if isinstance(resources, pikepdf.Dictionary) \
        else pikepdf.Dictionary()
    current: FontUse | None = None
    for operands, operator in pikepdf.parse_content_stream(stream, OPERATORS):   # only these: 3x faster
        op = str(operator)
        if op == "Tf" and operands:
            font = font_resources.get(str(operands[0]))
            current = None
            if isinstance(font, pikepdf.Dictionary):
                key = font.objgen if font.is_indirect else id(font)
                if key not in fonts:
                    fonts[key] = FontUse(font)
                current = fonts[key]
        elif op in TEXT_SHOWING and current is not None and operands:
            shown = operands[-1]
            strings = shown if isinstance(shown, pikepdf.Array) else [shown]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    current.show(bytes(item), page)
        elif op == "Do" and operands and depth < MAX_FORM_DEPTH:
            form = xobjects.get(str(operands[0]))
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                key = form.objgen if form.is_indirect else id(form)
                if key in forms:
                    continue
                _draw(form, form.get("/Resources", resources), page, fonts, depth + 1, forms | {key})


class _Program:
    """What a font's embedded program has: the glyph each code selects, and ToUnicode's characters."""

    def __init__(self, font: Any) -> None:
        self.font = font
        subtype = str(font.get("/Subtype", ""))
        self.type3 = subtype == "/Type3"
        self.composite = subtype == "/Type0"
        self.descendant = font.DescendantFonts[0] if self.composite and "/DescendantFonts" in font else None
        descriptor = (self.descendant if self.descendant is not None else font).get("/FontDescriptor")
        self.file_key, self.file = None, None
        if descriptor is not None:
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    self.file_key, self.file = key, descriptor[key]
                    break
        self.embedded = self.type3 or self.file is not None
        self.unicode = _to_unicode(font)
        self.two_bytes = self.composite and str(font.get("/Encoding", "")) in ("/Identity-H", "/Identity-V")
        self.glyphs: int | None = None           # how many glyphs the program has
        self.cid_to_gid: dict[int, int] | None = None    # None: the CID is the glyph
        self.outlines: Any = None                # a TrueType program's glyf table, for glyphs with no outline
        self.advances: Any = None                # and its hmtx table: a glyph's advance width
        self.order: list[str] = []
        self.empty: dict[int, bool] = {}         # glyph -> it has no outline, as far as looked up
        self.simple_cmap: dict[int, int] | None = None   # a simple TrueType font: code -> glyph
        self.checkable = False
        if self.type3 or self.file is None or (self.composite and not self.two_bytes):
            return
        try:
            self._read_program()
        except Exception:      # a font program fontTools cannot read: its glyphs are not checked
            self.checkable = False

    def _read_program(self) -> None:
        from fontTools.ttLib import TTFont
        data = self.file.read_bytes()
        if len(data) > MAX_PROGRAM:
            return
        subtype = str(self.file.get("/Subtype", ""))
        cff = None
        if self.file_key == "/FontFile2" or subtype == "/OpenType":
            face = TTFont(io.BytesIO(data), lazy=True)
            self.glyphs = face["maxp"].numGlyphs
            if "glyf" in face:
                self.outlines, self.order = face["glyf"], face.getGlyphOrder()
                self.advances = face["hmtx"] if "hmtx" in face else None
            elif "CFF " in face:
                cff = face["CFF "].cff
            if not self.composite:
                self.simple_cmap = _simple_cmap(face)
        elif self.file_key == "/FontFile3" and subtype in ("/CIDFontType0C", "/Type1C"):
            from fontTools.cffLib import CFFFontSet     # 0.25 s to import: only for a bare CFF program
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(data), None)
            self.glyphs = len(cff[cff.fontNames[0]].charset)
        else:
            return       # a Type 1 program (FontFile): embedded, its glyphs not read here
        if cff is not None:
            top = cff[cff.fontNames[0]]
            if hasattr(top, "ROS"):        # CID-keyed: the charset names each glyph's CID
                self.cid_to_gid = {int(name[3:]): gid for gid, name in enumerate(top.charset)
                                   if name.startswith("cid") and name[3:].isdigit()}
        if self.composite:
            if self.cid_to_gid is None and self.descendant is not None:
                self.cid_to_gid = _cid_to_gid_map(self.descendant)
            self.checkable = self.glyphs is not None
        else:
            self.checkable = self.simple_cmap is not None

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def glyph(self, code: int) -> int | None:
        if self.composite:
            return self.cid_to_gid.get(code) if self.cid_to_gid is not None else code
        return self.simple_cmap.get(code) if self.simple_cmap is not None else None

    def has_glyph(self, code: int) -> bool:
        gid = self.glyph(code)
        if not gid or self.glyphs is None or gid >= self.glyphs:
            return False
        if self._empty(gid) and not self._zero_width(gid):
            characters = self.characters(code)
            return not characters or all(_invisible(c) for c in characters)
        return True

    def _empty(self, gid: int) -> bool:
        if self.outlines is None or gid >= len(self.order):
            return False
        if gid not in self.empty:
            try:
                self.empty[gid] = self.outlines[self.order[gid]].numberOfContours == 0
            except Exception:      # a glyph fontTools cannot read is not one to call missing
                self.empty[gid] = False
        return self.empty[gid]

    def _zero_width(self, gid: int) -> bool:
        """An empty glyph that takes no room is a shaping helper, never a character's only glyph: Noto Sans
        Devanagari's NullMark, which a cluster such as लिं takes besides the glyphs that draw it. Typst maps
        it to its cluster's characters in ToUnicode; the cluster's other glyphs show them."""
        try:
            return self.advances is not None and self.advances[self.order[gid]][0] == 0
        except (KeyError, IndexError, TypeError):
            return False

    def characters(self, code: int) -> str:
        return self.unicode.get(code, "")


def _simple_cmap(face: Any) -> dict[int, int] | None:
    """A simple TrueType font's code -> glyph, by its (3,0) symbol cmap (codes at U+F000 or as they are) or
    its (1,0) Macintosh cmap, as PDF 32000-1 9.6.6.4 has viewers look them up."""
    if "cmap" not in face:
        return None
    order = {name: gid for gid, name in enumerate(face.getGlyphOrder())}
    for platform, encoding in ((3, 0), (1, 0)):
        table = face["cmap"].getcmap(platform, encoding)
        if table is not None:
            found: dict[int, int] = {}
            for point, name in table.cmap.items():
                code = point - 0xF000 if platform == 3 and 0xF000 <= point <= 0xF0FF else point
                if 0 <= code <= 255:
                    found[code] = order.get(name, 0)
            return found
    return None


def _cid_to_gid_map(descendant: Any) -> dict[int, int] | None:
    import pikepdf
    mapping = descendant.get("/CIDToGIDMap")
    if not isinstance(mapping, pikepdf.Stream):
        return None       # /Identity (or none): the CID is the glyph
    data = mapping.read_bytes()[:2 * 65536]
    return {cid: int.from_bytes(data[2 * cid:2 * cid + 2], "big") for cid in range(len(data) // 2)}


HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _to_unicode(font: Any) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> characters."""
    import pikepdf
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return {}
    try:
        text = stream.read_bytes()[:4 * 1024 * 1024]
    except pikepdf.PdfError:
        return {}
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        values = HEX.findall(block)
        for code, target in zip(values[0::2], values[1::2]):
            found[int(code or b"0", 16)] = _utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                          block):
            low_code, high_code = int(low, 16), min(int(high, 16), int(low, 16) + 65535)
            if rest.startswith(b"["):
                for offset, target in enumerate(HEX.findall(rest)):
                    if low_code + offset <= high_code:
                        found[low_code + offset] = _utf16(target)
            else:
                start = _utf16(rest[1:-1])
                for offset in range(high_code - low_code + 1):
                    point = ord(start[-1]) + offset if start else -1
                    found[low_code + offset] = start[:-1] + chr(point) if 0 <= point <= 0x10FFFF else ""
    return found


def _utf16(hex_digits: bytes) -> str:
    try:
        return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", errors="replace")
    except ValueError:
        return ""
