"""The checker on real files: our editions, the same editions with faults injected, and files made by
other tools (pandoc's own writers, ebooklib, python-docx)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from conftest import edition
from publish.build import BuildResult
from publish.checks import check_file
from publish.report import Finding, Severity

EDITIONS = ["epub", "html", "docx", "large-print-docx", "large-print"]


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("name", EDITIONS)
def test_our_editions_have_no_errors(built: BuildResult, name: str) -> None:
    path = edition(built, name)
    assert _errors(check_file(path, path.name)) == []


@pytest.mark.parametrize("name", EDITIONS)
def test_our_rich_editions_have_no_errors(built_rich: BuildResult, name: str) -> None:
    path = edition(built_rich, name)
    assert _errors(check_file(path, path.name)) == []


def test_build_reports_the_checks_of_every_edition(built_rich: BuildResult) -> None:
    """The build ran the same checks: each edition's findings are check_file's."""
    for result in built_rich.editions:
        assert sorted(result.findings) == sorted(check_file(result.path, result.path.name)), result.name


NEW_CODES = ("pdf-glyph-missing", "pdf-font-not-embedded", "dir-missing", "dir-progression-missing",
             "dir-part-missing", "lang-label-untranslated")


@pytest.mark.parametrize("name", EDITIONS)
def test_our_editions_embed_their_fonts_whole_and_need_no_direction_or_label_finding(
        built: BuildResult, built_rich: BuildResult, name: str) -> None:
    for result in (built, built_rich):
        path = edition(result, name)
        assert [f for f in check_file(path, path.name) if f.code in NEW_CODES] == []


# --- faults injected into the built editions ---------------------------------------------------------

def _rewrite(source: Path, target: Path, member: str, change: Callable[[str], str]) -> Path:
    """A copy of a zip with one member changed (the change must change something)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == member:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"the fault was not injected into {member}"
                data = changed.encode("utf-8")
            copy.writestr(info, data)
    return target


def _codes(path: Path) -> list[str]:
    return [f.code for f in _errors(check_file(path, path.name))]


def _member_with(path: Path, needles: str) -> str:
    """The first content document holding every one of the space-separated needles."""
    with zipfile.ZipFile(path) as archive:
        return next(n for n in archive.namelist()
                    if n.endswith(".xhtml") and all(w in archive.read(n).decode() for w in needles.split()))


def _one(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.S)


EPUB_FAULTS = [
    ("image without alt text", "members-chart", r'(<img [^>]*src="[^"]*members-chart[^"]*"[^>]*?) alt="[^"]*"', r"\1",
     "alt-"),
    ("heading two levels too deep", "<h2 doc-noteref", r"<h2( [^>]*)?>(.*?)</h2>", r"<h4\1>\2</h4>", "heading-"),
    ("note link pointing nowhere", "doc-noteref", r'href="([^"#]*)#([^"]+)"([^>]*noteref)', r'href="\1#nowhere"\3', "note-"),
    ("a deleted note", "doc-footnote", r'<(\w+) id="note-3"[^>]*>.*?</\1>\s*', "", "note-"),
]


@pytest.mark.parametrize("fault,needle,pattern,replacement,concern", EPUB_FAULTS, ids=[f[0] for f in EPUB_FAULTS])
def test_faults_injected_into_the_epub_are_caught(built_rich: BuildResult, tmp_path: Path, fault: str,
                                                  needle: str, pattern: str, replacement: str,
                                                  concern: str) -> None:
    epub = edition(built_rich, "epub")
    member = _member_with(epub, needle)
    broken = _rewrite(epub, tmp_path / "broken.epub", member, _one(pattern, replacement))
    new = [c for c in _codes(broken) if c not in _codes(epub)]
    assert new and all(c.startswith(concern) for c in new), (fault, new)


HTML_FAULTS = [
    ("image without alt text", r'(<img [^>]*?) alt="Bar chart[^"]*"', r"\1", "alt-missing"),
    ("heading two levels too deep", r"<h3( [^>]*)?>(.*?)</h3>", r"<h5\1>\2</h5>", "heading-skipped"),
    # the note it pointed to is now unreferenced as well: both are true
    ("note link pointing nowhere", r'href="#note-2"', 'href="#note-none"', "note-undefined note-unreferenced"),
    ("a deleted note", r'<li id="note-5".*?</li>\s*', "", "note-undefined"),
]


@pytest.mark.parametrize("fault,pattern,replacement,code", HTML_FAULTS, ids=[f[0] for f in HTML_FAULTS])
def test_faults_injected_into_the_html_are_caught(built_rich: BuildResult, tmp_path: Path, fault: str,
                                                  pattern: str, replacement: str, code: str) -> None:
    html = edition(built_rich, "html")
    text = html.read_text(encoding="utf-8")
    broken_text = _one(pattern, replacement)(text)
    assert broken_text != text
    broken = tmp_path / "broken.html"
    broken.write_text(broken_text, encoding="utf-8")
    new = [c for c in _codes(broken) if c not in _codes(html)]
    assert new == code.split(), fault


DOCX_FAULTS = [
    ("a footnote removed", "word/footnotes.xml", r'<w:footnote w:id="(\d+)">.*?</w:footnote>', "", "note-undefined"),
    ("a heading style pushed two levels down", "word/document.xml", r'(<w:pStyle w:val=")Heading2(")',
     r"\1Heading4\2", "heading-skipped"),
]


@pytest.mark.parametrize("name", ["docx", "large-print-docx"])
@pytest.mark.parametrize("fault,member,pattern,replacement,code", DOCX_FAULTS, ids=[f[0] for f in DOCX_FAULTS])
def test_faults_injected_into_the_docx_are_caught(built: BuildResult, tmp_path: Path, name: str, fault: str,
                                                  member: str, pattern: str, replacement: str, code: str) -> None:
    docx = edition(built, name)
    broken = _rewrite(docx, tmp_path / "broken.docx", member, _one(pattern, replacement))
    new = [c for c in _codes(broken) if c not in _codes(docx)]
    assert new == [code], fault


def test_figure_without_alt_injected_into_the_pdf_is_caught(built_rich: BuildResult, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf_path = edition(built_rich, "large-print")
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(pdf_path) as pdf:
        removed = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure" and "/Alt" in obj:
                del obj["/Alt"]
                removed += 1
        assert removed
        pdf.save(broken)
    new = [c for c in _codes(broken) if c not in _codes(pdf_path)]
    assert new == ["alt-missing"]


# --- files from elsewhere ------------------------------------------------------------------------------
MANUSCRIPT = """---
title: A book from elsewhere
lang: en
---

# One

Text with a note.[^1] And another.[^2]

![A red square on white](square.png)

| Year | Members |
|------|---------|
| 2019 | 120     |

## Two

Back to [the start](#one).

# Three

Pandoc's EPUB numbers this chapter's notes from 1 again.[^3]

[^1]: The first note.
[^2]: The second note.
[^3]: The third note.
"""


@pytest.fixture(scope="module")
def pandoc_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The manuscript written by pandoc's own default writers (bare `pandoc -o x.epub` and so on)."""
    import pypandoc
    from PIL import Image
    folder = tmp_path_factory.mktemp("elsewhere")
    Image.new("RGB", (8, 8), "red").save(folder / "square.png")
    (folder / "book.md").write_text(MANUSCRIPT, encoding="utf-8")
    files = {}
    for ext in ("epub", "docx", "html"):
        files[ext] = folder / f"book.{ext}"
        pypandoc.convert_file(str(folder / "book.md"), ext, outputfile=str(files[ext]),
                              extra_args=["-s", f"--resource-path={folder}"], cworkdir=str(folder))
    return files


def test_pandoc_default_epub(pandoc_files: dict[str, Path]) -> None:
    """Pandoc 3's EPUB lacks only the accessibility summary (as Ace also says); its pop-up notes without
    back links and its numbering that starts again in each chapter are correct ways of doing notes."""
    findings = check_file(pandoc_files["epub"], "book.epub")
    assert [(f.code, f.severity.value) for f in findings if f.severity is Severity.ERROR] == [
        ("meta-summary-missing", "error")]


def test_pandoc_default_html(pandoc_files: dict[str, Path]) -> None:
    """Pandoc's default template puts the text in no <main> landmark: a warning, as axe-core's
    landmark-one-main (moderate) also gives it; nothing else is found."""
    assert [(f.code, f.severity.value, f.line) for f in check_file(pandoc_files["html"], "book.html")] == [
        ("landmark-main-missing", "warning", 2)]


def test_pandoc_default_docx(pandoc_files: dict[str, Path]) -> None:
    assert _errors(check_file(pandoc_files["docx"], "book.docx")) == []


def test_ebooklib_epub(tmp_path: Path) -> None:
    """ebooklib's own writer: readable; it declares no accessibility metadata, and that is what is found."""
    from ebooklib import epub
    book = epub.EpubBook()
    book.set_identifier("urn:uuid:12345678-1234-5678-1234-567812345678")
    book.set_title("Made with ebooklib")
    book.set_language("en")
    chapter = epub.EpubHtml(title="One", file_name="one.xhtml", lang="en")
    chapter.content = "<h1>One</h1><p>Some text and <a href='#nowhere'>a broken link</a>.</p>"
    book.add_item(chapter)
    book.toc = [chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    path = tmp_path / "ebooklib.epub"
    epub.write_epub(str(path), book)
    codes = {f.code for f in _errors(check_file(path, path.name))}
    assert {"meta-access-mode-missing", "meta-summary-missing", "link-target-missing"} <= codes
    assert not {c for c in codes if c.startswith(("heading-", "alt-", "note-", "lang-", "title-missing"))}


def test_python_docx_document(tmp_path: Path) -> None:
    """A document from python-docx's default template: headings by style are read; no title is found."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("A heading", level=1)
    document.add_paragraph("Some text.")
    document.add_heading("Too deep", level=3)
    path = tmp_path / "python-docx.docx"
    document.save(str(path))
    codes = [f.code for f in _errors(check_file(path, path.name))]
    assert "heading-skipped" in codes and "title-missing" in codes


def test_note_links_sent_off_the_page_in_the_pdf_are_caught(built_rich: BuildResult, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf_path = edition(built_rich, "large-print")
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(pdf_path) as pdf:
        moved = 0
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                destination = annotation.get("/Dest")
                if isinstance(destination, pikepdf.Array) and len(destination) > 3 and \
                        str(destination[1]) == "/XYZ":
                    destination[3] = 99999
                    moved += 1
        assert moved
        pdf.save(broken)
    new = [c for c in _codes(broken) if c not in _codes(pdf_path)]
    assert "note-undefined" in new and all(c.startswith(("note-", "link-")) for c in new)


@pytest.mark.parametrize("location", ["block", "section", "document"])
def test_pandoc_notes_wherever_they_are_placed(pandoc_files: dict[str, Path], location: str) -> None:
    """Notes after each block, at the end of each section (an <aside class="footnotes" role="doc-footnote">
    holding them) or at the end: every placement pandoc offers is a correct one."""
    import pypandoc
    folder = pandoc_files["html"].parent
    for ext in ("html", "epub"):
        path = folder / f"{location}.{ext}"
        pypandoc.convert_file(str(folder / "book.md"), ext, outputfile=str(path), cworkdir=str(folder),
                              extra_args=["-s", f"--reference-location={location}", f"--resource-path={folder}"])
        errors = [f for f in _errors(check_file(path, path.name)) if not f.code.startswith("meta-")]
        assert errors == [], (ext, errors)
