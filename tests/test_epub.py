"""The EPUB edition: EPUB 3.3 that EPUBCheck finds valid and Ace by DAISY finds accessible.

Asserts on the package itself (metadata, navigation, documents, notes, images, CSS) for the
manuscript and the rich fixture, then runs the real EPUBCheck and the real Ace on both.
"""
from __future__ import annotations

import re
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import MANUSCRIPT, RICH, edition
from edition_text import XHTML, epub_documents, epub_nav
from epub_validators import (ace_missing_metadata, ace_violations, epubcheck_counts, epubcheck_messages,
                             require_ace, require_epubcheck, run_ace, run_epubcheck)
from publish.book import load_book
from publish.editions import epub as epub_edition
from publish.pandoc import read_ast
from seed_text import missing_words, split_seed, words

NS = {**XHTML, "dcterms": "http://purl.org/dc/terms/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# each epub:type this edition uses, with the ARIA role Ace expects beside it
MATCHING_ROLE = {"cover": "doc-cover", "noteref": "doc-noteref", "footnote": "doc-footnote", "endnote": "doc-endnote",
                 "endnotes": "doc-endnotes", "chapter": "doc-chapter", "toc": "doc-toc",
                 "backlink": "doc-backlink", "pagebreak": "doc-pagebreak", "page-list": "doc-pagelist"}
ALLOWED_MISSING = {"a11y:certifierCredential", "a11y:certifierReport"}
BOOKS = ["built", "built_rich"]


# --- reading the package ---------------------------------------------------------------------

def opf(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        return etree.fromstring(z.read(container.find(".//c:rootfile", NS).get("full-path")))


def meta(package: etree._Element, prop: str) -> list[str]:
    return [m.text for m in package.iterfind(f".//opf:metadata/opf:meta[@property='{prop}']", NS)]


def dc(package: etree._Element, name: str) -> list[str]:
    return [e.text for e in package.iterfind(f".//opf:metadata/dc:{name}", NS)]


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def markdown_headings(folder: Path) -> list[tuple[int, str]]:
    """(level, text) of each ATX heading in the manuscript's Markdown, read straight from the source."""
    found = []
    for source in sorted(folder.glob("*.md")):
        for line in source.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(#{1,6})\s+(.+?)\s*(\{[^}]*\})?$", line)
            if match:
                found.append((len(match.group(1)), match.group(2)))
    return found


def markdown_opening(folder: Path) -> str:
    """The manuscript's text between its metadata block and its first heading."""
    text = next(iter(sorted(folder.glob("*.md")))).read_text(encoding="utf-8")
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return body.split("\n#", 1)[0]


def all_documents(path: Path) -> dict[str, etree._Element]:
    return {name.rsplit("/", 1)[-1]: doc for name, doc in epub_documents(path).items()}


def ids_in(path: Path) -> dict[str, set[str]]:
    return {name: {e.get("id") for e in doc.iter() if e.get("id")} for name, doc in all_documents(path).items()}


@pytest.fixture(params=BOOKS)
def book_result(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def epub_path(book_result) -> Path:
    return edition(book_result, "epub")


# --- package metadata ------------------------------------------------------------------------

def test_package_metadata_comes_from_the_manuscript(built):
    book = load_book(MANUSCRIPT)
    package = opf(edition(built, "epub"))
    assert package.get("version") == "3.0"
    assert package.get(XML_LANG) == "en-GB"
    assert dc(package, "title") == ["Sex work is not trafficking: a summary"]
    assert dc(package, "language") == ["en-GB"]
    identifier = package.find(f".//dc:identifier[@id='{package.get('unique-identifier')}']", NS)
    assert identifier.text == book.metadata["identifier"]
    assert dc(package, "creator") == ["Global Network of Sex Work Projects (NSWP)"]
    creator_id = package.find(".//dc:creator", NS).get("id")
    role = package.find(f".//opf:meta[@refines='#{creator_id}'][@property='role']", NS)
    assert (role.text, role.get("scheme")) == ("aut", "marc:relators")
    assert dc(package, "publisher") == ["Global Network of Sex Work Projects (NSWP)"]
    assert dc(package, "description")[0].startswith("A summary by the Global Network of Sex Work Projects")
    assert dc(package, "subject") == ["Sex work", "Human trafficking", "Migration", "Human rights"]


def test_modified_date_is_source_date_epoch(built):
    # conftest builds with SOURCE_DATE_EPOCH=1764400000
    expected = datetime.fromtimestamp(1764400000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert meta(opf(edition(built, "epub")), "dcterms:modified") == [expected]


def test_accessibility_metadata_of_a_text_only_book(built):
    package = opf(edition(built, "epub"))
    book = load_book(MANUSCRIPT)
    assert meta(package, "schema:accessMode") == ["textual"]
    assert meta(package, "schema:accessModeSufficient") == ["textual"]
    features = meta(package, "schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(features)
    assert "alternativeText" not in features          # the cover is the only image and says nothing new
    assert len(features) == len(set(features))
    assert meta(package, "schema:accessibilityHazard") == ["none"]
    assert meta(package, "schema:accessibilitySummary") == [book.accessibility_summary]
    assert meta(package, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert meta(package, "a11y:certifiedBy") == [book.publisher]


def test_accessibility_metadata_of_a_book_with_a_described_image(built_rich):
    package = opf(edition(built_rich, "epub"))
    assert set(meta(package, "schema:accessMode")) == {"textual", "visual"}
    assert "textual" in meta(package, "schema:accessModeSufficient")
    assert "alternativeText" in meta(package, "schema:accessibilityFeature")
    assert meta(package, "a11y:certifiedBy") == ["Test Collective"]


# --- navigation ------------------------------------------------------------------------------

def toc_entries(path: Path) -> list[tuple[int, str, str]]:
    """(depth, text, href) of each toc entry, depth 1 for the outermost list."""
    toc = epub_nav(path).xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    return [(len(a.xpath("ancestor::x:ol", namespaces=NS)), text_of(a), a.get("href"))
            for a in toc.iterfind(".//x:a", NS)]


@pytest.mark.parametrize("name, folder", [("built", MANUSCRIPT), ("built_rich", RICH)])
def test_toc_lists_every_heading_in_order_and_nested(request, name, folder):
    path = edition(request.getfixturevalue(name), "epub")
    entries = toc_entries(path)
    title = load_book(folder).title
    assert entries[0][:2] == (1, title)                  # the title page, where the opening text is
    assert entries[-1][:2] == (1, "Notes")
    assert [(depth, text) for depth, text, _ in entries[1:-1]] == markdown_headings(folder)
    ids = ids_in(path)
    for _, text, href in entries:
        file, _, fragment = href.partition("#")
        assert file in ids and (not fragment or fragment in ids[file]), (text, href)


def test_toc_nav_has_its_role(epub_path):
    toc = epub_nav(epub_path).xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    assert len(toc) == 1 and toc[0].get("role") == "doc-toc"


def test_landmarks_point_at_cover_title_page_contents_text_and_notes(epub_path, book_result):
    nav = epub_nav(epub_path)
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    kinds = {a.get(EPUB_TYPE): a.get("href") for a in landmarks}
    assert list(kinds) == ["cover", "titlepage", "toc", "bodymatter", "endnotes"]
    docs = all_documents(epub_path)
    ids = ids_in(epub_path)
    nav_name = next(n for n, d in docs.items() if d.xpath("//x:nav[@epub:type='toc']", namespaces=NS))
    for kind, href in kinds.items():
        file, _, fragment = href.partition("#")
        assert file in ids and (not fragment or fragment in ids[file]), (kind, href)
    assert kinds["toc"].partition("#")[0] == nav_name
    cover = docs[kinds["cover"].partition("#")[0]]
    assert cover.find(".//x:img[@role='doc-cover']", NS) is not None
    notes = docs[kinds["endnotes"].partition("#")[0]]
    assert len(notes.xpath("//*[@role='doc-footnote']")) >= 5
    titlepage = docs[kinds["titlepage"]]
    start_file, _, start_id = kinds["bodymatter"].partition("#")
    start = docs[start_file].xpath(f"//*[@id='{start_id}']")[0] if start_id else docs[start_file]
    assert words(text_of(start))[:5] == words(markdown_opening(book_result.book.root))[:5]
    assert titlepage.findtext(".//x:h1", namespaces=NS)


# --- content documents -----------------------------------------------------------------------

@pytest.mark.parametrize("name, folder", [("built", MANUSCRIPT), ("built_rich", RICH)])
def test_one_document_per_top_level_section_titled_by_its_heading(request, name, folder):
    docs = all_documents(edition(request.getfixturevalue(name), "epub"))
    sections = [text for level, text in markdown_headings(folder) if level == 1]
    chapters = [d for d in docs.values() if d.xpath("//x:section[@epub:type='chapter']", namespaces=NS)]
    assert [text_of(d.find(".//x:h1", NS)) for d in chapters] == sections
    for doc in docs.values():
        h1 = doc.find(".//x:h1", NS)
        if h1 is not None:
            assert doc.findtext(".//x:head/x:title", namespaces=NS) == text_of(h1)
        assert not re.search(r"\.x?html$", doc.findtext(".//x:head/x:title", namespaces=NS))


def test_every_document_has_its_language_twice(epub_path, book_result):
    for name, doc in all_documents(epub_path).items():
        assert doc.get("lang") == doc.get(XML_LANG) == book_result.book.language, name


def test_headings_start_at_one_and_skip_no_level(epub_path):
    for name, doc in all_documents(epub_path).items():
        levels = [int(h.tag[-1]) for h in doc.iter() if re.fullmatch(r"\{[^}]+\}h[1-6]", str(h.tag))]
        if not levels:
            assert name.startswith("cover"), name
            continue
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (name, levels)


def test_every_epub_type_has_its_matching_role(epub_path):
    seen = set()
    for name, doc in all_documents(epub_path).items():
        for element in doc.iter():
            if not isinstance(element.tag, str) or element.xpath("ancestor::x:nav[@epub:type='landmarks']",
                                                                  namespaces=NS):
                continue
            for kind in (element.get(EPUB_TYPE) or "").split():
                seen.add(kind)
                if kind in MATCHING_ROLE:
                    assert element.get("role") == MATCHING_ROLE[kind], (name, kind, element.get("role"))
    assert {"cover", "noteref", "footnote", "toc", "chapter", "endnotes"} <= seen


def test_opening_text_is_on_the_title_page_without_an_invented_heading(built):
    docs = all_documents(edition(built, "epub"))
    page = next(d for d in docs.values() if d.xpath("//*[@epub:type='titlepage']", namespaces=NS))
    assert [text_of(h) for h in page.xpath("//x:h1|//x:h2|//x:h3", namespaces=NS)] == [
        "Sex work is not trafficking: a summary"]
    assert not missing_words(markdown_opening(MANUSCRIPT), text_of(page.find("x:body", NS)))
    assert "Global Network of Sex Work Projects (NSWP)" in text_of(page.find(".//x:section", NS))


# --- notes -----------------------------------------------------------------------------------

def notes_and_references(path: Path):
    docs = all_documents(path)
    refs = [(name, a) for name, doc in docs.items() for a in doc.iterfind(".//x:a[@role='doc-noteref']", NS)]
    notes = {(name, n.get("id")): (name, n) for name, doc in docs.items()
             for n in doc.xpath("//*[@role='doc-footnote' or @role='doc-endnote']")}
    return docs, refs, notes


@pytest.mark.parametrize("name, count", [("built", 5), ("built_rich", 24)])
def test_notes_are_numbered_in_order_and_link_both_ways(request, name, count):
    docs, refs, notes = notes_and_references(edition(request.getfixturevalue(name), "epub"))
    assert [text_of(a) for _, a in refs] == [str(n) for n in range(1, count + 1)]
    assert len(notes) == count
    for number, (home, ref) in enumerate(refs, start=1):
        assert ref.get(EPUB_TYPE) == "noteref"
        file, _, fragment = ref.get("href").partition("#")
        note_home, note = notes[(file or home, fragment)]
        assert note.get(EPUB_TYPE) in ("footnote", "endnote")
        assert text_of(note).startswith(f"{number}.")
        backs = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
        assert len(backs) == 1
        assert backs[0].get("aria-label") == f"Back to where note {number} is referenced"
        back_file, _, back_id = backs[0].get("href").partition("#")
        assert back_file == home and ref.get("id") == back_id


def test_manuscript_notes_keep_the_seed_numbering(built):
    _, refs, notes = notes_and_references(edition(built, "epub"))
    _, seed_notes = split_seed()
    for number, (home, ref) in enumerate(refs, start=1):
        file, _, fragment = ref.get("href").partition("#")
        _, note = notes[(file, fragment)]
        assert not missing_words(seed_notes[number].replace("/ ", "/"), text_of(note)), number


def test_rich_notes_keep_their_numbers(built_rich):
    _, refs, notes = notes_and_references(edition(built_rich, "epub"))
    for number, (home, ref) in enumerate(refs, start=1):
        file, _, fragment = ref.get("href").partition("#")
        assert f"Note {number} on" in text_of(notes[(file, fragment)][1])


# --- images and cover ------------------------------------------------------------------------

def manifest(path: Path) -> dict[str, etree._Element]:
    return {i.get("href"): i for i in opf(path).iterfind(".//opf:manifest/opf:item", NS)}


def test_cover_image_and_page_carry_the_alt_text(epub_path, book_result):
    items = manifest(epub_path)
    covers = [href for href, item in items.items() if "cover-image" in (item.get("properties") or "").split()]
    assert len(covers) == 1 and items[covers[0]].get("media-type") == "image/png"
    cover_imgs = [img for doc in all_documents(epub_path).values()
                  for img in doc.iterfind(".//x:img[@role='doc-cover']", NS)]
    assert [img.get("src") for img in cover_imgs] == covers
    assert cover_imgs[0].get("alt") == book_result.book.cover_alt
    assert book_result.book.title in cover_imgs[0].get("alt")


def test_images_keep_their_alt_and_decorative_ones_are_silent(built_rich):
    path = edition(built_rich, "epub")
    source = (RICH / "text.md").read_text(encoding="utf-8")
    described = re.search(r"!\[([^\]]+)\]\((images/members-chart\.png)\)", source)
    imgs = {Path(img.get("src")).name: img for doc in all_documents(path).values()
            for img in doc.iterfind(".//x:img", NS) if img.get("role") != "doc-cover"}
    assert imgs["members-chart.png"].get("alt") == described.group(1)
    assert imgs["divider.png"].get("alt") == ""
    items = manifest(path)
    for img in imgs.values():
        assert img.get("src") in items


def test_table_keeps_its_caption_and_header_row(built_rich):
    tables = [t for doc in all_documents(edition(built_rich, "epub")).values() for t in doc.iterfind(".//x:table", NS)]
    assert len(tables) == 1
    assert text_of(tables[0].find("x:caption", NS)) == "Visits and volunteers by year"
    assert [text_of(th) for th in tables[0].iterfind("x:thead//x:th", NS)] == ["Year", "Visits", "Volunteers"]


# --- style sheet -----------------------------------------------------------------------------

def package_css(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".css")}


def test_css_leaves_the_readers_settings_in_charge(built):
    sheets = package_css(edition(built, "epub"))
    assert sheets
    for name, css in sheets.items():
        declarations = re.findall(r"([a-z-]+)\s*:\s*([^;}]+)", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
        assert declarations, name
        for prop, value in declarations:
            assert not re.search(r"\d(px|pt|cm|mm|in|pc)\b", value), (prop, value)   # relative units only
            assert prop not in ("color", "background", "background-color", "font-family"), prop
            assert not (prop == "text-align" and "justify" in value), value
            assert not (prop in ("hyphens", "-epub-hyphens", "-webkit-hyphens") and "auto" in value), value
            assert "!important" not in value


def test_every_document_links_the_style_sheet(epub_path):
    sheets = {n.split("/", 1)[-1] for n in package_css(epub_path)}
    for name, doc in all_documents(epub_path).items():
        links = [link.get("href") for link in doc.iterfind(".//x:link[@rel='stylesheet']", NS)]
        assert links and all(href in sheets for href in links), name


# --- reproducible ----------------------------------------------------------------------------

def build_epub_alone(folder: Path, out: Path, epoch: str, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    book = load_book(folder)
    out.mkdir()
    return epub_edition.build(book, read_ast(book), out)


def test_the_edition_writes_one_file_and_no_temporary_ones(tmp_path, monkeypatch):
    path = build_epub_alone(MANUSCRIPT, tmp_path / "out", "1764400000", monkeypatch)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_zip_has_mimetype_first_stored_and_fixed_times(epub_path):
    when = datetime.fromtimestamp(1764400000, timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(epub_path) as z:
        infos = z.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip" and infos[0].extra == b""
        assert {i.date_time for i in infos} == {when}
        assert [i.filename for i in infos[2:]] == sorted(i.filename for i in infos[2:])
    assert epub_path.read_bytes()[30:38] == b"mimetype"


def test_labels_follow_the_books_language(tmp_path, monkeypatch):
    source = tmp_path / "livre.md"
    source.write_text("---\ntitle: Un petit livre\nlang: fr\n---\n\n# Premier\n\nBonjour[^a].\n\n"
                      "[^a]: Une note.\n", encoding="utf-8")
    path = build_epub_alone(source, tmp_path / "out", "1764400000", monkeypatch)
    nav = epub_nav(path)
    assert nav.findtext(".//x:head/x:title", namespaces=NS) == "Sommaire"
    _, refs, notes = notes_and_references(path)
    (_, note), = notes.values()
    assert note.find(".//x:a[@role='doc-backlink']", NS).get("aria-label") == "Retour à l’appel de la note 1"


@pytest.mark.parametrize("language, says, marked", [("fr", "Ses notes sont liées", None),
                                                     ("it", "Its notes are linked", "en")])
def test_a_manuscript_without_summary_gets_one_that_says_what_it_has(tmp_path, monkeypatch, language, says,
                                                                      marked):
    source = tmp_path / "book.md"
    source.write_text(f"---\ntitle: Un libro\nlang: {language}\npublisher: Editore\n---\n\n# Uno\n\n"
                      "Testo[^a].\n\n[^a]: Nota.\n", encoding="utf-8")
    path = build_epub_alone(source, tmp_path / "out", "1764400000", monkeypatch)
    summaries = opf(path).findall(".//opf:meta[@property='schema:accessibilitySummary']", NS)
    assert len(summaries) == 1 and says in summaries[0].text
    assert summaries[0].get(XML_LANG) == marked          # English in an Italian book says it is English
    assert "images" not in summaries[0].text              # no images: the summary does not claim any
    from publish.checks import check_file
    assert [f.as_text() for f in check_file(path, path.name)] == []


# --- the real validators ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def validator_work(tmp_path_factory):
    return tmp_path_factory.mktemp("epub-validators")


def test_epubcheck_finds_nothing(epub_path, validator_work):
    require_epubcheck()
    report = run_epubcheck(epub_path, validator_work)
    counts = epubcheck_counts(report)
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), epubcheck_messages(report)
    assert report["publication"]["ePubVersion"].startswith("3")
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == report["checker"]["nWarning"] == 0


def test_ace_finds_no_violation_and_no_missing_metadata(epub_path, validator_work):
    require_ace()
    report = run_ace(epub_path, validator_work)
    assert ace_violations(report) == []
    assert set(ace_missing_metadata(report)) <= ALLOWED_MISSING
    assert report["a11y-metadata"]["empty"] == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    present = report["a11y-metadata"]["present"]
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo",
            "a11y:certifiedBy"} <= set(present)


# --- edge cases of the splitting -------------------------------------------------------------

EDGES = """---
title: Edge cases
lang: en
---

# First part[^h] {#first-part}

Text with a [link to the second part](#second-part) and a raw<br>break.

[^h]: A note on a heading.

# Second part

Back to [the first part](#first-part).[^list]

[^list]:
    - a list in a note
    - its second item
"""


def test_notes_in_headings_lists_in_notes_and_links_across_documents(tmp_path, monkeypatch):
    source = tmp_path / "edges.md"
    source.write_text(EDGES, encoding="utf-8")
    path = build_epub_alone(source, tmp_path / "out", "1764400000", monkeypatch)
    docs = all_documents(path)
    chapters = {text_of(d.find(".//x:h1", NS)): (n, d) for n, d in docs.items()
                if d.xpath("//x:section[@epub:type='chapter']", namespaces=NS)}
    assert list(chapters) == ["First part1", "Second part"]        # the heading keeps its note reference
    (first_name, first), (second_name, second) = chapters.values()
    assert first.findtext(".//x:title", namespaces=NS) == "First part"   # ...but not in the title
    assert first.find(".//x:p/x:a[@href]", NS).get("href") == f"{second_name}#second-part"
    assert second.find(".//x:p/x:a[@href]", NS).get("href") == f"{first_name}#first-part"
    assert first.find(".//x:br", NS) is not None
    _, refs, notes = notes_and_references(path)
    list_note = notes[tuple(refs[1][1].get("href").split("#"))][1]
    assert text_of(list_note).startswith("2.") and list_note.find(".//x:li", NS) is not None
    assert list_note.find(".//x:a[@role='doc-backlink']", NS).get("href") == f"{second_name}#noteref-2"
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in
                 epub_nav(path).xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)}
    assert landmarks["bodymatter"] == first_name                   # no opening text: the text starts here
    require_epubcheck()
    report = run_epubcheck(path, tmp_path)
    counts = epubcheck_counts(report)
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), epubcheck_messages(report)


def test_a_book_without_notes_has_no_notes_document(tmp_path, monkeypatch):
    source = tmp_path / "plain.md"
    source.write_text("---\ntitle: Plain\n---\n\nOpening words.\n\n# Only part\n\nText.\n", encoding="utf-8")
    path = build_epub_alone(source, tmp_path / "out", "1764400000", monkeypatch)
    kinds = [a.get(EPUB_TYPE) for a in epub_nav(path).xpath("//x:nav[@epub:type='landmarks']//x:a",
                                                              namespaces=NS)]
    assert kinds == ["cover", "titlepage", "toc", "bodymatter"]
    assert [text for _, text, _ in toc_entries(path)] == ["Plain", "Only part"]
    assert not any(d.xpath("//*[@role='doc-endnotes']") for d in all_documents(path).values())


def test_epub_type_written_in_the_ast_arrives_namespaced(tmp_path, monkeypatch):
    """The next issue adds page breaks as Spans with epub:type in the AST: they must reach the XHTML as such."""
    source = tmp_path / "pages.md"
    source.write_text('---\ntitle: Pages\n---\n\n# One\n\nText []{#page-2 epub:type="pagebreak" '
                      'role="doc-pagebreak" aria-label="2"} goes on.\n', encoding="utf-8")
    path = build_epub_alone(source, tmp_path / "out", "1764400000", monkeypatch)
    breaks = [e for d in all_documents(path).values() for e in d.iter() if e.get(EPUB_TYPE) == "pagebreak"]
    assert [(b.get("id"), b.get("role"), b.get("aria-label")) for b in breaks] == [("page-2", "doc-pagebreak", "2")]


# --- generated manuscripts -------------------------------------------------------------------

WORDS = st.sampled_from(["harbour", "river", "ledger", "count", "week", "district", "volunteer", "market"])
SENTENCES = st.lists(WORDS, min_size=3, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def manuscripts(draw) -> tuple[str, int, list[str]]:
    """A Markdown manuscript with an optional opening, sections, subsections and notes anywhere."""
    lines, definitions, headings, notes = ["---", "title: Generated", "lang: en", "---", ""], [], [], 0
    sections = draw(st.integers(0, 4))
    if sections == 0 or draw(st.booleans()):
        lines += [draw(SENTENCES), ""]
    for i in range(1, sections + 1):
        headings.append(f"Section {i}")
        lines += [f"# Section {i}", ""]
        for j in range(1, draw(st.integers(0, 3)) + 1):
            if draw(st.booleans()):
                headings.append(f"Part {i}.{j}")
                lines += [f"## Part {i}.{j}", ""]
            paragraph = draw(SENTENCES)
            if draw(st.booleans()):
                notes += 1
                paragraph += f"[^g{notes}]"
                definitions += [f"[^g{notes}]: {draw(SENTENCES)}", ""]
            lines += [paragraph, ""]
    return "\n".join(lines + definitions), notes, headings


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manuscripts())
def test_any_manuscript_gives_linked_notes_resolving_navigation_and_titled_documents(generated):
    text, count, headings = generated
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "generated.md"
        source.write_text(text, encoding="utf-8")
        out = Path(work) / "out"
        out.mkdir()
        book = load_book(source)
        path = epub_edition.build(book, read_ast(book), out)
        docs, refs, notes = notes_and_references(path)
        assert [text_of(a) for _, a in refs] == [str(n) for n in range(1, count + 1)]
        assert len(notes) == count
        for home, ref in refs:
            _, note = notes[tuple(ref.get("href").split("#"))]
            back = note.find(".//x:a[@role='doc-backlink']", NS).get("href").split("#")
            assert back == [home, ref.get("id")]
        entries = toc_entries(path)
        assert [text for _, text, _ in entries] == ["Generated", *headings, *(["Notes"] if count else [])]
        ids = ids_in(path)
        landmarks = [a.get("href") for a in epub_nav(path).xpath("//x:nav[@epub:type='landmarks']//x:a",
                                                                  namespaces=NS)]
        for href in [h for _, _, h in entries] + landmarks:
            file, _, fragment = href.partition("#")
            assert file in ids and (not fragment or fragment in ids[file]), href
        for name, doc in docs.items():
            h1 = doc.find(".//x:h1", NS)
            if h1 is not None:
                assert doc.findtext(".//x:title", namespaces=NS) == text_of(h1), name


def test_the_projects_own_checks_find_nothing(book_result, epub_path):
    from publish.checks import check_file
    assert [f.as_text() for e in book_result.editions if e.name == "epub" for f in e.findings] == []
    assert [f.as_text() for f in check_file(epub_path, epub_path.name)] == []
