"""Untrusted files: each hostile one is refused with one clear sentence naming it, quickly and within
bounded memory, never with a traceback; nothing is extracted to disk."""
from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from fixtures.check.make import FIXTURES, zip_folder
from publish.checks import check_file, check_paths
from publish.errors import PublishError

EPUB = FIXTURES / "epub"
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
          + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                    for i in range(1, 10))
          + ']>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>&lol9;</title></head><body/></html>\n')
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE container [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
       '<rootfile full-path="&xxe;" media-type="application/oebps-package+xml"/></rootfiles></container>\n')


def _refused(path: Path, *words: str) -> PublishError:
    started = time.monotonic()
    with pytest.raises(PublishError) as caught:
        check_file(path, path.name)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message.startswith(path.name) and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    assert caught.value.exit_code == 2
    return caught.value


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "book.epub"
    fake.write_text("This is a letter, not a book.")
    _refused(fake, "not a zip archive")


def test_truncated_epub_is_refused(tmp_path: Path) -> None:
    whole = zip_folder(EPUB, tmp_path / "whole.epub").read_bytes()
    cut = tmp_path / "cut.epub"
    cut.write_bytes(whole[: len(whole) // 2])
    _refused(cut, "zip")


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    whole = zip_folder(FIXTURES / "docx", tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    _refused(cut, "zip")


def _bomb(path: Path, member: str, megabytes: int) -> Path:
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.write(EPUB / "META-INF/container.xml", "META-INF/container.xml")
        with archive.open(member, "w") as stream:
            for _ in range(megabytes):
                stream.write(zeros)
    return path


def test_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:
    _refused(_bomb(tmp_path / "bomb.epub", "EPUB/content.opf", 60), "zip bomb")


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    _refused(_bomb(tmp_path / "dense.epub", "EPUB/content.opf", 20), "compressed more than")


def test_zip_member_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    """A member whose headers declare 1 KB but which inflates to 20 MB is stopped after 1 KB (zipfile reads
    no more than declared, so the CRC fails; our own count would stop it otherwise)."""
    bomb = _bomb(tmp_path / "liar.epub", "EPUB/content.opf", 20)
    data = bytearray(bomb.read_bytes())
    with zipfile.ZipFile(bomb) as archive:
        info = archive.getinfo("EPUB/content.opf")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)            # local header: uncompressed size
    for offset in _central_entries(data):
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46:offset + 46 + name_length] == b"EPUB/content.opf":
            struct.pack_into("<I", data, offset + 24, 1024)                  # central directory: same
    bomb.write_bytes(bytes(data))
    _refused(bomb, "EPUB/content.opf")


def _central_entries(data: bytearray) -> list[int]:
    offsets, start = [], 0
    while (found := data.find(b"PK\x01\x02", start)) >= 0:
        offsets.append(found)
        start = found + 4
    return offsets


def test_member_named_outside_the_archive_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "escape.epub"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", (EPUB / "META-INF/container.xml").read_text())
        archive.writestr("../../evil.xhtml", "<html/>")
    _refused(book, "outside the archive", "../../evil.xhtml")
    assert not (tmp_path.parent / "evil.xhtml").exists()


def test_xxe_is_refused(tmp_path: Path) -> None:
    book = zip_folder(EPUB, tmp_path / "xxe.epub",
                      {"META-INF/container.xml": ((EPUB / "META-INF/container.xml").read_text(), XXE)})
    _refused(book, "entities")


def test_billion_laughs_in_an_epub_is_refused(tmp_path: Path) -> None:
    chapter = (EPUB / "EPUB/text/ch1.xhtml").read_text()
    book = zip_folder(EPUB, tmp_path / "laughs.epub", {"EPUB/text/ch1.xhtml": (chapter, LAUGHS)})
    error = _refused(book, "entities")
    assert error.file == "laughs.epub!/EPUB/text/ch1.xhtml"


def test_billion_laughs_as_xhtml_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "laughs.xhtml"
    page.write_text(LAUGHS)
    _refused(page, "entities")


def test_billion_laughs_as_html_is_read_without_expansion(tmp_path: Path) -> None:
    page = tmp_path / "laughs.html"
    page.write_text(LAUGHS)
    started = time.monotonic()
    findings = check_file(page, page.name)
    assert time.monotonic() - started < 5
    assert all(len(f.message) < 500 for f in findings)


def test_not_a_pdf_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "book.pdf"
    fake.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    _refused(fake, "PDF")


def test_unknown_kind_and_missing_file_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    _refused(other, "EPUB, HTML")
    with pytest.raises(PublishError, match="no such file"):
        check_paths([tmp_path / "absent.epub"])


def test_command_refuses_a_bomb_in_seconds_within_bounded_memory(tmp_path: Path) -> None:
    """Measured in a process of its own: exit 2, one line on stderr, under 5 s and 300 MB."""
    bomb = _bomb(tmp_path / "bomb.epub", "EPUB/content.opf", 60)
    code = ("import resource, sys\nfrom publish.cli import main\n"
            "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit as e:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)\n    raise\n")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: ") and "Traceback" not in run.stderr
    peak_kb = int(run.stdout.strip().splitlines()[-1])
    assert peak_kb < 300 * 1024 and elapsed < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
