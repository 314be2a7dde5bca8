"""Bad input gets one plain message naming the file and line, a non-zero exit, no traceback,
and the editions already in the output folder stay exactly as they were."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RICH

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
    "image with no alt text": ("![](pic.png)\n", "no alt text", "bad.md:6"),
    "image file that does not exist": ("![A map of the town](missing.png)\n", "does not exist", "bad.md:6"),
    "skipped heading level": ("# One\n\n### Three\n", "straight after level 1", "bad.md:8"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_manuscript_fault_is_one_clear_message(previous, case):
    work, before = previous
    body, says, where = CASES[case]
    (work / "pic.png").write_bytes((RICH / "images" / "divider.png").read_bytes())
    (work / "bad.md").write_text("---\ntitle: Bad\nlang: en\n---\n\n" + body, encoding="utf-8")
    output = expect_refusal(work, before, "bad.md", says=says, where=where)
    assert "nothing was built" in output


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
