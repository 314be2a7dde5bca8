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
from publish.editions import EDITIONS

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
    assert {e.name for e in result.editions} == set(EDITIONS)
    found = sorted((f.line, f.code, f.message) for f in result.manuscript_findings)
    assert found == [
        (8, "raw-active-removed", "An onclick handler was left out of the editions."),
        (8, "raw-colour-low-contrast", "A colour too faint to read (text #999999 on #ffffff on the light page has "
                                       "a contrast of 2.85:1, below 4.5:1) was left out of the editions."),
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
    assert html.count("<img") == 1                  # the one image beside the book, embedded
    assert "EPUB/images/pic.png" in zipfile.ZipFile(next(e.path for e in result.editions if e.name == "epub")).namelist()


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


def _images_book(work: Path) -> Path:
    from PIL import Image
    book = work / "book"
    book.mkdir()
    (work / "secret.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    Image.new("RGB", (40, 30), "red").save(book / "box.tiff")
    (book / "truncated.png").write_bytes((RICH / "images" / "divider.png").read_bytes()[:60])
    Image.new("1", (30000, 30000)).save(book / "bomb.png")            # 900 million pixels in about 100 KB
    (book / "link.png").symlink_to(work / "secret.png")
    (book / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (book / "ok.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    images = ["../secret.png", str(work / "secret.png"), "link.png", "box.tiff", "truncated.png", "bomb.png",
              "script.svg", "ok.png"]
    body = "\n\n".join(f"![Picture {n}]({target})" for n, target in enumerate(images, start=1))
    (book / "book.md").write_text(f"---\ntitle: Images\nlang: en\n---\n\n# One\n\n{body}\n", encoding="utf-8")
    return book


def test_images_outside_the_folder_damaged_or_huge_are_findings_and_stay_out(tmp_path: Path) -> None:
    book = _images_book(tmp_path)
    result = build(book, tmp_path / "dist", only=["epub", "html", "docx", "large-print-docx", "large-print"])
    assert len(result.editions) == 5 and result.failures == ()
    found = [(f.line, f.code, f.message.split(" ")[2]) for f in result.manuscript_findings]
    assert found == [(8, "link-image-outside", "../secret.png"), (10, "link-image-outside", str(tmp_path / "secret.png")),
                     (12, "link-image-outside", "link.png"), (14, "link-image-unreadable", "box.tiff"),
                     (16, "link-image-unreadable", "truncated.png"), (18, "link-image-unreadable", "bomb.png"),
                     (20, "link-image-unreadable", "image")]     # "The SVG image script.svg ..."
    html = next(e.path for e in result.editions if e.name == "html").read_text(encoding="utf-8")
    assert html.count("<img") == 1                  # ok.png only
    for n in range(1, 8):
        assert f"Picture {n}" in html               # each left-out image is its alt text
    with zipfile.ZipFile(next(e.path for e in result.editions if e.name == "epub")) as epub:
        pictures = [n for n in epub.namelist() if n.lower().endswith((".png", ".svg", ".tiff")) and "cover" not in n]
    assert len(pictures) == 1 and epub_bytes_of(result, pictures[0]) == (RICH / "images" / "divider.png").read_bytes()


def epub_bytes_of(result, member: str) -> bytes:
    with zipfile.ZipFile(next(e.path for e in result.editions if e.name == "epub")) as epub:
        return epub.read(member)


def test_metadata_with_nested_aliases_is_refused_before_pandoc_reads_it(tmp_path: Path) -> None:
    """A "billion laughs": nine levels of nine aliases, 387 million strings once expanded."""
    import subprocess
    import sys
    import time
    lines = ["---", "title: Laughs", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (tmp_path / "book.md").write_text("\n".join([*lines, "---", "", "# One", "", "Text."]) + "\n", encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "publish.cli", "build", "book.md", "--out", "dist"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip() == ("error: book.md:2: the YAML metadata holds more than 10,000 values once its "
                                  "aliases (*name) are expanded; a book's metadata needs far fewer")
    assert time.monotonic() - started < 20 and not (tmp_path / "dist").exists()


def test_a_build_contacts_no_one(tmp_path: Path) -> None:
    """Every way a manuscript can name something on the web points at a local server that would accept
    and never answer: the build ends on its own time, and the server is never contacted."""
    import socket
    import threading
    import time
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    contacted: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                contacted.append(server.accept()[0])     # accepted, never answered: a fetch would hang
            except socket.timeout:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    web = f"http://127.0.0.1:{port}"
    (tmp_path / "book.md").write_text(f"""---
title: Offline
lang: en
---

# One

![A map]({web}/map.png) and ![a badge][badge].

<img src="{web}/raw.png" alt="A raw image"> <audio src="{web}/a.mp3" controls></audio>

<video poster="{web}/p.png" src="{web}/v.mp4"></video> <iframe src="{web}/frame"></iframe>

<link rel="stylesheet" href="{web}/style.css"> A [link to the web]({web}/page) is only a link.

[badge]: {web}/badge.svg
""", encoding="utf-8")
    started = time.monotonic()
    try:
        result = build(tmp_path / "book.md", tmp_path / "dist")
    finally:
        stop.set()
        thread.join()
        server.close()
    assert time.monotonic() - started < 120
    assert contacted == [], "the build opened a connection"
    assert {e.name for e in result.editions} == set(EDITIONS)
    html = next(e.path for e in result.editions if e.name == "html").read_text(encoding="utf-8")
    assert f'href="{web}/page"' in html and "A map" in html and "A raw image" in html
    assert f'src="{web}' not in html


LIMIT_CASES = {
    "a 10 MB line": ("---\ntitle: Long\n---\n\n# One\n\n" + "word " * 2_000_000 + "\n",
                     "error: book.md:7: line 7 is 10,000,000 characters long; a line may have at most 200,000 "
                     "(break the text into paragraphs)"),
    "a 100,000-character title": ("---\ntitle: " + "T" * 100_000 + "\n---\n\n# One\n\nText.\n",
                                  "error: book.md:1: the title is 100,000 characters long; a title may have at most 2,000"),
    "a bibliography outside the folder": ("---\ntitle: Refs\nbibliography: ../refs.bib\n---\n\n# One\n\nText [@a].\n",
                                          "error: book.md: the bibliography file '../refs.bib' is outside the "
                                          "manuscript's folder; copy it into the folder (a book takes no file from "
                                          "elsewhere on the machine)"),
}


@pytest.mark.parametrize("case", list(LIMIT_CASES))
def test_text_past_a_limit_is_one_line_and_exit_2_within_seconds(tmp_path: Path, case: str) -> None:
    import subprocess
    import sys
    import time
    text, message = LIMIT_CASES[case]
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "refs.bib").write_text("@book{a, title={A}, year={2020}}\n", encoding="utf-8")
    (book / "book.md").write_text(text, encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "publish.cli", "build", "book.md", "--out", "dist"],
                         capture_output=True, text=True, cwd=book, timeout=120)
    assert (run.returncode, run.stderr.strip()) == (2, message)
    assert time.monotonic() - started < 30 and not (book / "dist").exists()


def test_a_readable_colour_reaches_the_html_and_epub_and_passes_the_contrast_check(tmp_path: Path) -> None:
    from publish.checks import check_file
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "book.md").write_text(
        "---\ntitle: Colours\nlang: en\n---\n\n# One\n\nA <span style=\"color:#ffffff; background-color:#a00000\">"
        "warning</span> in white on red, and a [faint]{style=\"color:#bbbbbb\"} word.\n", encoding="utf-8")
    result = build(tmp_path / "book", tmp_path / "dist", only=["html", "epub"])
    assert [(f.line, f.code) for f in result.manuscript_findings] == [(8, "raw-colour-low-contrast")]
    editions = {e.name: e.path for e in result.editions}
    page = editions["html"].read_text(encoding="utf-8")
    assert '<span style="color: #ffffff; background-color: #a00000">warning</span>' in page
    assert "#bbbbbb" not in page and ">faint</span>" in page
    with zipfile.ZipFile(editions["epub"]) as epub:
        text = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert 'style="color: #ffffff; background-color: #a00000"' in text and "#bbbbbb" not in text
    for edition in ("html", "epub"):
        assert [f.code for f in check_file(editions[edition], editions[edition].name)] == []
