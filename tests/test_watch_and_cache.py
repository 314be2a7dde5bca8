"""Rebuilding: unchanged editions are kept, --force rebuilds, and `publish watch` rebuilds on change."""
from __future__ import annotations

import subprocess
import sys
import time

from publish.build import build
from publish.pagination import PageLayout

BOOK = "---\ntitle: Watched\nlang: en\n---\n\n# One\n\nFirst words.[^1]\n\n[^1]: A note.\n"


def test_rebuild_with_nothing_changed_keeps_every_edition(tmp_path):
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    first = build(tmp_path / "book.md", tmp_path / "dist")
    stamps = {e.path.name: e.path.stat().st_mtime_ns for e in first.editions}
    again = build(tmp_path / "book.md", tmp_path / "dist")
    assert all(e.cached for e in again.editions)
    assert {e.path.name: e.path.stat().st_mtime_ns for e in again.editions} == stamps
    assert [e.findings for e in again.editions] == [e.findings for e in first.editions]
    forced = build(tmp_path / "book.md", tmp_path / "dist", force=True)
    assert not any(e.cached for e in forced.editions)


def test_a_change_to_the_text_rebuilds(tmp_path):
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    (tmp_path / "book.md").write_text(BOOK.replace("First words", "Second words"), encoding="utf-8")
    again = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    assert not again.editions[0].cached
    assert "Second words" in (tmp_path / "dist" / "watched.html").read_text(encoding="utf-8")


def test_replacing_an_image_used_by_reference_rebuilds_the_editions(tmp_path):
    """The cache knows the files the text names as pandoc read them, whatever the syntax: here a
    reference-style image, which no inline-image pattern sees."""
    from conftest import RICH
    images = RICH / "images"
    (tmp_path / "map.png").write_bytes((images / "divider.png").read_bytes())
    (tmp_path / "book.md").write_text(BOOK + "\n![A map of the town][map]\n\n[map]: map.png\n", encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    unchanged = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    assert unchanged.editions[0].cached
    (tmp_path / "map.png").write_bytes((images / "members-chart.png").read_bytes())
    again = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    assert not again.editions[0].cached
    import base64
    chart = base64.b64encode((images / "members-chart.png").read_bytes()).decode("ascii")
    assert chart in (tmp_path / "dist" / "watched.html").read_text(encoding="utf-8")


def test_a_cached_edition_edited_by_hand_is_rebuilt(tmp_path):
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    (tmp_path / "dist" / "watched.html").write_text("broken", encoding="utf-8")
    again = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    assert not again.editions[0].cached
    assert "First words" in (tmp_path / "dist" / "watched.html").read_text(encoding="utf-8")


def test_watch_rebuilds_when_the_manuscript_changes(tmp_path):
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    watcher = subprocess.Popen([sys.executable, "-m", "publish.cli", "watch", "book.md", "--only", "html"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "watched.html" in _read_until(watcher, "Watching", 120)
        time.sleep(0.5)
        (tmp_path / "book.md").write_text(BOOK.replace("First words", "Changed words"), encoding="utf-8")
        assert "watched.html" in _read_until(watcher, "Watching", 120)
        assert "Changed words" in (tmp_path / "dist" / "watched.html").read_text(encoding="utf-8")
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def _read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    seen, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
        if marker in line:
            return seen
    raise AssertionError(f"no {marker!r} in: {seen}")


def test_only_the_epub_reuses_the_last_builds_page_layout(tmp_path, monkeypatch):
    from publish.editions import large_print
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist")

    def lay_out_again(*args):
        raise AssertionError("the page layout was made again")

    monkeypatch.setattr(large_print, "page_layout", lay_out_again)
    epub = next((tmp_path / "dist").glob("*.epub"))
    epub.unlink()       # the EPUB must be made again; the large print's inputs have not changed
    again = build(tmp_path / "book.md", tmp_path / "dist", only=["epub"], jobs=1)
    assert [e.name for e in again.editions] == ["epub"] and not again.editions[0].cached
    assert epub.is_file()


def test_force_lays_the_pages_out_again(tmp_path, monkeypatch):
    from publish.editions import large_print
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist")
    made = []
    monkeypatch.setattr(large_print, "page_layout", lambda *args: made.append(1) or PageLayout({1: (1, 1)}))
    build(tmp_path / "book.md", tmp_path / "dist", only=["epub"], force=True, jobs=1)
    assert made == [1]


def test_a_new_version_of_a_tool_makes_every_edition_again(tmp_path, monkeypatch):
    from importlib import metadata

    from packaging.version import Version

    from publish import cache
    versions = cache.tool_versions()
    assert set(versions) == set(cache.TOOLS)
    assert all(Version(version) == Version(metadata.version(name)) for name, version in versions.items())
    (tmp_path / "book.md").write_text(BOOK, encoding="utf-8")
    build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    monkeypatch.setattr(cache, "tool_versions", lambda: {**versions, "typst": "99.0"})
    again = build(tmp_path / "book.md", tmp_path / "dist", only=["html"])
    assert not again.editions[0].cached


def test_a_new_title_replaces_the_editions_made_under_the_old_one(tmp_path):
    from publish.build import build
    source = tmp_path / "book.md"
    source.write_text("---\ntitle: First title\nlang: en\n---\n\n# One\n\nText.\n", encoding="utf-8")
    build(source, tmp_path / "dist", only=["html", "docx"])
    source.write_text("---\ntitle: Second title\nlang: en\n---\n\n# One\n\nText.\n", encoding="utf-8")
    build(source, tmp_path / "dist", only=["html", "docx"])
    assert sorted(p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")) == \
        ["second-title.docx", "second-title.html"]
