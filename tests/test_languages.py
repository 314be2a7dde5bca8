"""Books in every script: the Universal Declaration of Human Rights (tests/fixtures/languages/<folder>/, each
with its SOURCE.txt) in Arabic, Hebrew, Persian, Chinese (Simplified and Traditional), Japanese, Korean,
Russian, Greek, Hindi and Thai, and an English book with French, Arabic and Chinese parts. Each builds all
five editions, set in a face that has its letters, in its direction, with the words the editions add in its
language (or in English marked lang="en"), passing EPUBCheck, Ace and axe-core, its large print at 18 pt or
more in embedded fonts with every glyph, and the PDF's text giving back the manuscript's words."""
from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pikepdf
import pypandoc
import pytest
import yaml
from lxml import etree

import axe
from conftest import require_tool
from edition_text import XHTML, epub_documents, epub_nav, html_tree, pdf_text
from epub_validators import (ace_violations, epubcheck_messages, require_ace, require_epubcheck, run_ace,
                             run_epubcheck)
from pdf_pages import read_pdf
from publish.build import build
from publish.editions.large_print import template_inputs
from publish.book import load_book, slugify

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "languages"
EDITIONS = ["epub", "html", "docx", "large-print-docx", "large-print"]
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# folder: (the face the large print sets its first heading in, the file name)
BOOKS = {
    "ar": ("IBMPlexSansArabic", "alilan-alalmy-lhqwq-alinsan"),
    "he": ("Heebo", "hkrzh-lkl-by-vlm-bdbr-zkvyvt-hdm"),
    "fa": ("IBMPlexSansArabic", "alamyh-jhany-hqwq-bshr"),
    "zh": ("NotoSansCJKsc", "shi-jie-ren-quan-xuan-yan"),
    "zh-Hant": ("NotoSansCJKtc", "shi-jie-ren-quan-xuan-yan"),
    "ja": ("NotoSansCJKjp", "shi-jie-ren-quan-xuan-yan"),     # kanji read as Chinese: see the report
    "ko": ("NotoSansCJKkr", "se-gye-in-gweon-seon-eon"),
    "ru": ("NotoSans", "vseobshchaia-deklaratsiia-prav-cheloveka"),
    "el": ("NotoSans", "oikoumenike-diakerukse-gia-ta-anthropina-dikaiomata"),
    "hi": ("NotoSansDevanagari", "maanv-adhikaaron-kii-saarvbhaum-ghossnnaa"),
    "th": ("NotoSansThai", "ptiyyaasaaklwaadwysiththimnusychn"),
    "en-mixed": ("AtkinsonHyperlegible", "universal-declaration-of-human-rights"),
}
RTL = {"ar", "he", "fa"}
WITHOUT_SPACES = {"zh", "zh-Hant", "ja", "th"}      # words not set apart by spaces: compared by characters
PDF_LANG = {"zh-Hant": "zh-TW"}     # Typst takes a language and a region, not a script (large_print.typst_region)
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # poppler marks RTL runs with them


def manuscript(tag: str) -> Path:
    return FIXTURES / tag / "book.md"


def front_matter(tag: str) -> dict:
    return yaml.safe_load(manuscript(tag).read_text(encoding="utf-8").split("---")[1])


def lang(tag: str) -> str:
    return front_matter(tag)["lang"]


def first_heading(tag: str) -> str:
    return next(line[2:] for line in manuscript(tag).read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def catalogue() -> dict[str, dict[str, str]]:
    from publish.styles import style_path
    return json.loads(style_path("labels.json").read_text(encoding="utf-8"))


def own_labels(tag: str) -> dict[str, str] | None:
    """The catalogue's labels in the book's language (zh-Hant, then zh), or None: the editions use English."""
    table = catalogue()
    return table.get(lang(tag)) or table.get(lang(tag).split("-")[0])


def labels(tag: str) -> dict[str, str]:
    return own_labels(tag) or catalogue()["en"]


def label_lang(tag: str) -> str | None:
    """The lang an element holding a label carries: none in the book's language, en for English ones."""
    return None if own_labels(tag) or lang(tag) == "en" else "en"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return {tag: build(manuscript(tag), tmp_path_factory.mktemp(tag.replace("-", "")) / "dist", only=EDITIONS)
            for tag in BOOKS}


def paths(books, tag: str) -> dict[str, Path]:
    return {e.name: e.path for e in books[tag].editions}


@pytest.mark.parametrize("tag", list(BOOKS))
def test_every_edition_is_made_with_a_transliterated_file_name(books, tag: str) -> None:
    result = books[tag]
    assert result.failures == () and [f.as_text() for f in result.findings] == []
    assert sorted(e.path.name for e in result.editions) == sorted(
        f"{BOOKS[tag][1]}{suffix}" for suffix in (".epub", ".html", ".docx", "-large-print.docx", "-large-print.pdf"))


@pytest.mark.parametrize("tag", list(BOOKS))
def test_the_large_print_sets_each_script_in_a_face_that_has_it(books, tag: str) -> None:
    pdf = read_pdf(paths(books, tag)["large-print"])
    heading = first_heading(tag)
    chars = [c for c in pdf.chars if c["text"] in heading and c["text"].isalpha()]
    assert chars, "the heading's letters are in the PDF"
    assert {c["fontname"].split("+")[-1].split("-")[0] for c in chars} == {BOOKS[tag][0]}


@pytest.mark.parametrize("tag", list(BOOKS))
def test_every_character_of_the_pdf_is_18_points_or_more_in_an_embedded_font_that_has_its_glyph(books, tag):
    """pdfplumber's size of every character; each font the characters name embedded (FontFile2/3) in the PDF;
    publish check's pdf-glyph-missing and pdf-font-not-embedded find nothing."""
    from publish.checks import check_file
    path = paths(books, tag)["large-print"]
    chars = read_pdf(path).chars
    assert min(c["size"] for c in chars) >= 17.9
    with pikepdf.open(path) as pdf:
        embedded = set()
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = described.get("/FontDescriptor", {})
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(described.BaseFont).lstrip("/"))     # a Type0 font's has -Identity-H
    assert {c["fontname"] for c in chars} <= embedded
    assert [f.as_text() for f in check_file(path, path.name)
            if f.code in ("pdf-glyph-missing", "pdf-font-not-embedded")] == []


def _tokens(text: str, by_character: bool) -> collections.Counter:
    """The runs of letters, marks and digits in text (NFC), or each letter with its marks (by_character);
    punctuation and spaces left out: the editions set quotation marks and hyphens of their own."""
    found, run = [], ""
    for char in unicodedata.normalize("NFC", text):
        kind = unicodedata.category(char)[0]
        if kind in "LN" and by_character:
            found.append(run) if run else None
            run = char
        elif kind in "LMN":
            run += char
        else:
            found.append(run) if run else None
            run = ""
    if run:
        found.append(run)
    return collections.Counter(found)


def _pdf_words(path: Path) -> str:
    """The PDF's text by poppler's pdftotext, which reads Typst's /ActualText (pdfplumber does not: it takes
    a Devanagari cluster's text from one glyph's ToUnicode, which Typst gives one cluster's characters)."""
    require_tool(bool(shutil.which("pdftotext")), "pdftotext (Debian's poppler-utils) reads the PDF's text")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _recovered(tag: str, path: Path, by_character: bool) -> tuple[float, collections.Counter]:
    """The share of the manuscript's words (pandoc -t plain: text, notes, the image's alt text) the PDF
    gives back, and those it does not."""
    plain = pypandoc.convert_file(str(manuscript(tag)), "plain", format="markdown", extra_args=["--wrap=none"])
    wanted = _tokens(plain, by_character)
    missing = wanted - _tokens(_pdf_words(path), by_character)
    return 1 - sum(missing.values()) / sum(wanted.values()), missing


@pytest.mark.parametrize("tag", list(BOOKS))
def test_the_pdf_text_gives_back_the_manuscripts_words(books, tag: str) -> None:
    """99% or more of the manuscript's words (of its characters, for scripts without spaces) are in the PDF's
    text; what is short is a word poppler splits where a mark sits apart (Devanagari स्वीकृति as स्वीकृ ति)."""
    share, missing = _recovered(tag, paths(books, tag)["large-print"], tag in WITHOUT_SPACES)
    assert share >= 0.99, (f"{share:.2%}", dict(missing.most_common(10)))


@pytest.mark.parametrize("tag", list(BOOKS))
def test_the_pdf_text_has_every_letter_of_the_manuscript(books, tag: str) -> None:
    share, missing = _recovered(tag, paths(books, tag)["large-print"], by_character=True)
    assert share >= 0.99, (f"{share:.2%}", dict(missing.most_common(10)))


@pytest.mark.parametrize("tag", list(BOOKS))
def test_direction_and_language_in_every_edition(books, tag: str) -> None:
    """HTML and every EPUB document: lang (and xml:lang), dir="rtl" for a right-to-left book; the EPUB's
    dc:language and page-progression-direction; both DOCX: w:lang (w:bidi for a right-to-left script,
    w:eastAsia for CJK), every paragraph bidi and every run rtl by default (docDefaults) for a right-to-left
    book, as Word sets it; the PDF's /Lang."""
    editions, tongue, rtl = paths(books, tag), lang(tag), tag in RTL
    root = html_tree(editions["html"])
    assert (root.get("lang"), root.get("dir")) == (tongue, "rtl" if rtl else None)
    with zipfile.ZipFile(editions["epub"]) as epub:
        package = etree.fromstring(epub.read("EPUB/content.opf"))
    assert package.findtext("opf:metadata/dc:language", namespaces=OPF) == tongue
    assert package.find("opf:spine", OPF).get("page-progression-direction") == ("rtl" if rtl else None)
    documents = {**epub_documents(editions["epub"]), "nav": epub_nav(editions["epub"])}
    assert {name: (doc.get("lang"), doc.get(XML_LANG), doc.get("dir")) for name, doc in documents.items()} == \
        {name: (tongue, tongue, "rtl" if rtl else None) for name in documents}
    for name in ("docx", "large-print-docx"):
        with zipfile.ZipFile(editions[name]) as docx:
            defaults = etree.fromstring(docx.read("word/styles.xml")).find("w:docDefaults", W)
        assert (defaults.find("w:pPrDefault/w:pPr/w:bidi", W) is not None) == rtl, name
        assert (defaults.find("w:rPrDefault/w:rPr/w:rtl", W) is not None) == rtl, name
        word_lang = defaults.find("w:rPrDefault/w:rPr/w:lang", W)
        assert word_lang.get(f"{{{W['w']}}}val") == tongue, name
        if rtl or tag == "hi":
            assert word_lang.get(f"{{{W['w']}}}bidi") == tongue, name      # complex scripts
        if tag in ("zh", "zh-Hant", "ja", "ko"):
            assert word_lang.get(f"{{{W['w']}}}eastAsia") == tongue, name
    with pikepdf.open(editions["large-print"]) as pdf:
        assert str(pdf.Root.Lang) == PDF_LANG.get(tag, tongue)


@pytest.mark.parametrize("tag", list(BOOKS))
def test_the_words_the_editions_add_are_in_the_books_language_or_marked_english(books, tag: str) -> None:
    """Contents, Notes, the back links, the skip link and the large print's edition line from the catalogue
    (styles/labels.json) in the book's language; where it has none, in English marked lang="en" (the EPUB's
    <title> of those documents too)."""
    editions, words, marked = paths(books, tag), labels(tag), label_lang(tag)
    nav = epub_nav(editions["epub"])
    contents = nav.xpath("//*[@id='toc-title']")[0]
    assert (contents.text, contents.get("lang")) == (words["contents"], marked)
    assert nav.find("x:head/x:title", XHTML).get("lang") == marked
    notes = next(doc for name, doc in epub_documents(editions["epub"]).items() if name.endswith("notes.xhtml"))
    heading = notes.find(".//x:h1", XHTML)
    assert (heading.text, heading.get("lang"), notes.find("x:head/x:title", XHTML).get("lang")) == \
        (words["notes"], marked, marked)
    back = notes.xpath("//*[@role='doc-backlink']")
    assert [(a.get("aria-label"), a.get("lang")) for a in back] == \
        [(words["back"].format(n=n), marked) for n in (1, 2)]
    page = html_tree(editions["html"])
    back = page.xpath("//a[@role='doc-backlink']")
    assert [(a.get("aria-label"), a.get("lang")) for a in back] == \
        [(words["back"].format(n=n), marked) for n in (1, 2)]
    skip = page.xpath("//a[@href='#main']") or page.xpath("//a[contains(@class, 'skip')]")
    assert skip and " ".join(skip[0].text_content().split()) == words["skip"]
    text = " ".join(_pdf_words(editions["large-print"]).translate(BIDI_CONTROLS).split())
    edition_line = words["large_print"].split("{font}")[0].strip()
    assert ("Large print edition" in text) == (marked == "en" or tag == "en-mixed")
    if tag in RTL:      # poppler places the comma, digits and brackets of a right-to-left line by its own guess
        letters = re.compile(r"[^\W\d_]+")
        assert " ".join(letters.findall(edition_line)) in " ".join(letters.findall(text))
    else:
        assert edition_line in text
    with pikepdf.open(editions["large-print"]) as pdf:
        from test_large_print import struct_elements
        english = [e for e in struct_elements(pdf) if str(e.get("/Lang", "")) == "en"]
    assert bool(english) == (marked == "en")     # the edition line, marked English


@pytest.mark.parametrize("title, name", [
    ("Résumé", "resume"),
    ("Секс-работа — не торговля людьми", "seks-rabota-ne-torgovlia-liudmi"),
    ("性工作不是贩运", "xing-gong-zuo-bu-shi-fan-yun"),
    ("Οικουμενική Διακήρυξη", "oikoumenike-diakeruxe"),
    ("الإعلان العالمي لحقوق الإنسان", "alilan-alalmy-lhqwq-alinsan"),     # alef kept as a
    ("العمل الجنسي ليس اتجارا بالبشر", "alml-aljnsy-lys-atjara-balbshr"),
    ("اعلامیه جهانی حقوق بشر", "alamyh-jhany-hqwq-bshr"),
])
def test_a_title_in_any_script_becomes_a_readable_file_name(title: str, name: str) -> None:
    assert slugify(title) == name


def test_the_russian_cover_names_the_book_in_russian(books) -> None:
    with zipfile.ZipFile(paths(books, "ru")["epub"]) as epub:
        cover = etree.fromstring(epub.read("EPUB/cover.xhtml"))
    assert cover.xpath("//*[local-name()='img']/@alt") == ["Обложка: Всеобщая декларация прав человека."]


def test_a_tag_keeps_its_script_and_region(tmp_path: Path) -> None:
    book = tmp_path / "book.md"
    book.write_text(manuscript("zh-Hant").read_text(encoding="utf-8").replace("lang: zh-Hant", "lang: zh-Hant-TW"),
                    encoding="utf-8")
    shutil.copy(FIXTURES / "zh-Hant" / "article-1.png", tmp_path)
    inputs = template_inputs(load_book(book))
    assert (inputs["lang"], inputs["region"], inputs["fonts"].split("\n")[0]) == ("zh", "TW", "Atkinson Hyperlegible")
    assert inputs["fonts"].index("Noto Sans CJK TC") < inputs["fonts"].index("Noto Sans CJK SC")
    plain = template_inputs(load_book(manuscript("zh-Hant")))
    assert (plain["lang"], plain["region"]) == ("zh", "TW")     # Typst's own words in Traditional Chinese


def test_the_epub_of_every_language_passes_epubcheck(books, tmp_path: Path) -> None:
    """EPUBCheck 5 (about 5 s a book): 0 fatals, errors, warnings and infos for every language's EPUB."""
    require_epubcheck()
    found = {}
    for tag in BOOKS:
        work = tmp_path / tag      # zh, zh-Hant and ja give their EPUBs the same name
        work.mkdir()
        found[tag] = epubcheck_messages(run_epubcheck(paths(books, tag)["epub"], work))
    assert {tag: messages for tag, messages in found.items() if messages} == {}


def test_the_epub_of_every_language_passes_ace(books, tmp_path: Path) -> None:
    """Ace (10-20 s a book) on each language's EPUB, in one test: every violation of every book at once."""
    require_ace()
    found = {}
    for tag in BOOKS:
        work = tmp_path / tag
        work.mkdir()
        found[tag] = ace_violations(run_ace(paths(books, tag)["epub"], work))
    assert {tag: violations for tag, violations in found.items() if violations} == {}


def test_the_html_of_every_language_passes_axe_at_1280_and_320_px(books) -> None:
    """axe-core (WCAG 2.2 A and AA, best practice) on every language's page at 1280 and 320 CSS px, in one
    Chromium (tests/axe.py keeps it for the run), and no sideways scrolling at 320 px (reflow, WCAG 1.4.10)."""
    require_tool(axe.available(), "axe-core needs node_modules/axe-core, playwright and Chromium")
    found = {}
    for tag in BOOKS:
        for width in (1280, 320):
            report = axe.audit(paths(books, tag)["html"], width)
            if report.violations or report.scrolls_sideways:
                found[tag, width] = (report.summary(), report.scroll_width, report.client_width)
    assert found == {}


CHECKER_CODES = ("pdf-glyph-missing", "pdf-font-not-embedded", "dir-missing", "dir-progression-missing",
                 "dir-part-missing", "lang-label-untranslated")


def test_every_languages_editions_pass_the_font_direction_and_label_checks(books) -> None:
    """Each edition of each language (the large print set in its script's face, Arabic, Hebrew and Persian right
    to left, labels from the catalogue or in English marked lang="en") gives none of these findings."""
    from publish.checks import check_file
    found = [(tag, e.name, f.code, f.message) for tag in BOOKS for e in books[tag].editions
             for f in check_file(e.path, e.path.name) if f.code in CHECKER_CODES]
    assert found == []


def test_the_english_book_sets_its_french_arabic_and_chinese_parts_apart_in_every_edition(books) -> None:
    """[…]{lang=fr}, ::: {lang=ar} and ::: {lang=zh}: lang (and dir="rtl" for Arabic) in the HTML and EPUB
    (there with xml:lang too, as on its documents),
    w:lang / w:rtl / w:bidi in both DOCX, /Lang on the large print's paragraphs."""
    editions = paths(books, "en-mixed")
    page = html_tree(editions["html"])
    assert [(e.get("lang"), e.get("dir")) for e in page.xpath("//main//*[@lang]")] == \
        [("fr", None), ("ar", "rtl"), ("zh", None)]
    chapter = next(doc for doc in epub_documents(editions["epub"]).values()
                   if doc.xpath("//*[@lang='fr']"))
    assert [(e.get("lang"), e.get(XML_LANG), e.get("dir")) for e in chapter.find("x:body", XHTML).iter()
            if e.get("lang")] == [("fr", "fr", None), ("ar", "ar", "rtl"), ("zh", "zh", None)]
    for name in ("docx", "large-print-docx"):
        with zipfile.ZipFile(editions[name]) as docx:
            body = etree.fromstring(docx.read("word/document.xml"))
        def runs(words: str) -> list:
            return [r for r in body.iter(f"{{{W['w']}}}r") if words in "".join(r.itertext())]
        arabic, french, chinese = runs("يولد"), runs("Tous les êtres"), runs("人人生而自由")
        assert arabic and all(r.find("w:rPr/w:rtl", W) is not None for r in arabic), name
        assert arabic[0].find("w:rPr/w:lang", W).get(f"{{{W['w']}}}bidi") == "ar", name
        assert french[0].find("w:rPr/w:lang", W).get(f"{{{W['w']}}}val") == "fr", name
        assert chinese[0].find("w:rPr/w:lang", W).get(f"{{{W['w']}}}eastAsia") == "zh", name
        paragraph = next(p for p in body.iter(f"{{{W['w']}}}p") if "يولد" in "".join(p.itertext()))
        assert paragraph.find("w:pPr/w:bidi", W) is not None, name
        assert paragraph.find("w:pPr/w:pStyle", W).get(f"{{{W['w']}}}val") == "BodyText", name    # as the others
    from test_large_print import struct_elements
    with pikepdf.open(editions["large-print"]) as pdf:
        parts = [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]
    assert parts == [("/P", "fr"), ("/P", "ar"), ("/P", "zh")]
    assert "Tous les êtres humains naissent libres" in " ".join(pdf_text(editions["large-print"]).split())


def test_a_character_no_face_has_is_named_at_its_line_and_the_pdf_is_made(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: Faces\nlang: en\n---\n\n# One\n\nA star ★, an arrow → "
                                      "and a smile 😀.\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist", only=["large-print"])
    assert [(f.line, f.column, f.code, f.message) for f in result.manuscript_findings] == [
        (8, 34, "font-glyph-missing", "The character 😀 (U+1F600 GRINNING FACE) is in none of the typefaces: "
                                      "the large print shows its name.")]
    text = " ".join(page.text for page in read_pdf(result.editions[0].path).pages)
    assert "★" in text and "→" in text and "[grinning face]" in text


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
    assert BOOKS[tag][0].lower() in {family.replace(" ", "").lower() for family in embedded}   # the large print's face
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
    assert {ord(c) for c in front_matter(tag)["title"] if c.isalpha()} - drawn == set()
    assert title_font.layout_engine == __import__("PIL.ImageFont").ImageFont.Layout.RAQM


@pytest.mark.parametrize("tag, kind, family", [("ar", "cs", "IBM Plex Sans Arabic"), ("hi", "cs", "Noto Sans Devanagari"),
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
    """A French book's quotations in « » (a narrow no-break space, U+202F, inside them) with “ ” inside; a part in English keeps “ ”, one in German „ “:
    the same words and marks in every edition (the large print's too, not Typst's own)."""
    import re

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
            text = re.sub(r"[^\S\u202f]+", " ", readers[found.name](found.path))    # U+202F kept: « it »
            # Typst draws no glyph for a space: the PDF's text has a space where it left the narrow gap
            french = "« bonjour, “toi” »" if found.name == "large-print" else "«\u202fbonjour, “toi”\u202f»"
            for quoted in (french, "she said “hello”", "er sagte „hallo“"):
                assert quoted in text, (found.name, quoted, text)
