"""A partner's hostile manuscript: nothing active, remote or outside the book reaches any edition,
what was left out is a warning at its line, and every edition is still built and valid."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import RICH
from epub_validators import epubcheck_messages, require_epubcheck, run_epubcheck
from pdf_pages import read_pdf
from publish.build import build

SECRET = "TOP-SECRET-4711"
HOSTILE = """---
title: Hostile
lang: en
---

# One

Text <span onclick="steal()" style="color:#999">grey</span> here.

<script>
alert("x")
</script>

```{{=typst}}
#read("{secret}")
```

A [click](javascript:alert(1)) and <img src="https://tracker.example.com/t.png" onerror="steal()" alt="A tracker">.

<iframe src="https://example.com/frame"></iframe>

<audio src="https://example.com/a.mp3" controls></audio>

Raw `#read("{secret}")`{{=typst}} inline, and <abbr title="World Health Organization">WHO</abbr>.

<img src="fig/none.png" alt="A missing figure"> and <img src="pic.png" alt="A divider line">
"""
ACTIVE = ("<script", "onclick", "onerror", "javascript:", "<iframe", "tracker.example.com", "example.com/a.mp3",
          "steal()", "color:#999")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("hostile")
    secret = work / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    book = work / "book"
    book.mkdir()
    (book / "pic.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    (book / "book.md").write_text(HOSTILE.format(secret=secret), encoding="utf-8")
    return build(book, work / "dist"), work


def test_every_edition_is_built_and_each_removal_is_a_warning_at_its_line(hostile) -> None:
    result, _work = hostile
    assert {e.name for e in result.editions} == {"epub", "html", "docx", "large-print-docx", "large-print"}
    found = sorted((f.line, f.code, f.message) for f in result.manuscript_findings)
    assert found == [
        (8, "raw-active-removed", "A style attribute was left out of the editions."),
        (8, "raw-active-removed", "An onclick handler was left out of the editions."),
        (10, "raw-active-removed", "A script was left out of the editions."),
        (14, "raw-format-removed", "Raw Typst was left out of the editions."),
        (18, "raw-active-removed", "A javascript: link was left out of the editions."),
        (18, "raw-active-removed", "An image from the web was left out of the editions."),
        (18, "raw-active-removed", "An onerror handler was left out of the editions."),
        (20, "raw-active-removed", "An iframe was left out of the editions."),
        (22, "raw-active-removed", "An audio element from the web was left out of the editions."),
        (24, "raw-format-removed", "Raw Typst was left out of the editions."),
        (26, "link-image-missing", "The image file fig/none.png does not exist."),
    ]


def test_no_edition_carries_active_or_remote_content(hostile) -> None:
    result, _work = hostile
    html = next(e.path for e in result.editions if e.name == "html").read_text(encoding="utf-8")
    with zipfile.ZipFile(next(e.path for e in result.editions if e.name == "epub")) as epub:
        xhtml = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    for text in (html, xhtml):
        assert [a for a in ACTIVE if a in text] == []
        # the words stay: the span's, the link's, the alt text of the images that could not be shown
        for words in ("grey", "click", "A tracker", "A missing figure", "World Health Organization"):
            assert words in text, words
        assert 'src="pic.png"' in text or "pic.png" in text


def test_raw_typst_cannot_read_a_file_into_the_large_print(hostile) -> None:
    result, _work = hostile
    pdf = next(e.path for e in result.editions if e.name == "large-print")
    text = " ".join(page.text for page in read_pdf(pdf).pages)
    assert SECRET not in text and "grey" in text


def test_the_epub_has_no_scripted_or_remote_resources(hostile, tmp_path: Path) -> None:
    require_epubcheck()
    result, _work = hostile
    epub = next(e.path for e in result.editions if e.name == "epub")
    assert epubcheck_messages(run_epubcheck(epub, tmp_path)) == []
