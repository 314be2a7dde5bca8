"""liblouis, the braille translator, called through ctypes: text to braille cells and back.

Why ctypes rather than the `lou_translate` command: a book is translated paragraph by paragraph
(a few thousand calls), each with the emphasis of its words (a typeform array, which the command
cannot take), and the cells are wanted as dot patterns (dotsIO), whatever display table a
translation table names; one process start per paragraph would cost seconds, and a single run
of the command over the whole book would lose where each paragraph begins. The library's C API
(`lou_translateString`, `lou_translate`, `lou_backTranslateString`) has been stable since liblouis 2;
the width of its `widechar` is asked of the library itself (`lou_charSize()`: 2 or 4 bytes, a build option).
`lou_translate` is `lou_translateString` with position arrays: translate_with_positions() asks it for
`outputPos`, the cell where each character's braille begins (a contraction's characters all give its
first cell, a capital's gives its capital indicator's), so that the braille can be divided where a
print page begins (editions/braille.py).
Debian's python3-louis bindings exist only for the system's Python, not for a virtual environment.

Cells travel as Unicode braille (U+2800 + the dot bits, dot 1 = 0x01 ... dot 8 = 0x80), blank = U+2800.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import PublishError, ToolMissing

LIBRARY_NAMES = ("liblouis.so.20", "liblouis.so", "liblouis.dylib", "liblouis-20.dll")
TABLES = Path("/usr/share/liblouis/tables")      # Debian's liblouis-data (the library knows its own path)
INSTALL_HINT = ("liblouis, the braille translator, is not installed: install it (Debian or Ubuntu: "
                "apt-get install liblouis20 liblouis-data) and build again")

# liblouis.h
DOTS_IO, UC_BRL = 4, 64              # translationModes: dot patterns in and out, as Unicode braille
LOU_DOTS = 0x8000                    # a dot pattern in dotsIO mode: LOU_DOTS | the dot bits
ITALIC, UNDERLINE, BOLD = 1, 2, 4    # typeforms emph_1, emph_2, emph_3 (UEB: italic, underline, bold)
LOG_OFF = 60000                      # LOU_LOG_OFF: a table that is not there is our finding, not stderr's
BLANK = "\u2800"

# The table for each language (BCP 47 primary subtag; a region may have its own): (grade 1, grade 2)
# and the grade its readers use when the metadata does not say (braille-grade). Every file is in
# Debian's liblouis-data 3.24; a language without one is looked up by liblouis's own metadata
# (lou_findTable "language:xx"), and failing that the book is made in English UEB (a finding).
LANGUAGE_TABLES: dict[str, tuple[str, str, int]] = {
    "en": ("en-ueb-g1.ctb", "en-ueb-g2.ctb", 2),        # Unified English Braille (BANA, ICEB)
    "fr": ("fr-bfu-comp6.utb", "fr-bfu-g2.ctb", 2),     # braille français unifié: intégral, abrégé
    "es": ("es-g1.ctb", "es-g2.ctb", 1),                # Spanish readers read grade 1 (ONCE, CBE)
    "de": ("de-g0.utb", "de-g2.ctb", 2),                # Basisschrift, Kurzschrift
    "ru": ("ru-litbrl.ctb", "ru-litbrl.ctb", 1),        # Russian literary braille, uncontracted
    "zh": ("zh-chn.ctb", "zh-chn.ctb", 1),              # Chinese (Mandarin) current braille
    "zh-tw": ("zh-tw.ctb", "zh-tw.ctb", 1),             # Taiwanese bopomofo braille
    "zh-hant": ("zh-tw.ctb", "zh-tw.ctb", 1),
    "zh-hk": ("zh-hk.ctb", "zh-hk.ctb", 1),
    "pt": ("pt-pt-g1.utb", "pt-pt-g2.ctb", 1),
    "it": ("it-it-comp6.utb", "it-it-comp6.utb", 1),
    "nl": ("nl-NL-g0.utb", "nl-NL-g0.utb", 1),
}
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Table:
    name: str          # the file, e.g. en-ueb-g2.ctb
    language: str      # the language it is for (the book's, or DEFAULT_LANGUAGE when none was found)
    grade: int
    own: bool          # False: no table for the book's language; made with the default one


def table_for(language: str, grade: int | None = None) -> Table:
    """The translation table for a book in `language` (BCP 47) at `grade` (1 or 2; None: the one
    the language's readers use). Needs liblouis (a PublishError saying how to install it)."""
    lib = _library()
    tag = language.lower().replace("_", "-")
    parts = tag.split("-")
    for key in ("-".join(parts[:2]), parts[0]):
        if key in LANGUAGE_TABLES:
            first, second, usual = LANGUAGE_TABLES[key]
            chosen = grade or usual
            name = second if chosen == 2 else first
            if _exists(lib, name):
                return Table(name, parts[0], chosen, True)
    found = _find(lib, parts[0], grade)
    if found:
        return Table(found, parts[0], grade or 1, True)
    first, second, usual = LANGUAGE_TABLES[DEFAULT_LANGUAGE]
    chosen = grade or usual
    return Table(second if chosen == 2 else first, DEFAULT_LANGUAGE, chosen, parts[0] == DEFAULT_LANGUAGE)


def translate(table: str, text: str, typeform: list[int] | None = None) -> str:
    """text in braille cells (Unicode braille), with each character's emphasis from typeform."""
    if not text:
        return ""
    return _translate(table, text, typeform, False)[0]


def translate_with_positions(table: str, text: str,
                             typeform: list[int] | None = None) -> tuple[str, array[int]]:
    """translate(), and for each character of text the index of the cell where its braille begins
    (liblouis's outputPos). The characters a contraction stands for all give its first cell ("the"
    in "the people" gives the cell of the wordsign for all three letters), a capital letter gives its
    capital indicator's cell; a space gives the blank cell it becomes."""
    if not text:
        return "", array("i")
    return _translate(table, text, typeform, True)


def _translate(table: str, text: str, typeform: list[int] | None, positions: bool) -> tuple[str, array[int]]:
    lib = _library()
    data = [ord(c) for c in text]
    size = 4 * len(data) + 64
    while True:
        inbuf = (lib.widechar * len(data))(*data)
        out = (lib.widechar * size)()
        inlen, outlen = ctypes.c_int(len(data)), ctypes.c_int(size)
        forms = (ctypes.c_ushort * size)(*typeform) if typeform else None
        if positions:
            starts = (ctypes.c_int * len(data))()
            done = lib.lou_translate(table.encode(), inbuf, ctypes.byref(inlen), out, ctypes.byref(outlen),
                                     forms, None, starts, None, None, DOTS_IO | UC_BRL)
        else:
            done = lib.lou_translateString(table.encode(), inbuf, ctypes.byref(inlen), out, ctypes.byref(outlen),
                                           forms, None, DOTS_IO | UC_BRL)
        if not done:
            raise PublishError(f"liblouis could not translate with its table {table}")
        if inlen.value >= len(data) or size > 64 * len(data) + 4096:
            cells = "".join(chr(0x2800 | (out[i] & 0xFF)) for i in range(outlen.value))
            found = array("i")
            if positions:
                found.frombytes(bytes(starts))      # c_int and array's "i" are the same C int
                del found[inlen.value:]
            return cells, found
        size *= 2     # the output filled the buffer before the text ran out


def back_translate(table: str, cells: str) -> str:
    """Braille cells (Unicode braille) back into text, as liblouis reads them with `table`."""
    if not cells:
        return ""
    lib = _library()
    data = [LOU_DOTS | (ord(c) - 0x2800 & 0xFF) if 0x2800 <= ord(c) <= 0x28FF else ord(c) for c in cells]
    size = 4 * len(data) + 64
    while True:
        inbuf = (lib.widechar * len(data))(*data)
        out = (lib.widechar * size)()
        inlen, outlen = ctypes.c_int(len(data)), ctypes.c_int(size)
        if not lib.lou_backTranslateString(table.encode(), inbuf, ctypes.byref(inlen), out, ctypes.byref(outlen),
                                           None, None, DOTS_IO):
            raise PublishError(f"liblouis could not back-translate with its table {table}")
        if inlen.value >= len(data) or size > 64 * len(data) + 4096:
            return "".join(chr(out[i]) for i in range(outlen.value))
        size *= 2


def version() -> str:
    return _library().lou_version().decode("ascii", "replace")


def available() -> bool:
    try:
        _library()
    except PublishError:
        return False
    return True


@cache
def _library() -> ctypes.CDLL:
    """The loaded library with its functions' signatures, or a PublishError saying how to install it."""
    # the usual names first: ctypes.util.find_library runs ldconfig, which a build with nothing to make
    # (it asks the library's version for the cache) should not wait for
    def names():  # type: ignore[no-untyped-def]
        yield from LIBRARY_NAMES
        yield ctypes.util.find_library("louis")     # only when none of those loads

    for name in names():
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.lou_version.restype = ctypes.c_char_p
        lib.lou_charSize.restype = ctypes.c_int
        lib.widechar = ctypes.c_uint32 if lib.lou_charSize() == 4 else ctypes.c_uint16   # type: ignore[attr-defined]
        pointer = ctypes.POINTER(lib.widechar)                                          # type: ignore[attr-defined]
        for function in (lib.lou_translateString, lib.lou_backTranslateString):
            function.restype = ctypes.c_int
            function.argtypes = [ctypes.c_char_p, pointer, ctypes.POINTER(ctypes.c_int), pointer,
                                 ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ushort), ctypes.c_char_p,
                                 ctypes.c_int]
        ints = ctypes.POINTER(ctypes.c_int)
        lib.lou_translate.restype = ctypes.c_int      # ... with outputPos, inputPos and cursorPos before the mode
        lib.lou_translate.argtypes = [ctypes.c_char_p, pointer, ints, pointer, ints, ctypes.POINTER(ctypes.c_ushort),
                                      ctypes.c_char_p, ints, ints, ints, ctypes.c_int]
        lib.lou_getTable.restype = ctypes.c_void_p
        lib.lou_getTable.argtypes = [ctypes.c_char_p]
        lib.lou_findTable.restype = ctypes.c_char_p
        lib.lou_findTable.argtypes = [ctypes.c_char_p]
        lib.lou_setLogLevel.argtypes = [ctypes.c_int]
        lib.lou_setLogLevel(LOG_OFF)
        return lib
    raise ToolMissing(INSTALL_HINT)


@cache
def _exists(lib: ctypes.CDLL, name: str) -> bool:
    return bool(lib.lou_getTable(name.encode()))


def _find(lib: ctypes.CDLL, language: str, grade: int | None) -> str | None:
    """A table for the language by liblouis's own table metadata (#+language), if any."""
    if not language.isalpha():
        return None
    queries = [f"language:{language} grade:{grade}"] if grade else []
    queries += [f"language:{language} contraction:no", f"language:{language}"]
    for query in queries:
        found = lib.lou_findTable(query.encode())
        if found:
            name = Path(found.decode("utf-8", "replace")).name
            if _exists(lib, name):
                return name
    return None
