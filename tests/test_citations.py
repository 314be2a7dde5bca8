"""Citations: with a bibliography, citeproc renders them once and every edition shows the same words and
the same reference list; a key the bibliography lacks is a finding at its place; without one, `@name`
is the text it is. Nothing is fetched, and a changed bibliography rebuilds the editions."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from edition_text import docx_text, epub_text, html_text, pdf_text
from publish.build import build

BIB = """@book{smith2020,
  author = {Smith, Jane},
  title = {Sex Work and Rights},
  publisher = {Example Press},
  year = {2020}
}
"""
CITING = """---
title: Cites
lang: en
bibliography: refs.bib
---

# One

As argued [@smith2020, p. 12] and by @jones2019.

# References
"""
TEXTS = {"epub": epub_text, "html": html_text, "docx": docx_text, "large-print-docx": docx_text,
         "large-print": pdf_text}


def _texts(result) -> dict[str, str]:
    """Each edition's words, spaced as read (some readers put a space where markup ended: "Rights .")."""
    def spaced(text: str) -> str:
        return re.sub(r"(?<=\()\s+|\s+(?=[.,;:)])", "", " ".join(text.split()))
    return {e.name: spaced(TEXTS[e.name](e.path)) for e in result.editions if e.name in TEXTS}


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("cites")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "book.md").write_text(CITING, encoding="utf-8")
    return folder, build(folder, folder.parent / f"{folder.name}-dist")


def test_every_edition_shows_the_rendered_citation_and_the_reference_list(cited) -> None:
    _folder, result = cited
    texts = _texts(result)
    assert set(texts) == set(TEXTS)
    for name, text in texts.items():
        assert "As argued (Smith 2020, 12)" in text, name
        assert "Smith, Jane. 2020. Sex Work and Rights. Example Press." in text, name
        assert "@smith2020" not in text, name


def test_a_key_the_bibliography_lacks_is_a_finding_at_its_place(cited) -> None:
    _folder, result = cited
    found = [(Path(f.file).name, f.line, f.column, f.code, f.message) for f in result.manuscript_findings]
    assert found == [("book.md", 9, 38, "cite-key-missing", "The citation @jones2019 is not in the bibliography.")]


def test_a_changed_bibliography_rebuilds_the_editions(cited, tmp_path: Path) -> None:
    folder, _result = cited
    out = tmp_path / "dist"
    build(folder, out, only=["html"])
    (folder / "refs.bib").write_text(BIB.replace("2020}", "2021}"), encoding="utf-8")
    again = build(folder, out, only=["html"])
    assert not again.editions[0].cached
    assert "(Smith 2021, 12)" in " ".join(html_text(again.editions[0].path).split())


def test_without_a_bibliography_an_at_name_is_its_text(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: Handles\nlang: en\n---\n\n# One\n\nWrite to @name or see "
                                      "[@project](https://example.org/project).\n", encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist")
    assert result.manuscript_findings == ()
    for name, text in _texts(result).items():
        assert "Write to @name or see @project." in text, name


def test_a_bibliography_on_the_web_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: Remote\nbibliography: https://example.org/refs.bib\n---\n\n"
                                      "# One\n\nText [@x].\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "publish.cli", "build", "book.md", "--out", "dist"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "the bibliography 'https://example.org/refs.bib' is on the web" in run.stderr
    assert not (tmp_path / "dist").exists()


NOTED = """---
title: Noted
lang: en
bibliography: refs.bib
csl: notes.csl
---

# One

As argued [@smith2020, p. 12], and in a note of our own.[^own]

Again @smith2020 [p. 14] says so.

[^own]: Our own note, with a citation [@smith2020, p. 3].

# References
"""
NOTES_STYLE = Path(__file__).parent / "fixtures" / "citations" / "notes.csl"


def test_a_notes_style_puts_citations_in_the_book_s_notes_in_every_edition(tmp_path: Path) -> None:
    """A CSL of class "note" (a style of our own, tests/fixtures/citations/notes.csl): each citation in the
    text becomes a note, numbered with the book's own notes in reading order; a citation in a note stays in
    it, in brackets; the reference list stands under References; every edition is checked clean."""
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "notes.csl").write_bytes(NOTES_STYLE.read_bytes())
    (folder / "book.md").write_text(NOTED, encoding="utf-8")
    result = build(folder, tmp_path / "dist")
    assert [f.as_text() for f in result.findings] == []
    texts = _texts(result)
    assert set(texts) == set(TEXTS)
    first, own, third = ("Jane Smith, Sex work and rights (Example Press, 2020), 12.",
                         "Our own note, with a citation (Jane Smith, Sex work and rights (Example Press, 2020), 3).",
                         "Sex work and rights (Example Press, 2020), 14.")
    for name, text in texts.items():
        assert "As argued," in text and "Smith, Jane. Sex work and rights. Example Press, 2020." in text, name
        assert text.index(first) < text.index(own) < text.rindex(third), name
        assert "@smith2020" not in text and "(Smith" not in text, name
    html = (tmp_path / "dist" / "noted.html").read_text(encoding="utf-8")
    assert len(re.findall(r'role="doc-noteref"', html)) == 3          # the citations' two and the book's own
    with zipfile.ZipFile(tmp_path / "dist" / "noted.docx") as docx:
        document = docx.read("word/footnotes.xml").decode()
    assert len(re.findall(r'<w:footnote w:id="[1-9]', document)) == 3      # Word's own notes, not text
