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
