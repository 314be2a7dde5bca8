"""Opening untrusted files: zip members read into memory under size caps, XML without entities or network.

Nothing is ever extracted to disk. A file that cannot be read safely is refused with one
PublishError naming it, never a traceback.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import PublishError

MEMBER_LIMIT = 50 * 1024 * 1024      # bytes in one member once inflated
TOTAL_LIMIT = 200 * 1024 * 1024      # bytes read from one archive in all
RATIO_LIMIT = 100                    # inflated / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024            # small members may compress well (XML of repeated markup)
MEMBER_COUNT_LIMIT = 10_000
FILE_LIMIT = 200 * 1024 * 1024       # an HTML or PDF file read whole
CHUNK = 1024 * 1024


def parser() -> etree.XMLParser:
    """An XML parser that expands no entity, loads no DTD and reaches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=False)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root of a well-formed XML document; PublishError when it is not, or declares entities."""
    if _declares_entities(data):
        raise PublishError("declares XML entities, which are refused (a defence against entity expansion attacks)",
                           name)
    try:
        return etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        reason = re.sub(r",? line \d+, column \d+$", "", one_line(error.msg))
        raise PublishError(f"is not well-formed XML ({reason})", name, line) from None


def _declares_entities(data: bytes) -> bool:
    """True when a DOCTYPE's internal subset declares entities (the only place they can be declared)."""
    doctype = data.find(b"<!DOCTYPE")
    if doctype < 0:
        return False
    subset_end = data.find(b"]>", doctype)
    return b"<!ENTITY" in data[doctype:subset_end if subset_end > 0 else len(data)]


def read_file(path: Path, name: str, limit: int = FILE_LIMIT) -> bytes:
    """A whole file, refused when larger than limit."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise PublishError(f"is {size // (1024 * 1024)} MB, more than the {limit // (1024 * 1024)} MB "
                               "this checker reads", name)
        return path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot be read ({error.strerror or error})", name) from None


@dataclass
class SafeZip:
    """The members of a zip archive, read one at a time into memory under the caps above."""

    archive: zipfile.ZipFile
    name: str
    read_so_far: int = 0

    @classmethod
    def open(cls, path: Path, name: str) -> "SafeZip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise PublishError("is not a zip archive, so not an EPUB or DOCX file (it may be truncated or "
                               "another format)", name) from None
        except OSError as error:
            raise PublishError(f"cannot be read ({error.strerror or error})", name) from None
        safe = cls(archive, name)
        safe._vet_members()
        return safe

    def _vet_members(self) -> None:
        infos = self.archive.infolist()
        if len(infos) > MEMBER_COUNT_LIMIT:
            raise PublishError(f"holds {len(infos)} files, more than the {MEMBER_COUNT_LIMIT} allowed", self.name)
        declared = 0
        for info in infos:
            if _unsafe_member_name(info.filename):
                raise PublishError(f"holds a file named '{info.filename}' that points outside the archive; "
                                   "refused", self.name)
            if info.file_size > MEMBER_LIMIT:
                raise PublishError(f"holds '{info.filename}', {info.file_size // (1024 * 1024)} MB once unpacked, "
                                   f"more than the {MEMBER_LIMIT // (1024 * 1024)} MB allowed (a zip bomb?)",
                                   self.name)
            if info.file_size > RATIO_FLOOR and info.file_size > RATIO_LIMIT * max(info.compress_size, 1):
                raise PublishError(f"holds '{info.filename}', compressed more than {RATIO_LIMIT} to 1 "
                                   "(a zip bomb?); refused", self.name)
            declared += info.file_size
        if declared > TOTAL_LIMIT:
            raise PublishError(f"unpacks to {declared // (1024 * 1024)} MB, more than the "
                               f"{TOTAL_LIMIT // (1024 * 1024)} MB allowed (a zip bomb?)", self.name)

    def names(self) -> list[str]:
        return self.archive.namelist()

    def has(self, member: str) -> bool:
        try:
            self.archive.getinfo(member)
            return True
        except KeyError:
            return False

    def read(self, member: str) -> bytes:
        """One member's bytes; the declared size may lie, so the inflated bytes are counted as they come."""
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            raise PublishError(f"has no '{member}'", self.name) from None
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    self.read_so_far += len(chunk)
                    if size > MEMBER_LIMIT or self.read_so_far > TOTAL_LIMIT or size > info.file_size:
                        raise PublishError(f"holds '{member}', which unpacks to more than it declares or "
                                           "than is allowed (a zip bomb?); refused", self.name)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
            raise PublishError(f"is damaged: '{member}' cannot be unpacked ({one_line(str(error))})",
                               self.name) from None
        except RuntimeError as error:   # encrypted members
            raise PublishError(f"cannot be read: '{member}' {one_line(str(error))}", self.name) from None
        return b"".join(chunks)

    def xml(self, member: str) -> etree._Element:
        return parse_xml(self.read(member), f"{self.name}!/{member}")

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()


def one_line(text: str) -> str:
    """A library's message as part of one line: whitespace runs (newlines too) become single spaces."""
    return " ".join(text.split())


def _unsafe_member_name(member: str) -> bool:
    name = member.replace("\\", "/")
    return (name.startswith("/") or (len(name) > 1 and name[1] == ":")
            or ".." in name.split("/") or posixpath.normpath(name).startswith(".."))
