"""Bad input gets one plain message naming the file and line, a non-zero exit, no traceback,
and the editions already in the output folder stay exactly as they were."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from edition_text import html_tree

from conftest import RICH
from publish.editions import EDITIONS

GOOD = "---\ntitle: A good book\nlang: en\n---\n\n# One\n\nText with a note.[^1]\n\n[^1]: The note.\n"


def run_build(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "publish.cli", "build", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """An output folder holding good editions from an earlier build, and their hashes."""
    work = tmp_path_factory.mktemp("previous")
    (work / "good.md").write_text(GOOD, encoding="utf-8")
    result = run_build("good.md", "--out", "dist", "--only", "html,docx", cwd=work)
    assert result.returncode == 0, result.stderr
    return work, snapshot(work / "dist")


def expect_refusal(work: Path, before: dict[str, str], manuscript: str, *options: str,
                   says: str, where: str | None) -> str:
    result = run_build(manuscript, "--out", "dist", *options, cwd=work)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert says in output
    if where:
        assert where in output, output
    assert snapshot(work / "dist") == before, "the previous editions changed"
    assert not list(work.glob(".dist.building-*")), "a staging folder was left behind"
    return output


CASES = {
    "note reference with no definition": ("Text.[^x]\n", "has no definition", "bad.md:6"),
    "note defined but never referenced": ("Text.\n\n[^x]: A lonely note.\n", "never referenced", "bad.md:8"),
    "duplicate note label": ("Text.[^x]\n\n[^x]: One.\n\n[^x]: Two.\n", "already defined", "bad.md:10"),
    "image with no alt text": ("![](pic.png)\n", "no text alternative", "bad.md:6"),
    "image file that does not exist": ("![A map of the town](missing.png)\n", "does not exist", "bad.md:6"),
    "skipped heading level": ("# One\n\n### Three\n", "straight after level 1", "bad.md:8"),
    "link to no heading": ("# One\n\nSee [two](#two).\n", "'#two' points to no heading", "bad.md:8"),
    "link to a page of a web site": ("# One\n\nSee [x](/en/lessons/x).\n", "page of a web site", "bad.md:8"),
    "link to a file not in the book": ("# One\n\nSee [x](other.md).\n", "not part of the book", "bad.md:8"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_manuscript_fault_is_a_finding_at_its_line_and_every_edition_is_built(tmp_path, case):
    """A fault in the text does not stop the book: every edition is written, the fault is one line
    naming the file and line, and the exit status is 1."""
    body, says, where = CASES[case]
    (tmp_path / "pic.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    (tmp_path / "bad.md").write_text("---\ntitle: Bad\nlang: en\n---\n\n" + body, encoding="utf-8")
    result = run_build("bad.md", "--out", "dist", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert any(where in line and says in line for line in output.splitlines()), output
    made = [p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")]
    assert {"bad.epub", "bad.html", "bad.docx", "bad-large-print.docx", "bad-large-print.pdf"} <= set(made)
    assert len(made) == len(EDITIONS)        # and the braille ones


def test_three_faults_three_findings_five_editions(tmp_path):
    """The README's promise: one skipped heading, one image without alt text and one broken internal
    link give all five editions, the three findings at their lines, and exit status 1."""
    (tmp_path / "pic.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    (tmp_path / "book.md").write_text("---\ntitle: Three faults\nlang: en\n---\n\n# One\n\n### Three\n\n"
                                      "![](pic.png)\n\nSee [the end](#the-end).\n", encoding="utf-8")
    result = run_build("book.md", "--out", "dist", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    manuscript = [line.split(" ")[:3] for line in result.stdout.splitlines() if line.startswith("book.md:")]
    assert manuscript == [["book.md:8:1:", "error", "heading-skipped"], ["book.md:10:1:", "error", "alt-missing"],
                          ["book.md:12:5:", "error", "link-target-missing"]]
    built = [line for line in result.stdout.splitlines() if line.startswith("dist/")]
    assert {line.split()[0] for line in built} >= {"dist/three-faults.epub", "dist/three-faults.html",
                                                   "dist/three-faults.docx", "dist/three-faults-large-print.docx",
                                                   "dist/three-faults-large-print.pdf"}
    assert len(built) == len(EDITIONS)


def test_sections_that_start_at_level_two_are_shifted_up_with_no_finding(tmp_path):
    (tmp_path / "book.md").write_text("---\ntitle: A lesson\nlang: en\n---\n\n## First\n\nText.\n\n"
                                      "### Part\n\nMore.\n\n## Second\n\nEnd.\n", encoding="utf-8")
    result = run_build("book.md", "--out", "dist", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = next((tmp_path / "dist").glob("*.html")).read_text(encoding="utf-8")
    # the page's h1 is the title; the sections are h2 and their parts h3, as if written # and ##
    assert "<h2 id=\"first\">First</h2>" in page and "<h3 id=\"part\">Part</h3>" in page


def test_pandoc_title_block_gives_title_authors_and_date(tmp_path):
    (tmp_path / "book.md").write_text("% A Title Block Book\n% Ann Author; Bo Writer\n% 2024-05-01\n\n"
                                      "# One\n\nText.\n", encoding="utf-8")
    from publish.book import load_book
    book = load_book(tmp_path / "book.md")
    assert (book.title, book.creators, book.metadata["date"]) == ("A Title Block Book", ["Ann Author", "Bo Writer"],
                                                                   "2024-05-01")


def test_metadata_file_may_have_yaml_delimiters(tmp_path):
    (tmp_path / "text.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "metadata.yaml").write_text("---\ntitle: Delimited\nlang: fr\n---\n", encoding="utf-8")
    from publish.book import load_book
    book = load_book(tmp_path)
    assert (book.title, book.language) == ("Delimited", "fr")


def test_yaml_that_does_not_parse(previous):
    work, before = previous
    (work / "bad.md").write_text("---\ntitle: Bad\nlang: [en\n---\n\nText.\n", encoding="utf-8")
    expect_refusal(work, before, "bad.md", says="YAML metadata does not parse", where="bad.md:4")


def test_not_utf8_names_the_likely_encoding(previous):
    work, before = previous
    (work / "bad.md").write_bytes("---\ntitle: Bad\n---\n\nSex workers’ rights.\n".encode("cp1252"))
    expect_refusal(work, before, "bad.md", says="not UTF-8 text (it looks like Windows-1252)", where="bad.md:5")


def test_empty_manuscript(previous):
    work, before = previous
    (work / "bad.md").write_text("\n\n", encoding="utf-8")
    expect_refusal(work, before, "bad.md", says="the manuscript is empty", where="bad.md:1")


def test_binary_file_as_manuscript(previous):
    work, before = previous
    (work / "bad.md").write_bytes((RICH / "images" / "divider.png").read_bytes())
    expect_refusal(work, before, "bad.md", says="binary file", where="bad.md")


def test_path_that_does_not_exist(previous):
    work, before = previous
    expect_refusal(work, before, "no-such-book.md", says="no such file or folder", where="no-such-book.md")


def test_unknown_edition_in_only(previous):
    work, before = previous
    output = expect_refusal(work, before, "good.md", "--only", "epub,kindle", says="unknown edition 'kindle'",
                            where=None)
    assert "epub, html, docx" in output


def test_missing_title(previous):
    work, before = previous
    (work / "bad.md").write_text("---\nlang: en\n---\n\n# One\n\nText.\n", encoding="utf-8")
    expect_refusal(work, before, "bad.md", says="has no title", where="bad.md:1")


# Atkinson Hyperlegible has no Cyrillic: until the large print has fonts for every script, Typst
# lays such a text out but refuses to write it as PDF/UA, which stands here for any edition that
# cannot be made. A Typst panic stands for a layout that cannot be made at all.
# Two faults the manuscript check does not catch yet, so that Typst itself fails: a heading that is a
# formula of a thin space (it has TeX, but PDF/UA refuses its empty title when the PDF is written, after
# the layout), and an .svg file that is XML but not SVG (Typst cannot lay it out at all)
BLANK_HEADING = "---\ntitle: A blank\nlang: en\n---\n\n# One\n\nA blank heading follows.\n\n## $\\,$\n\nText.\n"
NO_LAYOUT = "---\ntitle: No layout\nlang: en\n---\n\n# One\n\nText.\n\n![A red box](box.svg)\n"
NOT_SVG = '<notsvg xmlns="http://example.com/x"/>'


def test_an_edition_that_cannot_be_made_is_a_finding_and_the_others_are_made(tmp_path):
    """The large print fails after Typst reported its layout: the other four editions are made,
    the EPUB and HTML with the layout's page numbers."""
    (tmp_path / "book.md").write_text(BLANK_HEADING, encoding="utf-8")
    result = run_build("book.md", "--out", "dist", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "error build-edition-failed The large-print edition could not be made: Typst" in output
    assert "build-no-print-pages" not in output
    made = sorted(p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith("."))
    assert {"a-blank.docx", "a-blank-large-print.docx", "a-blank.epub", "a-blank.html"} <= set(made)
    assert "a-blank-large-print.pdf" not in made
    tree = html_tree(next((tmp_path / "dist").glob("*.html")))
    assert "A blank heading follows." in tree.xpath("string(//main//p)")
    assert tree.xpath("//*[@role='doc-pagebreak']")       # the layout's page numbers


@pytest.mark.parametrize("only", [None, "html"])
def test_a_page_layout_that_cannot_be_made_leaves_the_html_without_print_pages(tmp_path, only):
    """When Typst cannot lay the book out at all (for the large print, or only to learn its pages
    for --only html), the HTML is still made, without print page numbers, and a warning says so."""
    (tmp_path / "book.md").write_text(NO_LAYOUT, encoding="utf-8")
    (tmp_path / "box.svg").write_text(NOT_SVG, encoding="utf-8")
    result = run_build("book.md", "--out", "dist", *(["--only", only] if only else []), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "warning build-no-print-pages" in output
    assert ("The large-print edition could not be made" in output) == (only is None)
    assert result.returncode == (0 if only else 1), output
    tree = html_tree(next((tmp_path / "dist").glob("*.html")))
    assert tree.xpath("//*[@role='doc-pagebreak']") == [] and "A red box" in "".join(tree.itertext())


def test_an_image_on_the_web_is_its_alt_text_as_a_link_and_nothing_is_fetched(tmp_path):
    address = "https://images.example.org/map.png"
    (tmp_path / "book.md").write_text(f"---\ntitle: Web image\nlang: en\n---\n\n# One\n\n![A map of the town]"
                                      f"({address})\n", encoding="utf-8")
    result = run_build("book.md", "--out", "dist", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "book.md:8:1: warning link-image-remote" in output
    assert "fetch" not in output.lower()          # pandoc says "Could not fetch resource" when it tries
    tree = html_tree(next((tmp_path / "dist").glob("*.html")))
    assert [(a.text, a.get("href")) for a in tree.xpath("//main//a")] == [("A map of the town", address)]
    assert not tree.xpath("//main//img")
    assert len([p for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")]) == len(EDITIONS)
