"""Damaged files from anywhere: whatever the damage, the checker gives findings or one PublishError,
never another exception (hypothesis cuts and splices the clean EPUB, DOCX and HTML fixtures)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.check.make import FIXTURES, zip_folder
from publish.checks import check_file
from publish.errors import PublishError

PIECES = ["<", ">", "/>", '"', "&", "&amp;", "#", 'id="n1"', 'href="#"', 'href="../x#y"', "</p>", "<h6>",
          "<img>", 'role="doc-noteref"', 'epub:type="footnote"', "<!DOCTYPE x>", "]]>", "\x00", "é", " ",
          'w:val="Heading9"', "<w:footnoteReference/>", 'full-path=""', "<th>", 'alt=""', 'lang=""']
MEMBERS = {
    "epub": ["META-INF/container.xml", "EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/text/ch1.xhtml",
             "EPUB/text/notes.xhtml"],
    "docx": ["word/document.xml", "word/styles.xml", "word/footnotes.xml", "docProps/core.xml"],
}


def _damage(text: str, position: int, cut: int, piece: str) -> str:
    position %= max(len(text), 1)
    return text[:position] + piece + text[position + cut:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["epub", "docx"]), which=st.integers(0, 4), position=st.integers(0, 5000),
       cut=st.integers(0, 40), piece=st.sampled_from(PIECES))
def test_damaged_packages_give_findings_or_one_clear_error(kind: str, which: int, position: int, cut: int,
                                                          piece: str) -> None:
    folder = FIXTURES / kind
    member = MEMBERS[kind][which % len(MEMBERS[kind])]
    text = (folder / member).read_text(encoding="utf-8")
    damaged = _damage(text, position, cut, piece)
    with tempfile.TemporaryDirectory() as scratch:
        path = zip_folder(folder, Path(scratch) / f"damaged.{kind}", {member: (text, damaged)} if damaged != text
                          else None)
        _findings_or_publish_error(path)


@settings(max_examples=30, deadline=None)
@given(position=st.integers(0, 3000), cut=st.integers(0, 40), piece=st.sampled_from(PIECES),
       suffix=st.sampled_from([".html", ".xhtml"]))
def test_damaged_pages_give_findings_or_one_clear_error(position: int, cut: int, piece: str, suffix: str) -> None:
    text = (FIXTURES / "html" / "clean.html").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"page{suffix}"
        path.write_text(_damage(text, position, cut, piece), encoding="utf-8")
        _findings_or_publish_error(path)


def _findings_or_publish_error(path: Path) -> None:
    try:
        findings = check_file(path, path.name)
    except PublishError as error:
        assert str(error).startswith(path.name) and "\n" not in str(error)
    else:
        assert all(f.file.startswith(path.name) and f.message for f in findings)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut_at=st.floats(0.05, 1.0), flips=st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)),
                                                    max_size=30))
def test_damaged_pdfs_give_findings_or_one_clear_error(cut_at: float, flips: list[tuple[float, int]],
                                                       capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest
    pytest.importorskip("pikepdf")
    from fixtures.check.make import make_pdf
    with tempfile.TemporaryDirectory() as scratch:
        path = make_pdf(Path(scratch) / "book.pdf", elements=(("/H1", {}), ("/Figure", {"Alt": "A chart."}),
                                                              ("/Table", {})),
                        links=("a", "b"), destinations=("a",), note_links=(300,))
        data = bytearray(path.read_bytes())
        data = data[: max(1, int(len(data) * cut_at))]
        for where, value in flips:
            data[int(where * len(data))] = value
        path.write_bytes(bytes(data))
        _findings_or_publish_error(path)
        assert capsys.readouterr().err == ""     # pikepdf's and qpdf's repair notes are kept from the user
