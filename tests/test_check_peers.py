"""publish check reads files as the standards say and judges language as axe-core and Ace do.

Each case has its fault and its no-fault twin: an EPUB whose container names the package with a
percent-encoded path, an EPUB package's own xml:lang, a DOCX whose parts are found only through its
relationships, language tags checked against the IANA subtag registry, and xml:lang in plain HTML.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from fixtures.check.make import FIXTURES, line_of

from publish.checks import check_file
from publish.errors import PublishError

EPUB, DOCX, HTML = FIXTURES / "epub", FIXTURES / "docx", FIXTURES / "html"
OPF = "EPUB/content.opf"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parts(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _zip(parts: dict[str, str], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(parts, key=lambda m: m != "mimetype"):
            archive.writestr(member, parts[member],
                             zipfile.ZIP_STORED if member == "mimetype" else zipfile.ZIP_DEFLATED)
    return out


def _found(findings) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.file, f.line) for f in findings]


# --- EPUB: a percent-encoded package path in META-INF/container.xml ---------------------------------
def _epub_with_package_at(member: str, full_path: str, opf_change: tuple[str, str] = ("", "")) -> dict[str, str]:
    parts = _parts(EPUB)
    opf = parts.pop(OPF)
    parts[member] = opf.replace(*opf_change, 1) if opf_change[0] else opf
    parts["META-INF/container.xml"] = parts["META-INF/container.xml"].replace(
        'full-path="EPUB/content.opf"', f'full-path="{full_path}"')
    return parts


def test_a_percent_encoded_package_path_is_read(tmp_path: Path) -> None:
    book = _zip(_epub_with_package_at("EPUB/my book.opf", "EPUB/my%20book.opf"), tmp_path / "book.epub")
    assert check_file(book, "book.epub") == []


def test_findings_of_a_percent_encoded_package_name_its_real_member(tmp_path: Path) -> None:
    parts = _epub_with_package_at("EPUB/my book.opf", "EPUB/my%20book.opf",
                                  ("<dc:language>en-GB</dc:language>", ""))
    book = _zip(parts, tmp_path / "book.epub")
    line = line_of(parts["EPUB/my book.opf"], "<metadata")
    assert _found(check_file(book, "book.epub")) == [("lang-missing", "book.epub!/EPUB/my book.opf", line)]


def test_a_member_whose_name_holds_a_percent_sign_is_still_found(tmp_path: Path) -> None:
    book = _zip(_epub_with_package_at("EPUB/100%25.opf", "EPUB/100%25.opf"), tmp_path / "book.epub")
    assert check_file(book, "book.epub") == []   # unquoted: EPUB/100%.opf is absent, as written it is there


def test_a_package_path_naming_no_member_is_refused(tmp_path: Path) -> None:
    book = _zip(_epub_with_package_at("EPUB/my book.opf", "EPUB/my%2520book.opf"), tmp_path / "book.epub")
    with pytest.raises(PublishError, match="names no package document"):
        check_file(book, "book.epub")


# --- EPUB: the package element's own xml:lang --------------------------------------------------------
@pytest.mark.parametrize("value,expected", [("english", ["lang-invalid"]), ("en-GB", []), ("", []),
                                            ("xx-yyyy-zz", ["lang-invalid"])])
def test_the_package_elements_language_is_checked(tmp_path: Path, value: str, expected: list[str]) -> None:
    parts = _parts(EPUB)
    parts[OPF] = parts[OPF].replace('xml:lang="en-GB"', f'xml:lang="{value}"', 1)
    book = _zip(parts, tmp_path / "book.epub")
    line = line_of(parts[OPF], "<package")
    assert _found(check_file(book, "book.epub")) == [(c, f"book.epub!/{OPF}", line) for c in expected]


# --- DOCX: parts found through the OPC relationships -------------------------------------------------
def _rels(*relationships: tuple[str, str]) -> str:
    rows = "".join(f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(relationships, 1))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PACKAGE_RELS_NS}">{rows}</Relationships>'


def _docx_with_main_part(main: str, target: str, styles: str = "word/mystyles.xml",
                         footnotes: str = "word/notes1.xml", change: tuple[str, str] = ("", "")) -> dict[str, str]:
    """The clean DOCX fixture with its main part at main (named by target in _rels/.rels) and its styles
    and footnotes under other names, named only by the main part's relationships."""
    parts = _parts(DOCX)
    body = parts.pop("word/document.xml")
    parts[main] = body.replace(*change, 1) if change[0] else body
    parts[styles] = parts.pop("word/styles.xml")
    parts[footnotes] = parts.pop("word/footnotes.xml")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace('Target="word/document.xml"', f'Target="{target}"')
    folder, file = main.rsplit("/", 1)
    relative = lambda member: member.removeprefix(f"{folder}/")
    parts[f"{folder}/_rels/{file}.rels"] = _rels(("styles", relative(styles)), ("footnotes", relative(footnotes)))
    return parts


@pytest.mark.parametrize("main,target", [("word/document2.xml", "word/document2.xml"),
                                         ("word/main.xml", "/word/main.xml")])
def test_the_main_part_is_found_through_the_package_relationships(tmp_path: Path, main: str, target: str) -> None:
    document = _zip(_docx_with_main_part(main, target), tmp_path / "book.docx")
    assert check_file(document, "book.docx") == []


def test_findings_name_the_real_main_part(tmp_path: Path) -> None:
    parts = _docx_with_main_part("word/document2.xml", "word/document2.xml",
                                 change=('<w:pStyle w:val="Heading2"/>', '<w:pStyle w:val="Heading4"/>'))
    document = _zip(parts, tmp_path / "book.docx")
    line = line_of(parts["word/document2.xml"], "Heading4")
    assert _found(check_file(document, "book.docx")) == [("heading-skipped", "book.docx!/word/document2.xml", line)]


def test_footnotes_are_found_through_the_main_parts_relationships(tmp_path: Path) -> None:
    parts = _docx_with_main_part("word/document2.xml", "word/document2.xml",
                                 change=('<w:r><w:footnoteReference w:id="2"/></w:r>', ""))
    document = _zip(parts, tmp_path / "book.docx")
    line = line_of(parts["word/notes1.xml"], '<w:footnote w:id="2">')
    assert _found(check_file(document, "book.docx")) == [("note-unreferenced", "book.docx!/word/notes1.xml", line)]


def test_parts_the_main_part_does_not_relate_are_not_read(tmp_path: Path) -> None:
    """A stray word/styles.xml is not the document's styles: without them no paragraph is a heading."""
    parts = _docx_with_main_part("word/document2.xml", "word/document2.xml", styles="word/styles.xml")
    parts["word/_rels/document2.xml.rels"] = _rels(("footnotes", "notes1.xml"))
    document = _zip(parts, tmp_path / "book.docx")
    codes = [f.code for f in check_file(document, "book.docx")]
    assert "heading-none" in codes


def test_without_relationships_word_document_xml_is_the_main_part(tmp_path: Path) -> None:
    parts = _parts(DOCX)
    del parts["_rels/.rels"]
    assert check_file(_zip(parts, tmp_path / "book.docx"), "book.docx") == []


def test_relationships_naming_no_main_part_are_refused(tmp_path: Path) -> None:
    parts = _parts(DOCX)
    parts["_rels/.rels"] = parts["_rels/.rels"].replace('Target="word/document.xml"', 'Target="word/gone.xml"')
    with pytest.raises(PublishError, match="names no main document part"):
        check_file(_zip(parts, tmp_path / "book.docx"), "book.docx")


# --- language tags against the IANA subtag registry ---------------------------------------------------
def _page(tmp_path: Path, html_attributes: str, suffix: str = ".html") -> Path:
    """The clean HTML fixture, or a small clean XHTML page, with these attributes on its <html> element
    (on line 2)."""
    if suffix == ".xhtml":
        text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" {html_attributes}>\n'
                "<head><title>A clean page</title></head>\n<body><main><h1>A clean page</h1><p>Text.</p></main></body>\n"
                "</html>\n")
    else:
        text = (HTML / "clean.html").read_text(encoding="utf-8").replace('<html lang="en-GB">',
                                                                         f"<html {html_attributes}>")
    page = tmp_path / f"page{suffix}"
    page.write_text(text, encoding="utf-8")
    return page


INVALID_TAGS = ["english", "klingon-ish", "xx-yyyy-zz", "en-Abcd", "zzz", "en_GB", "en-"]
# en-Zzzz is valid: Zzzz ("code for uncoded script") is a registered script subtag
VALID_TAGS = ["en", "en-GB", "zh-Hant-TW", "sr-Latn", "es-419", "x-private", "de-CH-1901", "i-klingon", "en-Zzzz",
              "EN-gb"]


@pytest.mark.parametrize("tag", INVALID_TAGS)
def test_a_tag_with_unregistered_subtags_is_invalid(tmp_path: Path, tag: str) -> None:
    page = _page(tmp_path, f'lang="{tag}"')
    assert _found(check_file(page, "page.html")) == [("lang-invalid", "page.html", 2)]


@pytest.mark.parametrize("tag", VALID_TAGS)
def test_a_registered_tag_is_valid(tmp_path: Path, tag: str) -> None:
    assert check_file(_page(tmp_path, f'lang="{tag}"'), "page.html") == []


def test_an_epub_documents_unregistered_tag_is_invalid(tmp_path: Path) -> None:
    parts = _parts(EPUB)
    member = "EPUB/text/ch1.xhtml"
    twin = _zip(parts, tmp_path / "twin.epub")
    assert check_file(twin, "twin.epub") == []
    parts[member] = parts[member].replace('lang="en-GB" xml:lang="en-GB"', 'lang="xx-yyyy-zz" xml:lang="xx-yyyy-zz"')
    book = _zip(parts, tmp_path / "book.epub")
    assert _found(check_file(book, "book.epub")) == [("lang-invalid", f"book.epub!/{member}",
                                                      line_of(parts[member], "<html"))]


# --- xml:lang counts in XHTML, not in HTML -------------------------------------------------------------
def test_xml_lang_alone_does_not_declare_an_html_pages_language(tmp_path: Path) -> None:
    assert _found(check_file(_page(tmp_path, 'xml:lang="en"'), "page.html")) == [("lang-missing", "page.html", 2)]
    assert check_file(_page(tmp_path, 'lang="en"'), "page.html") == []
    assert check_file(_page(tmp_path, 'lang="en" xml:lang="en"'), "page.html") == []


def test_an_html_pages_empty_lang_is_not_made_up_by_xml_lang(tmp_path: Path) -> None:
    assert _found(check_file(_page(tmp_path, 'lang="" xml:lang="en"'), "page.html")) == [("lang-missing", "page.html", 2)]


def test_xml_lang_alone_declares_an_xhtml_pages_language(tmp_path: Path) -> None:
    assert check_file(_page(tmp_path, 'xml:lang="en"', ".xhtml"), "page.xhtml") == []
    assert _found(check_file(_page(tmp_path, 'xml:lang="english"', ".xhtml"), "page.xhtml")) == [
        ("lang-invalid", "page.xhtml", 2)]


def test_xml_lang_alone_declares_an_epub_documents_language(tmp_path: Path) -> None:
    parts = _parts(EPUB)
    member = "EPUB/text/ch1.xhtml"
    parts[member] = parts[member].replace('lang="en-GB" xml:lang="en-GB"', 'xml:lang="en-GB"')
    assert check_file(_zip(parts, tmp_path / "book.epub"), "book.epub") == []
