"""What a build depends on, as one key per edition: skip an edition whose key has not changed."""
from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .book import IMAGE, Book
from .styles import style_path

CACHE_FILE = ".publish-cache.json"
TOOLS = ("pypandoc_binary",   # its version names the pandoc it bundles
          "ebooklib", "lxml", "Pillow", "typst", "fontpkg-atkinson-hyperlegible")
CODE = Path(__file__).resolve().parent


def inputs_digest(book: Book) -> str:
    """One hash over the manuscript, its images, styles/, the build date and the tools' versions."""
    digest = hashlib.sha256()
    # The date counts only when fixed (SOURCE_DATE_EPOCH, or the metadata, which is in the sources).
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    digest.update(f"{__version__}\n{epoch}\n".encode())
    for package in TOOLS:       # a new version of a tool that writes or draws an edition may change it
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    files = [*book.sources, *([book.metadata_file] if book.metadata_file else [])]
    for source in book.sources:
        for match in IMAGE.finditer(source.read_text(encoding="utf-8")):
            image = (book.root / match.group(2)).resolve()
            if image.is_file():
                files.append(image)
    styles = style_path("__init__.py").parent
    files += sorted(p for p in styles.iterdir() if p.is_file() and p.suffix != ".pyc")
    # and this program's own code: a changed edition module must not leave an old edition in place
    files += sorted(CODE.rglob("*.py"))
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def edition_key(digest: str, edition: str, options: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([digest, edition, options], sort_keys=True).encode()).hexdigest()


def load(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save(folder: Path, entries: dict[str, Any]) -> None:
    (folder / CACHE_FILE).write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
