"""pdf_text.mend: the text layer of right-to-left script in Typst's PDF, read back with poppler's
pdftotext (what copying and searching in most Linux readers give) and checked to leave the rest as it was."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import typst

from conftest import require_tool
from publish import fonts, pdf_text

BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# a letter drawn as a dotless base and its dots (ك ب ي ة in Noto Sans Arabic), a shadda, the lam-alef
# ligature, a hamza under alef; Hebrew with its vowel points
ARABIC = "كبيرة لمّا لا الإنسان"
HEBREW = "שָׁלוֹם עֲלֵיכֶם בְּרֵאשִׁית"


def typeset(folder: Path, text: str, family: str) -> Path:
    source, pdf = folder / "text.typ", folder / "text.pdf"
    source.write_text(f'#set document(title: "Test")\n#set text(font: "{family}", size: 18pt)\n{text}\n', encoding="utf-8")
    typst.compile(str(source), output=str(pdf), font_paths=[str(d) for d in fonts.font_dirs()],
                  pdf_standards=["ua-1"])
    return pdf


def words(pdf: Path) -> list[str]:
    require_tool(bool(shutil.which("pdftotext")), "pdftotext (Debian's poppler-utils) reads the PDF's text")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.translate(BIDI_CONTROLS).split()


def marked_content_ids(pdf: Path) -> list[int]:
    with pikepdf.open(pdf) as document:
        return [int(instruction.operands[1].MCID) for page in document.pages
                for instruction in pikepdf.parse_content_stream(page)
                if str(instruction.operator) == "BDC" and isinstance(instruction.operands[1], pikepdf.Dictionary)
                and "/MCID" in instruction.operands[1]]


def glyphs_drawn(pdf: Path) -> list[object]:
    """Every glyph code and spacing number the pages show, in order, whatever pieces they are shown in."""
    with pikepdf.open(pdf) as document:
        drawn: list[object] = []
        for page in document.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "TJ":
                    drawn += [bytes(part) if isinstance(part, pikepdf.String) else float(part)
                              for part in instruction.operands[0]]
                elif str(instruction.operator) == "Tj":
                    drawn.append(bytes(instruction.operands[0]))
    joined: list[object] = []
    for item in drawn:           # pieces of one string rejoined
        if isinstance(item, bytes) and joined and isinstance(joined[-1], bytes):
            joined[-1] += item
        else:
            joined.append(item)
    return joined


def structure(element: object) -> object:
    """The structure tree as nested (type, children) with the marked-content ids at its leaves."""
    if isinstance(element, pikepdf.Array):
        return [structure(child) for child in element]
    if isinstance(element, pikepdf.Dictionary):
        return (str(element.get("/S", "")), structure(element.get("/K", pikepdf.Array())))
    return int(element)


@pytest.mark.parametrize("text, family", [(ARABIC, "Noto Sans Arabic"), (HEBREW, "Heebo")])
def test_the_mended_pdf_gives_back_every_word_once_and_in_order(tmp_path: Path, text: str, family: str) -> None:
    pdf = typeset(tmp_path, text, family)
    assert pdf_text.mend(pdf) is True
    assert words(pdf) == text.split()


def test_the_structure_and_the_drawing_stay_as_they_were(tmp_path: Path) -> None:
    pdf = typeset(tmp_path, "Universal Declaration " + ARABIC, "Noto Sans Arabic")
    ids, glyphs = marked_content_ids(pdf), glyphs_drawn(pdf)
    with pikepdf.open(pdf) as document:
        tree = structure(document.Root.StructTreeRoot)
    pdf_text.mend(pdf)
    assert marked_content_ids(pdf) == ids
    with pikepdf.open(pdf) as document:
        assert structure(document.Root.StructTreeRoot) == tree
        assert document.check_pdf_syntax() == []
    assert glyphs_drawn(pdf) == glyphs         # the same glyphs with the same spacing, in pieces
    assert words(pdf)[:2] == ["Universal", "Declaration"]


def test_mending_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = typeset(tmp_path, ARABIC, "Noto Sans Arabic")
    second = tmp_path / "again.pdf"
    shutil.copy(first, second)
    pdf_text.mend(first)
    pdf_text.mend(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_pdf_without_right_to_left_text_is_not_rewritten(tmp_path: Path) -> None:
    pdf = typeset(tmp_path, "Всеобщая декларация прав человека, Universal Declaration", "Noto Sans")
    before = pdf.read_bytes()
    assert pdf_text.mend(pdf) is False
    assert pdf.read_bytes() == before
    assert not pdf_text.has_right_to_left("Всеобщая декларация") and pdf_text.has_right_to_left("a لا b")


def test_the_content_is_read_as_typst_and_pikepdf_write_it() -> None:
    """Literal strings with escapes (Typst) and hex strings (qpdf), /ActualText written in place, nested
    marked content; a page with an inline image is left alone."""
    font = pdf_text._Font({1: "ن", 2: "ن", 3: "ا", 4: "لا"}, {2: 500, 3: 300, 4: 600}, 0)
    content = (rb"/Span<</MCID 0>>BDC BT /f0 18 Tf [-252(\000\001)]TJ ET EMC"
               rb"/Span << /MCID 1 >> BDC BT /ReversedChars BMC /f0 18 Tf [ <00020003> -90 (\000\(\000\004) ] TJ EMC"
               rb" /Span<</ActualText<FEFF0625>>>BDC (\000\003) Tj EMC ET EMC")
    units, shows = pdf_text._scan(content, {"/f0": font})
    assert [(u.text, u.without_advance, u.span is not None) for u in units] == [
        ("ن", True, False), ("ن", False, False), ("ا", False, False), ("", True, False), ("لا", False, False),
        ("إ", False, True)]
    assert len(shows) == 3 and units[5].glyphs == [(2, 0, 0)]
    assert pdf_text._repeats_its_base(units, 0) and not pdf_text._repeats_its_base(units, 1)
    assert pdf_text._scan(b"BI /W 1 /H 1 ID \x00 EI " + content, {"/f0": font}) is None


def test_a_pdf_it_cannot_read_is_left_as_it_was(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + "لا".encode() * 100)
    assert pdf_text.mend(damaged) is False
    assert damaged.read_bytes().startswith(b"%PDF-1.7\n") and list(tmp_path.iterdir()) == [damaged]
