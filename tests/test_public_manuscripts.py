"""Manuscripts written by others for other tools (tests/fixtures/public/, each with its SOURCE.txt and
licence) build all five editions, with findings only where pandoc's own reading shows a fault:
none for the `# comments` in their indented code, the Markdown inside their code spans and fences,
their ##-first sections or their Pandoc title block."""
from __future__ import annotations

from pathlib import Path

import pytest

from publish.build import build
from publish.editions import EDITIONS
from publish.checks import check_paths

PUBLIC = Path(__file__).resolve().parent / "fixtures" / "public"

# (line, code) of every finding pandoc's reading gives each one; the reason is in the comment
EXPECTED = {
    "python-markdown-codehilite": [      # MkDocs documentation: indented code full of # comments
        (181, "link-target-missing"),    # index.md, a page of the documentation site
        (184, "link-target-missing"),    # ../reference.md#extensions, likewise
        (229, "link-target-missing"),    # #lang_prefix: no heading has that id in this page
    ],
    "rust-stack-and-heap": [            # a Pandoc title block, footnotes, code with Markdown-like text
        (1, "lang-not-in-metadata"),
        (194, "link-target-missing"),    # ../std/boxed/index.html: another book
        (230, "link-target-missing"),    # raw-pointers.html
        (269, "link-target-missing"),    # drop.html
    ],
    "ph-debuter-avec-markdown": [       # a French lesson: ## sections, Markdown shown in code spans
        (1, "lang-not-in-metadata"),
        (38, "heading-first-not-top"),   # ### first, and the lesson's own # example comes later
        (48, "link-target-missing"),     # /en/lessons/...: a page of the lesson's web site
        (235, "link-target-missing"),    # /
        (260, "link-image-remote"),      # Wikipedia's logo, on the web
        (274, "table-no-header"),        # three *** lines, which pandoc reads as a table
        (316, "link-target-missing"),    # /lessons/...
    ],
    "carpentries-formatting": [         # a Carpentries episode: ##-first, Liquid tags, fenced examples
        (1, "lang-not-in-metadata"),
        (32, "link-image-missing"),      # a raw HTML <img> whose src is a Liquid template
        (64, "link-target-missing"),     # Liquid links: files of the lesson's site
        (145, "link-target-missing"),
        (310, "link-target-missing"),
    ],
    "taocl-arabic": [                   # an Arabic README for GitHub: English words, raw HTML, broken <code>
        (1, "font-glyph-missing"),       # the 🌍 that opens it: no face has an emoji
        *[(2, "link-target-missing")] * 11,     # README-cs.md ...: the other translations (its own, README-ar.md, is the book)
        (7, "link-image-remote"),        # the Gitter badge
        *[(line, "link-target-missing") for line in range(11, 19)],   # headings after the excerpt
        (21, "link-image-missing"),      # cowsay.png, not in the excerpt's folder
        (25, "raw-format-removed"),      # كمستخدم\مستخدمة: pandoc reads \مستخدمة as a TeX command
        (26, "raw-format-removed"),
        (28, "link-target-missing"),     # AUTHORS.md
        (28, "link-target-missing"),     # /CONTRIBUTING.md
        (35, "link-target-missing"),     # #os-x-only, after the excerpt
        (39, "raw-format-removed"),
        (54, "raw-format-removed"),
    ],
}
# what the editions find beyond the manuscript: Arabic braille writes English words (bash, shell) in the
# same cells as Arabic letters, with no indicator, so liblouis reads them back as Arabic
EDITIONS_FIND = {"taocl-arabic": [(".brf", "braille-words-lost"), (".pef", "braille-words-lost")]}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_public_manuscript_builds_with_findings_only_where_pandoc_sees_a_fault(name: str, tmp_path: Path) -> None:
    folder = PUBLIC / name
    assert (folder / "SOURCE.txt").is_file(), "each fixture names its source and licence"
    result = build(folder, tmp_path / "dist")
    assert {e.name for e in result.editions} == set(EDITIONS) and result.failures == ()
    assert sorted((f.line, f.code) for f in result.manuscript_findings) == EXPECTED[name]
    # the editions add nothing of their own: each fault is reported once, in the manuscript
    assert [(Path(f.file).suffix, f.code) for f in result.findings if f not in result.manuscript_findings] \
        == EDITIONS_FIND.get(name, [])
    assert sorted(check_paths([folder])) == sorted(result.manuscript_findings)


def test_the_arabic_readme_s_large_print_gives_back_its_arabic_words(tmp_path: Path) -> None:
    """Arabic words among English ones and code, copied out of the large print (poppler's pdftotext):
    each once and whole (pdf_text.py), Arabic letters only, as poppler places the Arabic comma apart."""
    import collections
    import re
    import shutil
    import subprocess

    import pypandoc
    from conftest import require_tool
    require_tool(bool(shutil.which("pdftotext")), "pdftotext (Debian's poppler-utils) reads the PDF's text")
    folder = PUBLIC / "taocl-arabic"
    result = build(folder, tmp_path / "dist", only=["large-print"])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.editions[0].path), "-"], capture_output=True,
                          text=True, check=True).stdout
    plain = pypandoc.convert_file(str(folder / "README-ar.md"), "plain", format="markdown", extra_args=["--wrap=none"])
    words = re.compile("[\u0621-\u064a\u0660-\u0669\u064b-\u0652]+")
    wanted = collections.Counter(words.findall(plain))
    missing = wanted - collections.Counter(words.findall(text))
    assert sum(wanted.values()) > 600 and sum(missing.values()) / sum(wanted.values()) < 0.01, missing.most_common(5)
