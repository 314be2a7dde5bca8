"""`publish check` and `publish rules` as a user meets them: output shapes, exit codes, one-line errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from fixtures.check.make import FIXTURES, MARKER, line_of, zip_folder
from publish.checks import all_rules
from publish.cli import main

HTML = FIXTURES / "html"
TEXT_LINE = re.compile(r"^(?P<file>[^:]+(?:!/[^:]+)?)(?::(?P<line>\d+))?: (?P<severity>error|warning) "
                       r"(?P<code>[a-z]+-[a-z-]+) (?P<message>.+\.)$")


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_clean_file_exits_0_and_says_so() -> None:
    result = _run("check", str(HTML / "clean.html"))
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 checked: 0 errors, 0 warnings" in result.stderr


def test_text_output_is_file_line_severity_code_message() -> None:
    fixture = HTML / "heading-skipped.html"
    result = _run("check", str(fixture))
    assert result.exit_code == 1
    match = TEXT_LINE.match(result.stdout.strip())
    assert match, result.stdout
    assert (match["file"], int(match["line"]), match["severity"], match["code"]) == (
        str(fixture), line_of(fixture.read_text(), MARKER), "error", "heading-skipped")


def test_a_member_of_an_epub_is_named_with_an_exclamation_mark(tmp_path: Path) -> None:
    chapter = "EPUB/text/ch1.xhtml"
    book = zip_folder(FIXTURES / "epub", tmp_path / "book.epub",
                      {chapter: ('<h2 id="detail">A detail</h2>', '<h4 id="detail">A detail</h4>')})
    result = _run("check", str(book))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{book}!/{chapter}:8: error heading-skipped ")


def test_warnings_alone_exit_0() -> None:
    result = _run("check", str(HTML / "alt-too-long.html"))
    assert result.exit_code == 0 and " warning alt-too-long " in result.stdout


def test_json_output_shape() -> None:
    files = [HTML / "clean.html", HTML / "alt-missing.html", HTML / "alt-too-long.html"]
    result = _run("check", "--format", "json", *map(str, files))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"findings", "summary"}
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("alt-missing", "error"),
                                                                      ("alt-too-long", "warning")]
    for finding in report["findings"]:
        assert set(finding) == {"code", "severity", "message", "file", "line", "column", "help"}
        assert isinstance(finding["line"], int) and finding["help"]
    assert report["summary"]["errors"] == 1 and report["summary"]["warnings"] == 1
    assert set(report["summary"]["files"]) == {str(f) for f in files}


def test_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "book.epub"
    fake.write_text("not a book")
    result = _run("check", str(fake))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {fake}: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = _run("check", str(tmp_path / "absent.docx"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_manuscript_is_checked_with_its_lines(tmp_path: Path) -> None:
    source = tmp_path / "book.md"
    source.write_text("---\ntitle: T\nlang: en\n---\n\n# One\n\n#### Too deep\n\nText.\n", encoding="utf-8")
    result = _run("check", str(source))
    assert result.exit_code == 1
    assert ":8:1: error heading-skipped " in result.stdout


def test_rules_lists_every_rule_with_its_help() -> None:
    result = _run("rules")
    assert result.exit_code == 0
    for rule in all_rules():
        assert re.search(rf"^{re.escape(rule.code)}\s+{rule.severity.value}\s+{re.escape(rule.message)}$",
                         result.stdout, re.M), rule.code
        assert rule.help in result.stdout
    listed = json.loads(_run("rules", "--format", "json").stdout)
    assert [r["code"] for r in listed] == [r.code for r in all_rules()]
    assert len(listed) >= 25


def test_a_folder_of_editions_is_checked_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes((HTML / "alt-missing.html").read_bytes())
    zip_folder(FIXTURES / "docx", tmp_path / "doc.docx", {"docProps/core.xml": (
        "<dc:title>A small clean document</dc:title>", "")})
    (tmp_path / "notes.txt").write_text("not checked")
    result = _run("check", "--format", "json", str(tmp_path))
    report = json.loads(result.stdout)
    assert [(f["file"], f["code"]) for f in report["findings"]] == [
        (f"{tmp_path}/doc.docx!/docProps/core.xml", "title-missing"), (f"{tmp_path}/page.html", "alt-missing")]
    assert result.exit_code == 1


def test_an_empty_folder_exits_2(tmp_path: Path) -> None:
    result = _run("check", str(tmp_path))
    assert result.exit_code == 2 and "holds neither a manuscript" in result.stderr
