"""Byte identity of every edition, kept in this one file: with SOURCE_DATE_EPOCH set, or a date in the
metadata, the same manuscript gives the same bytes, wherever it lies, in whatever process, however
the build is scheduled; another date gives other bytes."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile

from conftest import RICH, SESSION_EPOCH
from publish.build import build


def digests(result) -> dict[str, str]:
    return {e.path.name: hashlib.sha256(e.path.read_bytes()).hexdigest() for e in result.editions}


def test_a_build_elsewhere_in_another_process_gives_the_same_bytes(built_rich, tmp_path):
    """The session's build of the rich fixture, made again from a copy in another folder by
    `publish build` in its own process (another hash seed): every edition is the same, and none
    holds a path of the machine that built it."""
    copy = shutil.copytree(RICH, tmp_path / "elsewhere" / "rich")
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SESSION_EPOCH, "PYTHONHASHSEED": "2"}
    run = subprocess.run([sys.executable, "-m", "publish.cli", "build", str(copy), "--out", str(out), "--force",
                          "--quiet"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    expected = digests(built_rich)
    assert len(expected) == 7     # the five editions, and braille's BRF and PEF
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.name in expected} \
        == expected
    for name in expected:
        path = out / name
        parts = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts = [archive.read(member) for member in archive.namelist()]
        for where in (str(tmp_path), str(RICH.parent)):
            assert not any(where.encode() in part for part in parts), (name, where)


def test_a_date_in_the_metadata_fixes_the_bytes_too(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = tmp_path / "book"
    shutil.copytree(RICH, source)
    text = (source / "text.md").read_text(encoding="utf-8")
    (source / "text.md").write_text(text.replace("lang: en-GB\n", "lang: en-GB\ndate: 2024-05-01\n", 1),
                                    encoding="utf-8")
    first = digests(build(source, tmp_path / "one", force=True))
    second = digests(build(source, tmp_path / "two", force=True))
    assert first == second


def test_every_way_of_scheduling_gives_the_same_bytes(built_rich, tmp_path, monkeypatch):
    """In parallel (the EPUB and HTML drafted while the large print is laid out, then finished),
    in one process (each edition whole, in turn), or one edition at a time (--only: the EPUB's
    page layout made for it alone, or taken from the cache): the same editions, byte for byte;
    both DOCX editions from one pandoc run, or each from its own. At another date than the
    session's build, the dated editions differ from it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    parallel = build(RICH, tmp_path / "parallel", force=True, jobs=2)
    assert any(e.layout for e in parallel.editions)
    expected = digests(parallel)
    assert digests(build(RICH, tmp_path / "inline", force=True, jobs=1)) == expected
    alone: dict[str, str] = {}
    for name in ("epub", "html", "docx", "large-print-docx", "braille", "braille-pef"):
        alone.update(digests(build(RICH, tmp_path / f"only-{name}", only=[name], force=True, jobs=2)))
    assert alone == {n: d for n, d in expected.items() if not n.endswith(".pdf")}
    (tmp_path / "parallel" / next(n for n in expected if n.endswith(".html"))).unlink()
    again = build(RICH, tmp_path / "parallel", only=["html"], jobs=2)    # the layout from the cache
    assert digests(again) == {n: d for n, d in expected.items() if n.endswith(".html")}
    session = digests(built_rich)
    for name in expected:
        if name.endswith((".epub", ".docx", ".pdf")):     # each carries its date; the HTML page has none
            assert expected[name] != session[name], name
