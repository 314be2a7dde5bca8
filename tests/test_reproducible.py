"""With SOURCE_DATE_EPOCH set, or a date in the metadata, two builds give byte-identical editions."""
from __future__ import annotations

import hashlib
import shutil


from conftest import RICH
from publish.build import build


def digests(result) -> dict[str, str]:
    return {e.path.name: hashlib.sha256(e.path.read_bytes()).hexdigest() for e in result.editions}


def test_two_builds_with_source_date_epoch_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = digests(build(RICH, tmp_path / "one", force=True))
    second = digests(build(RICH, tmp_path / "two", force=True))
    assert len(first) == 5
    assert first == second


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


def test_every_way_of_scheduling_gives_the_same_bytes(tmp_path, monkeypatch):
    """In parallel (the EPUB and HTML drafted while the large print is laid out, then finished),
    in one process (each edition whole, in turn), or one edition at a time (--only: the EPUB's
    page layout made for it alone, or taken from the cache): the same editions, byte for byte;
    both DOCX editions from one pandoc run, or each from its own."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    parallel = build(RICH, tmp_path / "parallel", force=True, jobs=2)
    assert any(e.spans for e in parallel.editions)
    expected = digests(parallel)
    assert digests(build(RICH, tmp_path / "inline", force=True, jobs=1)) == expected
    alone: dict[str, str] = {}
    for name in ("epub", "html", "docx", "large-print-docx"):
        alone.update(digests(build(RICH, tmp_path / f"only-{name}", only=[name], force=True, jobs=2)))
    assert alone == {n: d for n, d in expected.items() if not n.endswith(".pdf")}
    (tmp_path / "parallel" / next(n for n in expected if n.endswith(".html"))).unlink()
    again = build(RICH, tmp_path / "parallel", only=["html"], jobs=2)    # the layout from the cache
    assert digests(again) == {n: d for n, d in expected.items() if n.endswith(".html")}
