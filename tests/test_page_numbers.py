"""Print page numbers: the EPUB and HTML carry the large-print edition's page breaks, in the right places."""
from __future__ import annotations

import re

import pytest
from pdfplumber.utils import extract_text

from conftest import edition
from edition_text import XHTML, epub_documents, epub_nav, html_tree
from pdf_pages import read_pdf
from publish.report import Severity

WINDOW = 6          # words after a marker that must stand on its page


def words(text: str) -> list[str]:
    """Words for matching across formats, without punctuation or the PDF's note markers ([1])."""
    text = re.sub(r"\[\d+\]", " ", text.replace("\u2011", "-").replace("\u2060", "").replace("\u00ad", ""))
    out = []
    for token in text.split():
        token = token.strip(".,:;()“”‘’\"'!?").replace("’", "'")
        if any(c.isalnum() for c in token):     # not a list's bullet
            out.append(token.lower())
    return out


# the large print numbers its captions ("Figure 1: ...") and writes its lists' numbers ("2.", "b."): words
# of its own, which the EPUB and HTML show by their style sheets
CAPTION_NUMBER = re.compile(r"^(?:(?:Figure|Table) \d+:|(?:\d+|[a-zA-Z]|[ivxlc]+)\. )", re.MULTILINE)


def pdf_pages(path) -> list[list[str]]:
    """Each page's words in reading order; a superscript or subscript (raised or lowered a third of
    the 18 pt text) read on its line, not as a line of its own."""
    return [words(CAPTION_NUMBER.sub(" ", extract_text(list(page.chars), y_tolerance=7)))
            for page in read_pdf(path).pages]


def marker_stream(bodies, is_marker, page_of, skip) -> list[tuple[str, object]]:
    """The text of the documents in reading order as ('marker', page) and ('word', w) events."""
    events: list[tuple[str, object]] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str) or skip(element):
            events.extend(("word", w) for w in words(element.tail or ""))   # the text after it is the book's
            return
        if is_marker(element):
            events.append(("marker", page_of(element)))
        else:
            events.extend(("word", w) for w in words(element.text or ""))
            for child in element:
                walk(child)
        events.extend(("word", w) for w in words(element.tail or ""))

    for body in bodies:
        walk(body)
    return events


def check_markers(events, pages: list[list[str]], spans) -> list[int]:
    """One marker per page, in order, each right before the first words of its page of the PDF: the
    words after it open the page, once the words just before it are counted (a heading that opens a
    page stands before its marker, which the heading's section holds)."""
    markers = [(i, page) for i, (kind, page) in enumerate(events) if kind == "marker"]
    numbers = [page for _, page in markers]
    first_page = min(start for start, _ in spans.values())
    last_page = max(end for _, end in spans.values())
    assert numbers == list(range(first_page, last_page + 1)), "one marker per page, in order"
    stream = [w for kind, w in events if kind == "word"]
    words_before = [sum(kind == "word" for kind, _ in events[:position]) for position, _ in markers]
    for (position, page), before in zip(markers, words_before):
        following = stream[before:before + WINDOW]
        opening = pages[page - 1]
        at = next((i for i in range(len(opening) - len(following) + 1)
                   if opening[i:i + len(following)] == following), None)
        assert at is not None, f"page {page}: {following} after its marker is not on the page: {opening[:12]}"
        assert opening[:at] == stream[before - at:before], \
            f"page {page} opens with {opening[:at + WINDOW]}, its marker stands before {following}"
    return numbers


def large_print_spans(result):
    return next(e for e in result.editions if e.name == "large-print").layout.spans


@pytest.fixture(params=["built", "built_rich", "built_kitchen_sink"])
def result(request):
    return request.getfixturevalue(request.param)


def test_epub_page_breaks_stand_where_the_large_print_pages_begin(result):
    documents = epub_documents(edition(result, "epub"))
    bodies = [doc.find("x:body", XHTML) for name, doc in documents.items() if not name.endswith(("nav.xhtml",))]
    epub_type = f"{{{XHTML['epub']}}}type"
    events = marker_stream(
        bodies,
        is_marker=lambda e: e.get(epub_type) == "pagebreak",
        page_of=lambda e: int(e.get("aria-label")),
        skip=lambda e: e.get("role") in ("doc-noteref", "doc-backlink", "doc-endnotes") or
        e.get(epub_type) in ("endnotes", "footnote", "endnote"))
    pages = pdf_pages(edition(result, "large-print"))
    numbers = check_markers(events, pages, large_print_spans(result))
    for body in bodies:
        for marker in body.iterfind(".//*[@role='doc-pagebreak']", XHTML):
            assert marker.get(epub_type) == "pagebreak" and marker.get("id")
    if result.book.slug.startswith("field-notes"):
        assert len(numbers) > 20


def test_epub_page_list_and_metadata(result):
    path = edition(result, "epub")
    nav = epub_nav(path)
    page_list = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=XHTML)
    assert len(page_list) == 1
    entries = [(a.text, a.get("href")) for a in page_list[0].iterfind(".//x:a", XHTML)]
    documents = epub_documents(path)
    ids = {(name.rsplit("/", 1)[-1], element.get("id")) for name, doc in documents.items()
           for element in doc.iter() if element.get("role") == "doc-pagebreak"}
    assert len(entries) == len(ids) > 0
    for label, href in entries:
        file, _, fragment = href.partition("#")
        assert (file, fragment) in ids, href
        assert label == fragment.rsplit("-", 1)[-1]
    import zipfile
    with zipfile.ZipFile(path) as z:
        opf = z.read("EPUB/content.opf").decode()
    assert 'property="pageBreakSource"' in opf
    assert "printPageNumbers" in opf and "pageNavigation" in opf


def test_html_page_breaks_and_page_list(result):
    tree = html_tree(edition(result, "html"))
    main = tree.find(".//main")
    events = marker_stream(
        [main],
        is_marker=lambda e: e.get("role") == "doc-pagebreak",
        page_of=lambda e: int(e.get("title").split()[-1]),
        skip=lambda e: e.get("role") in ("doc-noteref", "doc-backlink", "doc-endnotes"))
    check_markers(events, pdf_pages(edition(result, "large-print")), large_print_spans(result))
    links = tree.xpath("//nav//a[starts-with(@href, '#print-page-')]")
    targets = {e.get("id") for e in main.iter() if e.get("role") == "doc-pagebreak"}
    assert {a.get("href")[1:] for a in links} == targets


def test_editions_with_page_lists_are_clean(result):
    errors = [f for e in result.editions for f in e.findings if f.severity is Severity.ERROR]
    assert not errors
