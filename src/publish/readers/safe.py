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
from typing import Callable

from lxml import etree

from ..errors import PublishError

# The hard caps are what bound memory: every member is inflated in chunks and counted as it comes,
# whatever its headers declare. The ratio only refuses early what can only be filler: deflate makes at
# most about 1,030 to 1 (runs of one byte, a bomb's zeros), while XML, however repetitive (a table of
# 20,000 identical rows), stays under about 260 to 1, since each repeat of a period longer than a few
# bytes costs a distance code with extra bits. Our own DOCX of a 20,000-row table is 110 to 1.
MEMBER_LIMIT = 50 * 1024 * 1024      # bytes in one member once inflated (declared, and counted while reading)
TOTAL_LIMIT = 200 * 1024 * 1024      # bytes read from one archive in all
RATIO_LIMIT = 1000                   # inflated / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024            # small members may compress as well as they like (under the caps)
MEMBER_COUNT_LIMIT = 10_000
FILE_LIMIT = 200 * 1024 * 1024       # an HTML or PDF file read whole
CHUNK = 1024 * 1024
# A pandoc AST from an untrusted manuscript: Python's json and the editions' walks recurse once or more
# per level, and orjson writes no more than 254 nested arrays and objects. Real books nest a few
# levels (a list in a quote in a note); 64 elements inside one another is far beyond any of them.
NESTING_LIMIT = 64                   # elements (quotes, lists, notes, emphasis, ...) inside one another
BRACKET_LIMIT = 250                  # JSON arrays and objects inside one another (orjson's limit is 254)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\{\}|\[\]")


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


def load_ast_json(text: str | bytes, name: Path | str) -> dict:
    """A pandoc AST read from JSON, refused with one PublishError naming the manuscript when it is
    nested deeper than the build can handle (json.loads would end in a RecursionError, orjson in
    'Recursion limit reached'). Measured without recursion, in a few passes of C string operations."""
    levels, brackets = nesting(text)
    if levels > NESTING_LIMIT or brackets > BRACKET_LIMIT:
        raise nesting_error(levels, name)
    import json
    return json.loads(text)


def nesting_error(levels: int | None, name: Path | str) -> PublishError:
    depth = f"{levels} levels deep" if levels is not None else f"more than {NESTING_LIMIT} levels deep"
    return PublishError(f"the text is nested {depth} (block quotes, lists, notes or tables inside one another); "
                        f"publish handles at most {NESTING_LIMIT}: take some of the nesting out", name)


def nesting(text: str | bytes) -> tuple[int, int]:
    """How deep a JSON document nests: (objects inside one another, less the document itself, which is
    how many AST elements are nested; arrays and objects together)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    objects = brackets.replace("[", "").replace("]", "")
    return max(_depth(objects, lambda s: s.replace("{}", "")) - 1, 0), _depth(brackets, lambda s: _INNERMOST.sub("", s))


def _depth(brackets: str, peel: Callable[[str], str]) -> int:
    """Each pass peels the innermost pairs away: the passes it takes to empty the string are its depth."""
    depth = 0
    while brackets:
        shorter = peel(brackets)
        if len(shorter) == len(brackets):   # unbalanced: not JSON, which json.loads will say
            break
        brackets, depth = shorter, depth + 1
    return depth


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
