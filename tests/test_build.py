"""The spine: one command builds every edition, each with every word, heading and note of the text."""
from __future__ import annotations

import os
import subprocess
import sys

import pikepdf
import pytest
from click.testing import CliRunner

from conftest import MANUSCRIPT, edition
from edition_text import W, XHTML, docx_part, docx_text, epub_nav, epub_text, html_text, html_tree, pdf_text
from publish.cli import main
from seed_text import missing_words, split_seed
from test_manuscript import SECTIONS, SUBSECTIONS, TITLE

HEADINGS = SECTIONS + SUBSECTIONS
CORRECTIONS = [("anti-traffing lobby", "anti-trafficking lobby")]
TEXT_OF = {"epub": epub_text, "html": html_text, "docx": docx_text, "large-print-docx": docx_text,
           "large-print": pdf_text}


def test_build_writes_every_edition(built):
    names = {e.name: e.path.name for e in built.editions}
    slug = "sex-work-is-not-trafficking-a-summary"
    assert names == {"epub": f"{slug}.epub", "html": f"{slug}.html", "docx": f"{slug}.docx",
                     "large-print-docx": f"{slug}-large-print.docx", "large-print": f"{slug}-large-print.pdf",
                     "braille": f"{slug}.brf", "braille-pef": f"{slug}.pef"}
    assert not built.has_errors, [f.as_text() for f in built.findings]


@pytest.mark.parametrize("name", list(TEXT_OF))
def test_every_seed_word_is_in_every_edition(built, name):
    body, notes = split_seed(CORRECTIONS)
    text = TEXT_OF[name](edition(built, name))
    assert not missing_words(body, text), f"{name} lacks body words"
    assert not missing_words(" ".join(notes.values()).replace("/ ", "/"), text), f"{name} lacks note words"


def test_epub_navigation_has_every_heading(built):
    nav = epub_nav(edition(built, "epub"))
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=XHTML)[0]
    entries = [" ".join("".join(a.itertext()).split()) for a in toc.iterfind(".//x:a", XHTML)]
    for heading in HEADINGS:
        assert heading in entries


def test_html_table_of_contents_has_every_heading(built):
    tree = html_tree(edition(built, "html"))
    entries = [" ".join(a.text_content().split()) for a in tree.xpath("//nav//a")]
    for heading in HEADINGS:
        assert heading in entries
    assert tree.get("lang") == "en-GB"
    assert tree.findtext(".//title").strip().startswith(TITLE)


@pytest.mark.parametrize("name", ["docx", "large-print-docx"])
def test_docx_headings_and_notes_are_real(built, name):
    path = edition(built, name)
    document = docx_part(path, "word/document.xml")
    headings = {}
    for p in document.iterfind(".//w:p", W):
        style = p.find("w:pPr/w:pStyle", W)
        if style is not None and style.get(f"{{{W['w']}}}val").startswith("Heading"):
            headings["".join(p.itertext())] = style.get(f"{{{W['w']}}}val")
    assert {h: headings.get(h) for h in SECTIONS} == {h: "Heading1" for h in SECTIONS}
    assert {h: headings.get(h) for h in SUBSECTIONS} == {h: "Heading2" for h in SUBSECTIONS}
    references = document.findall(".//w:footnoteReference", W)
    footnotes = [f for f in docx_part(path, "word/footnotes.xml").iterfind("w:footnote", W)
                 if f.get(f"{{{W['w']}}}type") is None]
    assert len(references) == len(footnotes) == 5
    assert "Maiti Nepal’s border volunteers" in "".join(footnotes[3].itertext())


def test_pdf_bookmarks_have_every_heading_and_language(built):
    with pikepdf.open(edition(built, "large-print")) as pdf:
        with pdf.open_outline() as outline:
            titles = []
            stack = list(outline.root)
            while stack:
                item = stack.pop(0)
                titles.append(item.title)
                stack[0:0] = list(item.children)
        for heading in HEADINGS:
            assert heading in titles
        assert str(pdf.Root.Lang) == "en-GB"


def test_epub_notes_link_both_ways(built):
    from edition_text import epub_documents
    docs = epub_documents(edition(built, "epub"))
    refs, notes = [], {}
    for name, doc in docs.items():
        refs += [(name, a) for a in doc.iterfind(".//x:a[@role='doc-noteref']", XHTML)]
        for note in doc.xpath(".//*[@role='doc-footnote' or @role='doc-endnote']", namespaces=XHTML):
            notes[(name.rsplit("/", 1)[-1], note.get("id"))] = note
    assert len(refs) == 5 and len(notes) == 5
    for name, ref in refs:
        href = ref.get("href")
        file, _, fragment = href.partition("#")
        assert (file or name.rsplit("/", 1)[-1], fragment) in notes, href


def test_cli_help_and_version():
    runner = CliRunner()
    assert "build" in runner.invoke(main, ["--help"]).output
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "publish, version" in result.output


def test_build_other_manuscript_into_other_folder(tmp_path):
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: A short note\nlang: fr\n---\n\n# Premier\n\nBonjour[^a].\n\n"
                     "[^a]: Une note.\n", encoding="utf-8")
    out = tmp_path / "elsewhere"
    result = subprocess.run([sys.executable, "-m", "publish.cli", "build", str(other), "--out", str(out),
                             "--only", "epub,html"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a-short-note.epub",
                                                                                   "a-short-note.html"]
    assert "Bonjour" in html_text(out / "a-short-note.html")
    assert html_tree(out / "a-short-note.html").get("lang") == "fr"
    assert "a-short-note.epub" in result.stdout


def test_jobs_sets_how_many_editions_are_built_at_once(tmp_path):
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: One at a time\n---\n\n# First\n\nWords[^a].\n\n[^a]: A note.\n",
                     encoding="utf-8")
    refused = CliRunner().invoke(main, ["build", str(other), "--out", str(tmp_path / "none"), "--jobs", "0"])
    assert refused.exit_code == 2 and "--jobs" in refused.output
    assert not (tmp_path / "none").exists()
    result = subprocess.run([sys.executable, "-m", "publish.cli", "build", str(other), "--out", str(tmp_path / "out"),
                             "-j", "1", "--only", "epub,html"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Words" in html_text(tmp_path / "out" / "one-at-a-time.html")
    assert (tmp_path / "out" / "one-at-a-time.epub").stat().st_size > 0


def test_publish_build_with_no_arguments_builds_manuscript(tmp_path):
    """The README's quick start: `publish build` in the project folder writes dist/."""
    work = tmp_path / "project"
    work.mkdir()
    os.symlink(MANUSCRIPT, work / "manuscript")
    result = subprocess.run([sys.executable, "-m", "publish.cli", "build", "--only", "html"],
                            capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stderr
    assert TITLE in html_text(work / "dist" / "sex-work-is-not-trafficking-a-summary.html")
