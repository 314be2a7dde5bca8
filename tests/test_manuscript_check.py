"""The manuscript check reads what pandoc reads: Markdown inside code, comments, raw blocks and maths
is never a finding, and every real fault is found at its file, line and column, in a folder of
several files; `publish check` on a manuscript reports exactly what its build reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RICH
from publish.book import load_book
from publish.build import build
from publish.editions import EDITIONS
from publish.checks import check_manuscript, check_paths

META = "---\ntitle: A book\nlang: en\n---\n\n"

# Each of these only looks like a fault: pandoc reads it as code, a comment, raw markup, maths or text.
LOOK_ALIKES = {
    "indented code by spaces": "# One\n\nText.\n\n    # a shell comment\n    ![x](missing.png)\n    [^1]\n",
    "indented code by a tab": "# One\n\nText.\n\n\t# a comment\n\t### deeper\n\t![x](missing.png) [^2]\n",
    "fenced code": "# One\n\n```sh\n# comment\n#### four\n![](nothing.png)\n[^3]\n```\n\n~~~\n#\n~~~\n",
    "code spans": "# One\n\nWrite `![alt](x.png)`, `[^4]` and `# title` like this.\n",
    "an HTML comment": "# One\n\n<!-- ![c](d.png) [^5]\n\n### not a heading -->\n\nText <!-- [^6] --> here.\n",
    "a raw block": "# One\n\n```{=html}\n<p>[^7] ![x](y.png)</p>\n```\n",
    "maths": "# One\n\nThe set $a[^8] + b$ and $$\\#x$$.\n",
    "an escaped note": "# One\n\nWrite \\[^1] for a note.\n",
    "a reference before a colon": "# One\n\nSee this[^10]: it says so.\n\n[^10]: The note.\n",
    "hashes under a paragraph line": "# One\n\nA paragraph line\n### not a heading in pandoc's Markdown\n",
    "a decorative image": "# One\n\n![](pic.png){.decorative}\n",
    "sections from ##": "## First\n\nText.\n\n### Part\n\n## Second\n\nMore.\n",
    "a heading id and a link to it": "# One {#start}\n\nBack to [the start](#start) or on to [two](#two).\n\n# Two\n",
    "a header row": "# One\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "pic.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("case", list(LOOK_ALIKES))
def test_what_only_looks_like_a_fault_is_not_one(tmp_path: Path, case: str) -> None:
    folder = _folder(tmp_path, {"book.md": META + LOOK_ALIKES[case]})
    assert check_manuscript(load_book(folder)) == []


# Two files read as one book: each fault, at the place it is written (file, line, column).
FIRST = META + """# One

A paragraph[^a] with a note.

## A map

![A map of the town,
drawn by hand](maps/town.png)

![The river][river]

> #### A quote's heading

[river]: maps/river.png

[^a]: The note.

[^a]: The same label again.
"""
SECOND = """# Two

    # code, not a heading
    ![x](y.png)

Code: `![a](b.png)` and then a reference to nothing[^gone].

[^lonely]: Defined, never used.

See [the end](#the-end) and [a word]{lang=english}.

-------  ------
a        b
c        d
-------  ------

![](pic.png)
"""
EXPECTED = [
    ("01-first.md", 12, 1, "link-image-missing"),        # the alt text wraps onto line 13
    ("01-first.md", 15, 1, "link-image-missing"),        # reference-style, defined on line 19
    ("01-first.md", 17, 8, "heading-skipped"),           # inside a block quote, #### after ##
    ("01-first.md", 23, 1, "note-duplicate-label"),      # pandoc's log
    ("02-second.md", 6, 52, "note-undefined"),           # after a code block and a code span that look alike
    ("02-second.md", 8, 1, "note-unreferenced"),         # pandoc's log
    ("02-second.md", 10, 5, "link-target-missing"),
    ("02-second.md", 10, 30, "lang-invalid"),
    ("02-second.md", 13, 1, "table-no-header"),          # its first row
    ("02-second.md", 17, 1, "alt-missing"),
]


@pytest.fixture()
def two_files(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    return _folder(tmp_path / "book", {"01-first.md": FIRST, "02-second.md": SECOND})


def test_each_fault_is_found_at_its_file_line_and_column(two_files: Path) -> None:
    found = [(Path(f.file).name, f.line, f.column, f.code) for f in check_manuscript(load_book(two_files))]
    assert found == EXPECTED


def test_publish_check_reports_what_the_build_reports_once_per_fault(two_files: Path, tmp_path: Path) -> None:
    result = build(two_files, tmp_path / "dist")
    checked = check_paths([two_files])
    assert sorted(result.manuscript_findings) == sorted(checked)
    # an image without alt text is that one fault in every edition: the build lists it once
    assert [f.code for f in result.findings].count("alt-missing") == 1
    assert {e.name for e in result.editions} == set(EDITIONS)
    assert all(any(f.code == "alt-missing" for f in e.findings) for e in result.editions
               if e.name in ("epub", "html", "docx", "large-print-docx"))    # the PDF and braille mark no image
    assert result.has_errors


def test_duplicate_label_names_the_first_definition(two_files: Path) -> None:
    duplicate = next(f for f in check_manuscript(load_book(two_files)) if f.code == "note-duplicate-label")
    assert duplicate.message.startswith("The note label [^a] is already defined at ")
    assert duplicate.message.endswith("01-first.md:21.")


def test_the_same_construct_twice_gets_each_its_own_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"book.md": META + "# One\n\n![](pic.png)\n\nText.\n\n![](pic.png)\n\n"
                                "`![](pic.png)`\n\n![](pic.png)\n"})
    assert [(f.line, f.code) for f in check_manuscript(load_book(folder))] == \
        [(8, "alt-missing"), (12, "alt-missing"), (16, "alt-missing")]


def test_links_between_the_books_files_lead_to_their_place_in_every_edition(tmp_path: Path) -> None:
    """"02-methods.md", "02-methods.md#sampling", "./03-end.md" and a link back to the first file (as mdBook,
    MkDocs and GitHub books write them): no finding, and each edition links to the file's first heading,
    the id, or, for a file with no heading, the place it begins; an id the book lacks and a file that is not
    in the book are still findings."""
    (tmp_path / "book").mkdir()
    folder = _folder(tmp_path / "book", {
        "01-start.md": "---\ntitle: Three files\nlang: en\n---\n\n# Start\n\nRead [the methods](02-methods.md), "
                       "[sampling](02-methods.md#sampling) and [the end](./03-end.md).\n",
        "02-methods.md": "# Methods\n\nBack to [the start](01-start.md).\n\n## Sampling\n\nHow, "
                         "[not here](01-start.md#nowhere).\n",
        "03-end.md": "No heading here, and [a file](04-none.md) that is not in the book.\n"})
    assert [(Path(f.file).name, f.line, f.code, f.message) for f in check_manuscript(load_book(folder))] == [
        ("02-methods.md", 7, "link-target-missing", "The link to '#nowhere' points to no heading or element with "
                                                    "that id; the editions keep its words only."),
        ("03-end.md", 1, "link-target-missing", "The link to '04-none.md' points to a file that is not part of "
                                                "the book; the editions keep its words only.")]
    result = build(folder, tmp_path / "dist", only=["html", "epub", "docx"])
    page = next(e.path for e in result.editions if e.name == "html").read_text(encoding="utf-8")
    import re
    import zipfile
    assert re.findall(r'<a href="(#[^"]*)"', page[page.index("Read "):])[:4] == \
        ["#methods", "#sampling", "#publish-file-2", "#start"]
    assert 'id="publish-file-2"' in page and "02-methods.md" not in page
    with zipfile.ZipFile(next(e.path for e in result.editions if e.name == "epub")) as epub:
        first, second = (epub.read(f"EPUB/text-0{n}.xhtml").decode("utf-8") for n in (1, 2))
    assert re.findall(r'<a href="([^"]*)"', first) == ["text-02.xhtml#methods", "text-02.xhtml#sampling",
                                                        "text-02.xhtml#publish-file-2"]
    assert 'href="text-01.xhtml#start"' in second
    assert [f.code for e in result.editions for f in e.findings] == []
