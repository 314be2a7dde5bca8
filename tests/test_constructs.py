"""Constructs people paste into Markdown reach every edition: raw HTML blocks with words (a table, a
paragraph) are read as pandoc reads HTML, so the DOCX and the large print, which cannot carry HTML,
keep their words."""
from __future__ import annotations

from pathlib import Path

from edition_text import docx_text, epub_text, html_tree, pdf_text
from publish.build import build

RAW = """---
title: Raw tables
lang: en
---

# One

<table>
<tr><th>Country</th><th>Law</th></tr>
<tr><td>New Zealand</td><td>Decriminalised</td></tr>
</table>

<div class="note">
Markdown *inside* a div.
</div>

<p>A raw paragraph with <b>bold</b> words.</p>
"""
TEXTS = {"epub": epub_text, "docx": docx_text, "large-print-docx": docx_text, "large-print": pdf_text}


def test_words_in_raw_html_blocks_reach_every_edition(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text(RAW, encoding="utf-8")
    result = build(tmp_path / "book.md", tmp_path / "dist",
                   only=["epub", "html", "docx", "large-print-docx", "large-print"])
    assert result.failures == () and result.manuscript_findings == ()
    for edition in result.editions:
        if edition.name in TEXTS:
            text = " ".join(TEXTS[edition.name](edition.path).split())
            for words in ("Country Law", "New Zealand Decriminalised", "Markdown inside a div.",
                          "A raw paragraph with bold words."):
                assert words in text.replace(" .", "."), (edition.name, words)
    page = html_tree(next(e.path for e in result.editions if e.name == "html"))
    assert [th.text_content().strip() for th in page.xpath("//table//th")] == ["Country", "Law"]   # a real table
