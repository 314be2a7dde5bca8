"""Opens EPUB, HTML, XHTML, DOCX, PDF and braille (BRF, PEF) files, ours or anyone's, into the common model
(readers.model; braille into its own kind of publication, readers.braille).

Which reader is chosen by the file's first bytes, then its name: a zip holding
META-INF/container.xml is an EPUB, one holding word/document.xml a DOCX.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import PublishError
from .model import Publication

HTML_SUFFIXES = {".html", ".htm"}
XHTML_SUFFIXES = {".xhtml", ".xht"}
ZIP_SUFFIXES = {".epub": "epub", ".docx": "docx"}
BRAILLE_SUFFIXES = {".brf": "brf", ".pef": "pef"}


def open_publication(path: Path, name: str) -> Publication:
    publication = _open(path, name)
    publication.source = path
    return publication


def _open(path: Path, name: str) -> Publication:
    kind = detect(path, name)
    if kind == "epub":
        from .epub import read_epub
        return read_epub(path, name)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(path, name)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(path, name)
    if kind == "brf":
        from .braille import read_brf
        return read_brf(path, name)
    if kind == "pef":
        from .braille import read_pef
        return read_pef(path, name)
    if kind == "xhtml":
        from .xhtml import read_xhtml
        return read_xhtml(path, name)
    from .html import read_html
    return read_html(path, name)


def detect(path: Path, name: str) -> str:
    """epub, docx, pdf, xhtml, html, brf or pef; a PublishError for anything else."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except IsADirectoryError:
        raise PublishError("is a folder; give a file, or a manuscript folder with Markdown files", name) from None
    except OSError as error:
        raise PublishError(f"cannot be read ({error.strerror or error})", name) from None
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return _zip_kind(path, name, suffix)
    if suffix in ZIP_SUFFIXES:
        raise PublishError(f"is not a zip archive, so not a {suffix[1:].upper()} file "
                           "(it may be truncated or another format)", name)
    if suffix == ".pdf":
        raise PublishError("does not start like a PDF file (it may be damaged or another format)", name)
    if suffix in BRAILLE_SUFFIXES:
        return BRAILLE_SUFFIXES[suffix]
    if suffix in XHTML_SUFFIXES:
        return "xhtml"
    if suffix in HTML_SUFFIXES:
        return "html"
    raise PublishError("is not a file this checker reads: give an EPUB, HTML, XHTML, DOCX, PDF, BRF or PEF "
                       "file, or a manuscript (.md file or folder)", name)


def _zip_kind(path: Path, name: str, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise PublishError("is not a readable zip archive (it may be truncated or damaged)", name) from None
    if "META-INF/container.xml" in members or "mimetype" in members and suffix == ".epub":
        return "epub"
    if "word/document.xml" in members:
        return "docx"
    if suffix in ZIP_SUFFIXES:
        return ZIP_SUFFIXES[suffix]
    raise PublishError("is a zip archive but neither an EPUB nor a DOCX file", name)
