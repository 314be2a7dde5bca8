"""The only module that talks to pandoc: read the manuscript once, write each format from that."""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pypandoc

from .book import Book
from .errors import PublishError

# Pandoc's Markdown with its footnotes; smart quotes are already in the text.
READER = "markdown"
MESSAGE_LIMIT = 400


def read_ast(book: Book) -> dict[str, Any]:
    """The manuscript as pandoc's JSON AST: parsed once, shared by every edition."""
    args = ["--metadata-file", str(book.metadata_file)] if book.metadata_file else []
    text = _run(book, lambda: pypandoc.convert_file([str(p) for p in book.sources], "json",
                                                    format=READER, extra_args=args))
    ast = json.loads(text)
    _resolve_images(ast, book.root)
    return ast


def _resolve_images(node: Any, root: Path) -> None:
    """Makes relative image paths absolute, so every writer finds them wherever it runs."""
    if isinstance(node, dict):
        if node.get("t") == "Image":
            target = node["c"][2]
            if "://" not in target[0] and not target[0].startswith("data:"):
                target[0] = str((root / target[0]).resolve())
        for value in node.values():
            _resolve_images(value, root)
    elif isinstance(node, list):
        for item in node:
            _resolve_images(item, root)


def write(book: Book, ast: dict[str, Any], to: str, args: list[str] | None = None,
          output: Path | None = None) -> str:
    """Writes the AST as format `to`, into output when given, else returns the text."""
    extra = [f"--resource-path={book.root}", *(args or [])]
    source = json.dumps(ast)
    with _source_date(book):
        return _run(book, lambda: pypandoc.convert_text(source, to, format="json", extra_args=extra,
                                                        outputfile=str(output) if output else None,
                                                        sandbox=False))


@contextmanager
def _source_date(book: Book) -> Iterator[None]:
    """Pandoc stamps zip entries and dates with SOURCE_DATE_EPOCH when set: give it the book's date,
    so a date in the metadata fixes the bytes as SOURCE_DATE_EPOCH does. pypandoc passes os.environ on."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(book.modified.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _run(book: Book, call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except RuntimeError as err:
        raise PublishError("pandoc could not convert it: " + shorten(str(err)), book.sources[0]) from None


def shorten(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """One line of a tool's message, cut to a readable length."""
    text = " ".join(message.replace("Pandoc died with exitcode", "pandoc stopped with exit code").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
