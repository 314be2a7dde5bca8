"""The only module that talks to pandoc: read the manuscript once, write each format from that."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .book import YAML_BLOCK, Book, read_text
from .book import citation_files as book_citation_files
from .errors import LimitExceeded, PublishError

# Pandoc's Markdown with its footnotes; smart quotes are already in the text.
READER = "markdown"
MESSAGE_LIMIT = 400
# Each pandoc run may use this much memory (its runtime's heap limit): a 1,500-page book needs under a
# fifth of it; a pathological text ends in one line, not a machine swapping for minutes
MEMORY_LIMIT = "3 GB"
MEMORY = ["+RTS", "-M3g", "-RTS"]


def read_ast(book: Book) -> dict[str, Any]:
    """The manuscript as pandoc's JSON AST: parsed once, shared by every edition."""
    return json.loads(read_ast_json(book)[0])


def read_ast_json(book: Book) -> tuple[str, list[dict[str, Any]]]:
    """The AST as JSON text, compact enough to hand to worker processes, and pandoc's log of what it
    noticed while reading (a note defined but not used, ...), each message with its file and line.
    Image paths stay as written, relative to the manuscript's folder (book.root), where each edition
    looks for them: a Lua filter making them absolute took a third of pandoc's reading time.

    The metadata is the Book's, parsed once, safely (book.py): pandoc gets it as JSON and reads the
    text with its YAML blocks blanked out, line for line, so that its log's lines stay the files'."""
    import pypandoc     # here, not above: a build with nothing to make never loads it
    with tempfile.TemporaryDirectory(prefix="publish-read-") as scratch:
        folder = Path(scratch)
        log, metadata = folder / "log.json", folder / "metadata.json"
        metadata.write_text(json.dumps(book.metadata, default=str, ensure_ascii=False), encoding="utf-8")
        args = [f"--resource-path={book.root}", f"--log={log}", "--quiet",   # the log has every message
                f"--metadata-file={metadata}"]
        if citations(book):
            args.append("--citeproc")    # citations rendered once, for every edition alike
        read = _without_yaml(book, folder)
        text = _run(book, lambda: pypandoc.convert_file([str(p) for p in read], "json",
                                                        format=READER, extra_args=[*args, *MEMORY]))
        originals = {str(copy): str(source) for copy, source in zip(read, book.sources)}
        messages = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    for message in messages:
        if message.get("source") in originals:
            message["source"] = originals[message["source"]]
    return text, messages


FILE_MARK = "publish-file-"     # an empty div where each source after the first begins (prepare.py)


def _without_yaml(book: Book, folder: Path) -> list[Path]:
    """The sources as pandoc is to read them: a file that opens with a YAML block is copied with the
    block blanked (as many empty lines), the others are read where they are. In a book of several files,
    each but the last ends with an empty div marking where the next begins (after its last line, so that
    every line keeps its number): links from one file to another are made links to that place."""
    read = []
    for number, source in enumerate(book.sources):
        text = read_text(source)
        block = YAML_BLOCK.match(text)
        follows = number + 1 < len(book.sources)
        if not block and not follows:
            read.append(source)
            continue
        if block:
            text = "\n" * block.group(0).count("\n") + text[block.end():]
        if follows:
            text += f"\n\n::: {{#{FILE_MARK}{number + 1}}}\n:::\n"
        copy = folder / f"{number:04d}-{source.name}"
        copy.write_text(text, encoding="utf-8")
        read.append(copy)
    return read


def read_html_json(book: Book, page: str) -> str:
    """An HTML fragment (the manuscript's raw HTML, already made safe) as pandoc's JSON AST."""
    import pypandoc
    return _run(book, lambda: pypandoc.convert_text(page, "json", format="html",
                                                    extra_args=[f"--resource-path={book.root}", "--quiet",
                                                                *MEMORY]))


def unconvertible_math(book: Book, formulas: list[str], api_version: list[int]) -> dict[str, str]:
    """Of these TeX formulas, those pandoc cannot convert (to MathML, as the EPUB and HTML need), each
    with the first line of why. One pandoc run over a document of the formulas alone."""
    if not formulas:
        return {}
    import pypandoc
    doc = {"pandoc-api-version": api_version, "meta": {},
           "blocks": [{"t": "Para", "c": [{"t": "Math", "c": [{"t": "InlineMath"}, tex]}]} for tex in formulas]}
    with tempfile.TemporaryDirectory(prefix="publish-math-") as scratch:
        log = Path(scratch) / "log.json"
        _run(book, lambda: pypandoc.convert_text(json.dumps(doc), "html", format="json",
                                                 extra_args=["--mathml", f"--log={log}", "--quiet", *MEMORY]))
        messages = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    return {m["contents"]: (m.get("message") or "").split("\n")[-2 if "\n" in m.get("message", "") else 0].strip()
            for m in messages if m.get("type") == "CouldNotConvertTeXMath" and "contents" in m}


def citations(book: Book) -> bool:
    """Whether the book has references to cite: a bibliography file or references in its metadata."""
    return bool(book.metadata.get("bibliography") or book.metadata.get("references"))


def citation_files(book: Book) -> list[str]:
    """The bibliography and CSL style files the metadata names, as written (relative to book.root)."""
    return [name for _key, name in book_citation_files(book.metadata)]


def write(book: Book, ast: dict[str, Any], to: str, args: list[str] | None = None,
          output: Path | None = None, release: bool = False) -> str:
    """Writes the AST as format `to`, into output when given, else returns the text.

    With release, the AST is emptied once pandoc has its copy, so that a worker does not hold
    the whole book (about 260 MB in Python for a 1,500-page book) while pandoc, and Typst
    after it, need their own memory.
    """
    extra = [f"--resource-path={book.root}", *(args or []), *MEMORY]
    import orjson
    import pypandoc
    source = orjson.dumps(ast).decode("utf-8")     # five to eight times faster than json.dumps here
    if release:
        ast["blocks"].clear()
        ast["meta"].clear()
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
        if "Heap exhausted" in str(err):
            raise LimitExceeded(f"pandoc needed more than the {MEMORY_LIMIT} of memory a build gives it; a book "
                               "needs far less: look for a huge paragraph, table or title", book.sources[0]) from None
        raise PublishError("pandoc could not convert it: " + shorten(str(err)), book.sources[0]) from None


def shorten(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """One line of a tool's message, cut to a readable length."""
    text = " ".join(message.replace("Pandoc died with exitcode", "pandoc stopped with exit code").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
