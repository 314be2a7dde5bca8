"""Books in every script: Russian, Greek, Arabic, Persian, Hebrew, Hindi, Thai, Chinese (Simplified and
Traditional), Japanese and Korean each get all five editions, set in a face that has their letters, in their direction, with the
words the editions add in their language and a readable transliteration of the title as file name."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

import axe
from edition_text import html_tree, pdf_text
from epub_validators import (ace_violations, epubcheck_messages, require_ace, require_epubcheck, run_ace,
                             run_epubcheck)
from pdf_pages import read_pdf
from publish.build import build
from publish.editions.large_print import template_inputs
from publish.book import load_book

EDITIONS = ["epub", "html", "docx", "large-print-docx", "large-print"]
OPF = {"opf": "http://www.idpf.org/2007/opf"}
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

# tag: (title, heading, text, the face the large print sets it in, the EPUB's "Contents", file name)
BOOKS = {
    "ru": ("Секс-работа — не торговля людьми", "Введение", "Текст с примечанием.[^1]", "NotoSans",
           "Содержание", "seks-rabota-ne-torgovlia-liudmi"),
    "el": ("Η σεξουαλική εργασία", "Εισαγωγή", "Ελληνικό κείμενο.[^1]", "NotoSans", "Contents",
           "e-sexoualike-ergasia"),
    "ar": ("العمل الجنسي ليس اتجارًا", "مقدمة", "هذا نص عربي فيه الرقم 2024.[^1]", "NotoSansArabic", "المحتويات",
           "l-ml-ljnsy-lys-tjran"),
    "he": ("עבודת מין", "מבוא", "טקסט בעברית.[^1]", "Heebo", "Contents", "bvdt-myn"),
    "hi": ("यौन कार्य", "परिचय", "हिन्दी में पाठ।[^1]", "NotoSansDevanagari", "विषय-सूची", "yaun-kaary"),
    "zh": ("性工作不是贩运", "引言", "这是中文文本。[^1]", "NotoSansCJKsc", "目录", "xing-gong-zuo-bu-shi-fan-yun"),
    "zh-Hant-TW": ("性工作不是販運", "引言", "這是中文文本。[^1]", "NotoSansCJKtc", "目錄", "xing-gong-zuo-bu-shi-fan-yun"),
    "ja": ("セックスワーク", "はじめに", "日本語のテキストです。[^1]", "NotoSansCJKjp", "目次", "setukusuwaku"),
    "fa": ("کار جنسی", "مقدمه", "این یک متن فارسی است.[^1]", "NotoSansArabic", "Contents", "khr-jnsy"),
    "ko": ("성 노동", "소개", "한국어 텍스트입니다.[^1]", "NotoSansCJKkr", "Contents", "seong-nodong"),
    "th": ("งานบริการทางเพศ", "บทนำ", "ข้อความภาษาไทย[^1]", "NotoSansThai", "Contents", "ngaanbrikaarthaangephs"),
}
RTL = {"ar", "he", "fa"}


def _write(folder: Path, tag: str) -> Path:
    title, heading, text, *_ = BOOKS[tag]
    (folder / "book.md").write_text(f"---\ntitle: {title}\nlang: {tag}\n---\n\n# {heading}\n\n{text}\n\n"
                                    f"[^1]: {heading}.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    made = {}
    for tag in BOOKS:
        folder = _write(tmp_path_factory.mktemp(tag.replace("-", "")), tag)
        made[tag] = build(folder, folder.parent / f"{folder.name}-dist", only=EDITIONS)
    return made


@pytest.mark.parametrize("tag", list(BOOKS))
def test_every_edition_is_made_with_a_transliterated_file_name(books, tag: str) -> None:
    result = books[tag]
    assert result.failures == () and [f for f in result.findings if f.severity.value == "error"] == []
    assert sorted(e.path.name for e in result.editions) == sorted(
        f"{BOOKS[tag][5]}{suffix}" for suffix in (".epub", ".html", ".docx", "-large-print.docx", "-large-print.pdf"))


@pytest.mark.parametrize("tag", list(BOOKS))
def test_the_large_print_sets_each_script_in_a_face_that_has_it_at_18_points(books, tag: str) -> None:
    pdf = read_pdf(next(e.path for e in books[tag].editions if e.name == "large-print"))
    heading = BOOKS[tag][1]
    chars = [c for c in pdf.chars if c["text"] in heading and not c["text"].isspace()]
    assert chars, "the heading's letters are in the PDF"
    assert {c["fontname"].split("+")[-1].split("-")[0] for c in chars} == {BOOKS[tag][3]}
    assert min(c["size"] for c in pdf.chars) >= 17.9


@pytest.mark.parametrize("tag", list(BOOKS))
def test_direction_and_language_in_the_html_and_epub(books, tag: str) -> None:
    editions = {e.name: e.path for e in books[tag].editions}
    root = html_tree(editions["html"])
    assert root.get("lang") == tag
    assert root.get("dir") == ("rtl" if tag in RTL else None)
    with zipfile.ZipFile(editions["epub"]) as epub:
        package = etree.fromstring(epub.read("EPUB/content.opf"))
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    spine = package.find("opf:spine", OPF)
    assert spine.get("page-progression-direction") == ("rtl" if tag in RTL else None)
    assert nav.get("dir") == ("rtl" if tag in RTL else None)
    contents = nav.xpath("//*[@id='toc-title']")[0]
    assert contents.text == BOOKS[tag][4]


def test_the_words_the_editions_add_are_in_the_books_language(books) -> None:
    editions = {e.name: e.path for e in books["ru"].editions}
    page = html_tree(editions["html"])
    back = page.xpath("//a[@role='doc-backlink']")[0]
    assert back.get("aria-label") == "Вернуться к ссылке на примечание 1" and back.get("lang") is None
    with zipfile.ZipFile(editions["epub"]) as epub:
        cover = etree.fromstring(epub.read("EPUB/cover.xhtml"))
    alt = cover.xpath("//*[local-name()='img']/@alt")[0]
    assert alt == "Обложка: Секс-работа — не торговля людьми."
    text = " ".join(page.text for page in read_pdf(editions["large-print"]).pages)
    assert "Издание крупным шрифтом" in text and "Large print edition" not in text


def test_a_language_without_labels_gets_english_ones_marked_english(books) -> None:
    page = html_tree(next(e.path for e in books["he"].editions if e.name == "html"))
    back = page.xpath("//a[@role='doc-backlink']")[0]
    assert back.get("aria-label") == "Back to where note 1 is referenced" and back.get("lang") == "en"


def test_a_tag_keeps_its_script_and_region(tmp_path: Path) -> None:
    inputs = template_inputs(load_book(_write(tmp_path, "zh-Hant-TW")))
    assert (inputs["lang"], inputs["region"], inputs["fonts"].split("\n")[0]) == ("zh", "TW", "Atkinson Hyperlegible")
    assert inputs["fonts"].index("Noto Sans CJK TC") < inputs["fonts"].index("Noto Sans CJK SC")


@pytest.mark.parametrize("tag", ["ar", "zh", "th"])
def test_the_epub_of_a_right_to_left_a_cjk_and_a_thai_book_passes_epubcheck(books, tag: str, tmp_path: Path) -> None:
    require_epubcheck()
    epub = next(e.path for e in books[tag].editions if e.name == "epub")
    assert epubcheck_messages(run_epubcheck(epub, tmp_path)) == []


def test_the_epub_of_every_language_passes_ace(books, tmp_path: Path) -> None:
    """Ace (10-20 s a book) on each language's EPUB, in one test: every violation of every book at once."""
    require_ace()
    found = {}
    for tag in BOOKS:
        epub = next(e.path for e in books[tag].editions if e.name == "epub")
        work = tmp_path / tag      # zh and zh-Hant-TW give their EPUBs the same name
        work.mkdir()
        found[tag] = ace_violations(run_ace(epub, work))
    assert {tag: violations for tag, violations in found.items() if violations} == {}


CHECKER_CODES = ("pdf-glyph-missing", "pdf-font-not-embedded", "dir-missing", "dir-progression-missing",
                 "dir-part-missing", "lang-label-untranslated")


def test_every_languages_editions_pass_the_font_direction_and_label_checks(books) -> None:
    """Each edition of each language (the large print set in its script's face, Arabic, Hebrew and Persian right
    to left, labels from the catalogue or in English marked lang="en") gives none of these findings."""
    from publish.checks import check_file
    found = [(tag, e.name, f.code, f.message) for tag in BOOKS for e in books[tag].editions
             for f in check_file(e.path, e.path.name) if f.code in CHECKER_CODES]
    assert found == []


def test_the_arabic_page_passes_axe(books) -> None:
    if not axe.available():
        pytest.skip("axe-core needs node_modules/axe-core and Chromium")
    page = next(e.path for e in books["ar"].editions if e.name == "html")
    report = axe.audit(page, 1280)
    assert report.violations == [], report.summary()


def test_a_character_no_face_has_is_named_at_its_line_and_the_pdf_is_made(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: Faces\nlang: en\n---\n\n# One\n\nA star ★, an arrow → "
                                      "and a smile 😀.\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["large-print"])
    assert [(f.line, f.column, f.code, f.message) for f in result.manuscript_findings] == [
        (8, 34, "font-glyph-missing", "The character 😀 (U+1F600 GRINNING FACE) is in none of the typefaces: "
                                      "the large print shows its name.")]
    text = " ".join(page.text for page in read_pdf(result.editions[0].path).pages)
    assert "★" in text and "→" in text and "[grinning face]" in text


@pytest.mark.parametrize("tag", ["ar", "he", "ru"])
def test_both_docx_are_right_to_left_for_a_right_to_left_book(books, tag: str) -> None:
    """Every paragraph bidi and every run rtl by default (the styles' docDefaults), as Word sets a
    right-to-left document."""
    for edition in books[tag].editions:
        if edition.name in ("docx", "large-print-docx"):
            with zipfile.ZipFile(edition.path) as docx:
                defaults = etree.fromstring(docx.read("word/styles.xml")).find("w:docDefaults", W)
            assert (defaults.find("w:pPrDefault/w:pPr/w:bidi", W) is not None) == (tag in RTL), edition.name
            assert (defaults.find("w:rPrDefault/w:rPr/w:rtl", W) is not None) == (tag in RTL), edition.name


@pytest.mark.parametrize("tag", ["ru", "ar", "zh", "hi"])
def test_the_html_embeds_the_faces_its_letters_need_cut_down_to_them(books, tag: str) -> None:
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from publish.fonts import font_file
    path = next(e.path for e in books[tag].editions if e.name == "html")
    page = path.read_text(encoding="utf-8")
    embedded = dict(re.findall(r'@font-face \{ font-family: "([^"]+)"; font-display: swap; '
                               r'src: url\("data:font/ttf;base64,([^"]+)"\)', page))
    assert BOOKS[tag][3].lower() in {family.replace(" ", "").lower() for family in embedded}   # the large print's face
    drawn = set(TTFont(font_file()).getBestCmap())
    for data in embedded.values():
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        drawn |= set(font.getBestCmap())
        assert len(font.getGlyphOrder()) < 2000            # cut down, not the whole face
    letters = {ord(c) for c in "".join(html_tree(path).itertext()) if c.isalpha()}
    assert letters - drawn == set()
    stack = re.search(r'font-family: "Atkinson Hyperlegible", ([^;]+);', page).group(1)
    assert stack.startswith(", ".join(f'"{family}"' for family in embedded))


def test_a_part_in_a_language_written_the_other_way_is_set_apart_in_every_edition(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: Mixed\nlang: en\n---\n\n# One\n\nThe greeting [مرحبا بالعالم]{lang=ar} "
                                      "means hello, and [bonjour]{lang=fr} too.\n\n::: {lang=he}\nשלום עולם 2024\n:::\n",
                                      encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["html", "epub", "docx"])
    assert result.findings == []
    editions = {e.name: e.path for e in result.editions}
    from publish.checks import check_file
    assert [f for path in editions.values() for f in check_file(path, path.name)] == []   # dir-part-missing
    page = html_tree(editions["html"])
    assert [(e.get("lang"), e.get("dir")) for e in page.xpath("//main//*[@lang]")] == \
        [("ar", "rtl"), ("fr", None), ("he", "rtl")]
    with zipfile.ZipFile(editions["epub"]) as epub:
        chapter = etree.fromstring(epub.read("EPUB/text-01.xhtml"))
    assert chapter.xpath("//*[@lang='ar']/@dir") == ["rtl"]
    with zipfile.ZipFile(editions["docx"]) as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
    arabic = [r for r in body.iter(f"{{{W['w']}}}r") if "مرحبا" in "".join(r.itertext())]
    assert arabic and all(r.find("w:rPr/w:rtl", W) is not None for r in arabic)
    hebrew = [p for p in body.iter(f"{{{W['w']}}}p") if "שלום" in "".join(p.itertext())]
    assert hebrew and hebrew[0].find("w:pPr/w:bidi", W) is not None


@pytest.mark.parametrize("tag", ["ru", "ar", "he", "hi", "zh", "ja"])
def test_the_cover_draws_the_title_in_a_face_that_has_its_letters(books, tag: str) -> None:
    from fontTools.ttLib import TTFont

    from publish.cover import cover_fonts
    title_font, _ = cover_fonts(books[tag].book)
    path = title_font.path
    index = getattr(title_font, "index", 0)
    with TTFont(path, fontNumber=index, lazy=True) as face:
        drawn = set(face.getBestCmap())
    assert {ord(c) for c in BOOKS[tag][0] if c.isalpha()} - drawn == set()
    assert title_font.layout_engine == __import__("PIL.ImageFont").ImageFont.Layout.RAQM


@pytest.mark.parametrize("tag, kind, family", [("ar", "cs", "Noto Sans Arabic"), ("hi", "cs", "Noto Sans Devanagari"),
                                               ("zh", "eastAsia", "Noto Sans CJK SC"), ("ja", "eastAsia", "Noto Sans CJK JP")])
def test_word_is_told_the_face_and_language_of_the_books_script(books, tag: str, kind: str, family: str) -> None:
    for edition in books[tag].editions:
        if edition.name in ("docx", "large-print-docx"):
            with zipfile.ZipFile(edition.path) as docx:
                run = etree.fromstring(docx.read("word/styles.xml")).find("w:docDefaults/w:rPrDefault/w:rPr", W)
            assert run.find("w:rFonts", W).get(f"{{{W['w']}}}{kind}") == family, edition.name
            assert run.find("w:lang", W).get(f"{{{W['w']}}}{'eastAsia' if kind == 'eastAsia' else 'bidi'}") == tag


def test_every_language_of_the_catalogue_has_every_label_with_its_placeholders() -> None:
    """styles/labels.json: a label missing in one language would be spoken in English there."""
    import json
    import string

    from publish.styles import style_path
    catalogue = {tag: words for tag, words in
                 json.loads(style_path("labels.json").read_text(encoding="utf-8")).items() if not tag.startswith("_")}

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english = catalogue["en"]
    assert {"fr", "es", "pt", "de", "ru", "zh", "zh-Hant", "ar", "hi", "ja"} <= set(catalogue)
    for tag, words in catalogue.items():
        assert set(words) == set(english), tag
        assert {key: fields(text) for key, text in words.items()} == \
            {key: fields(text) for key, text in english.items()}, tag
        assert all(text.strip() for text in words.values()), tag


def test_a_part_in_another_language_is_marked_with_it_in_the_large_print(tmp_path: Path) -> None:
    """[le mot]{lang=fr} and ::: {lang=es}: /Lang on the marked content and on the paragraph (PDF/UA-1 7.2),
    so that a screen reader speaks each in its own voice; the region stays (de-CH)."""
    import re

    import pikepdf
    from test_large_print import struct_elements
    (tmp_path / "book.md").write_text(
        "---\ntitle: Parts\nlang: en\n---\n\n# One\n\nShe said [le mot juste]{lang=fr} and [das Wort]{lang=de-CH} "
        "twice.\n\n::: {lang=es}\nUn párrafo en español.\n:::\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["large-print"])
    with pikepdf.open(result.editions[0].path) as pdf:
        marked = [re.findall(rb"/Lang\s*\(([^)]*)\)", b"".join(
            part.read_bytes() for part in (page.Contents if isinstance(page.Contents, pikepdf.Array)
                                           else [page.Contents]))) for page in pdf.pages]
        paragraphs = [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]
    assert [tag for page in marked for tag in page] == [b"fr", b"de-CH"]
    assert paragraphs == [("/P", "es")]
    assert "le mot juste" in pdf_text(result.editions[0].path)


def test_quotations_take_the_marks_of_their_language_in_every_edition(tmp_path):
    """A French book's quotations in « » with “ ” inside; a part in English keeps “ ”, one in German „ “:
    the same words and marks in every edition (the large print's too, not Typst's own)."""
    from edition_text import docx_text, epub_text, html_text
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "text.md").write_text("---\ntitle: Citations\nlang: fr\n---\n\n# Un\n\nIl a dit \"bonjour, 'toi'\" "
                                    "et [she said \"hello\"]{lang=en} puis [er sagte \"hallo\"]{lang=de}.\n",
                                    encoding="utf-8")
    result = build(folder, tmp_path / "dist", force=True)
    assert [f.as_text() for f in result.findings] == []
    readers = {"epub": epub_text, "html": html_text, "docx": docx_text, "large-print-docx": docx_text,
               "large-print": pdf_text}
    for found in result.editions:
        if found.name in readers:
            text = " ".join(readers[found.name](found.path).split())
            for quoted in ("«bonjour, “toi”»", "she said “hello”", "er sagte „hallo“"):
                assert quoted in text, (found.name, quoted, text)
