"""What a build depends on, as one key per edition: skip an edition whose key has not changed."""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .book import Book
from .styles import style_path

CACHE_FILE = ".publish-cache.json"
TOOLS = ("pypandoc_binary",   # its version names the pandoc it bundles
          "ebooklib", "lxml", "Pillow", "typst", "fontpkg-atkinson-hyperlegible",
          "ziamath",           # ships the large print's math font
          "fontpkg-noto-sans", "fontpkg-ibm-plex-sans-arabic", "fontpkg-noto-sans-arabic", "fontpkg-heebo",
          "fontpkg-noto-sans-devanagari", "fontpkg-noto-sans-tamil", "fontpkg-noto-sans-telugu",
          "fontpkg-noto-sans-thai", "fontpkg-noto-sans-khmer", "noto-cjk-sans-otc", "fonttools", "langcodes",
          "nh3",               # decides what raw HTML the editions keep
          "pikepdf")           # rewrites the large print's right-to-left text layer (pdf_text.py)
CODE = Path(__file__).resolve().parent


def _liblouis_version() -> str:
    """The system's liblouis version, or "" when it is not installed (the braille editions are then skipped)."""
    from . import liblouis
    return liblouis.version() if liblouis.available() else ""


def inputs_digest(book: Book) -> str:
    """One hash over the manuscript's text and metadata, styles/, the build date, the tools' versions
    and this program's code: everything but the files the text names (see with_files)."""
    digest = hashlib.sha256()
    # The date counts only when fixed (SOURCE_DATE_EPOCH, or the metadata, which is in the sources).
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    digest.update(f"{__version__}\n{epoch}\n".encode())
    # a new version of a tool that writes or draws an edition may change it
    digest.update("".join(f"{name} {version}\n" for name, version in tool_versions().items()).encode())
    digest.update(f"liblouis {_liblouis_version()}\n".encode())     # the system's braille translator and tables
    files = [*book.sources, *([book.metadata_file] if book.metadata_file else [])]
    styles = style_path("__init__.py").parent
    files += sorted(p for p in styles.iterdir() if p.is_file() and p.suffix != ".pyc")
    # and this program's own code: a changed edition module must not leave an old edition in place
    files += sorted(CODE.rglob("*.py"))
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def with_files(base: str, root: Path, files: Iterable[str]) -> str:
    """The inputs' digest with the files the text names (images, whatever the syntax that names them,
    as pandoc read them: prepare.py lists them), each by its content; a file that is missing counts
    as missing, so that it appearing later makes the editions again."""
    digest = hashlib.sha256(base.encode())
    for name in sorted(set(files)):
        path = root / name
        content = path.read_bytes() if path.is_file() else b"\0missing\0"
        digest.update(name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def tool_versions() -> dict[str, str]:
    """Each tool's installed version, read off the name of its dist-info folder, the first on
    sys.path ("typst-0.15.2.dist-info"; the version normalised, as in the wheel's name): loading
    importlib.metadata and asking it took 20 to 30 ms, a tenth of a build with nothing to do."""
    wanted = {_normal(name): name for name in TOOLS}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name, _, version = entry[: -len(".dist-info")].partition("-")
                found.setdefault(_normal(name), version)
    versions = {name: found.get(key, "") for key, name in wanted.items()}
    for name in (n for n, v in versions.items() if not v):     # installed some other way: ask
        from importlib import metadata
        versions[name] = metadata.version(name)
    return versions


def _normal(name: str) -> str:
    """A distribution's name as its dist-info folder spells it, in lower case (PEP 503, PEP 427)."""
    return name.lower().replace("-", "_").replace(".", "_")


def edition_key(digest: str, edition: str, options: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([digest, edition, options], sort_keys=True).encode()).hexdigest()


MANUSCRIPT = "manuscript"     # the entry for what preparing the AST found (build.MANUSCRIPT_ENTRY)
TOGETHER = "together"         # the editions checked against each other, and the keys they were made with
SEVERITIES = ("error", "warning")


def load(folder: Path, shown: Path | None = None) -> dict[str, Any]:
    """What the last build recorded, as save wrote it; anything else (a file edited by hand, cut short,
    or from another program) is ignored with a one-line note naming it as in shown (the output folder
    that folder stages), and every edition is made again."""
    path = folder / CACHE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return _ignored(shown or folder, "cannot be read")
    try:
        entries = json.loads(text)
    except (ValueError, RecursionError):
        return _ignored(shown or folder, "is not JSON")
    fault = _fault(entries)
    return _ignored(shown or folder, fault) if fault else entries


def _ignored(folder: Path, why: str) -> dict[str, Any]:
    print(f"note: {folder / CACHE_FILE} {why}, so it is ignored and every edition is made again",
          file=sys.stderr)
    return {}


def _fault(entries: Any) -> str | None:
    """What is wrong with the cache's shape, or None when it is as save writes it."""
    if not isinstance(entries, dict):
        return "is not a table of editions"
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            return f"has an entry '{name}' that is not a table"
        if name == MANUSCRIPT:
            wrong = _wrong_keys(entry, {"base": str, "files": list, "findings": list}, required=())
            if wrong or not all(isinstance(f, str) for f in entry.get("files", [])):
                return f"has a '{name}' entry of the wrong shape"
        elif name == TOGETHER:
            wrong = _wrong_keys(entry, {"made_with": dict, "findings": list}, required=())
            if wrong or not all(isinstance(row, dict) and isinstance(row.get("edition"), str)
                                for row in entry.get("findings", [])):
                return f"has a '{name}' entry of the wrong shape"
        else:
            wrong = _wrong_keys(entry, {"key": str, "file": str, "sha256": str, "findings": list, "spans": list},
                                required=("key", "file", "sha256"))
            if wrong or not _plain_name(entry["file"]) or not all(_span(s) for s in entry.get("spans", [])):
                return f"has an entry '{name}' of the wrong shape"
        if not all(_finding_row(row) for row in entry.get("findings", [])):
            return f"has a finding in '{name}' of the wrong shape"
    return None


def _wrong_keys(entry: dict[str, Any], kinds: dict[str, type], required: tuple[str, ...]) -> bool:
    """A required key missing, or a known key of the wrong type (keys this version does not know are
    left alone: a newer version's entry is still of use)."""
    return any(k not in entry for k in required) or any(not isinstance(entry[k], t) for k, t in kinds.items()
                                                        if k in entry)


def _plain_name(name: str) -> bool:
    """An edition's file name, in the output folder itself: no folder, no way out of it."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..") and "\0" not in name


def _span(row: Any) -> bool:
    """[page, first, last] (the page's name, a number or its label, and the blocks it spans)."""
    return (isinstance(row, list) and len(row) == 3 and isinstance(row[0], (str, int))
            and all(isinstance(n, int) and not isinstance(n, bool) for n in row[1:]) and not isinstance(row[0], bool))


def _finding_row(row: Any) -> bool:
    def whole(value: Any) -> bool:
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    return (isinstance(row, dict) and all(isinstance(row.get(k), str) for k in ("file", "code", "message", "help"))
            and row.get("severity") in SEVERITIES and whole(row.get("line")) and whole(row.get("column")))


def save(folder: Path, entries: dict[str, Any]) -> None:
    (folder / CACHE_FILE).write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
